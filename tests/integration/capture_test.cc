// <capture-start>/<capture-stop> on the chain h1 -- r -- h2 (bottleneck r -> h2 at 1400):
// real DF pings and TCP through a real router, captured with libpcap inside the namespaces.
#include <dirent.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "harness/probes/capture.h"
#include "harness/probes/decode.h"
#include "harness/probes/decode_test_util.h"
#include "harness/probes/probe.h"
#include "harness/sys/sys_error.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

CaptureStartStep Start(const std::string& name, const std::string& node,
                       const std::string& ifname, const std::string& filter) {
  return CaptureStartStep{name, Target{node + ":" + ifname, node, ifname}, filter, 262144};
}

std::string ReadFileText(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// Threads of this process (each capture runs one reader thread).
int ThreadCount() { return static_cast<int>(DirEntries("/proc/self/task").size()); }

class CaptureTest : public ::testing::Test, public ChainLabHolder {
 protected:
  void SetUp() override {
    MTULAB_REQUIRE_ROOT();
    BuildLab();
  }
  Facts Stop(const std::string& name) { return RunCaptureStop(ctx(), CaptureStopStep{name}); }
  const FinishedCapture& Finished(const std::string& name) {
    for (const FinishedCapture& c : ctx().captures->finished()) {
      if (c.name == name) return c;
    }
    throw std::runtime_error("no finished capture " + name);
  }
};

TEST_F(CaptureTest, Ipv4FragNeededFromTheRouter) {
  Facts start = RunCaptureStart(ctx(), Start("wire", "h1", "eth0", "icmp"));
  EXPECT_EQ(FactOr(start, "capture.linktype"), "EN10MB");
  EXPECT_EQ(FactOr(start, "capture.if_mtu"), "1500");
  Facts ping = RunPing(ctx(), MakePing("h1", "10.0.2.2", Family::kIpv4, 1472));
  ASSERT_EQ(FactOr(ping, "ping.result"), "frag_needed") << Dump(ping);
  Facts f = Stop("wire");
  EXPECT_EQ(FactOr(f, "capture.packets"), "2") << Dump(f);  // the echo and the error
  EXPECT_EQ(FactOr(f, "capture.kept_packets"), "2");
  EXPECT_EQ(FactOr(f, "capture.pcap_drops"), "0");
  EXPECT_EQ(FactOr(f, "capture.largest_packet"), "1500");
  EXPECT_EQ(FactOr(f, "capture.over_mtu.count"), "0");
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.count"), "1");
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.mtu"), "1400");
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.from"), "10.0.1.254");
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.all_agree"), "true");
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.inner_protocol"), "icmp");
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.inner_src"), "10.0.1.1");
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.inner_dst"), "10.0.2.2");
  EXPECT_EQ(FactOr(f, "capture.icmp6_packet_too_big.count"), "0");
  // 1500-byte echo + 14 Ethernet; the error is 576 bytes of IP (RFC 1812's limit) + 14.
  EXPECT_EQ(FactOr(f, "capture.bytes"), std::to_string(1514 + 590)) << Dump(f);
  const FinishedCapture& c = Finished("wire");
  EXPECT_EQ(c.node, "h1");
  EXPECT_EQ(c.ifname, "eth0");
  EXPECT_EQ(c.packets.size(), 2u);
}

TEST_F(CaptureTest, Ipv6PacketTooBigOnTheRouterIngress) {
  RunCaptureStart(ctx(), Start("ptb", "r", "eth1", "icmp6 and ip6[40] == 2"));
  Facts ping = RunPing(ctx(), MakePing("h1", "fd00:2::2", Family::kIpv6, 1452));
  ASSERT_EQ(FactOr(ping, "ping.result"), "packet_too_big") << Dump(ping);
  Facts f = Stop("ptb");
  EXPECT_EQ(FactOr(f, "capture.packets"), "1") << Dump(f);
  EXPECT_EQ(FactOr(f, "capture.icmp6_packet_too_big.count"), "1");
  EXPECT_EQ(FactOr(f, "capture.icmp6_packet_too_big.mtu"), "1400");
  EXPECT_EQ(FactOr(f, "capture.icmp6_packet_too_big.from"), "fd00:1::254");
  EXPECT_EQ(FactOr(f, "capture.icmp6_packet_too_big.all_agree"), "true");
  EXPECT_EQ(FactOr(f, "capture.icmp6_packet_too_big.inner_protocol"), "icmpv6");
  EXPECT_EQ(FactOr(f, "capture.icmp6_packet_too_big.inner_src"), "fd00:1::1");
  EXPECT_EQ(FactOr(f, "capture.icmp6_packet_too_big.inner_dst"), "fd00:2::2");
  // RFC 4443: the error fills up to the minimum MTU, 1280 bytes.
  EXPECT_EQ(FactOr(f, "capture.largest_packet"), "1280");
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.count"), "0");
}

TEST_F(CaptureTest, RouterFragmentsDfLessEchoesAndTheReceiverFragmentsItsReply) {
  RunCaptureStart(ctx(), Start("frags", "h2", "eth0", "icmp"));
  Facts ping = RunPing(ctx(), MakePing("h1", "10.0.2.2", Family::kIpv4, 1472, DfMode::kDont));
  ASSERT_EQ(FactOr(ping, "ping.result"), "reply") << Dump(ping);
  Facts f = Stop("frags");
  // Request: 1500 bytes split by r into 2 fragments; reply: split by h2 itself (MTU 1400).
  EXPECT_EQ(FactOr(f, "capture.packets"), "4") << Dump(f);
  EXPECT_EQ(FactOr(f, "capture.ipv4_fragments.count"), "4");
  EXPECT_EQ(FactOr(f, "capture.ipv6_fragments.count"), "0");
  EXPECT_EQ(FactOr(f, "capture.largest_packet"), "1396");  // 20 + 1376 (a multiple of 8)
  EXPECT_EQ(FactOr(f, "capture.over_mtu.count"), "0");
}

TEST_F(CaptureTest, Ipv6SenderFragmentsAfterPacketTooBig) {
  RunCaptureStart(ctx(), Start("frags6", "r", "eth2", "ip6"));
  RunPing(ctx(), MakePing("h1", "fd00:2::2", Family::kIpv6, 1452, DfMode::kDo));
  Facts ping = RunPing(ctx(), MakePing("h1", "fd00:2::2", Family::kIpv6, 1452, DfMode::kDont));
  ASSERT_EQ(FactOr(ping, "ping.result"), "reply") << Dump(ping);
  Facts f = Stop("frags6");
  // h1 fragments the second echo for the learned 1400; h2 fragments its reply (MTU 1400).
  EXPECT_EQ(FactOr(f, "capture.ipv6_fragments.count"), "4") << Dump(f);
  EXPECT_EQ(FactOr(f, "capture.ipv4_fragments.count"), "0");
}

TEST_F(CaptureTest, FilterSelectsAndTwoCapturesShareAnInterface) {
  RunCaptureStart(ctx(), Start("icmp_only", "h1", "eth0", "icmp"));
  CaptureStartStep tcp_only = Start("tcp_only", "h1", "eth0", "tcp");
  tcp_only.empty_allowed = true;  // the filter keeps nothing of the pings
  RunCaptureStart(ctx(), tcp_only);
  RunCaptureStart(ctx(), Start("all", "h1", "eth0", ""));
  Facts ping = RunPing(ctx(), MakePing("h1", "10.0.1.254", Family::kIpv4, 56, DfMode::kDo, 3));
  ASSERT_EQ(FactOr(ping, "ping.replies"), "3") << Dump(ping);
  Facts icmp = Stop("icmp_only"), tcp = Stop("tcp_only"), all = Stop("all");
  EXPECT_EQ(FactOr(icmp, "capture.packets"), "6") << Dump(icmp);
  EXPECT_EQ(FactOr(tcp, "capture.packets"), "0") << Dump(tcp);
  // Unfiltered also sees what else crosses (ARP, IPv6 neighbour traffic): at least the 6.
  EXPECT_GE(std::stoi(FactOr(all, "capture.packets")), 6) << Dump(all);
  EXPECT_EQ(ctx().captures->finished().size(), 3u);
}

// Zero counts of an empty capture would pass "no fragment" expectations without any traffic
// having crossed: an error, unless the step allows it (then the counts are facts).
TEST_F(CaptureTest, AnEmptyCaptureIsAnErrorUnlessAllowed) {
  RunCaptureStart(ctx(), Start("quiet", "h1", "eth0", "tcp port 9"));
  CaptureStartStep allowed = Start("allowed", "h1", "eth0", "tcp port 9");
  allowed.empty_allowed = true;
  RunCaptureStart(ctx(), allowed);
  try {
    Stop("quiet");
    FAIL() << "no error";
  } catch (const SysError& e) {
    EXPECT_EQ(e.error_code(), ENODATA);
    EXPECT_EQ(std::string(e.what()),
              "capture 'quiet' on h1:eth0 (filter \"tcp port 9\") saw no packet; its facts would "
              "be vacuous (say empty=\"allowed\" on <capture-start> if that is the expectation): "
              "capture empty");
  }
  EXPECT_EQ(Finished("quiet").packets.size(), 0u);  // still kept for the case's files
  Facts f = Stop("allowed");
  EXPECT_EQ(FactOr(f, "capture.packets"), "0") << Dump(f);
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.count"), "0") << Dump(f);
  EXPECT_EQ(FactOr(f, "capture.ipv4_fragments.count"), "0") << Dump(f);
}

TEST_F(CaptureTest, BadFilterAndBadInterfaceAreClearErrors) {
  try {
    RunCaptureStart(ctx(), Start("bad", "h1", "eth0", "icmp orr tcp"));
    FAIL() << "no error";
  } catch (const SysError& e) {
    EXPECT_EQ(std::string(e.what()),
              "capture 'bad' on h1:eth0: compiling filter 'icmp orr tcp': can't parse filter "
              "expression: syntax error");
  }
  try {
    RunCaptureStart(ctx(), Start("nodev", "h1", "eth7", ""));
    FAIL() << "no error";
  } catch (const SysError& e) {
    std::string what = e.what();
    EXPECT_EQ(what.rfind("capture 'nodev' on h1:eth7: activating: ", 0), 0u) << what;
    EXPECT_NE(what.find("No such device"), std::string::npos) << what;
  }
  EXPECT_TRUE(ctx().captures == nullptr || ctx().captures->finished().empty());
}

// A TUN device (what wireguard-go uses) has no link-layer header: libpcap gives DLT_RAW and
// the decoders start at the IP header. The test writes a frag-needed into the TUN, which
// the kernel then receives on tun0.
TEST_F(CaptureTest, RawLinkTypeOnATun) {
  LabNode& h1 = lab().node("h1");
  UniqueFd tun;
  {
    ScopedNetnsEnter enter(h1.ns);
    tun.Reset(::open("/dev/net/tun", O_RDWR | O_CLOEXEC));
    ASSERT_TRUE(tun.valid()) << "no /dev/net/tun";
    ifreq ifr{};
    ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
    std::snprintf(ifr.ifr_name, IFNAMSIZ, "tun0");
    ASSERT_EQ(::ioctl(tun.get(), TUNSETIFF, &ifr), 0) << std::strerror(errno);
  }
  int index = h1.rtnl.GetLink("tun0").ifindex;
  h1.rtnl.SetUp(index, "tun0");
  Facts start = RunCaptureStart(ctx(), Start("tun", "h1", "tun0", "icmp"));
  EXPECT_EQ(FactOr(start, "capture.linktype"), "RAW");
  EXPECT_EQ(FactOr(start, "capture.if_mtu"), "1500");
  const std::string& map = ctx().captures->interface_map();
  EXPECT_NE(map.find("\nh1 tun0 " + std::to_string(index) + " - 1500"), std::string::npos) << map;
  using namespace testing_packets;  // NOLINT: packet builders
  Bytes quoted = Ipv4("10.0.1.1", "10.0.2.2", 17, Payload(8), {.df = true, .total_length = 1500});
  Bytes error = Ipv4("10.0.1.254", "10.0.1.1", 1, Icmp(3, 4, 1280, quoted));
  ASSERT_EQ(::write(tun.get(), error.data(), error.size()), static_cast<ssize_t>(error.size()));
  Facts f = Stop("tun");
  EXPECT_EQ(FactOr(f, "capture.packets"), "1") << Dump(f);
  EXPECT_EQ(FactOr(f, "capture.bytes"), std::to_string(error.size()));  // no link header
  EXPECT_EQ(FactOr(f, "capture.largest_packet"), std::to_string(error.size()));
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.mtu"), "1280");
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.inner_protocol"), "udp");
  EXPECT_EQ(Finished("tun").dlt, 12);  // DLT_RAW
}

TEST_F(CaptureTest, NothingLeaksWhenACaseThrowsWithCapturesRunning) {
  int threads = ThreadCount();
  size_t fds = DirEntries("/proc/self/fd").size();
  CaptureStartStep one = Start("one", "h1", "eth0", "icmp");
  one.empty_allowed = true;  // stopped before any traffic
  RunCaptureStart(ctx(), one);
  RunCaptureStart(ctx(), Start("two", "r", "eth1", ""));
  RunCaptureStart(ctx(), Start("three", "h2", "eth0", "tcp"));
  EXPECT_EQ(ThreadCount(), threads + 3);
  EXPECT_GT(DirEntries("/proc/self/fd").size(), fds);
  Stop("one");
  EXPECT_EQ(ThreadCount(), threads + 2);
  RunPing(ctx(), MakePing("h1", "10.0.2.2", Family::kIpv4, 56));
  ctx_.reset();  // the case ends mid-way: two captures still run
  EXPECT_EQ(ThreadCount(), threads);
  EXPECT_EQ(DirEntries("/proc/self/fd").size(), fds);
}

TEST_F(CaptureTest, StopAllKeepsPacketsAndFilesAreWritten) {
  ctx().captures = std::make_shared<CaptureSet>();
  RunCaptureStart(ctx(), Start("a", "h1", "eth0", "icmp"));
  RunCaptureStart(ctx(), Start("b", "h1", "eth0", "icmp"));
  RunCaptureStart(ctx(), Start("c", "r", "eth2", "icmp"));
  RunPing(ctx(), MakePing("h1", "10.0.2.2", Family::kIpv4, 56));
  ctx().captures->StopAll();
  std::string dir = "/tmp/mtulab-capture-test-" + std::to_string(::getpid());
  std::vector<std::string> kept = KeepCaptureFiles(*ctx().captures, dir, "s", "c1");
  EXPECT_EQ(kept, (std::vector<std::string>{"s/c1/h1-eth0-a.pcap", "s/c1/h1-eth0-b.pcap",
                                            "s/c1/r-eth2.pcap", "s/c1/interfaces.txt"}));
  PcapFile a = ReadPcapFile(dir + "/s/c1/h1-eth0-a.pcap");
  EXPECT_EQ(a.dlt, 1);
  EXPECT_EQ(a.packets.size(), 2u);  // echo and reply
  EXPECT_EQ(ReadPcapFile(dir + "/s/c1/r-eth2.pcap").packets.size(), 2u);
  std::string map = ReadFileText(dir + "/s/c1/interfaces.txt");
  int h1_eth0 = lab().IfIndex("h1", "eth0");
  EXPECT_NE(map.find("# h1-eth0-a.pcap: capture 'a' on h1:eth0 (EN10MB, 2 packets, filter "
                     "'icmp')"), std::string::npos) << map;
  EXPECT_NE(map.find("\nh1 eth0 " + std::to_string(h1_eth0) + " "), std::string::npos) << map;
  EXPECT_NE(map.find(" 1500 10.0.1.1/24 fd00:1::1/64"), std::string::npos) << map;
  // The kernel lists IPv6 addresses newest first.
  size_t h2 = map.find("\nh2 eth0 ");
  ASSERT_NE(h2, std::string::npos) << map;
  std::string h2_line = map.substr(h2 + 1, map.find('\n', h2 + 1) - h2 - 1);
  EXPECT_NE(h2_line.find(" 1400 10.0.2.2/24 10.0.2.3/24 "), std::string::npos) << h2_line;
  EXPECT_NE(h2_line.find(" fd00:2::2/64"), std::string::npos) << h2_line;
  EXPECT_NE(h2_line.find(" fd00:2::3/64"), std::string::npos) << h2_line;
  EXPECT_NE(map.find("\nr lo 1 00:00:00:00:00:00 65536 127.0.0.1/8 ::1/128\n"),
            std::string::npos) << map;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mtulab::integration
