// How the <tcp> client ends (end="shutdown" / "close" / "abort") as the server's socket and
// the kernel's counters saw it, and TCP_INFO sampled right after the handshake beside the
// end-of-transfer one, on real veth topologies.
#include <string>

#include <gtest/gtest.h>

#include "harness/probes/probe.h"
#include "harness/probes/transport_util.h"
#include "tests/integration/transport_topologies.h"

namespace mtulab::integration {
namespace {

int64_t IntFact(const Facts& f, const std::string& name) {
  return ParseInteger(FactOr(f, name)).value_or(-1);
}

class TcpEndTest : public ::testing::Test, public ChainLabHolder {
 protected:
  void SetUp() override { MTULAB_REQUIRE_ROOT(); }
  /// 256 KiB from a to b, nothing back, ending as `end`.
  Facts Upload(TcpEnd end) {
    TcpStep step = MakeTcp("a", "10.9.0.2", Family::kIpv4, 256 << 10, 0, 5, 2);
    step.end = end;
    return RunTcp(ctx(), step);
  }
  /// RSTs node `node` has sent so far (Tcp.OutRsts).
  int64_t OutRsts(const std::string& node) {
    Facts c = RunCounter(ctx(), CounterStep{node, {"Tcp.OutRsts"}});
    return IntFact(c, "counter.Tcp.OutRsts");
  }
};

TEST_F(TcpEndTest, ShutdownThenReadEndsWithAFin) {
  BuildLab(PairTopology());
  int64_t rsts = OutRsts("a");
  Facts f = Upload(TcpEnd::kShutdown);
  EXPECT_EQ(FactOr(f, "tcp.result"), "completed") << Dump(f);
  EXPECT_EQ(FactOr(f, "tcp.end"), "shutdown");
  EXPECT_EQ(FactOr(f, "tcp.server_saw"), "fin") << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.request_bytes"), 256 << 10);
  EXPECT_EQ(OutRsts("a"), rsts) << "a graceful end sends no RST";
}

TEST_F(TcpEndTest, CloseDeliversEveryByteThenAFin) {
  BuildLab(PairTopology());
  int64_t rsts = OutRsts("a");
  Facts f = Upload(TcpEnd::kClose);
  EXPECT_EQ(FactOr(f, "tcp.result"), "completed") << Dump(f);
  EXPECT_EQ(FactOr(f, "tcp.end"), "close");
  EXPECT_EQ(FactOr(f, "tcp.server_saw"), "fin") << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.request_bytes"), 256 << 10) << "close() keeps queued data";
  EXPECT_EQ(IntFact(f, "tcp.client.pmtu"), 1500) << "sampled just before the close";
  EXPECT_EQ(OutRsts("a"), rsts) << Dump(f);
}

TEST_F(TcpEndTest, AbortSendsAnRstAfterEveryByteWasAcknowledged) {
  BuildLab(PairTopology());
  int64_t rsts = OutRsts("a");
  Facts f = Upload(TcpEnd::kAbort);
  EXPECT_EQ(FactOr(f, "tcp.result"), "reset") << Dump(f);
  EXPECT_EQ(FactOr(f, "tcp.end"), "abort");
  EXPECT_EQ(FactOr(f, "tcp.server_saw"), "rst") << Dump(f);
  EXPECT_EQ(FactOr(f, "tcp.connected"), "true");
  EXPECT_EQ(IntFact(f, "tcp.request_bytes"), 256 << 10) << "acknowledged bytes are readable";
  EXPECT_EQ(IntFact(f, "tcp.client.snd_mss"), 1448) << "sampled just before the abort";
  EXPECT_EQ(OutRsts("a"), rsts + 1) << Dump(f);
}

// The server's first segments meet the client's 1500 hop: right after accept it still sends
// with the 9000 path (MSS 8948 = 9000 - 40 - 12 of timestamps); at the end it has learned
// 1500 from r's frag-needed (loose rp_filter accepts it).
TEST_F(TcpEndTest, ConnectSampleIsTakenBeforePmtudLearns) {
  BuildLab(BlackHoleTopology("2"));
  Facts f = RunTcp(ctx(), MakeTcp("client", "10.20.2.2", Family::kIpv4, 517, 65536, 10, 2));
  ASSERT_EQ(FactOr(f, "tcp.result"), "completed") << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.server.connect.pmtu"), 9000) << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.server.connect.snd_mss"), 9000 - 40 - 12) << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.server.connect.advmss"), 9000 - 40 - 12) << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.server.connect.total_retrans"), 0) << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.server.pmtu"), 1500) << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.server.snd_mss"), 1500 - 40 - 12) << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.client.connect.pmtu"), 9000) << Dump(f);
  EXPECT_EQ(IntFact(f, "tcp.client.connect.rcv_mss"), 536)
      << "before any data the estimate is TCP_MSS_DEFAULT" << Dump(f);
  // A second connection starts from the learned 1500: its SYN-ACK advertises 1460.
  Facts next = RunTcp(ctx(), MakeTcp("client", "10.20.2.2", Family::kIpv4, 517, 65536, 10, 2));
  ASSERT_EQ(FactOr(next, "tcp.result"), "completed") << Dump(next);
  EXPECT_EQ(IntFact(next, "tcp.server.connect.pmtu"), 1500) << Dump(next);
  EXPECT_EQ(IntFact(next, "tcp.server.connect.advmss"), 1500 - 40 - 12) << Dump(next);
}

TEST_F(TcpEndTest, NoConnectionNoConnectSample) {
  BuildLab(DeadEndTopology(true));
  Facts f = RunTcp(ctx(), MakeTcp("a", "10.30.8.8", Family::kIpv4, 10, 10));
  EXPECT_EQ(FactOr(f, "tcp.result"), "unreachable") << Dump(f);
  EXPECT_FALSE(f.Has("tcp.client.connect.snd_mss")) << Dump(f);
  EXPECT_FALSE(f.Has("tcp.server.connect.snd_mss"));
  EXPECT_FALSE(f.Has("tcp.server_saw")) << "no connection was accepted";
}

}  // namespace
}  // namespace mtulab::integration
