// The WireGuard configuration the Lab hands to a backend, built without root.
#include <gtest/gtest.h>

#include <map>

#include "harness/links/wireguard.h"

namespace mtulab {
namespace {

TEST(WireguardConfigTest, PeersByReferenceGetTheirDevicesPublicKey) {
  std::map<std::string, WgKey> keys = {{"a/wg0", GenerateWgPrivateKey()},
                                       {"b/wg0", GenerateWgPrivateKey()}};
  Device d;
  d.kind = "wireguard";
  d.end.node = "a";
  d.end.ifname = "wg0";
  d.end.mtu = 1440;
  d.params = {{"listen_port", "51820"}};
  WgPeer by_ref;
  by_ref.node = "b";
  by_ref.dev = "wg0";
  by_ref.endpoint = "172.16.0.2:51820";
  by_ref.allowed_ips = {"10.80.0.0/30", "fd00:80::/64"};
  by_ref.keepalive = 25;
  WgPeer literal;
  literal.public_key = WgPublicKey(GenerateWgPrivateKey());
  d.peers = {by_ref, literal};
  WgConfig c = WireguardConfigFor(d, [&](const std::string& node, const std::string& ifname) {
    return keys.at(node + "/" + ifname);
  });
  EXPECT_EQ(c.ifname, "wg0");
  EXPECT_EQ(c.private_key, keys.at("a/wg0"));
  EXPECT_EQ(c.listen_port, 51820);
  EXPECT_EQ(c.mtu, 1440u);
  ASSERT_EQ(c.peers.size(), 2u);
  EXPECT_EQ(c.peers[0].public_key, WgPublicKey(keys.at("b/wg0")));
  EXPECT_EQ(c.peers[0].endpoint, "172.16.0.2:51820");
  EXPECT_EQ(c.peers[0].allowed_ips, by_ref.allowed_ips);
  EXPECT_EQ(c.peers[0].persistent_keepalive, 25);
  EXPECT_EQ(c.peers[1].public_key, *literal.public_key);
  EXPECT_EQ(c.peers[1].endpoint, std::nullopt);
  EXPECT_EQ(c.peers[1].persistent_keepalive, std::nullopt);
}

TEST(WireguardConfigTest, NoPortNoMtuStayUnset) {
  Device d;
  d.kind = "wireguard";
  d.end.node = "a";
  d.end.ifname = "wg1";
  WgKey key = GenerateWgPrivateKey();
  WgConfig c = WireguardConfigFor(d, [&](const std::string&, const std::string&) { return key; });
  EXPECT_EQ(c.listen_port, std::nullopt);
  EXPECT_EQ(c.mtu, std::nullopt);
  EXPECT_TRUE(c.peers.empty());
}

}  // namespace
}  // namespace mtulab
