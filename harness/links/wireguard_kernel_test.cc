// The kernel backend's WG_CMD_SET_DEVICE requests, decoded without root or WireGuard module.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <linux/genetlink.h>
#include <linux/wireguard.h>
#include <netinet/in.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <cstring>

#include "harness/links/wireguard_internal.h"

namespace mtulab {
namespace {

constexpr int kFamily = 0x1d;  // any generic netlink family id

// The attributes after the genl header of `msg`; checks the header.
void Attrs(nl_msg* msg, nlattr** tb) {
  nlmsghdr* h = nlmsg_hdr(msg);
  EXPECT_EQ(h->nlmsg_type, kFamily);
  EXPECT_TRUE(h->nlmsg_flags & NLM_F_ACK);
  auto* g = static_cast<genlmsghdr*>(nlmsg_data(h));
  EXPECT_EQ(g->cmd, WG_CMD_SET_DEVICE);
  ASSERT_EQ(genlmsg_parse(h, 0, tb, WGDEVICE_A_MAX, nullptr), 0);
}

TEST(WireguardKernelRequestTest, DeviceRequestCarriesKeyPortAndReplacesPeers) {
  WgConfig c;
  c.ifname = "wg0";
  c.private_key = GenerateWgPrivateKey();
  c.listen_port = 51820;
  NlMsgPtr m = wg::BuildDeviceRequest(kFamily, 9, c, "configuring");
  nlattr* tb[WGDEVICE_A_MAX + 1] = {};
  ASSERT_NO_FATAL_FAILURE(Attrs(m.get(), tb));
  EXPECT_EQ(nla_get_u32(tb[WGDEVICE_A_IFINDEX]), 9u);
  X25519Key key = wg::DecodeKey(c.private_key, "k");
  ASSERT_EQ(nla_len(tb[WGDEVICE_A_PRIVATE_KEY]), WG_KEY_LEN);
  EXPECT_EQ(std::memcmp(nla_data(tb[WGDEVICE_A_PRIVATE_KEY]), key.data(), WG_KEY_LEN), 0);
  EXPECT_EQ(nla_get_u16(tb[WGDEVICE_A_LISTEN_PORT]), 51820);
  EXPECT_EQ(nla_get_u32(tb[WGDEVICE_A_FLAGS]), static_cast<uint32_t>(WGDEVICE_F_REPLACE_PEERS));
  EXPECT_EQ(tb[WGDEVICE_A_PEERS], nullptr);
}

TEST(WireguardKernelRequestTest, PeerRequestCarriesKeyEndpointKeepaliveAndAllowedIps) {
  WgPeerConfig p;
  p.public_key = WgPublicKey(GenerateWgPrivateKey());
  p.endpoint = "172.16.0.2:51821";
  p.allowed_ips = {"10.80.0.0/30", "fd00:80::/64"};
  p.persistent_keepalive = 25;
  NlMsgPtr m = wg::BuildPeerRequest(kFamily, 9, p, "adding peer 1");
  nlattr* tb[WGDEVICE_A_MAX + 1] = {};
  ASSERT_NO_FATAL_FAILURE(Attrs(m.get(), tb));
  ASSERT_NE(tb[WGDEVICE_A_PEERS], nullptr);
  nlattr* peer = static_cast<nlattr*>(nla_data(tb[WGDEVICE_A_PEERS]));  // the one nest
  nlattr* pa[WGPEER_A_MAX + 1] = {};
  ASSERT_EQ(nla_parse_nested(pa, WGPEER_A_MAX, peer, nullptr), 0);
  X25519Key key = wg::DecodeKey(p.public_key, "k");
  EXPECT_EQ(std::memcmp(nla_data(pa[WGPEER_A_PUBLIC_KEY]), key.data(), WG_KEY_LEN), 0);
  EXPECT_EQ(nla_get_u32(pa[WGPEER_A_FLAGS]), static_cast<uint32_t>(WGPEER_F_REPLACE_ALLOWEDIPS));
  ASSERT_EQ(nla_len(pa[WGPEER_A_ENDPOINT]), static_cast<int>(sizeof(sockaddr_in)));
  auto* sin = static_cast<sockaddr_in*>(nla_data(pa[WGPEER_A_ENDPOINT]));
  EXPECT_EQ(sin->sin_family, AF_INET);
  EXPECT_EQ(ntohs(sin->sin_port), 51821);
  EXPECT_EQ(nla_get_u16(pa[WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL]), 25);
  std::vector<std::pair<int, int>> ips;  // family, cidr
  nlattr* ip;
  int rem;
  nla_for_each_nested(ip, pa[WGPEER_A_ALLOWEDIPS], rem) {
    nlattr* ia[WGALLOWEDIP_A_MAX + 1] = {};
    ASSERT_EQ(nla_parse_nested(ia, WGALLOWEDIP_A_MAX, ip, nullptr), 0);
    ips.emplace_back(nla_get_u16(ia[WGALLOWEDIP_A_FAMILY]),
                     nla_get_u8(ia[WGALLOWEDIP_A_CIDR_MASK]));
  }
  EXPECT_EQ(ips, (std::vector<std::pair<int, int>>{{AF_INET, 30}, {AF_INET6, 64}}));
}

TEST(WireguardKernelRequestTest, MalformedEndpointIsRefusedBeforeSending) {
  WgPeerConfig p;
  p.public_key = WgPublicKey(GenerateWgPrivateKey());
  p.endpoint = "nowhere";
  EXPECT_THROW(wg::BuildPeerRequest(kFamily, 9, p, "adding peer 1"), std::invalid_argument);
}

}  // namespace
}  // namespace mtulab
