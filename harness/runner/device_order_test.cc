// The Lab's device build order, and what it asks of the kernel in that order, recorded
// through the RecordingSender: no root.
#include "harness/runner/device_order.h"

#include <gtest/gtest.h>

#include <cerrno>

#include "harness/links/link_kind.h"
#include "harness/links/link_msg_test_util.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

Device Dev(const std::string& kind, const std::string& node, const std::string& name,
           std::map<std::string, std::string> params) {
  Device d;
  d.kind = kind;
  d.end.node = node;
  d.end.ifname = name;
  d.params = std::move(params);
  return d;
}

// gw: veth uplink0; br0 over vx0 over uplink0, declared top-down; mv0 on eth1, a veth.
Topology Stacked() {
  Topology t;
  Link l;
  l.ends[0].node = "gw";
  l.ends[0].ifname = "uplink0";
  l.ends[1].node = "peer";
  l.ends[1].ifname = "uplink0";
  t.links.push_back(l);
  l.ends[0].ifname = "eth1";
  l.ends[1].ifname = "eth1";
  t.links.push_back(l);
  t.devices.push_back(Dev("bridge", "gw", "br0", {{"ports", "vx0 mv0"}}));
  t.devices.push_back(Dev("vxlan", "gw", "vx0", {{"vni", "7"}, {"dev", "uplink0"}}));
  t.devices.push_back(Dev("macvlan", "gw", "mv0", {{"parent", "eth1"}}));
  return t;
}

std::vector<std::string> Names(const std::vector<const Device*>& order) {
  std::vector<std::string> out;
  for (const Device* d : order) out.push_back(d->end.ifname);
  return out;
}

TEST(DeviceBuildOrderTest, LowerInterfacesComeFirstElseDeclarationOrder) {
  Topology t = Stacked();
  EXPECT_EQ(Names(DeviceBuildOrder(t)), (std::vector<std::string>{"vx0", "mv0", "br0"}));
}

TEST(DeviceBuildOrderTest, TheKernelSeesEachDeviceAfterWhatItRefersTo) {
  Topology t = Stacked();
  RecordingSender nl("node 'gw'");
  std::map<std::string, int> index = {{"uplink0", 2}, {"eth1", 3}};
  for (const Device* d : DeviceBuildOrder(t)) {
    DeviceSpec spec{d->kind, d->end.node, d->end.ifname, d->end.mtu, d->params, d->fdb};
    int own = static_cast<int>(10 + index.size());
    FindKind(d->kind)->create(nl, spec, [&](const std::string& n) {
      if (n == d->end.ifname) return own;  // the kernel's answer once it exists
      if (!index.count(n)) ADD_FAILURE() << n << " used before it was created";
      return index.count(n) ? index.at(n) : -1;
    });
    index[d->end.ifname] = own;
  }
  std::vector<std::string> whats;
  for (const RecordingSender::Sent& s : nl.sent()) whats.push_back(s.what);
  EXPECT_EQ(whats, (std::vector<std::string>{
                       "creating vxlan 'vx0' in node 'gw'",
                       "creating macvlan 'mv0' in node 'gw'",
                       "creating bridge 'br0' in node 'gw'",
                       "enslaving 'vx0' to bridge 'br0' in node 'gw'",
                       "enslaving 'mv0' to bridge 'br0' in node 'gw'",
                   }));
  EXPECT_EQ(testing_links::Decode(nl.sent()[0]).U32(IFLA_VXLAN_LINK), 2u);
  EXPECT_EQ(testing_links::Decode(nl.sent()[1]).link, 3u);
}

TEST(DeviceBuildOrderTest, AMissingLowerInterfaceIsAnOrderingError) {
  Topology t = Stacked();
  t.devices.push_back(Dev("macvlan", "gw", "mv1", {{"parent", "nope"}}));
  try {
    DeviceBuildOrder(t);
    FAIL() << "no throw";
  } catch (const SysError& e) {
    EXPECT_EQ(e.error_code(), ELOOP);
    EXPECT_EQ(std::string(e.what()),
              "ordering macvlan 'mv1' in node 'gw': it depends on a missing interface: Too many "
              "levels of symbolic links");
  }
}

}  // namespace
}  // namespace mtulab
