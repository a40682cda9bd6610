// The pure parts of link creation: the RTM_NEWLINK message as built, and the param readers.
#include "harness/links/link_add.h"

#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <string>

#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

struct Parsed {
  nlattr* tb[IFLA_MAX + 1] = {};
  nlattr* info[IFLA_INFO_MAX + 1] = {};
  nlattr* data[IFLA_VXLAN_MAX + 1] = {};
};

void Parse(nl_msg* msg, Parsed* p) {
  nlmsghdr* h = nlmsg_hdr(msg);
  ASSERT_EQ(h->nlmsg_type, RTM_NEWLINK);
  EXPECT_EQ(h->nlmsg_flags & (NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL),
            NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL);
  ASSERT_EQ(nlmsg_parse(h, sizeof(ifinfomsg), p->tb, IFLA_MAX, nullptr), 0);
  ASSERT_NE(p->tb[IFLA_LINKINFO], nullptr);
  ASSERT_EQ(nla_parse_nested(p->info, IFLA_INFO_MAX, p->tb[IFLA_LINKINFO], nullptr), 0);
  if (p->info[IFLA_INFO_DATA] != nullptr) {
    ASSERT_EQ(nla_parse_nested(p->data, IFLA_VXLAN_MAX, p->info[IFLA_INFO_DATA], nullptr), 0);
  }
}

TEST(LinkAddTest, NewLinkCarriesNameMtuLowerKindAndData) {
  NlMsgPtr msg = BuildNewLink(NewLink{"vxlan", "vx0", 1400u, 7}, [](nl_msg* m) {
    int err = nla_put_u32(m, IFLA_VXLAN_ID, 42);
    if (err == 0) err = nla_put_u16(m, IFLA_VXLAN_PORT, htons(4789));
    return err;
  }, "creating vxlan 'vx0'");
  Parsed p;
  ASSERT_NO_FATAL_FAILURE(Parse(msg.get(), &p));
  ASSERT_NE(p.tb[IFLA_IFNAME], nullptr);
  EXPECT_STREQ(nla_get_string(p.tb[IFLA_IFNAME]), "vx0");
  ASSERT_NE(p.tb[IFLA_MTU], nullptr);
  EXPECT_EQ(nla_get_u32(p.tb[IFLA_MTU]), 1400u);
  ASSERT_NE(p.tb[IFLA_LINK], nullptr);
  EXPECT_EQ(nla_get_u32(p.tb[IFLA_LINK]), 7u);
  EXPECT_STREQ(nla_get_string(p.info[IFLA_INFO_KIND]), "vxlan");
  ASSERT_NE(p.data[IFLA_VXLAN_ID], nullptr);
  EXPECT_EQ(nla_get_u32(p.data[IFLA_VXLAN_ID]), 42u);
  ASSERT_NE(p.data[IFLA_VXLAN_PORT], nullptr);
  EXPECT_EQ(ntohs(nla_get_u16(p.data[IFLA_VXLAN_PORT])), 4789);
}

TEST(LinkAddTest, UnsetMtuLowerAndFillerAreLeftOut) {
  NlMsgPtr msg = BuildNewLink(NewLink{"bridge", "br0", std::nullopt, 0}, {}, "x");
  Parsed p;
  ASSERT_NO_FATAL_FAILURE(Parse(msg.get(), &p));
  EXPECT_EQ(p.tb[IFLA_MTU], nullptr);
  EXPECT_EQ(p.tb[IFLA_LINK], nullptr);
  EXPECT_EQ(p.info[IFLA_INFO_DATA], nullptr);
  EXPECT_STREQ(nla_get_string(p.info[IFLA_INFO_KIND]), "bridge");
}

TEST(LinkAddTest, FillerErrorThrowsNamingTheOperation) {
  try {
    BuildNewLink(NewLink{"gre", "g0", std::nullopt, 0}, [](nl_msg*) { return -NLE_NOMEM; },
                 CreatingWhat("gre", "g0", "node 'a'"));
    FAIL() << "no throw";
  } catch (const SysError& e) {
    EXPECT_EQ(std::string(e.what()), "creating gre 'g0' in node 'a': Out of memory");
  }
}

TEST(LinkAddTest, ParseIpGivesFamilyAndNetworkOrderBytes) {
  std::optional<IpBytes> v4 = ParseIpBytes("10.0.0.2");
  ASSERT_TRUE(v4);
  EXPECT_FALSE(v4->v6());
  EXPECT_EQ(v4->size(), 4);
  EXPECT_EQ(v4->bytes[0], 10);
  EXPECT_EQ(v4->bytes[3], 2);
  std::optional<IpBytes> v6 = ParseIpBytes("fd00::1");
  ASSERT_TRUE(v6);
  EXPECT_TRUE(v6->v6());
  EXPECT_EQ(v6->size(), 16);
  EXPECT_EQ(v6->bytes[0], 0xfd);
  EXPECT_EQ(v6->bytes[15], 1);
  EXPECT_FALSE(ParseIpBytes("10.0.0.0/24"));
  EXPECT_FALSE(ParseIpBytes(""));
}

DeviceSpec Spec(std::map<std::string, std::string> params) {
  return DeviceSpec{"vxlan", "n", "vx0", std::nullopt, std::move(params), {}};
}

TEST(LinkAddTest, ParamReaders) {
  DeviceSpec s = Spec({{"vni", "4294967295"}, {"learning", "false"}, {"df", "inherit"},
                       {"ports", "  p1 p2\tp3 "}, {"local", "fd00::1"}});
  EXPECT_EQ(UintParam(s, "vni"), 4294967295u);
  EXPECT_EQ(UintParam(s, "ttl"), std::nullopt);
  EXPECT_EQ(BoolParam(s, "learning"), false);
  EXPECT_EQ(EnumParam(s, "df", {{"set", 1}, {"inherit", 2}}), 2u);
  EXPECT_EQ(ListParam(s, "ports"), (std::vector<std::string>{"p1", "p2", "p3"}));
  EXPECT_TRUE(ListParam(s, "missing").empty());
  EXPECT_TRUE(AddressParam(s, "local")->v6());
  EXPECT_EQ(Required(s, "vni", UintParam(s, "vni")), 4294967295u);
}

TEST(LinkAddTest, MalformedOrMissingParamsThrowNamingTheDevice) {
  DeviceSpec s = Spec({{"vni", "4294967296"}, {"dstport", "4x"}, {"local", "10.0.0.0/8"}});
  auto message = [](const auto& call) -> std::string {
    try {
      call();
    } catch (const SysError& e) {
      EXPECT_EQ(e.error_code(), EINVAL);
      return e.what();
    }
    return "no throw";
  };
  EXPECT_EQ(message([&] { UintParam(s, "vni"); }),
            "device 'vx0' (kind vxlan): vni='4294967296' is not an unsigned integer: "
            "Invalid argument");
  EXPECT_EQ(message([&] { UintParam(s, "dstport"); }),
            "device 'vx0' (kind vxlan): dstport='4x' is not an unsigned integer: "
            "Invalid argument");
  EXPECT_EQ(message([&] { AddressParam(s, "local"); }),
            "device 'vx0' (kind vxlan): local='10.0.0.0/8' is not an IPv4 or IPv6 address: "
            "Invalid argument");
  EXPECT_EQ(message([&] { Required(s, "remote", AddressParam(s, "remote")); }),
            "device 'vx0' (kind vxlan): remote is required: Invalid argument");
}

}  // namespace
}  // namespace mtulab
