#include "harness/probes/capture_summary.h"

#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include "harness/probes/decode_test_util.h"

namespace mtulab {
namespace {

using namespace testing_packets;  // NOLINT: packet builders

std::string FactOr(const Facts& f, const std::string& name) {
  return f.Get(name).value_or("<absent>");
}

class CaptureSummaryTest : public ::testing::Test {
 protected:
  void Add(const Bytes& frame) {
    summary_.Add(frame.data(), frame.size(), static_cast<uint32_t>(frame.size()));
    bytes_ += static_cast<int64_t>(frame.size());
  }
  Facts facts() const { return summary_.ToFacts(); }

  CaptureSummary summary_{DLT_EN10MB, 1400};
  int64_t bytes_ = 0;
};

TEST_F(CaptureSummaryTest, NothingSeen) {
  Facts f = facts();
  EXPECT_EQ(FactOr(f, "capture.packets"), "0");
  EXPECT_EQ(FactOr(f, "capture.bytes"), "0");
  EXPECT_EQ(FactOr(f, "capture.largest_packet"), "0");
  EXPECT_EQ(FactOr(f, "capture.if_mtu"), "1400");
  EXPECT_EQ(FactOr(f, "capture.over_mtu.count"), "0");
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.count"), "0");
  EXPECT_EQ(FactOr(f, "capture.icmp6_packet_too_big.count"), "0");
  EXPECT_EQ(FactOr(f, "capture.tcp_syn.count"), "0");
  EXPECT_EQ(FactOr(f, "capture.tcp_synack.count"), "0");
  for (const char* absent :
       {"capture.icmp_frag_needed.mtu", "capture.icmp_frag_needed.from",
        "capture.icmp_frag_needed.all_agree", "capture.icmp6_packet_too_big.mtu",
        "capture.tcp_syn.mss", "capture.tcp_syn.from", "capture.tcp_synack.mss"}) {
    EXPECT_FALSE(f.Has(absent)) << absent;
  }
}

TEST_F(CaptureSummaryTest, HandshakeFirstOfEachDirection) {
  Add(Eth4(Ipv4("10.0.1.1", "10.0.2.2", 6, Tcp(40000, 5001, kSyn, SynOptions(1460, 7)),
                {.df = true})));
  Add(Eth4(Ipv4("10.0.2.2", "10.0.1.1", 6,
                Tcp(5001, 40000, kSyn | kAck, {2, 4, 0x05, 0x50, 1, 3, 3, 9}), {.df = true})));
  // A retransmitted SYN with other options: the first one is reported.
  Add(Eth4(Ipv4("10.0.1.1", "10.0.2.2", 6, Tcp(40000, 5001, kSyn, {2, 4, 0x03, 0xe8}),
                {.df = true})));
  Facts f = facts();
  EXPECT_EQ(FactOr(f, "capture.tcp_syn.count"), "2");
  EXPECT_EQ(FactOr(f, "capture.tcp_syn.mss"), "1460");
  EXPECT_EQ(FactOr(f, "capture.tcp_syn.wscale"), "7");
  EXPECT_EQ(FactOr(f, "capture.tcp_syn.sack_permitted"), "true");
  EXPECT_EQ(FactOr(f, "capture.tcp_syn.from"), "10.0.1.1");
  EXPECT_EQ(FactOr(f, "capture.tcp_syn.to"), "10.0.2.2");
  EXPECT_EQ(FactOr(f, "capture.tcp_synack.count"), "1");
  EXPECT_EQ(FactOr(f, "capture.tcp_synack.mss"), "1360");
  EXPECT_EQ(FactOr(f, "capture.tcp_synack.wscale"), "9");
  EXPECT_EQ(FactOr(f, "capture.tcp_synack.sack_permitted"), "false");
  EXPECT_EQ(FactOr(f, "capture.tcp_synack.from"), "10.0.2.2");
  EXPECT_EQ(FactOr(f, "capture.tcp_synack.to"), "10.0.1.1");
  EXPECT_EQ(FactOr(f, "capture.tcp_df.count"), "3");
  EXPECT_EQ(FactOr(f, "capture.tcp_no_df.count"), "0");
  EXPECT_EQ(FactOr(f, "capture.packets"), "3");
  EXPECT_EQ(FactOr(f, "capture.bytes"), std::to_string(bytes_));
}

TEST_F(CaptureSummaryTest, SizesDfAndFragments) {
  // A GSO super-packet: 64000 bytes of IP on a 1400 interface.
  Add(Eth4(Ipv4("10.0.1.1", "10.0.2.2", 6, Tcp(1, 2, kAck, {}, Payload(63960)), {.df = true})));
  Add(Eth4(Ipv4("10.0.1.1", "10.0.2.2", 6, Tcp(1, 2, kAck, {}, Payload(1360)), {.df = true})));
  Add(Eth4(Ipv4("10.0.1.1", "10.0.2.2", 6, Tcp(1, 2, kAck, {}, Payload(1361)))));  // 1401
  Add(Eth4(Ipv4("10.0.1.1", "10.0.2.2", 17, Payload(1376), {.mf = true})));
  Add(Eth4(Ipv4("10.0.1.1", "10.0.2.2", 17, Payload(100), {.fragment_offset = 1376})));
  Add(Eth6(Ipv6("fd00:1::1", "fd00:2::2", 44, Ipv6Fragment(17, 0, true, Payload(1232)))));
  Add(Ethernet(0x0806, Payload(28)));
  Facts f = facts();
  EXPECT_EQ(FactOr(f, "capture.packets"), "7");
  EXPECT_EQ(FactOr(f, "capture.bytes"), std::to_string(bytes_));
  EXPECT_EQ(FactOr(f, "capture.largest_packet"), "64000");
  EXPECT_EQ(FactOr(f, "capture.over_mtu.count"), "2");  // 64000 and 1401; 1400 is not over
  EXPECT_EQ(FactOr(f, "capture.tcp_df.count"), "2");
  EXPECT_EQ(FactOr(f, "capture.tcp_no_df.count"), "1");
  EXPECT_EQ(FactOr(f, "capture.ipv4_fragments.count"), "2");
  EXPECT_EQ(FactOr(f, "capture.ipv6_fragments.count"), "1");
  EXPECT_EQ(FactOr(f, "capture.tcp_syn.count"), "0");
}

Bytes FragNeeded(const std::string& from, uint32_t mtu) {
  Bytes quoted = Ipv4("10.0.1.1", "10.0.2.2", 6, Payload(8), {.df = true, .total_length = 1500});
  return Eth4(Ipv4(from, "10.0.1.1", 1, Icmp(3, 4, mtu, quoted)));
}

TEST_F(CaptureSummaryTest, FragNeededFirstAndAgreement) {
  Add(FragNeeded("10.0.1.254", 1400));
  Add(FragNeeded("10.0.1.254", 1400));
  Facts f = facts();
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.count"), "2");
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.mtu"), "1400");
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.from"), "10.0.1.254");
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.all_agree"), "true");
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.inner_protocol"), "tcp");
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.inner_src"), "10.0.1.1");
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.inner_dst"), "10.0.2.2");
  // Another router with another MTU: the first is still reported, but they disagree.
  Add(FragNeeded("172.20.20.2", 1300));
  f = facts();
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.count"), "3");
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.mtu"), "1400");
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.all_agree"), "false");
}

TEST_F(CaptureSummaryTest, PacketTooBig) {
  Bytes quoted = Ipv6("fd00:1::1", "fd00:2::2", 58, Icmp(128, 0, 0x00010001, Payload(1452)));
  quoted.resize(48);
  Add(Eth6(Ipv6("fd00:1::254", "fd00:1::1", 58, Icmp(2, 0, 1280, quoted))));
  Add(Eth6(Ipv6("fd00:1::253", "fd00:1::1", 58, Icmp(2, 0, 1280, quoted))));
  Facts f = facts();
  EXPECT_EQ(FactOr(f, "capture.icmp6_packet_too_big.count"), "2");
  EXPECT_EQ(FactOr(f, "capture.icmp6_packet_too_big.mtu"), "1280");
  EXPECT_EQ(FactOr(f, "capture.icmp6_packet_too_big.from"), "fd00:1::254");
  EXPECT_EQ(FactOr(f, "capture.icmp6_packet_too_big.all_agree"), "false");  // two sources
  EXPECT_EQ(FactOr(f, "capture.icmp6_packet_too_big.inner_protocol"), "icmpv6");
  EXPECT_EQ(FactOr(f, "capture.icmp6_packet_too_big.inner_src"), "fd00:1::1");
  EXPECT_EQ(FactOr(f, "capture.icmp6_packet_too_big.inner_dst"), "fd00:2::2");
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.count"), "0");
}

TEST_F(CaptureSummaryTest, TruncatedCaptureCountsWireLength) {
  Bytes frame = Eth4(Ipv4("10.0.1.1", "10.0.2.2", 6, Tcp(1, 2, kAck, {}, Payload(8960))));
  summary_.Add(frame.data(), 96, static_cast<uint32_t>(frame.size()));  // snaplen 96
  Facts f = facts();
  EXPECT_EQ(FactOr(f, "capture.bytes"), std::to_string(frame.size()));
  EXPECT_EQ(FactOr(f, "capture.largest_packet"), "9000");
  EXPECT_EQ(FactOr(f, "capture.over_mtu.count"), "1");
}

}  // namespace
}  // namespace mtulab
