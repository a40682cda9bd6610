// Per-packet capture facts: aligned lists, per-protocol tallies, tunnel outer/inner lengths.
#include "harness/probes/capture_lists.h"

#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include "harness/probes/capture_summary.h"
#include "harness/probes/decode_test_util.h"

namespace mtulab {
namespace {

using namespace testing_packets;  // NOLINT: packet builders

std::string FactOr(const Facts& f, const std::string& name) {
  return f.Get(name).value_or("<absent>");
}

class CaptureListsTest : public ::testing::Test {
 protected:
  void Add(const Bytes& frame) {
    summary_.Add(frame.data(), frame.size(), static_cast<uint32_t>(frame.size()));
  }
  CaptureSummary summary_{DLT_EN10MB, 1500};
};

TEST_F(CaptureListsTest, NothingSeenGivesEmptyListsAndZeroCounts) {
  Facts f = summary_.ToFacts();
  for (const char* list : {"capture.ip_lengths", "capture.df", "capture.mf",
                           "capture.fragment_offsets", "capture.ip_ids", "capture.udp.ip_lengths",
                           "capture.tunneled.inner_ip_lengths", "capture.tunneled.kinds"}) {
    EXPECT_EQ(FactOr(f, list), "") << list;
  }
  EXPECT_EQ(*f.Value("capture.ip_lengths"), FactValue(IntegerList{}));
  EXPECT_EQ(FactOr(f, "capture.icmp.count"), "0");
  EXPECT_EQ(FactOr(f, "capture.tunneled.count"), "0");
}

TEST_F(CaptureListsTest, FragmentsListedPacketByPacketInOrder) {
  // A 3000-byte UDP datagram cut at 1500 (offsets 0, 1480, 2960), then a DF echo.
  Add(Eth4(Ipv4("10.0.0.1", "10.0.0.2", 17, Payload(1480), {.mf = true, .id = 7})));
  Add(Eth4(Ipv4("10.0.0.1", "10.0.0.2", 17, Payload(1480),
                {.mf = true, .fragment_offset = 1480, .id = 7})));
  Add(Eth4(Ipv4("10.0.0.1", "10.0.0.2", 17, Payload(48), {.fragment_offset = 2960, .id = 7})));
  Add(Eth4(Ipv4("10.0.0.1", "10.0.0.2", 1, Icmp(8, 0, 1, Payload(56)), {.df = true, .id = 0})));
  Add(Ethernet(0x0806, Payload(28)));  // ARP: no IP packet, in no list
  Facts f = summary_.ToFacts();
  EXPECT_EQ(FactOr(f, "capture.ip_lengths"), "1500,1500,68,84");
  EXPECT_EQ(FactOr(f, "capture.df"), "0,0,0,1");
  EXPECT_EQ(FactOr(f, "capture.mf"), "1,1,0,0");
  EXPECT_EQ(FactOr(f, "capture.fragment_offsets"), "0,1480,2960,0");
  EXPECT_EQ(FactOr(f, "capture.ip_ids"), "7,7,7,0");
  EXPECT_EQ(FactOr(f, "capture.udp.count"), "3");  // later fragments count by the IP header
  EXPECT_EQ(FactOr(f, "capture.udp.ip_lengths"), "1500,1500,68");
  EXPECT_EQ(FactOr(f, "capture.icmp.count"), "1");
  EXPECT_EQ(FactOr(f, "capture.icmp.ip_lengths"), "84");
  EXPECT_EQ(FactOr(f, "capture.tcp.count"), "0");
  EXPECT_EQ(FactOr(f, "capture.icmpv6.count"), "0");
  EXPECT_EQ(*f.Value("capture.ip_ids"), FactValue(IntegerList{7, 7, 7, 0}));
}

TEST_F(CaptureListsTest, TunnelPacketsPairOuterAndInnerLengths) {
  Bytes inner = Ipv4("10.0.0.1", "10.0.0.2", 1, Icmp(8, 0, 1, Payload(1000)), {.df = true});
  Add(Eth4(Ipv4("192.168.0.1", "192.168.0.2", 17, Udp(1, 4789, Vxlan(1, Eth4(inner))))));
  Add(Eth4(Ipv4("192.168.0.1", "192.168.0.2", 47, Gre(0x0800, inner))));
  Add(Eth4(Ipv4("192.168.0.1", "192.168.0.2", 17, Udp(1, 51820, Payload(1060)))));
  Facts f = summary_.ToFacts();
  EXPECT_EQ(FactOr(f, "capture.tunneled.count"), "2");
  EXPECT_EQ(FactOr(f, "capture.tunneled.outer_ip_lengths"), "1078,1052");
  EXPECT_EQ(FactOr(f, "capture.tunneled.inner_ip_lengths"), "1028,1028");
  EXPECT_EQ(FactOr(f, "capture.tunneled.kinds"), "vxlan,gre");
  EXPECT_EQ(FactOr(f, "capture.udp.ip_lengths"), "1078,1088");
}

TEST_F(CaptureListsTest, LinkHeaderLengthsCountVlanTags) {
  Bytes ip = Ipv4("10.0.0.1", "10.0.0.2", 1, Icmp(8, 0, 1, Payload(100)));
  Add(Eth4(ip));
  Add(Ethernet(0x8100, Concat({0x00, 0x14, 0x08, 0x00}, ip)));  // 802.1Q VLAN 20
  Add(Ethernet(0x88a8, Concat({0x00, 0x64, 0x81, 0x00, 0x00, 0x14, 0x08, 0x00}, ip)));  // Q-in-Q
  Add(Ethernet(0x0806, Payload(28)));  // ARP: no IP packet, not listed
  Facts f = summary_.ToFacts();
  EXPECT_EQ(FactOr(f, "capture.link_header_lengths"), "14,18,22");
  EXPECT_EQ(FactOr(f, "capture.ip_lengths"), "128,128,128");
}

TEST_F(CaptureListsTest, IcmpErrorsNameTheRefusedPacketsIdAndWhetherItWasSeen) {
  Bytes echo =
      Ipv4("10.0.1.1", "10.0.2.2", 1, Icmp(8, 0, 1, Payload(1472)), {.df = true, .id = 77});
  Add(Eth4(echo));
  Bytes quoted(echo.begin(), echo.begin() + 28);
  Add(Eth4(Ipv4("10.0.1.254", "10.0.1.1", 1, Icmp(3, 4, 1400, quoted))));
  Facts f = summary_.ToFacts();
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.inner_id"), "77");
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.inner_seen"), "true");
}

TEST_F(CaptureListsTest, AnErrorQuotingAPacketNotCapturedIsNotSeen) {
  // The echo seen had id 77; the error quotes one with id 78 (and one to another host).
  Add(Eth6(Ipv6("fd00:1::1", "fd00:2::2", 58, Icmp(128, 0, 1, Payload(1400)))));
  Bytes other = Ipv6("fd00:1::1", "fd00:2::3", 58, Icmp(128, 0, 1, Payload(8)));
  Add(Eth6(Ipv6("fd00:1::fe", "fd00:1::1", 58, Icmp(2, 0, 1400, other))));
  Facts f = summary_.ToFacts();
  EXPECT_EQ(FactOr(f, "capture.icmp6_packet_too_big.inner_id"), "0");
  EXPECT_EQ(FactOr(f, "capture.icmp6_packet_too_big.inner_seen"), "false");
  Bytes echo = Ipv4("10.0.1.1", "10.0.2.2", 1, Icmp(8, 0, 1, Payload(8)), {.df = true, .id = 77});
  Bytes quoted = Ipv4("10.0.1.1", "10.0.2.2", 1, Icmp(8, 0, 1, Payload(8)), {.df = true, .id = 78});
  Add(Eth4(echo));
  Add(Eth4(Ipv4("10.0.1.254", "10.0.1.1", 1, Icmp(3, 4, 1400, quoted))));
  EXPECT_EQ(FactOr(summary_.ToFacts(), "capture.icmp_frag_needed.inner_seen"), "false");
}

TEST_F(CaptureListsTest, ListsPastTheLimitAreAbsentNeverCutShort) {
  Bytes udp = Eth4(Ipv4("10.0.0.1", "10.0.0.2", 17, Udp(1, 2, Payload(10))));
  Bytes tcp = Eth4(Ipv4("10.0.0.1", "10.0.0.2", 6, Tcp(1, 2, kAck)));
  for (size_t i = 0; i < CaptureLists::kMaxListed; ++i) Add(udp);
  Add(tcp);  // one over in all, within the limit for TCP
  Facts f = summary_.ToFacts();
  for (const char* absent : {"capture.ip_lengths", "capture.df", "capture.mf",
                             "capture.fragment_offsets", "capture.ip_ids"}) {
    EXPECT_FALSE(f.Has(absent)) << absent;
  }
  ASSERT_TRUE(f.Has("capture.udp.ip_lengths"));
  EXPECT_EQ(std::get<IntegerList>(*f.Value("capture.udp.ip_lengths")).size(),
            CaptureLists::kMaxListed);
  EXPECT_EQ(FactOr(f, "capture.tcp.ip_lengths"), "40");
  Add(udp);
  f = summary_.ToFacts();
  EXPECT_FALSE(f.Has("capture.udp.ip_lengths"));
  EXPECT_EQ(FactOr(f, "capture.udp.count"), std::to_string(CaptureLists::kMaxListed + 1));
}

}  // namespace
}  // namespace mtulab
