// <add-link> and <change-link> (RunAddLink, RunChangeLink) with kinds this host has: macvlan
// and vxlan on the chain h1 -- r -- h2. A macvlan cannot be created above its parent's MTU
// (EINVAL), a vxlan asked for more than its lower device allows is created with the MTU the
// kernel adjusts it to: the two outcomes pmtu.sh's link_add_mtu tests accept. A change goes
// through the kind's changelink: macvlan's takes an MTU up to its parent's, vxlan's refuses
// any request naming the UDP port, which mtulab always sends.
#include <cerrno>
#include <string>

#include <gtest/gtest.h>

#include "harness/probes/probe.h"
#include "harness/sys/sys_error.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

Device MakeDevice(const std::string& kind, const std::string& ifname, std::optional<uint32_t> mtu,
                  std::map<std::string, std::string> params) {
  Device d;
  d.kind = kind;
  d.end = MakeEnd("h1", ifname, mtu, {});
  d.params = std::move(params);
  return d;
}

Device Vxlan(const std::string& ifname, const std::string& vni, std::optional<uint32_t> mtu) {
  return MakeDevice("vxlan", ifname, mtu,
                    {{"vni", vni},
                     {"local", "10.0.1.1"},
                     {"remote", "10.0.1.254"},
                     {"dev", "eth0"},
                     {"dstport", "4789"}});
}

Device Macvlan(const std::string& ifname, std::optional<uint32_t> mtu) {
  return MakeDevice("macvlan", ifname, mtu, {{"parent", "eth0"}});
}

// The chain (h1's eth0 at 1500) plus mv0 and vx0 on h1's eth0.
Topology ChainWithTwoKinds() {
  Topology t = ChainTopology();
  t.devices.push_back(Macvlan("mv0", std::nullopt));
  t.devices.push_back(Vxlan("vx0", "7", std::nullopt));
  return t;
}

AddLinkStep Add(Device d, bool as_fact) { return AddLinkStep{std::move(d), as_fact}; }

ChangeLinkStep Change(const std::string& name, std::optional<uint32_t> mtu,
                      std::map<std::string, std::string> params) {
  ChangeLinkStep s{"h1", name, mtu, std::move(params)};
  s.refusal_is_fact = true;
  return s;
}

class LinkChangeProbeTest : public ::testing::Test, public ChainLabHolder {
 protected:
  void SetUp() override {
    MTULAB_REQUIRE_ROOT();
    BuildLab(ChainWithTwoKinds());
  }
};

TEST_F(LinkChangeProbeTest, AMacvlanAboveItsParentIsNotCreated) {
  Facts f = RunAddLink(ctx(), Add(Macvlan("mv1", 1501), true));
  EXPECT_EQ(FactOr(f, "add_link.result"), "refused") << Dump(f);
  EXPECT_EQ(FactOr(f, "add_link.errno"), "EINVAL") << Dump(f);
  EXPECT_EQ(FactOr(f, "add_link.error").rfind("creating macvlan 'mv1' in node 'h1': ", 0), 0u);
  EXPECT_FALSE(f.Has("add_link.mtu")) << Dump(f);
  EXPECT_THROW(lab().IfIndex("h1", "mv1"), SysError);
  Facts ok = RunAddLink(ctx(), Add(Macvlan("mv2", 1500), true));
  EXPECT_EQ(FactOr(ok, "add_link.result"), "ok") << Dump(ok);
  EXPECT_EQ(FactOr(ok, "add_link.mtu"), "1500") << Dump(ok);
  EXPECT_GT(lab().IfIndex("h1", "mv2"), 0);  // later steps can name it
}

TEST_F(LinkChangeProbeTest, AVxlanAboveItsLowerDeviceIsCreatedAtTheMtuTheKernelAllows) {
  Facts f = RunAddLink(ctx(), Add(Vxlan("vx1", "8", 9000), true));
  EXPECT_EQ(FactOr(f, "add_link.result"), "ok") << Dump(f);
  EXPECT_EQ(FactOr(f, "add_link.mtu"), "1450") << Dump(f);  // 1500 - 50, not 9000
  Facts asked = RunAddLink(ctx(), Add(Vxlan("vx2", "9", 1300), false));
  EXPECT_FALSE(asked.Has("add_link.result")) << Dump(asked);  // no opt-in: no such fact
  EXPECT_EQ(FactOr(asked, "add_link.mtu"), "1300") << Dump(asked);
}

TEST_F(LinkChangeProbeTest, WithoutTheExpectationARefusalStaysAnError) {
  try {
    RunAddLink(ctx(), Add(Macvlan("mv1", 1501), false));
    FAIL() << "no error";
  } catch (const SysError& e) {
    EXPECT_EQ(e.error_code(), EINVAL);
  }
  Facts again = RunAddLink(ctx(), Add(Macvlan("mv0", 1400), true));  // the topology's name
  EXPECT_EQ(FactOr(again, "add_link.errno"), "EEXIST") << Dump(again);
}

TEST_F(LinkChangeProbeTest, AChangeGoesThroughTheKindsChangelink) {
  Facts f = RunChangeLink(ctx(), Change("mv0", 1400, {}));
  EXPECT_EQ(FactOr(f, "change_link.result"), "ok") << Dump(f);
  EXPECT_EQ(FactOr(f, "change_link.mtu"), "1400") << Dump(f);
  Facts above = RunChangeLink(ctx(), Change("mv0", 1501, {}));
  EXPECT_EQ(FactOr(above, "change_link.result"), "refused") << Dump(above);
  EXPECT_EQ(FactOr(above, "change_link.errno"), "EINVAL") << Dump(above);
  EXPECT_EQ(FactOr(above, "change_link.mtu"), "1400") << Dump(above);  // what it kept
}

TEST_F(LinkChangeProbeTest, AVxlanRefusesAChangeNamingItsPort) {
  Facts f = RunChangeLink(ctx(), Change("vx0", 1400, {{"ttl", "5"}}));
  EXPECT_EQ(FactOr(f, "change_link.result"), "refused") << Dump(f);
  EXPECT_EQ(FactOr(f, "change_link.errno"), "EOPNOTSUPP") << Dump(f);
  EXPECT_EQ(FactOr(f, "change_link.error").rfind("changing vxlan 'vx0' in node 'h1': ", 0), 0u)
      << Dump(f);
  EXPECT_EQ(FactOr(f, "change_link.mtu"), "1450") << Dump(f);
  ChangeLinkStep plain = Change("vx0", std::nullopt, {});
  plain.refusal_is_fact = false;
  EXPECT_THROW(RunChangeLink(ctx(), plain), SysError);
}

}  // namespace
}  // namespace mtulab::integration
