// The Open vSwitch requests of the ovs kind, recorded instead of sent (RecordingSender) and
// decoded as the kernel reads them: no root, no openvswitch module.
#include "harness/links/ovs_msg.h"

#include <arpa/inet.h>
#include <endian.h>
#include <gtest/gtest.h>
#include <linux/genetlink.h>
#include <linux/if_ether.h>
#include <linux/openvswitch.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "harness/links/recording_sender.h"
#include "harness/model/link_kinds.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

using Bytes = std::vector<unsigned char>;

// One attribute level: type -> payload (NLA_F_NESTED and byte-order flags stripped).
std::map<int, Bytes> Attrs(const unsigned char* data, int len) {
  std::map<int, Bytes> out;
  for (const auto* a = reinterpret_cast<const nlattr*>(data); nla_ok(a, len);
       a = nla_next(a, &len)) {
    const auto* p = static_cast<const unsigned char*>(nla_data(a));
    out[nla_type(a)] = Bytes(p, p + nla_len(a));
  }
  return out;
}
std::map<int, Bytes> Attrs(const Bytes& b) { return Attrs(b.data(), static_cast<int>(b.size())); }

// A generic netlink OVS request as the kernel reads it.
struct Decoded {
  uint16_t type = 0, flags = 0;
  uint8_t cmd = 0;
  int dp_ifindex = 0;
  std::map<int, Bytes> attrs;
};

Decoded Decode(const RecordingSender::Sent& s) {
  Decoded d;
  const nlmsghdr* h = s.header();
  d.type = h->nlmsg_type;
  d.flags = h->nlmsg_flags;
  const auto* g =
      reinterpret_cast<const genlmsghdr*>(reinterpret_cast<const char*>(h) + NLMSG_HDRLEN);
  d.cmd = g->cmd;
  const auto* user = reinterpret_cast<const unsigned char*>(g) + GENL_HDRLEN;
  d.dp_ifindex = reinterpret_cast<const ovs_header*>(user)->dp_ifindex;
  const unsigned char* attrs = user + NLMSG_ALIGN(sizeof(ovs_header));
  int len = static_cast<int>(reinterpret_cast<const unsigned char*>(h) + h->nlmsg_len - attrs);
  d.attrs = Attrs(attrs, len);
  return d;
}

template <typename T>
T As(const Bytes& b) {
  T v{};
  EXPECT_EQ(b.size(), sizeof v);
  std::memcpy(&v, b.data(), std::min(sizeof v, b.size()));
  return v;
}
// A string attribute without its terminating NUL.
std::string Text(const Bytes& b) {
  const char* p = reinterpret_cast<const char*>(b.data());
  return std::string(p, strnlen(p, b.size()));
}
std::string Ip(const Bytes& b) {
  char text[64] = {};
  ::inet_ntop(b.size() == 16 ? AF_INET6 : AF_INET, b.data(), text, sizeof text);
  return text;
}

const ovs::Families kFamilies{31, 32, 33};
const std::map<std::string, int> kIndex = {
    {"ovs_br0", 40}, {"veth_A-C", 41}, {"vxlan_sys_4789", 42}, {"genev_sys_6081", 43}};

DeviceSpec OvsSpec(std::map<std::string, std::string> params) {
  return DeviceSpec{"ovs", "A", "ovs_br0", 5000, std::move(params), {}, {}};
}

struct Recorded {
  RecordingSender genl{"node 'A'"};
  RecordingSender rtnl{"node 'A'"};
};

void Populate(Recorded& r, const DeviceSpec& spec) {
  ovs::Populate(r.genl, r.rtnl, kFamilies, spec, [](const std::string& n) { return kIndex.at(n); });
}

const std::map<std::string, std::string> kVxlan4 = {{"port", "veth_A-C"},  {"tunnel", "vxlan"},
                                                    {"local", "10.0.1.1"}, {"remote", "10.0.3.1"},
                                                    {"vni", "1"},          {"tunnel_mtu", "5000"}};

TEST(OvsMessagesTest, DatapathIsCreatedAndDeletedByName) {
  auto sent = [](const NlMsgPtr& m) {
    const nlmsghdr* h = nlmsg_hdr(m.get());
    const char* p = reinterpret_cast<const char*>(h);
    return RecordingSender::Sent{"", std::vector<char>(p, p + h->nlmsg_len)};
  };
  Decoded d = Decode(sent(ovs::BuildDatapathNew(31, "ovs_br0", "x")));
  EXPECT_EQ(d.type, 31);
  EXPECT_EQ(d.cmd, OVS_DP_CMD_NEW);
  EXPECT_EQ(d.dp_ifindex, 0);
  EXPECT_EQ(Text(d.attrs.at(OVS_DP_ATTR_NAME)), "ovs_br0");
  EXPECT_EQ(As<uint32_t>(d.attrs.at(OVS_DP_ATTR_UPCALL_PID)), 0u);  // required by the kernel
  EXPECT_EQ(As<uint32_t>(d.attrs.at(OVS_DP_ATTR_USER_FEATURES)), 0u);
  Decoded del = Decode(sent(ovs::BuildDatapathDel(31, "ovs_br0", "x")));
  EXPECT_EQ(del.cmd, OVS_DP_CMD_DEL);
  EXPECT_EQ(Text(del.attrs.at(OVS_DP_ATTR_NAME)), "ovs_br0");
}

TEST(OvsMessagesTest, PortAndTunnelVportsThenMtus) {
  Recorded r;
  Populate(r, OvsSpec(kVxlan4));
  ASSERT_EQ(r.genl.sent().size(), 8u);  // 2 vports + 6 flows
  Decoded port = Decode(r.genl.sent()[0]);
  EXPECT_EQ(port.type, 32);
  EXPECT_EQ(port.cmd, OVS_VPORT_CMD_NEW);
  EXPECT_EQ(port.dp_ifindex, 40);
  EXPECT_EQ(Text(port.attrs.at(OVS_VPORT_ATTR_NAME)), "veth_A-C");
  EXPECT_EQ(As<uint32_t>(port.attrs.at(OVS_VPORT_ATTR_TYPE)), OVS_VPORT_TYPE_NETDEV);
  EXPECT_EQ(As<uint32_t>(port.attrs.at(OVS_VPORT_ATTR_PORT_NO)), 1u);
  EXPECT_EQ(As<uint32_t>(port.attrs.at(OVS_VPORT_ATTR_UPCALL_PID)), 0u);
  EXPECT_FALSE(port.attrs.count(OVS_VPORT_ATTR_OPTIONS));
  Decoded tun = Decode(r.genl.sent()[1]);
  EXPECT_EQ(Text(tun.attrs.at(OVS_VPORT_ATTR_NAME)), "vxlan_sys_4789");
  EXPECT_EQ(As<uint32_t>(tun.attrs.at(OVS_VPORT_ATTR_TYPE)), OVS_VPORT_TYPE_VXLAN);
  EXPECT_EQ(As<uint32_t>(tun.attrs.at(OVS_VPORT_ATTR_PORT_NO)), 2u);
  auto options = Attrs(tun.attrs.at(OVS_VPORT_ATTR_OPTIONS));
  EXPECT_EQ(As<uint16_t>(options.at(OVS_TUNNEL_ATTR_DST_PORT)), 4789);  // host order
  EXPECT_EQ(r.genl.sent()[1].what,
            "adding vport 2 'vxlan_sys_4789' of ovs datapath 'ovs_br0' in node 'A'");
  ASSERT_EQ(r.rtnl.sent().size(), 2u);
  EXPECT_EQ(r.rtnl.sent()[0].ifindex, 40);
  EXPECT_EQ(r.rtnl.sent()[0].mtu, 5000u);
  EXPECT_EQ(r.rtnl.sent()[1].ifindex, 42);  // the tunnel device, once its vport made it
  EXPECT_EQ(r.rtnl.sent()[1].mtu, 5000u);
}

// Key and mask of a flow, decoded.
struct FlowParts {
  std::map<int, Bytes> key, mask, actions;
};
FlowParts Parts(const RecordingSender::Sent& s) {
  Decoded d = Decode(s);
  EXPECT_EQ(d.type, 33);
  EXPECT_EQ(d.cmd, OVS_FLOW_CMD_NEW);
  EXPECT_EQ(d.dp_ifindex, 40);
  EXPECT_TRUE(d.flags & NLM_F_CREATE);
  EXPECT_FALSE(d.flags & NLM_F_EXCL);  // generic netlink reads it as a dump request
  return {Attrs(d.attrs.at(OVS_FLOW_ATTR_KEY)), Attrs(d.attrs.at(OVS_FLOW_ATTR_MASK)),
          Attrs(d.attrs.at(OVS_FLOW_ATTR_ACTIONS))};
}

TEST(OvsMessagesTest, FramesOfThePortGoIntoTheTunnelWithDfAndChecksum) {
  Recorded r;
  Populate(r, OvsSpec(kVxlan4));
  FlowParts f = Parts(r.genl.sent()[2]);
  EXPECT_EQ(As<uint32_t>(f.key.at(OVS_KEY_ATTR_IN_PORT)), 1u);
  EXPECT_EQ(As<uint32_t>(f.key.at(OVS_KEY_ATTR_RECIRC_ID)), 0u);
  EXPECT_EQ(ntohs(As<uint16_t>(f.key.at(OVS_KEY_ATTR_ETHERTYPE))), ETH_P_IP);
  EXPECT_EQ(f.key.at(OVS_KEY_ATTR_IPV4), Bytes(sizeof(ovs_key_ipv4), 0));
  EXPECT_EQ(f.key.at(OVS_KEY_ATTR_ETHERNET).size(), sizeof(ovs_key_ethernet));
  EXPECT_FALSE(f.key.count(OVS_KEY_ATTR_TUNNEL));
  // Exact in_port, recirc id and ethertype; MACs and the IPv4 header wildcarded.
  EXPECT_EQ(As<uint32_t>(f.mask.at(OVS_KEY_ATTR_IN_PORT)), 0xffffffffu);
  EXPECT_EQ(As<uint32_t>(f.mask.at(OVS_KEY_ATTR_RECIRC_ID)), 0xffffffffu);
  EXPECT_EQ(As<uint16_t>(f.mask.at(OVS_KEY_ATTR_ETHERTYPE)), 0xffff);
  EXPECT_EQ(f.mask.at(OVS_KEY_ATTR_ETHERNET), Bytes(sizeof(ovs_key_ethernet), 0));
  EXPECT_EQ(f.mask.at(OVS_KEY_ATTR_IPV4), Bytes(sizeof(ovs_key_ipv4), 0));
  auto set = Attrs(f.actions.at(OVS_ACTION_ATTR_SET));
  auto tun = Attrs(set.at(OVS_KEY_ATTR_TUNNEL));
  EXPECT_EQ(be64toh(As<uint64_t>(tun.at(OVS_TUNNEL_KEY_ATTR_ID))), 1u);
  EXPECT_EQ(Ip(tun.at(OVS_TUNNEL_KEY_ATTR_IPV4_DST)), "10.0.3.1");
  EXPECT_FALSE(tun.count(OVS_TUNNEL_KEY_ATTR_IPV4_SRC));  // the route's source
  EXPECT_EQ(As<uint8_t>(tun.at(OVS_TUNNEL_KEY_ATTR_TTL)), 64);
  EXPECT_EQ(ntohs(As<uint16_t>(tun.at(OVS_TUNNEL_KEY_ATTR_TP_DST))), 4789);
  EXPECT_TRUE(tun.count(OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT));
  EXPECT_TRUE(tun.count(OVS_TUNNEL_KEY_ATTR_CSUM));
  EXPECT_EQ(As<uint32_t>(f.actions.at(OVS_ACTION_ATTR_OUTPUT)), 2u);
}

TEST(OvsMessagesTest, FramesFromTheRemoteComeOutOfThePort) {
  Recorded r;
  Populate(r, OvsSpec(kVxlan4));
  FlowParts f = Parts(r.genl.sent()[3]);
  EXPECT_EQ(As<uint32_t>(f.key.at(OVS_KEY_ATTR_IN_PORT)), 2u);
  auto tun = Attrs(f.key.at(OVS_KEY_ATTR_TUNNEL));
  EXPECT_EQ(be64toh(As<uint64_t>(tun.at(OVS_TUNNEL_KEY_ATTR_ID))), 1u);
  EXPECT_EQ(Ip(tun.at(OVS_TUNNEL_KEY_ATTR_IPV4_SRC)), "10.0.3.1");
  EXPECT_EQ(Ip(tun.at(OVS_TUNNEL_KEY_ATTR_IPV4_DST)), "10.0.1.1");
  EXPECT_TRUE(tun.count(OVS_TUNNEL_KEY_ATTR_TTL));  // the kernel refuses a key without it
  auto mask = Attrs(f.mask.at(OVS_KEY_ATTR_TUNNEL));
  EXPECT_EQ(As<uint64_t>(mask.at(OVS_TUNNEL_KEY_ATTR_ID)), ~uint64_t{0});
  EXPECT_EQ(Ip(mask.at(OVS_TUNNEL_KEY_ATTR_IPV4_SRC)), "255.255.255.255");
  EXPECT_EQ(As<uint8_t>(mask.at(OVS_TUNNEL_KEY_ATTR_TTL)), 0);  // any TTL
  EXPECT_FALSE(f.actions.count(OVS_ACTION_ATTR_SET));
  EXPECT_EQ(As<uint32_t>(f.actions.at(OVS_ACTION_ATTR_OUTPUT)), 1u);
}

TEST(OvsMessagesTest, IpIpv6AndArpEachWay) {
  Recorded r;
  Populate(r, OvsSpec(kVxlan4));
  std::vector<std::pair<uint32_t, uint16_t>> seen;
  for (size_t i = 2; i < r.genl.sent().size(); ++i) {
    FlowParts f = Parts(r.genl.sent()[i]);
    uint16_t type = ntohs(As<uint16_t>(f.key.at(OVS_KEY_ATTR_ETHERTYPE)));
    seen.emplace_back(As<uint32_t>(f.key.at(OVS_KEY_ATTR_IN_PORT)), type);
    int l3 = type == ETH_P_IP     ? OVS_KEY_ATTR_IPV4
             : type == ETH_P_IPV6 ? OVS_KEY_ATTR_IPV6
                                  : OVS_KEY_ATTR_ARP;
    size_t size = type == ETH_P_IP     ? sizeof(ovs_key_ipv4)
                  : type == ETH_P_IPV6 ? sizeof(ovs_key_ipv6)
                                       : sizeof(ovs_key_arp);
    EXPECT_EQ(f.key.at(l3).size(), size) << type;  // the kernel checks the length
  }
  std::vector<std::pair<uint32_t, uint16_t>> want = {{1, ETH_P_IP},   {2, ETH_P_IP},
                                                     {1, ETH_P_IPV6}, {2, ETH_P_IPV6},
                                                     {1, ETH_P_ARP},  {2, ETH_P_ARP}};
  EXPECT_EQ(seen, want);
}

TEST(OvsMessagesTest, GeneveOverIpv6) {
  Recorded r;
  Populate(r, OvsSpec({{"port", "veth_A-C"},
                       {"tunnel", "geneve"},
                       {"local", "fc00:1::1"},
                       {"remote", "fc00:3::1"},
                       {"vni", "7"},
                       {"ttl", "9"}}));
  Decoded tun = Decode(r.genl.sent()[1]);
  EXPECT_EQ(Text(tun.attrs.at(OVS_VPORT_ATTR_NAME)), "genev_sys_6081");
  EXPECT_EQ(As<uint32_t>(tun.attrs.at(OVS_VPORT_ATTR_TYPE)), OVS_VPORT_TYPE_GENEVE);
  EXPECT_EQ(As<uint16_t>(Attrs(tun.attrs.at(OVS_VPORT_ATTR_OPTIONS)).at(OVS_TUNNEL_ATTR_DST_PORT)),
            6081);
  EXPECT_EQ(r.rtnl.sent().size(), 1u);  // no tunnel_mtu: the kernel's 65535 stays
  auto out =
      Attrs(Attrs(Parts(r.genl.sent()[2]).actions.at(OVS_ACTION_ATTR_SET)).at(OVS_KEY_ATTR_TUNNEL));
  EXPECT_EQ(Ip(out.at(OVS_TUNNEL_KEY_ATTR_IPV6_DST)), "fc00:3::1");
  EXPECT_FALSE(out.count(OVS_TUNNEL_KEY_ATTR_IPV4_DST));
  EXPECT_EQ(As<uint8_t>(out.at(OVS_TUNNEL_KEY_ATTR_TTL)), 9);
  EXPECT_EQ(be64toh(As<uint64_t>(out.at(OVS_TUNNEL_KEY_ATTR_ID))), 7u);
  EXPECT_EQ(ntohs(As<uint16_t>(out.at(OVS_TUNNEL_KEY_ATTR_TP_DST))), 6081);
  auto back = Attrs(Parts(r.genl.sent()[3]).key.at(OVS_KEY_ATTR_TUNNEL));
  EXPECT_EQ(Ip(back.at(OVS_TUNNEL_KEY_ATTR_IPV6_SRC)), "fc00:3::1");
  EXPECT_EQ(Ip(back.at(OVS_TUNNEL_KEY_ATTR_IPV6_DST)), "fc00:1::1");
}

TEST(OvsMessagesTest, AFailingRequestIsNamed) {
  Recorded r;
  r.genl.FailOn("adding vport 2", EAFNOSUPPORT);
  try {
    Populate(r, OvsSpec(kVxlan4));
    FAIL() << "no error";
  } catch (const SysError& e) {
    EXPECT_NE(std::string(e.what()).find("adding vport 2 'vxlan_sys_4789' of ovs datapath "
                                         "'ovs_br0' in node 'A'"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(r.genl.sent().size(), 2u);  // nothing after the failure
}

TEST(OvsKindRowTest, LocalAndRemoteAreOneFamily) {
  const KindSchema* row = FindKindSchema("ovs");
  ASSERT_NE(row, nullptr);
  ASSERT_NE(row->check, nullptr);
  EXPECT_TRUE(row->check({{"local", "10.0.1.1"}, {"remote", "10.0.3.1"}}).empty());
  EXPECT_EQ(row->check({{"local", "10.0.1.1"}, {"remote", "fc00:3::1"}}),
            std::vector<std::string>{"local and remote must be of one family"});
}

}  // namespace
}  // namespace mtulab
