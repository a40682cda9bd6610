// Captures of real TCP through the chain h1 -- r -- h2 (bottleneck r -> h2 at 1400): the
// MSS each direction advertises, DF, GSO super-packets, and no loss over a 1 MiB transfer.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "harness/probes/capture.h"
#include "harness/probes/decode.h"
#include "harness/probes/probe.h"
#include "harness/sys/sys_error.h"
#include "harness/sys/sysctl.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

constexpr uint16_t kPort = 5001;
constexpr size_t kMiB = 1 << 20;

UniqueFd TcpSocketIn(LabNode& node) {
  ScopedNetnsEnter enter(node.ns);
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) ThrowErrno("socket in " + node.name);
  return fd;
}

sockaddr_in Ipv4Addr(const char* address) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(kPort);
  ::inet_pton(AF_INET, address, &sa.sin_addr);
  return sa;
}

// h1 connects to h2 (10.0.2.2:5001) and sends `bytes`; returns what h2 received.
size_t Transfer(Lab& lab, size_t bytes) {
  UniqueFd listener = TcpSocketIn(lab.node("h2"));
  int one = 1;
  ::setsockopt(listener.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in server = Ipv4Addr("10.0.2.2");
  if (::bind(listener.get(), reinterpret_cast<sockaddr*>(&server), sizeof server) != 0 ||
      ::listen(listener.get(), 1) != 0) {
    ThrowErrno("listening on 10.0.2.2:5001");
  }
  UniqueFd client = TcpSocketIn(lab.node("h1"));
  if (::connect(client.get(), reinterpret_cast<sockaddr*>(&server), sizeof server) != 0) {
    ThrowErrno("connecting to 10.0.2.2:5001");
  }
  UniqueFd accepted(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
  if (!accepted.valid()) ThrowErrno("accepting");
  std::thread sender([&] {
    std::vector<char> chunk(64 * 1024, 'x');
    for (size_t sent = 0; sent < bytes;) {
      ssize_t n = ::send(client.get(), chunk.data(), std::min(chunk.size(), bytes - sent), 0);
      if (n <= 0) break;
      sent += static_cast<size_t>(n);
    }
    ::shutdown(client.get(), SHUT_WR);
  });
  size_t received = 0;
  std::vector<char> buf(256 * 1024);
  for (ssize_t n; (n = ::recv(accepted.get(), buf.data(), buf.size(), 0)) > 0;) {
    received += static_cast<size_t>(n);
  }
  sender.join();
  return received;
}

// TCP payload bytes the kept packets carry from the client (to port 5001).
size_t ClientPayload(const FinishedCapture& c) {
  size_t total = 0;
  for (const CapturedPacket& p : c.packets) {
    DecodedPacket d = DecodePacket(c.dlt, p.data.data(), p.data.size(), p.wire_length);
    if (!d.tcp || d.tcp->dst_port != kPort) continue;
    total += d.ip->length - d.ip->header_length - d.tcp->header_length;
  }
  return total;
}

// The window scale Linux offers (tcp_select_initial_window): log2 of the largest receive
// buffer allowed, minus 15, in 0..14. tcp_rmem comes from the host's at namespace creation.
std::string ExpectedWscale(LabNode& node) {
  ScopedNetnsEnter enter(node.ns);
  uint64_t space = std::stoull(ReadSysctl("net.core.rmem_max"));
  std::istringstream rmem(ReadSysctl("net.ipv4.tcp_rmem"));
  uint64_t min, def, max;
  rmem >> min >> def >> max;
  space = std::min<uint64_t>(std::max(space, max), 65535u << 14);
  int log2 = 63 - __builtin_clzll(space);
  return std::to_string(std::clamp(log2 - 15, 0, 14));
}

CaptureStartStep Start(const std::string& name, const std::string& node,
                       const std::string& ifname) {
  return CaptureStartStep{name, Target{node + ":" + ifname, node, ifname}, "tcp port 5001",
                          262144};
}

class CaptureTcpTest : public ::testing::Test, public ChainLabHolder {
 protected:
  void SetUp() override {
    MTULAB_REQUIRE_ROOT();
    BuildLab();
  }
  const FinishedCapture& Last() { return ctx().captures->finished().back(); }
  void SetOffload(const std::string& node, const std::string& dev, const char* g, bool on) {
    SetStep s;
    s.node = node;
    s.dev = dev;
    s.offload = g;
    s.offload_on = on;
    RunSet(ctx(), s);
  }
};

TEST_F(CaptureTcpTest, EachDirectionAdvertisesItsOwnMss) {
  RunCaptureStart(ctx(), Start("tcp", "r", "eth2"));
  ASSERT_EQ(Transfer(lab(), 4096), 4096u);
  Facts f = RunCaptureStop(ctx(), CaptureStopStep{"tcp"});
  // Client -> server: h1's 1500 MTU gives 1460; server -> client: h2's 1400 gives 1360.
  EXPECT_EQ(FactOr(f, "capture.tcp_syn.count"), "1") << Dump(f);
  EXPECT_EQ(FactOr(f, "capture.tcp_syn.mss"), "1460");
  EXPECT_EQ(FactOr(f, "capture.tcp_syn.from"), "10.0.1.1");
  EXPECT_EQ(FactOr(f, "capture.tcp_syn.to"), "10.0.2.2");
  EXPECT_EQ(FactOr(f, "capture.tcp_syn.sack_permitted"), "true");
  EXPECT_EQ(FactOr(f, "capture.tcp_syn.wscale"), ExpectedWscale(lab().node("h1")));
  EXPECT_EQ(FactOr(f, "capture.tcp_synack.count"), "1");
  EXPECT_EQ(FactOr(f, "capture.tcp_synack.mss"), "1360");
  EXPECT_EQ(FactOr(f, "capture.tcp_synack.from"), "10.0.2.2");
  EXPECT_EQ(FactOr(f, "capture.tcp_synack.to"), "10.0.1.1");
  EXPECT_EQ(FactOr(f, "capture.tcp_synack.sack_permitted"), "true");
  EXPECT_EQ(FactOr(f, "capture.tcp_synack.wscale"), ExpectedWscale(lab().node("h2")));
  // Linux TCP sets DF on every segment (IP_PMTUDISC_WANT with PMTU discovery on).
  EXPECT_EQ(FactOr(f, "capture.tcp_df.count"), FactOr(f, "capture.packets"));
  EXPECT_EQ(FactOr(f, "capture.tcp_no_df.count"), "0");
}

TEST_F(CaptureTcpTest, OneMebibyteIsCapturedWithoutLoss) {
  RunCaptureStart(ctx(), Start("sender", "h1", "eth0"));
  RunCaptureStart(ctx(), Start("router", "r", "eth2"));
  ASSERT_EQ(Transfer(lab(), kMiB), kMiB);
  Facts sender = RunCaptureStop(ctx(), CaptureStopStep{"sender"});
  EXPECT_EQ(FactOr(sender, "capture.pcap_drops"), "0") << Dump(sender);
  EXPECT_EQ(FactOr(sender, "capture.kept_packets"), FactOr(sender, "capture.packets"));
  EXPECT_GE(ClientPayload(Last()), kMiB);
  Facts router = RunCaptureStop(ctx(), CaptureStopStep{"router"});
  EXPECT_EQ(FactOr(router, "capture.pcap_drops"), "0") << Dump(router);
  EXPECT_GE(ClientPayload(Last()), kMiB);
}

TEST_F(CaptureTcpTest, GsoSuperPacketsCrossTheRouterUnlessOffloadsAreOff) {
  RunCaptureStart(ctx(), Start("gso", "r", "eth2"));
  ASSERT_EQ(Transfer(lab(), kMiB), kMiB);
  Facts on = RunCaptureStop(ctx(), CaptureStopStep{"gso"});
  // GSO skbs are forwarded whole: the capture on the 1400 link sees packets far above it.
  EXPECT_GT(std::stoi(FactOr(on, "capture.largest_packet")), 1400) << Dump(on);
  EXPECT_GT(std::stoi(FactOr(on, "capture.over_mtu.count")), 0) << Dump(on);
  EXPECT_EQ(FactOr(on, "capture.if_mtu"), "1400");
  SetOffload("h1", "eth0", "tso", false);
  SetOffload("h1", "eth0", "gso", false);
  RunCaptureStart(ctx(), Start("segments", "r", "eth2"));
  ASSERT_EQ(Transfer(lab(), kMiB), kMiB);
  Facts off = RunCaptureStop(ctx(), CaptureStopStep{"segments"});
  EXPECT_EQ(FactOr(off, "capture.largest_packet"), "1400") << Dump(off);
  EXPECT_EQ(FactOr(off, "capture.over_mtu.count"), "0") << Dump(off);
  // ~750 segments and their ACKs: the case that overflowed an immediate-mode ring.
  EXPECT_EQ(FactOr(off, "capture.pcap_drops"), "0") << Dump(off);
  EXPECT_GE(ClientPayload(Last()), kMiB);
}

}  // namespace
}  // namespace mtulab::integration
