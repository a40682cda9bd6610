// The MPLS route messages as the kernel reads them: the label stack entries, the AF_MPLS
// route popping a label, and the IP route pushing a stack (RTA_ENCAP), decoded without root.
#include "harness/sys/mpls_route.h"

#include <gtest/gtest.h>
#include <linux/lwtunnel.h>
#include <linux/mpls_iptunnel.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <sys/socket.h>

#include <cstring>
#include <map>
#include <memory>
#include <vector>

#include "harness/links/recording_sender.h"
#include "harness/model/ip.h"
#include "harness/sys/rtnl.h"

namespace mtulab {
namespace {

using Attrs = std::map<int, std::vector<uint8_t>>;

std::vector<uint8_t> Bytes(const nlattr* a) {
  const auto* p = static_cast<const uint8_t*>(nla_data(a));
  return std::vector<uint8_t>(p, p + nla_len(a));
}

// The rtmsg and top-level attributes of one RTM_NEWROUTE.
Attrs Parse(nlmsghdr* h, rtmsg* rtm) {
  *rtm = *static_cast<const rtmsg*>(nlmsg_data(h));
  Attrs out;
  nlattr* a;
  int rem;
  nlmsg_for_each_attr(a, h, sizeof(rtmsg), rem) out[nla_type(a)] = Bytes(a);
  return out;
}

TEST(MplsRouteTest, LabelStackEntriesCarryTheBottomOfStackBitOnTheLastOnly) {
  EXPECT_EQ(MplsLabelStack({100}), (std::vector<uint8_t>{0x00, 0x06, 0x41, 0x00}));
  // 100 = 0x64 -> 0x00064 << 12; 200 = 0xc8 -> 0x000c8 << 12 | S.
  EXPECT_EQ(MplsLabelStack({100, 200}),
            (std::vector<uint8_t>{0x00, 0x06, 0x40, 0x00, 0x00, 0x0c, 0x81, 0x00}));
  EXPECT_EQ(MplsLabelStack({kMplsMaxLabel}), (std::vector<uint8_t>{0xff, 0xff, 0xf1, 0x00}));
  EXPECT_TRUE(MplsLabelStack({}).empty());
}

TEST(MplsRouteTest, PopRouteIsAnAfMplsRouteWithTheLabelAsDestination) {
  RecordingSender nl("node 'b'");
  AddMplsRoute(nl, MplsRoute{100, "lo", {}}, 1);
  ASSERT_EQ(nl.sent().size(), 1u);
  EXPECT_EQ(nl.sent()[0].what, "adding mpls route 100 dev lo in node 'b'");
  std::vector<char> copy = nl.sent()[0].bytes;
  auto* h = reinterpret_cast<nlmsghdr*>(copy.data());
  EXPECT_EQ(h->nlmsg_type, RTM_NEWROUTE);
  EXPECT_EQ(h->nlmsg_flags & (NLM_F_CREATE | NLM_F_EXCL), NLM_F_CREATE | NLM_F_EXCL);
  rtmsg rtm{};
  Attrs attrs = Parse(h, &rtm);
  // What net/mpls/af_mpls.c rtm_to_route_config accepts, field by field.
  EXPECT_EQ(rtm.rtm_family, AF_MPLS);
  EXPECT_EQ(rtm.rtm_dst_len, 20);
  EXPECT_EQ(rtm.rtm_src_len, 0);
  EXPECT_EQ(rtm.rtm_tos, 0);
  EXPECT_EQ(rtm.rtm_table, RT_TABLE_MAIN);
  EXPECT_EQ(rtm.rtm_scope, RT_SCOPE_UNIVERSE);
  EXPECT_EQ(rtm.rtm_type, RTN_UNICAST);
  EXPECT_EQ(rtm.rtm_flags, 0u);
  EXPECT_EQ(attrs.at(RTA_DST), (std::vector<uint8_t>{0x00, 0x06, 0x41, 0x00}));
  ASSERT_EQ(attrs.at(RTA_OIF).size(), 4u);
  uint32_t oif = 0;
  std::memcpy(&oif, attrs.at(RTA_OIF).data(), 4);
  EXPECT_EQ(oif, 1u);
  EXPECT_EQ(attrs.count(RTA_VIA), 0u);
  EXPECT_EQ(attrs.count(RTA_NEWDST), 0u);
}

// The IP route's nexthop carries RTA_ENCAP_TYPE = LWTUNNEL_ENCAP_MPLS and RTA_ENCAP with
// MPLS_IPTUNNEL_DST = the stack; a route without labels has neither.
TEST(MplsRouteTest, EncapRoutePushesTheStack) {
  Route route;
  route.dst = Prefix{*ParseIp("10.100.0.2"), 32};
  route.via = ParseIp("172.16.0.2");
  route.dev = "u0";
  route.mpls_labels = {100, 200};
  EXPECT_EQ(route.Describe(), "10.100.0.2/32 encap mpls 100/200 via 172.16.0.2 dev u0");
  RouteRequest request{&route, 7, {}};
  std::unique_ptr<nl_msg, void (*)(nl_msg*)> msg(BuildRouteRequest(request, NLM_F_EXCL, "t"),
                                                 nlmsg_free);
  rtmsg rtm{};
  Attrs attrs = Parse(nlmsg_hdr(msg.get()), &rtm);
  EXPECT_EQ(rtm.rtm_family, AF_INET);
  ASSERT_EQ(attrs.count(RTA_ENCAP_TYPE), 1u);
  uint16_t type = 0;
  std::memcpy(&type, attrs.at(RTA_ENCAP_TYPE).data(), 2);
  EXPECT_EQ(type, LWTUNNEL_ENCAP_MPLS);
  const std::vector<uint8_t>& encap = attrs.at(RTA_ENCAP);
  std::map<int, std::vector<uint8_t>> nested;
  nlattr* a;
  int rem;
  nla_for_each_attr(a, reinterpret_cast<nlattr*>(const_cast<uint8_t*>(encap.data())),
                    static_cast<int>(encap.size()), rem) {
    nested[nla_type(a)] = Bytes(a);
  }
  EXPECT_EQ(nested.at(MPLS_IPTUNNEL_DST), MplsLabelStack({100, 200}));
  EXPECT_EQ(nested.count(MPLS_IPTUNNEL_TTL), 0u);  // TTL 0: not sent, copied from IP
  route.mpls_labels.clear();
  std::unique_ptr<nl_msg, void (*)(nl_msg*)> plain(BuildRouteRequest(request, NLM_F_EXCL, "t"),
                                                   nlmsg_free);
  Attrs plain_attrs = Parse(nlmsg_hdr(plain.get()), &rtm);
  EXPECT_EQ(plain_attrs.count(RTA_ENCAP_TYPE), 0u);
  EXPECT_EQ(plain_attrs.count(RTA_ENCAP), 0u);
  EXPECT_EQ(plain_attrs.count(RTA_GATEWAY), 1u);
}

}  // namespace
}  // namespace mtulab
