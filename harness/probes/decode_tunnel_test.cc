// The inner packet of the tunnel encapsulations mtulab builds, and IP ids.
#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include "harness/probes/decode.h"
#include "harness/probes/decode_test_util.h"

namespace mtulab {
namespace {

using namespace testing_packets;  // NOLINT: packet builders

constexpr uint8_t kUdp = 17;

DecodedPacket Decode(const Bytes& frame) {
  return DecodePacket(DLT_EN10MB, frame.data(), frame.size(), static_cast<uint32_t>(frame.size()));
}

// An ICMP echo of `payload` bytes from 10.0.0.1 to 10.0.0.2, as IP (20 + 8 + payload).
Bytes InnerEcho(size_t payload) {
  return Ipv4("10.0.0.1", "10.0.0.2", 1, Icmp(8, 0, 1, Payload(payload)), {.df = true});
}

TEST(DecodeTunnelTest, VxlanCarriesAnEthernetFrameWithTheInnerPacket) {
  Bytes inner = InnerEcho(1000);
  DecodedPacket p = Decode(
      Eth4(Ipv4("192.168.0.1", "192.168.0.2", kUdp, Udp(40000, 4789, Vxlan(42, Eth4(inner))))));
  ASSERT_TRUE(p.ip && p.tunnel);
  EXPECT_EQ(p.tunnel->kind, "vxlan");
  EXPECT_EQ(p.tunnel->ip.length, 1028u);
  EXPECT_EQ(p.ip->length, 1028u + 14 + 8 + 8 + 20);  // the 50 bytes of VXLAN over IPv4
  EXPECT_EQ(p.tunnel->ip.src.ToString(), "10.0.0.1");
  EXPECT_TRUE(p.tunnel->ip.df);
}

TEST(DecodeTunnelTest, VxlanOverIpv6AndAnInnerIpv6Packet) {
  Bytes inner = Ipv6("fd00::1", "fd00::2", 58, Icmp(128, 0, 1, Payload(100)));
  DecodedPacket p =
      Decode(Eth6(Ipv6("fd01::1", "fd01::2", kUdp, Udp(1, 4789, Vxlan(7, Eth6(inner))))));
  ASSERT_TRUE(p.tunnel);
  EXPECT_EQ(p.tunnel->ip.version, 6);
  EXPECT_EQ(p.tunnel->ip.length, 148u);
  EXPECT_EQ(p.ip->length - p.tunnel->ip.length, 70u);  // VXLAN over IPv6
}

TEST(DecodeTunnelTest, GeneveSkipsItsOptions) {
  Bytes inner = InnerEcho(200);
  DecodedPacket p = Decode(
      Eth4(Ipv4("192.168.0.1", "192.168.0.2", kUdp, Udp(1, 6081, Geneve(0x6558, Eth4(inner), 2)))));
  ASSERT_TRUE(p.tunnel);
  EXPECT_EQ(p.tunnel->kind, "geneve");
  EXPECT_EQ(p.tunnel->ip.length, 228u);
  p = Decode(Eth4(Ipv4("192.168.0.1", "192.168.0.2", kUdp, Udp(1, 6081, Geneve(0x0800, inner)))));
  ASSERT_TRUE(p.tunnel);
  EXPECT_EQ(p.tunnel->ip.length, 228u);
}

TEST(DecodeTunnelTest, GreWithAndWithoutKeyAndGretap) {
  Bytes inner = InnerEcho(300);
  DecodedPacket p = Decode(Eth4(Ipv4("192.168.0.1", "192.168.0.2", 47, Gre(0x0800, inner))));
  ASSERT_TRUE(p.tunnel);
  EXPECT_EQ(p.tunnel->kind, "gre");
  EXPECT_EQ(p.ip->length - p.tunnel->ip.length, 24u);
  p = Decode(Eth4(Ipv4("192.168.0.1", "192.168.0.2", 47, Gre(0x6558, Eth4(inner), 9))));
  ASSERT_TRUE(p.tunnel);
  EXPECT_EQ(p.ip->length - p.tunnel->ip.length, 42u);  // 20 + 8 (GRE with key) + 14
}

TEST(DecodeTunnelTest, IpipAndSixInFour) {
  Bytes inner = InnerEcho(10);
  DecodedPacket p = Decode(Eth4(Ipv4("192.168.0.1", "192.168.0.2", 4, inner)));
  ASSERT_TRUE(p.tunnel);
  EXPECT_EQ(p.tunnel->kind, "ipip");
  EXPECT_EQ(p.tunnel->ip.length, 38u);
  Bytes inner6 = Ipv6("fd00::1", "fd00::2", 58, Icmp(128, 0, 1, Payload(10)));
  p = Decode(Eth4(Ipv4("192.168.0.1", "192.168.0.2", 41, inner6)));
  ASSERT_TRUE(p.tunnel);
  EXPECT_EQ(p.tunnel->ip.version, 6);
  // Protocol 4 carrying IPv6 (or 41 carrying IPv4) is no tunnel packet mtulab knows.
  EXPECT_FALSE(Decode(Eth4(Ipv4("192.168.0.1", "192.168.0.2", 4, inner6))).tunnel);
  EXPECT_FALSE(Decode(Eth4(Ipv4("192.168.0.1", "192.168.0.2", 41, inner))).tunnel);
}

TEST(DecodeTunnelTest, OtherUdpTruncatedAndLaterFragmentsAreNoTunnel) {
  Bytes inner = InnerEcho(100);
  // WireGuard data and plain UDP to another port: nothing to see inside.
  EXPECT_FALSE(Decode(Eth4(Ipv4("192.168.0.1", "192.168.0.2", kUdp,
                                Udp(1, 51820, Concat({4, 0, 0, 0}, Payload(64))))))
                   .tunnel);
  // A VXLAN header without its I flag, or cut short before the inner IP header.
  Bytes no_flag = Vxlan(1, Eth4(inner));
  no_flag[0] = 0;
  EXPECT_FALSE(
      Decode(Eth4(Ipv4("192.168.0.1", "192.168.0.2", kUdp, Udp(1, 4789, no_flag)))).tunnel);
  Bytes frame = Eth4(Ipv4("192.168.0.1", "192.168.0.2", kUdp, Udp(1, 4789, Vxlan(1, Eth4(inner)))));
  for (size_t cut = 0; cut < 14 + 20 + 8 + 8 + 14 + 20; ++cut) {
    DecodedPacket p = DecodePacket(DLT_EN10MB, frame.data(), cut, 1000);
    EXPECT_FALSE(p.tunnel) << cut;
  }
  DecodedPacket later =
      Decode(Eth4(Ipv4("192.168.0.1", "192.168.0.2", kUdp, Udp(1, 4789, Vxlan(1, Eth4(inner))),
                       {.fragment_offset = 1480})));
  EXPECT_FALSE(later.tunnel);
}

TEST(DecodeTunnelTest, IpIdsOfBothFamilies) {
  DecodedPacket p = Decode(Eth4(Ipv4("10.0.0.1", "10.0.0.2", kUdp, Payload(8), {.id = 0xbeef})));
  ASSERT_TRUE(p.ip);
  EXPECT_EQ(p.ip->id, 0xbeefu);
  p = Decode(Eth6(Ipv6("fd00::1", "fd00::2", 44, Ipv6Fragment(kUdp, 0, true, Payload(16)))));
  ASSERT_TRUE(p.ip);
  EXPECT_EQ(p.ip->id, 0xabcdef01u);
  p = Decode(Eth6(Ipv6("fd00::1", "fd00::2", kUdp, Payload(16))));
  ASSERT_TRUE(p.ip);
  EXPECT_EQ(p.ip->id, 0u);
}

}  // namespace
}  // namespace mtulab
