// FOU / GUE: the tunnel attributes and the receive port's generic netlink requests, built
// without sending anything (no root, no fou module needed).
#include "harness/links/fou_port.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <linux/fou.h>
#include <linux/genetlink.h>
#include <linux/if_tunnel.h>
#include <netinet/in.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <map>
#include <string>

#include "harness/links/link_msg_test_util.h"

namespace mtulab {
namespace {

using testing_links::Decode;
using testing_links::DecodedLink;

DecodedLink Created(const std::string& kind, std::map<std::string, std::string> params) {
  RecordingSender nl("node 'A'");
  DeviceSpec spec{kind, "A", "fou_a", std::nullopt, std::move(params), {}, {}};
  FindKind(kind)->create(nl, spec, [](const std::string&) { return 0; });
  EXPECT_EQ(nl.sent().size(), 1u);
  return Decode(nl.sent().at(0));
}

TEST(TunnelEncapMessageTest, IpipOverFouAsIpSendsIt) {
  DecodedLink d = Created(
      "ipip",
      {{"local", "10.0.1.1"}, {"remote", "10.0.3.1"}, {"encap", "fou"}, {"encap_dport", "5556"}});
  EXPECT_EQ(d.U16(IFLA_IPTUN_ENCAP_TYPE), TUNNEL_ENCAP_FOU);
  EXPECT_EQ(d.U16(IFLA_IPTUN_ENCAP_FLAGS), 0);            // ip(8)'s default over IPv4
  EXPECT_EQ(d.U16(IFLA_IPTUN_ENCAP_SPORT), 0);            // auto
  EXPECT_EQ(d.U16(IFLA_IPTUN_ENCAP_DPORT), htons(5556));  // network byte order
  EXPECT_EQ(d.U8(IFLA_IPTUN_PMTUDISC), 1);
}

TEST(TunnelEncapMessageTest, Ip6tnlOverGueChecksumsItsUdp) {
  DecodedLink d = Created("ip6tnl", {{"local", "fc00:1::1"},
                                     {"remote", "fc00:3::1"},
                                     {"mode", "ipip6"},
                                     {"encap", "gue"},
                                     {"encap_sport", "4242"},
                                     {"encap_dport", "5556"}});
  EXPECT_EQ(d.U16(IFLA_IPTUN_ENCAP_TYPE), TUNNEL_ENCAP_GUE);
  EXPECT_EQ(d.U16(IFLA_IPTUN_ENCAP_FLAGS), TUNNEL_ENCAP_FLAG_CSUM6);
  EXPECT_EQ(d.U16(IFLA_IPTUN_ENCAP_SPORT), htons(4242));
  EXPECT_EQ(d.U16(IFLA_IPTUN_ENCAP_DPORT), htons(5556));
  EXPECT_EQ(d.U8(IFLA_IPTUN_PROTO), IPPROTO_IPIP);
}

TEST(TunnelEncapMessageTest, NoEncapSendsNoEncapAttributes) {
  DecodedLink d = Created("sit", {{"local", "10.0.1.1"}, {"remote", "10.0.3.1"}});
  for (int a : {IFLA_IPTUN_ENCAP_TYPE, IFLA_IPTUN_ENCAP_FLAGS, IFLA_IPTUN_ENCAP_SPORT,
                IFLA_IPTUN_ENCAP_DPORT}) {
    EXPECT_EQ(d.data.count(a), 0u) << a;
  }
}

TEST(FouPortTest, InnerProtocolAndFamilyFollowTheTunnel) {
  auto port = [](const std::string& kind, std::map<std::string, std::string> params) {
    params.emplace("encap", "fou");  // unless the test says gue
    params["fou_port"] = "5555";
    return FouPortOf(DeviceSpec{kind, "A", "t", std::nullopt, std::move(params), {}, {}});
  };
  std::optional<FouPortSpec> ipip = port("ipip", {});
  ASSERT_TRUE(ipip);
  EXPECT_EQ(ipip->port, 5555);
  EXPECT_EQ(ipip->family, AF_INET);
  EXPECT_EQ(ipip->ipproto, IPPROTO_IPIP);
  EXPECT_FALSE(ipip->gue);
  EXPECT_EQ(port("sit", {})->ipproto, IPPROTO_IPV6);  // sit's default mode ip6ip
  EXPECT_EQ(port("sit", {{"mode", "ipip"}})->ipproto, IPPROTO_IPIP);
  EXPECT_EQ(port("ip6tnl", {})->ipproto, IPPROTO_IPV6);  // ip6ip6
  EXPECT_EQ(port("ip6tnl", {{"mode", "ipip6"}})->ipproto, IPPROTO_IPIP);
  EXPECT_EQ(port("ip6tnl", {})->family, AF_INET6);
  EXPECT_TRUE(port("ipip", {{"encap", "gue"}})->gue);
  EXPECT_FALSE(FouPortOf(DeviceSpec{"ipip", "A", "t", std::nullopt, {{"encap", "fou"}}, {}, {}}));
}

// The attributes of one generic netlink request, by type.
std::map<int, std::vector<unsigned char>> Attrs(nl_msg* msg, uint8_t* cmd) {
  nlmsghdr* h = nlmsg_hdr(msg);
  *cmd = static_cast<genlmsghdr*>(nlmsg_data(h))->cmd;
  nlattr* tb[FOU_ATTR_MAX + 1] = {};
  EXPECT_EQ(genlmsg_parse(h, 0, tb, FOU_ATTR_MAX, nullptr), 0);
  std::map<int, std::vector<unsigned char>> out;
  for (int i = 1; i <= FOU_ATTR_MAX; ++i) {
    if (tb[i] == nullptr) continue;
    auto* p = static_cast<unsigned char*>(nla_data(tb[i]));
    out[i] = std::vector<unsigned char>(p, p + nla_len(tb[i]));
  }
  return out;
}

TEST(FouPortTest, AddAndDelCarryPortFamilyTypeAndProtocol) {
  NlMsgPtr add =
      BuildFouMsg(31, FOU_CMD_ADD, FouPortSpec{5555, AF_INET6, IPPROTO_IPV6, false}, "adding");
  EXPECT_EQ(nlmsg_hdr(add.get())->nlmsg_type, 31);
  uint8_t cmd = 0;
  std::map<int, std::vector<unsigned char>> a = Attrs(add.get(), &cmd);
  EXPECT_EQ(cmd, FOU_CMD_ADD);
  ASSERT_EQ(a[FOU_ATTR_PORT].size(), 2u);
  EXPECT_EQ(a[FOU_ATTR_PORT][0] * 256 + a[FOU_ATTR_PORT][1], 5555);  // big-endian
  EXPECT_EQ(a[FOU_ATTR_AF], std::vector<unsigned char>{AF_INET6});
  EXPECT_EQ(a[FOU_ATTR_TYPE], std::vector<unsigned char>{FOU_ENCAP_DIRECT});
  EXPECT_EQ(a[FOU_ATTR_IPPROTO], std::vector<unsigned char>{IPPROTO_IPV6});

  NlMsgPtr del = BuildFouMsg(31, FOU_CMD_DEL, FouPortSpec{5556, AF_INET, 0, true}, "removing");
  std::map<int, std::vector<unsigned char>> d = Attrs(del.get(), &cmd);
  EXPECT_EQ(cmd, FOU_CMD_DEL);
  EXPECT_EQ(d[FOU_ATTR_TYPE], std::vector<unsigned char>{FOU_ENCAP_GUE});
  EXPECT_EQ(d[FOU_ATTR_AF], std::vector<unsigned char>{AF_INET});
  EXPECT_EQ(d.count(FOU_ATTR_IPPROTO), 0u);  // GUE carries the protocol in its header
}

}  // namespace
}  // namespace mtulab
