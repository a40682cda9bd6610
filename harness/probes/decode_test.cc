#include "harness/probes/decode.h"

#include <gtest/gtest.h>
#include <pcap/pcap.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>

#include "harness/probes/decode_test_util.h"
#include "harness/sys/pcap.h"

namespace mtulab {
namespace {

using namespace testing_packets;  // NOLINT: packet builders

DecodedPacket Decode(const Bytes& frame, int dlt = DLT_EN10MB) {
  // An exactly-sized heap copy: a read past caplen is an overflow the sanitizers report.
  std::unique_ptr<uint8_t[]> copy(new uint8_t[frame.size() + 1]);
  std::copy(frame.begin(), frame.end(), copy.get());
  return DecodePacket(dlt, copy.get(), frame.size(), static_cast<uint32_t>(frame.size()));
}

Bytes SynFrame() {
  return Eth4(Ipv4("10.0.1.1", "10.0.2.2", 6, Tcp(40000, 5001, kSyn, SynOptions(1460, 7)),
                   {.df = true}));
}

TEST(DecodeTest, Ipv4TcpSynOnEthernet) {
  DecodedPacket p = Decode(SynFrame());
  EXPECT_EQ(p.link_header, 14u);
  EXPECT_EQ(p.ethertype, 0x0800);
  ASSERT_TRUE(p.ip);
  EXPECT_EQ(p.ip->version, 4);
  EXPECT_EQ(p.ip->src.ToString(), "10.0.1.1");
  EXPECT_EQ(p.ip->dst.ToString(), "10.0.2.2");
  EXPECT_EQ(p.ip->protocol, 6);
  EXPECT_EQ(p.ip->length, 52u);  // 20 IP + 20 TCP + 12 options
  EXPECT_EQ(p.ip->header_length, 20u);
  EXPECT_EQ(p.ip->ttl, 64);
  EXPECT_TRUE(p.ip->df);
  EXPECT_FALSE(p.ip->mf);
  EXPECT_FALSE(p.ip->IsFragment());
  EXPECT_EQ(p.L3Length(), 52u);
  ASSERT_TRUE(p.tcp);
  EXPECT_EQ(p.tcp->src_port, 40000);
  EXPECT_EQ(p.tcp->dst_port, 5001);
  EXPECT_TRUE(p.tcp->Syn());
  EXPECT_FALSE(p.tcp->Ack());
  EXPECT_EQ(p.tcp->header_length, 32u);
  EXPECT_EQ(p.tcp->mss, 1460);
  EXPECT_EQ(p.tcp->wscale, 7);
  EXPECT_TRUE(p.tcp->sack_permitted);
  EXPECT_FALSE(p.icmp);
}

TEST(DecodeTest, TcpWithoutOptionsHasNone) {
  DecodedPacket p = Decode(Eth4(Ipv4("10.0.2.2", "10.0.1.1", 6, Tcp(5001, 40000, kAck))));
  ASSERT_TRUE(p.tcp);
  EXPECT_TRUE(p.tcp->Ack());
  EXPECT_FALSE(p.tcp->mss);
  EXPECT_FALSE(p.tcp->wscale);
  EXPECT_FALSE(p.tcp->sack_permitted);
  EXPECT_FALSE(p.ip->df);
}

TEST(DecodeTest, Ipv4FragmentsFirstCarriesTheHeaderLaterOnesDoNot) {
  Bytes tcp = Tcp(1, 2, kAck, {}, Payload(100));
  DecodedPacket first = Decode(Eth4(Ipv4("10.0.1.1", "10.0.2.2", 6, tcp, {.mf = true})));
  ASSERT_TRUE(first.ip);
  EXPECT_TRUE(first.ip->mf);
  EXPECT_EQ(first.ip->fragment_offset, 0u);
  EXPECT_TRUE(first.ip->IsFragment());
  EXPECT_TRUE(first.tcp);
  // A later fragment whose payload happens to look like a TCP header is not decoded as one.
  DecodedPacket later =
      Decode(Eth4(Ipv4("10.0.1.1", "10.0.2.2", 6, tcp, {.fragment_offset = 1480})));
  ASSERT_TRUE(later.ip);
  EXPECT_FALSE(later.ip->mf);
  EXPECT_EQ(later.ip->fragment_offset, 1480u);
  EXPECT_TRUE(later.ip->IsFragment());
  EXPECT_FALSE(later.tcp);
}

TEST(DecodeTest, IcmpFragNeededCarriesMtuAndQuotedHeader) {
  // What a router sends back for a 1500-byte DF echo: the offending header plus 8 bytes.
  Bytes offending = Ipv4("10.0.1.1", "10.0.2.2", 1, Icmp(8, 0, 0x00010001, Payload(1472)),
                         {.df = true});
  Bytes quoted(offending.begin(), offending.begin() + 28);
  DecodedPacket p = Decode(Eth4(Ipv4("10.0.1.254", "10.0.1.1", 1, Icmp(3, 4, 1400, quoted))));
  ASSERT_TRUE(p.icmp);
  EXPECT_EQ(p.icmp->version, 4);
  EXPECT_EQ(p.icmp->type, 3);
  EXPECT_EQ(p.icmp->code, 4);
  EXPECT_TRUE(p.icmp->IsFragNeeded());
  EXPECT_EQ(p.icmp->mtu, 1400u);
  ASSERT_TRUE(p.icmp->quoted);
  EXPECT_EQ(p.icmp->quoted->src.ToString(), "10.0.1.1");
  EXPECT_EQ(p.icmp->quoted->dst.ToString(), "10.0.2.2");
  EXPECT_EQ(p.icmp->quoted->protocol, 1);
  EXPECT_EQ(p.icmp->quoted->length, 1500u);  // the original's, though 28 bytes were quoted
  EXPECT_TRUE(p.icmp->quoted->df);
  EXPECT_EQ(p.ip->src.ToString(), "10.0.1.254");
}

TEST(DecodeTest, IcmpEchoAndOtherErrorsCarryNoMtu) {
  DecodedPacket echo =
      Decode(Eth4(Ipv4("10.0.1.1", "10.0.2.2", 1, Icmp(8, 0, 0x00010001, Payload(56)))));
  ASSERT_TRUE(echo.icmp);
  EXPECT_FALSE(echo.icmp->mtu);
  EXPECT_FALSE(echo.icmp->quoted);
  Bytes quoted = Ipv4("10.0.1.1", "10.0.9.9", 17, Payload(8));
  DecodedPacket unreachable = Decode(Eth4(Ipv4("10.0.1.254", "10.0.1.1", 1,
                                               Icmp(3, 1, 0, quoted))));
  ASSERT_TRUE(unreachable.icmp);
  EXPECT_FALSE(unreachable.icmp->IsFragNeeded());
  EXPECT_FALSE(unreachable.icmp->mtu);
  ASSERT_TRUE(unreachable.icmp->quoted);
  EXPECT_EQ(unreachable.icmp->quoted->protocol, 17);
}

TEST(DecodeTest, IcmpWithTooShortQuoteHasNoQuotedHeader) {
  DecodedPacket p =
      Decode(Eth4(Ipv4("10.0.1.254", "10.0.1.1", 1, Icmp(3, 4, 1400, Payload(10)))));
  ASSERT_TRUE(p.icmp);
  EXPECT_EQ(p.icmp->mtu, 1400u);
  EXPECT_FALSE(p.icmp->quoted);
}

TEST(DecodeTest, Icmpv6PacketTooBig) {
  Bytes offending = Ipv6("fd00:1::1", "fd00:2::2", 58, Icmp(128, 0, 0x00010001, Payload(1452)));
  Bytes quoted(offending.begin(), offending.begin() + 48);
  DecodedPacket p = Decode(Eth6(Ipv6("fd00:1::254", "fd00:1::1", 58, Icmp(2, 0, 1400, quoted))));
  EXPECT_EQ(p.ethertype, 0x86dd);
  ASSERT_TRUE(p.ip);
  EXPECT_EQ(p.ip->version, 6);
  EXPECT_EQ(p.ip->src.ToString(), "fd00:1::254");
  EXPECT_EQ(p.ip->length, 40u + 8 + 48);
  ASSERT_TRUE(p.icmp);
  EXPECT_EQ(p.icmp->version, 6);
  EXPECT_TRUE(p.icmp->IsPacketTooBig());
  EXPECT_FALSE(p.icmp->IsFragNeeded());
  EXPECT_EQ(p.icmp->mtu, 1400u);
  ASSERT_TRUE(p.icmp->quoted);
  EXPECT_EQ(p.icmp->quoted->src.ToString(), "fd00:1::1");
  EXPECT_EQ(p.icmp->quoted->dst.ToString(), "fd00:2::2");
  EXPECT_EQ(p.icmp->quoted->protocol, 58);
  EXPECT_EQ(p.icmp->quoted->length, 1500u);
}

TEST(DecodeTest, Ipv6ExtensionAndFragmentHeaders) {
  Bytes tcp = Tcp(1, 2, kSyn, SynOptions(1220, 0));
  // Hop-by-hop, then a first fragment (more follow) carrying TCP.
  DecodedPacket first = Decode(Eth6(
      Ipv6("fd00:1::1", "fd00:2::2", 0, Ipv6Options(44, Ipv6Fragment(6, 0, true, tcp)))));
  ASSERT_TRUE(first.ip);
  EXPECT_TRUE(first.ip->has_fragment_header);
  EXPECT_TRUE(first.ip->mf);
  EXPECT_EQ(first.ip->fragment_offset, 0u);
  EXPECT_TRUE(first.ip->IsFragment());
  EXPECT_EQ(first.ip->protocol, 6);
  EXPECT_EQ(first.ip->header_length, 56u);
  ASSERT_TRUE(first.tcp);
  EXPECT_EQ(first.tcp->mss, 1220);
  EXPECT_EQ(first.tcp->wscale, 0);
  DecodedPacket later =
      Decode(Eth6(Ipv6("fd00:1::1", "fd00:2::2", 44, Ipv6Fragment(6, 1232, false, tcp))));
  EXPECT_EQ(later.ip->fragment_offset, 1232u);
  EXPECT_TRUE(later.ip->IsFragment());
  EXPECT_FALSE(later.tcp);
  // An atomic fragment (offset 0, no more) is a whole packet.
  DecodedPacket atomic =
      Decode(Eth6(Ipv6("fd00:1::1", "fd00:2::2", 44, Ipv6Fragment(6, 0, false, tcp))));
  EXPECT_TRUE(atomic.ip->has_fragment_header);
  EXPECT_FALSE(atomic.ip->IsFragment());
  EXPECT_TRUE(atomic.tcp);
}

TEST(DecodeTest, VlanTagsAreSkipped) {
  Bytes ip = Ipv4("10.0.1.1", "10.0.2.2", 6, Tcp(1, 2, kSyn, SynOptions(8960, 9)));
  Bytes frame = Ethernet(0x8100, Concat({0x00, 0x14, 0x08, 0x00}, ip));  // VLAN 20
  DecodedPacket p = Decode(frame);
  EXPECT_EQ(p.link_header, 18u);
  EXPECT_EQ(p.ethertype, 0x0800);
  ASSERT_TRUE(p.tcp);
  EXPECT_EQ(p.tcp->mss, 8960);
}

// Ethertype 0x8847: 4 bytes per label up to the bottom-of-stack bit, then IP by its version.
TEST(DecodeTest, MplsLabelStacksAreSkipped) {
  Bytes ip = Ipv4("10.0.1.1", "10.100.0.2", 6, Tcp(1, 2, kSyn, SynOptions(1456, 7)));
  Bytes one = Ethernet(0x8847, Concat({0x00, 0x06, 0x41, 0x40}, ip));  // 100, S, TTL 64
  DecodedPacket p = Decode(one);
  EXPECT_EQ(p.link_header, 18u);
  EXPECT_EQ(p.mpls_labels, 1u);
  EXPECT_EQ(p.ethertype, 0x0800);
  ASSERT_TRUE(p.tcp);
  EXPECT_EQ(p.tcp->mss, 1456);
  Bytes two = Ethernet(0x8847, Concat({0x00, 0x06, 0x40, 0x40, 0x00, 0x0c, 0x81, 0x40}, ip));
  DecodedPacket q = Decode(two);
  EXPECT_EQ(q.link_header, 22u);
  EXPECT_EQ(q.mpls_labels, 2u);
  ASSERT_TRUE(q.ip);
  EXPECT_EQ(q.ip->length, ip.size());
  Bytes ip6 = Ipv6("fd00:1::1", "fd00:2::2", 6, Tcp(1, 2, kSyn, SynOptions(1436, 7)));
  DecodedPacket v6 = Decode(Ethernet(0x8847, Concat({0x00, 0x06, 0x41, 0x40}, ip6)));
  EXPECT_EQ(v6.ethertype, 0x86dd);
  ASSERT_TRUE(v6.tcp);
  // A stack without its bottom entry in the frame is cut short; a non-IP payload is not IP.
  EXPECT_FALSE(Decode(Ethernet(0x8847, {0x00, 0x06, 0x40, 0x40, 0x00, 0x0c})).ip);
  DecodedPacket other = Decode(Ethernet(0x8847, Concat({0x00, 0x06, 0x41, 0x40}, Payload(20))));
  EXPECT_EQ(other.ethertype, 0u);
  EXPECT_FALSE(other.ip);
  EXPECT_EQ(other.L3Length(), 20u);
}

TEST(DecodeTest, RawAndLinuxCookedLinkLayers) {
  Bytes ip = Ipv4("10.0.1.1", "10.0.2.2", 6, Tcp(1, 2, kSyn, SynOptions(1380, 2)));
  DecodedPacket raw = Decode(ip, DLT_RAW);
  EXPECT_EQ(raw.link_header, 0u);
  ASSERT_TRUE(raw.tcp);
  EXPECT_EQ(raw.tcp->mss, 1380);
  Bytes sll(16, 0);
  Put16(sll, 14, 0x0800);
  DecodedPacket cooked = Decode(Concat(sll, ip), DLT_LINUX_SLL);
  EXPECT_EQ(cooked.link_header, 16u);
  ASSERT_TRUE(cooked.tcp);
  Bytes sll2(20, 0);
  Put16(sll2, 0, 0x0800);
  DecodedPacket cooked2 = Decode(Concat(sll2, ip), DLT_LINUX_SLL2);
  EXPECT_EQ(cooked2.link_header, 20u);
  ASSERT_TRUE(cooked2.tcp);
  EXPECT_EQ(cooked2.tcp->wscale, 2);
  EXPECT_EQ(LinkLayerOf(DLT_EN10MB), LinkLayer::kEthernet);
  EXPECT_EQ(LinkLayerOf(101), LinkLayer::kRaw);  // LINKTYPE_RAW as pcap files store it
  EXPECT_EQ(LinkLayerOf(DLT_NULL), LinkLayer::kUnknown);
  DecodedPacket unknown = Decode(ip, DLT_NULL);
  EXPECT_FALSE(unknown.ip);
  EXPECT_EQ(unknown.L3Length(), ip.size());
}

TEST(DecodeTest, NonIpFrameCountsBytesAfterTheLinkHeader) {
  DecodedPacket arp = Decode(Ethernet(0x0806, Payload(28)));
  EXPECT_EQ(arp.ethertype, 0x0806);
  EXPECT_FALSE(arp.ip);
  EXPECT_EQ(arp.L3Length(), 28u);
}

TEST(DecodeTest, EveryTruncationDecodesOnlyWhatIsThere) {
  Bytes frame = SynFrame();  // 14 + 20 + 32
  for (size_t len = 0; len <= frame.size(); ++len) {
    DecodedPacket p = Decode(Bytes(frame.begin(), frame.begin() + len));
    EXPECT_EQ(p.ip.has_value(), len >= 34) << len;
    EXPECT_EQ(p.tcp.has_value(), len >= 54) << len;
    // Options are read as far as they were captured: MSS needs 4 of the 12 option bytes.
    EXPECT_EQ(p.tcp && p.tcp->mss.has_value(), len >= 58) << len;
    EXPECT_EQ(p.tcp && p.tcp->wscale.has_value(), len >= 64) << len;
  }
}

TEST(DecodeTest, GarbageHeadersAreRejected) {
  Bytes ip = Ipv4("10.0.1.1", "10.0.2.2", 6, Tcp(1, 2, kSyn, SynOptions(1460, 7)));
  Bytes bad_ihl = ip;
  bad_ihl[0] = 0x44;  // IHL 4: shorter than the fixed header
  EXPECT_FALSE(Decode(Eth4(bad_ihl)).ip);
  Bytes long_ihl = ip;
  long_ihl[0] = 0x4f;  // 60-byte header: options run past the 52 bytes there
  EXPECT_FALSE(Decode(Eth4(long_ihl)).ip);
  Bytes short_total = ip;
  Put16(short_total, 2, 12);  // total length below the header length
  EXPECT_FALSE(Decode(Eth4(short_total)).tcp);
  Bytes bad_offset = ip;
  bad_offset[20 + 12] = 0x40;  // TCP data offset 4
  EXPECT_FALSE(Decode(Eth4(bad_offset)).tcp);
  Bytes zero_option = Eth4(Ipv4("10.0.1.1", "10.0.2.2", 6, Tcp(1, 2, kSyn, {3, 0, 2, 4})));
  ASSERT_TRUE(Decode(zero_option).tcp);  // an option of length 0 ends the walk
  EXPECT_FALSE(Decode(zero_option).tcp->wscale);
  Bytes long_option = Eth4(Ipv4("10.0.1.1", "10.0.2.2", 6, Tcp(1, 2, kSyn, {2, 40, 5, 180})));
  EXPECT_FALSE(Decode(long_option).tcp->mss);
  Bytes v6_in_v4 = Eth4(Ipv6("fd00:1::1", "fd00:2::2", 59, {}));  // ethertype says IPv4
  EXPECT_FALSE(Decode(v6_in_v4).ip);
  Bytes ext = Ipv6("fd00:1::1", "fd00:2::2", 60, {6, 200, 0, 0, 0, 0, 0, 0});
  EXPECT_FALSE(Decode(Eth6(ext)).ip);  // extension header longer than the packet
}

TEST(DecodeTest, RandomBytesNeverCrash) {
  std::mt19937 rng(20261123);
  const int kDlts[] = {DLT_EN10MB, DLT_RAW, DLT_LINUX_SLL, DLT_LINUX_SLL2};
  Bytes seed = SynFrame();
  for (int i = 0; i < 20000; ++i) {
    Bytes b = seed;
    b.resize(rng() % 120);
    for (size_t j = 0; j < b.size(); ++j) {
      if (rng() % 4 == 0) b[j] = static_cast<uint8_t>(rng());
    }
    if (i % 3 == 0 && b.size() > 14) b[14] = (rng() % 2 ? 0x40 : 0x60) | (rng() % 16);
    DecodedPacket p = Decode(b, kDlts[i % 4]);
    if (p.ip) {
      EXPECT_GE(b.size(), p.link_header + 20u);
    }
  }
}

TEST(DecodeTest, ProtocolNames) {
  EXPECT_EQ(IpProtocolName(1), "icmp");
  EXPECT_EQ(IpProtocolName(6), "tcp");
  EXPECT_EQ(IpProtocolName(17), "udp");
  EXPECT_EQ(IpProtocolName(58), "icmpv6");
  EXPECT_EQ(IpProtocolName(47), "47");
}

// pcap_open_dead + pcap_dump out, pcap_open_offline back in: no root, no interface.
TEST(DecodeTest, PcapFileRoundTrip) {
  std::string path = std::filesystem::temp_directory_path() /
                     ("mtulab-decode-" + std::to_string(::getpid()) + ".pcap");
  Bytes frag = Eth4(Ipv4("10.0.1.254", "10.0.1.1", 1,
                         Icmp(3, 4, 1400, Ipv4("10.0.1.1", "10.0.2.2", 1, Payload(8)))));
  std::vector<CapturedPacket> packets = {
      {{1700000000, 123456}, static_cast<uint32_t>(SynFrame().size()), SynFrame()},
      {{1700000001, 5}, 1514, Bytes(frag.begin(), frag.end())},
  };
  packets[1].wire_length = 1514;  // as if a snaplen had cut the frame short
  WritePcapFile(path, DLT_EN10MB, 262144, packets);
  PcapFile back = ReadPcapFile(path);
  std::filesystem::remove(path);
  EXPECT_EQ(back.dlt, DLT_EN10MB);
  EXPECT_EQ(back.snaplen, 262144u);
  ASSERT_EQ(back.packets.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(back.packets[i].data, packets[i].data);
    EXPECT_EQ(back.packets[i].wire_length, packets[i].wire_length);
    EXPECT_EQ(back.packets[i].ts.tv_sec, packets[i].ts.tv_sec);
    EXPECT_EQ(back.packets[i].ts.tv_usec, packets[i].ts.tv_usec);
  }
  const CapturedPacket& b = back.packets[1];
  DecodedPacket p = DecodePacket(back.dlt, b.data.data(), b.data.size(), b.wire_length);
  ASSERT_TRUE(p.icmp);
  EXPECT_EQ(p.icmp->mtu, 1400u);
  EXPECT_EQ(p.icmp->quoted->dst.ToString(), "10.0.2.2");
  EXPECT_EQ(p.wire_length, 1514u);
}

TEST(DecodeTest, PcapFileErrorsNameThePath) {
  try {
    ReadPcapFile("/nonexistent/x.pcap");
    FAIL() << "no error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("reading /nonexistent/x.pcap"), std::string::npos)
        << e.what();
  }
  try {
    WritePcapFile("/nonexistent/x.pcap", DLT_EN10MB, 65535, {});
    FAIL() << "no error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("writing /nonexistent/x.pcap"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace mtulab
