// RunTcp on real veth topologies: exact byte counts both ways, MSS facts from both ends'
// TCP_INFO, a PMTU black hole (rp_filter drops the router's frag-needed) that must stall
// within the stall time, its loose-rp_filter twin that completes, failures (one end's reset
// stops the other end's thread at once), and leaks.
#include <sys/socket.h>

#include <string>

#include <gtest/gtest.h>

#include "harness/probes/probe.h"
#include "harness/probes/transport_util.h"
#include "harness/sys/netns.h"
#include "harness/sys/nftables.h"
#include "harness/sys/sys_error.h"
#include "tests/integration/transport_topologies.h"

namespace mtulab::integration {
namespace {

constexpr uint64_t kMiB = 1 << 20;

int64_t IntFact(const Facts& f, const std::string& name) {
  return ParseInteger(FactOr(f, name)).value_or(-1);
}

class TcpTransferTest : public ::testing::TestWithParam<Family>, public ChainLabHolder {
 protected:
  void SetUp() override { MTULAB_REQUIRE_ROOT(); }
  bool V4() const { return GetParam() == Family::kIpv4; }
  std::string A() const { return V4() ? "10.9.0.1" : "fd00:90::1"; }
  std::string B() const { return V4() ? "10.9.0.2" : "fd00:90::2"; }
  /// IP + TCP header bytes between the MTU and the MSS.
  uint32_t Headers() const { return V4() ? 40 : 60; }
};

TEST_P(TcpTransferTest, OneMebibyteEachWayArrivesExactly) {
  BuildLab(PairTopology());
  Facts f = RunTcp(ctx(), MakeTcp("a", B(), GetParam(), kMiB, kMiB));
  EXPECT_EQ(FactOr(f, "tcp.result"), "completed") << Dump(f);
  EXPECT_EQ(FactOr(f, "tcp.connected"), "true");
  EXPECT_EQ(FactOr(f, "tcp.completed"), "true");
  EXPECT_EQ(FactOr(f, "tcp.stalled"), "false");
  EXPECT_EQ(IntFact(f, "tcp.request_bytes"), static_cast<int64_t>(kMiB));
  EXPECT_EQ(IntFact(f, "tcp.response_bytes"), static_cast<int64_t>(kMiB));
  EXPECT_EQ(FactOr(f, "tcp.server"), "b");
  EXPECT_EQ(FactOr(f, "tcp.target"), B());
  EXPECT_EQ(FactOr(f, "tcp.port"), "5001");
  EXPECT_EQ(FactOr(f, "tcp.family"), V4() ? "ipv4" : "ipv6");
  EXPECT_GT(IntFact(f, "tcp.throughput_mbps"), 0) << Dump(f);
  EXPECT_GE(IntFact(f, "tcp.duration_ms"), IntFact(f, "tcp.connect_ms"));
  EXPECT_FALSE(f.Has("tcp.errno")) << Dump(f);
  for (const char* side : {"client", "server"}) {
    EXPECT_EQ(IntFact(f, std::string("tcp.") + side + ".pmtu"), 1500) << Dump(f);
    EXPECT_TRUE(f.Has(std::string("tcp.") + side + ".total_retrans")) << Dump(f);
  }
}

TEST_P(TcpTransferTest, OneDirectionAndEmptyTransfersComplete) {
  BuildLab(PairTopology());
  Facts up = RunTcp(ctx(), MakeTcp("a", B(), GetParam(), 3 * kMiB + 7, 0));
  EXPECT_EQ(FactOr(up, "tcp.result"), "completed") << Dump(up);
  EXPECT_EQ(IntFact(up, "tcp.request_bytes"), static_cast<int64_t>(3 * kMiB + 7));
  EXPECT_EQ(IntFact(up, "tcp.response_bytes"), 0);
  Facts down = RunTcp(ctx(), MakeTcp("a", B(), GetParam(), 0, 12345));
  EXPECT_EQ(FactOr(down, "tcp.result"), "completed") << Dump(down);
  EXPECT_EQ(IntFact(down, "tcp.response_bytes"), 12345);
  Facts empty = RunTcp(ctx(), MakeTcp("a", B(), GetParam(), 0, 0));
  EXPECT_EQ(FactOr(empty, "tcp.result"), "completed") << Dump(empty);
}

TEST_P(TcpTransferTest, SeveralConnectionsOnOnePortInOneCase) {
  BuildLab(PairTopology());
  for (int i = 0; i < 4; ++i) {
    Facts f = RunTcp(ctx(), MakeTcp("a", B(), GetParam(), 517, 16384));
    EXPECT_EQ(FactOr(f, "tcp.result"), "completed") << "connection " << i << "\n" << Dump(f);
    EXPECT_EQ(IntFact(f, "tcp.response_bytes"), 16384);
  }
  // And the other way round, with the listener now in a.
  TcpStep back = MakeTcp("b", "", GetParam(), 100, 100);
  back.to = Target{"a:x", "a", "x"};
  Facts f = RunTcp(ctx(), back);
  EXPECT_EQ(FactOr(f, "tcp.server"), "a");
  EXPECT_EQ(FactOr(f, "tcp.target"), A());
  EXPECT_EQ(FactOr(f, "tcp.result"), "completed") << Dump(f);
}

// a's end at 9000, b's at 1500. Each side advertises its own link MTU - headers and sends
// no more than the peer advertised. TCP_INFO's advmss and snd_mss exclude the 12 bytes of
// the timestamp option both Linux ends negotiate; the SYN itself carries MTU - headers.
TEST_P(TcpTransferTest, MssFactsOnA9000To1500Link) {
  BuildLab(MismatchedPair(9000, 1500));
  Facts f = RunTcp(ctx(), MakeTcp("a", B(), GetParam(), kMiB, kMiB));
  ASSERT_EQ(FactOr(f, "tcp.result"), "completed") << Dump(f);
  const int64_t big = 9000 - Headers() - 12, small = 1500 - Headers() - 12;
  EXPECT_EQ(IntFact(f, "tcp.client.advmss"), big) << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.client.snd_mss"), small) << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.client.pmtu"), 9000) << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.client.rcv_mss"), small) << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.server.advmss"), small) << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.server.snd_mss"), small) << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.server.pmtu"), 1500) << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.server.rcv_mss"), small) << Dump(f);
}

TEST_P(TcpTransferTest, WithoutTimestampsTheMssFactsAreTheSynValues) {
  BuildLab(MismatchedPair(9000, 1500, {{"net.ipv4.tcp_timestamps", "0", {}}}));
  Facts f = RunTcp(ctx(), MakeTcp("a", B(), GetParam(), kMiB, kMiB));
  ASSERT_EQ(FactOr(f, "tcp.result"), "completed") << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.client.advmss"), 9000 - Headers()) << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.client.snd_mss"), 1500 - Headers()) << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.server.advmss"), 1500 - Headers()) << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.server.rcv_mss"), 1500 - Headers()) << Dump(f);
}

TEST_P(TcpTransferTest, ClientMssOptionLimitsBothDirections) {
  BuildLab(MismatchedPair(9000, 1500));
  TcpStep step = MakeTcp("a", B(), GetParam(), kMiB, kMiB);
  step.mss = 1000;
  Facts f = RunTcp(ctx(), step);
  ASSERT_EQ(FactOr(f, "tcp.result"), "completed") << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.client.snd_mss"), 1000 - 12) << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.server.snd_mss"), 1000 - 12) << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.server.rcv_mss"), 1000 - 12) << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.client.rcv_mss"), 1000 - 12) << Dump(f);
}

INSTANTIATE_TEST_SUITE_P(Families, TcpTransferTest,
                         ::testing::Values(Family::kIpv4, Family::kIpv6), FamilyParamName);

class TcpBlackHoleTest : public ::testing::Test, public ChainLabHolder {
 protected:
  void SetUp() override { MTULAB_REQUIRE_ROOT(); }
  /// The TLS shape: a ClientHello, then a certificate chain the 1500 hop cannot carry.
  static TcpStep Tls() { return MakeTcp("client", "10.20.2.2", Family::kIpv4, 517, 65536, 10, 1); }
};

TEST_F(TcpBlackHoleTest, StrictRpFilterStallsWithinTheStallTime) {
  BuildLab(BlackHoleTopology("1"));
  Facts f = RunTcp(ctx(), Tls());
  EXPECT_EQ(FactOr(f, "tcp.result"), "stalled") << Dump(f);
  EXPECT_EQ(FactOr(f, "tcp.stalled"), "true");
  EXPECT_EQ(FactOr(f, "tcp.connected"), "true") << "the handshake's small packets cross";
  EXPECT_EQ(FactOr(f, "tcp.completed"), "false");
  EXPECT_EQ(IntFact(f, "tcp.request_bytes"), 517) << "how far it got";
  EXPECT_EQ(IntFact(f, "tcp.response_bytes"), 0) << Dump(f);
  // Ends one stall time after the last progress (poll granularity and a loaded machine
  // allowed for), long before the 10 s timeout.
  int64_t idle = IntFact(f, "tcp.duration_ms") - IntFact(f, "tcp.last_progress_ms");
  EXPECT_GE(idle, 999) << Dump(f);
  EXPECT_LE(idle, 1500) << Dump(f);
  EXPECT_FALSE(f.Has("tcp.throughput_mbps"));
  EXPECT_EQ(IntFact(f, "tcp.server.snd_mss"), 9000 - 40 - 12) << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.server.pmtu"), 9000) << "the frag-needed never arrived";
  EXPECT_GE(IntFact(f, "tcp.server.total_retrans"), 1) << Dump(f);
  Facts rpf = RunCounter(ctx(), CounterStep{"server", {"TcpExt.IPReversePathFilter"}});
  EXPECT_GE(IntFact(rpf, "counter.TcpExt.IPReversePathFilter"), 1) << Dump(rpf);

  // The stalled connection was reset, not left retransmitting: a small exchange on the
  // same port works at once.
  Facts next = RunTcp(ctx(), MakeTcp("client", "10.20.2.2", Family::kIpv4, 100, 1000, 5, 1));
  EXPECT_EQ(FactOr(next, "tcp.result"), "completed") << Dump(next);
}

TEST_F(TcpBlackHoleTest, LooseRpFilterLearnsThePathMtuAndCompletes) {
  BuildLab(BlackHoleTopology("2"));
  Facts f = RunTcp(ctx(), Tls());
  EXPECT_EQ(FactOr(f, "tcp.result"), "completed") << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.response_bytes"), 65536);
  EXPECT_EQ(IntFact(f, "tcp.server.pmtu"), 1500) << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.server.snd_mss"), 1500 - 40 - 12) << Dump(f);
  EXPECT_GE(IntFact(f, "tcp.server.total_retrans"), 1) << "the too-big segments were resent";
}

class TcpFailureTest : public ::testing::Test, public ChainLabHolder {
 protected:
  void SetUp() override { MTULAB_REQUIRE_ROOT(); }
};

TEST_F(TcpFailureTest, NoLocalRouteIsUnreachableAtOnce) {
  BuildLab(DeadEndTopology(true));
  Facts f = RunTcp(ctx(), MakeTcp("a", "10.30.8.8", Family::kIpv4, 10, 10));
  EXPECT_EQ(FactOr(f, "tcp.result"), "unreachable") << Dump(f);
  EXPECT_EQ(FactOr(f, "tcp.connected"), "false");
  EXPECT_EQ(FactOr(f, "tcp.errno"), "Network is unreachable");
  EXPECT_EQ(FactOr(f, "tcp.server"), "c");
  EXPECT_FALSE(f.Has("tcp.client.snd_mss")) << "no connection, no TCP_INFO facts";
  EXPECT_FALSE(f.Has("tcp.server.snd_mss"));
  EXPECT_LT(IntFact(f, "tcp.duration_ms"), 1000);
}

TEST_F(TcpFailureTest, RouterIcmpNetUnreachableEndsTheHandshake) {
  BuildLab(DeadEndTopology(true));
  Facts f = RunTcp(ctx(), MakeTcp("a", "10.30.9.9", Family::kIpv4, 10, 10));
  EXPECT_EQ(FactOr(f, "tcp.result"), "unreachable") << Dump(f);
  EXPECT_EQ(FactOr(f, "tcp.connected"), "false");
  EXPECT_LT(IntFact(f, "tcp.duration_ms"), 1000);
}

TEST_F(TcpFailureTest, SilentlyDroppedSynTimesOutAfterTheTimeout) {
  BuildLab(DeadEndTopology(false));
  Facts f = RunTcp(ctx(), MakeTcp("a", "10.30.2.2", Family::kIpv4, 10, 10, 1.2, 0.3));
  EXPECT_EQ(FactOr(f, "tcp.result"), "timeout") << Dump(f);
  EXPECT_EQ(FactOr(f, "tcp.connected"), "false");
  EXPECT_EQ(FactOr(f, "tcp.stalled"), "false") << "the stall watch starts with the handshake";
  EXPECT_GE(IntFact(f, "tcp.duration_ms"), 1199);
  EXPECT_LT(IntFact(f, "tcp.duration_ms"), 3000);
}

TEST_F(TcpFailureTest, BusyPortIsAnErrorNamingTheListener) {
  BuildLab(PairTopology());
  UniqueFd holder = OpenSocketIn(lab().node("b"), Family::kIpv4, SOCK_STREAM, "holder");
  SockAddr addr = WithPort(MakeSockAddr({Family::kIpv4, "10.9.0.2", *ParseIp("10.9.0.2")}), 5001);
  ASSERT_EQ(::bind(holder.get(), reinterpret_cast<const sockaddr*>(&addr.ss), addr.len), 0);
  ASSERT_EQ(::listen(holder.get(), 1), 0);
  try {
    RunTcp(ctx(), MakeTcp("a", "10.9.0.2", Family::kIpv4, 10, 10));
    FAIL() << "expected a SysError";
  } catch (const SysError& e) {
    EXPECT_STREQ(e.what(),
                 "binding the tcp listener 10.9.0.2:5001 in node 'b': Address already in use");
  }
}

TEST_F(TcpFailureTest, AddressOfNoNodeIsAnError) {
  BuildLab(PairTopology());
  try {
    RunTcp(ctx(), MakeTcp("a", "10.9.0.77", Family::kIpv4, 10, 10));
    FAIL() << "expected a SysError";
  } catch (const SysError& e) {
    EXPECT_STREQ(e.what(), "finding the node of 10.9.0.77: no node has this address: "
                           "Cannot assign requested address");
  }
}

TEST_F(TcpFailureTest, ResetOnOneEndStopsTheOtherAtOnce) {
  // After the handshake each end runs on its own thread. Node a answers every segment of
  // the response with a reset (nftables), so the server's end fails while the client's end
  // waits for bytes that never come: it must stop at once, not after the 5 s stall. Resets
  // from b are dropped, so that nothing else (b answering the client's retransmitted FIN)
  // ends the client's wait.
  BuildLab(PairTopology());
  {
    ScopedNetnsEnter in(lab().node("a").ns);
    NftContext("node 'a'").Run(
        "add table inet t\n"
        "add chain inet t in { type filter hook input priority 0; }\n"
        "add rule inet t in tcp sport 5001 tcp flags & rst == rst drop\n"
        "add rule inet t in tcp sport 5001 meta length > 200 reject with tcp reset\n");
  }
  Facts f = RunTcp(ctx(), MakeTcp("a", "10.9.0.2", Family::kIpv4, 100, kMiB, 10, 5));
  EXPECT_EQ(FactOr(f, "tcp.result"), "reset") << Dump(f);
  const std::string err = FactOr(f, "tcp.errno");  // send() sees EPIPE, recv() ECONNRESET
  EXPECT_TRUE(err == "Connection reset by peer" || err == "Broken pipe") << Dump(f);
  EXPECT_EQ(FactOr(f, "tcp.connected"), "true");
  EXPECT_EQ(IntFact(f, "tcp.request_bytes"), 100);
  EXPECT_EQ(IntFact(f, "tcp.response_bytes"), 0) << Dump(f);
  EXPECT_LT(IntFact(f, "tcp.duration_ms"), 2000) << Dump(f);
}

size_t ThreadCount() { return DirEntries("/proc/self/task").size(); }

TEST_F(TcpFailureTest, EveryEndLeavesThreadsAndFdsAsTheyWere) {
  BuildLab(DeadEndTopology(false));
  const size_t threads = ThreadCount(), fds = DirEntries("/proc/self/fd").size();
  RunTcp(ctx(), MakeTcp("a", "10.30.1.254", Family::kIpv4, kMiB, kMiB));       // completed
  RunTcp(ctx(), MakeTcp("a", "10.30.8.8", Family::kIpv4, 1, 1));              // unreachable
  RunTcp(ctx(), MakeTcp("a", "10.30.2.2", Family::kIpv4, 1, 1, 0.3, 0.1));    // timeout
  EXPECT_THROW(RunTcp(ctx(), MakeTcp("a", "10.9.9.9", Family::kIpv4, 1, 1)), SysError);
  EXPECT_EQ(ThreadCount(), threads);
  EXPECT_EQ(DirEntries("/proc/self/fd").size(), fds);
}

}  // namespace
}  // namespace mtulab::integration
