// RunUdp on real veth topologies: local EMSGSIZE with the MTU for DF datagrams over the
// link MTU, fragmentation and reassembly without DF, a router's frag-needed / Packet Too
// Big, counts, and errors naming the socket.
#include <sys/socket.h>

#include <string>

#include <gtest/gtest.h>

#include "harness/probes/probe.h"
#include "harness/probes/transport_util.h"
#include "harness/sys/sys_error.h"
#include "tests/integration/transport_topologies.h"

namespace mtulab::integration {
namespace {

class UdpProbeTest : public ::testing::TestWithParam<Family>, public ChainLabHolder {
 protected:
  void SetUp() override { MTULAB_REQUIRE_ROOT(); }
  bool V4() const { return GetParam() == Family::kIpv4; }
  std::string B() const { return V4() ? "10.9.0.2" : "fd00:90::2"; }
  /// IP + UDP header bytes.
  uint32_t Headers() const { return V4() ? 28 : 48; }
};

TEST_P(UdpProbeTest, DfDatagramOverTheLinkMtuIsEmsgsizeWithTheMtu) {
  BuildLab(PairTopology());
  Facts f = RunUdp(ctx(), MakeUdp("a", B(), GetParam(), 2000, DfMode::kDo));
  EXPECT_EQ(FactOr(f, "udp.result"), "emsgsize") << Dump(f);
  EXPECT_EQ(FactOr(f, "udp.mtu"), "1500") << Dump(f);
  EXPECT_EQ(FactOr(f, "udp.sent"), "0");
  EXPECT_EQ(FactOr(f, "udp.errors"), "1");
  EXPECT_EQ(FactOr(f, "udp.received"), "0");
  EXPECT_FALSE(f.Has("udp.received_size"));
  EXPECT_FALSE(f.Has("udp.icmp")) << "a local error, no ICMP";
  EXPECT_EQ(FactOr(f, "udp.receiver"), "b");
  EXPECT_EQ(FactOr(f, "udp.df"), "do");
}

TEST_P(UdpProbeTest, WithoutDfTheDatagramIsFragmentedAndReassembled) {
  BuildLab(PairTopology());
  Facts f = RunUdp(ctx(), MakeUdp("a", B(), GetParam(), 2000, DfMode::kDont));
  EXPECT_EQ(FactOr(f, "udp.result"), "sent") << Dump(f);
  EXPECT_EQ(FactOr(f, "udp.sent"), "1");
  EXPECT_EQ(FactOr(f, "udp.received"), "1") << Dump(f);
  EXPECT_EQ(FactOr(f, "udp.received_size"), "2000") << Dump(f);
  EXPECT_FALSE(f.Has("udp.mtu")) << Dump(f);
  EXPECT_TRUE(f.Has("udp.duration_us")) << Dump(f);
}

TEST_P(UdpProbeTest, LargestDfDatagramCrossesAndOneMoreByteDoesNot) {
  BuildLab(PairTopology());
  uint32_t largest = 1500 - Headers();
  Facts fits = RunUdp(ctx(), MakeUdp("a", B(), GetParam(), largest, DfMode::kDo));
  EXPECT_EQ(FactOr(fits, "udp.result"), "sent") << Dump(fits);
  EXPECT_EQ(FactOr(fits, "udp.received_size"), std::to_string(largest)) << Dump(fits);
  EXPECT_EQ(FactOr(fits, "udp.path_mtu"), "1500") << Dump(fits);
  Facts over = RunUdp(ctx(), MakeUdp("a", B(), GetParam(), largest + 1, DfMode::kDo));
  EXPECT_EQ(FactOr(over, "udp.result"), "emsgsize") << Dump(over);
}

TEST_P(UdpProbeTest, CountsEveryDatagram) {
  BuildLab(PairTopology());
  Facts f = RunUdp(ctx(), MakeUdp("a", B(), GetParam(), 1000, DfMode::kDo, 50));
  EXPECT_EQ(FactOr(f, "udp.result"), "sent") << Dump(f);
  EXPECT_EQ(FactOr(f, "udp.last_result"), "sent");
  EXPECT_EQ(FactOr(f, "udp.sent"), "50");
  EXPECT_EQ(FactOr(f, "udp.received"), "50") << Dump(f);
  EXPECT_EQ(FactOr(f, "udp.errors"), "0");
}

TEST_P(UdpProbeTest, NodeIfnameTargetReceivesInThatNode) {
  BuildLab(PairTopology());
  UdpStep step = MakeUdp("b", "", GetParam(), 100, DfMode::kDefault);
  step.to = Target{"a:x", "a", "x"};
  Facts f = RunUdp(ctx(), step);
  EXPECT_EQ(FactOr(f, "udp.receiver"), "a");
  EXPECT_EQ(FactOr(f, "udp.target"), V4() ? "10.9.0.1" : "fd00:90::1");
  EXPECT_EQ(FactOr(f, "udp.received"), "1") << Dump(f);
  EXPECT_EQ(FactOr(f, "udp.df"), "default");
}

// Chain h1 (1500) -- r -- (1400) h2: the datagram fits h1's link but not r's next hop.
TEST_P(UdpProbeTest, RouterBottleneckAnswersTooBigAndTheNextDatagramFailsLocally) {
  BuildLab();
  ChainAddrs a = ChainAddresses(GetParam());
  Facts f = RunUdp(ctx(), MakeUdp("h1", a.h2, GetParam(), 1450, DfMode::kDo, 1, 0.3));
  EXPECT_EQ(FactOr(f, "udp.result"), "sent") << Dump(f);
  EXPECT_EQ(FactOr(f, "udp.received"), "0") << Dump(f);
  EXPECT_EQ(FactOr(f, "udp.icmp"), V4() ? "frag_needed" : "packet_too_big") << Dump(f);
  EXPECT_EQ(FactOr(f, "udp.icmp_from"), a.r_in) << Dump(f);
  EXPECT_EQ(FactOr(f, "udp.mtu"), std::to_string(kBottleneckMtu)) << Dump(f);
  if (V4()) {
    EXPECT_EQ(FactOr(f, "udp.path_mtu"), std::to_string(kBottleneckMtu)) << Dump(f);
  }

  Facts again = RunUdp(ctx(), MakeUdp("h1", a.h2, GetParam(), 1450, DfMode::kDo, 1, 0.3));
  EXPECT_EQ(FactOr(again, "udp.result"), "emsgsize") << Dump(again);
  EXPECT_EQ(FactOr(again, "udp.mtu"), std::to_string(kBottleneckMtu)) << Dump(again);
  EXPECT_FALSE(again.Has("udp.icmp")) << Dump(again);

  // DF=probe ignores the cached PMTU: the datagram leaves and the router answers again.
  Facts probe = RunUdp(ctx(), MakeUdp("h1", a.h2, GetParam(), 1450, DfMode::kProbe, 1, 0.3));
  EXPECT_EQ(FactOr(probe, "udp.result"), "sent") << Dump(probe);
  EXPECT_EQ(FactOr(probe, "udp.icmp_from"), a.r_in) << Dump(probe);
}

// a's end at 9000, b's at 1500: the datagram fits a's MTU, but a veth drops a frame longer
// than its peer's MTU (is_skb_forwardable), and the drop comes back to the sender as
// ENOBUFS because the socket has IP_RECVERR (without it UDP hides ENOBUFS). Only once the
// neighbour is resolved: before that the datagram waits in the neighbour queue, send()
// succeeds and the later drop is silent.
TEST_P(UdpProbeTest, VethPeerWithASmallerMtuDropsTheFrame) {
  BuildLab(MismatchedPair(9000, 1500));
  Facts first = RunUdp(ctx(), MakeUdp("a", B(), GetParam(), 2000, DfMode::kDo, 1, 0.2));
  EXPECT_EQ(FactOr(first, "udp.received"), "0") << Dump(first);
  Facts f = RunUdp(ctx(), MakeUdp("a", B(), GetParam(), 2000, DfMode::kDo, 1, 0.2));
  EXPECT_EQ(FactOr(f, "udp.result"), "error") << Dump(f);
  EXPECT_EQ(FactOr(f, "udp.errno"), "No buffer space available") << Dump(f);
  EXPECT_EQ(FactOr(f, "udp.received"), "0");
  EXPECT_FALSE(f.Has("udp.mtu")) << "nothing reported an MTU";
  Facts fits = RunUdp(ctx(), MakeUdp("a", B(), GetParam(), 1500 - Headers(), DfMode::kDo));
  EXPECT_EQ(FactOr(fits, "udp.received"), "1") << Dump(fits);
}

TEST_P(UdpProbeTest, BusyPortIsAnErrorNamingTheReceiver) {
  BuildLab(PairTopology());
  UniqueFd holder = OpenSocketIn(lab().node("b"), GetParam(), SOCK_DGRAM, "holder");
  SockAddr addr = WithPort(MakeSockAddr({GetParam(), B(), *ParseIp(B())}), 5002);
  ASSERT_EQ(::bind(holder.get(), reinterpret_cast<const sockaddr*>(&addr.ss), addr.len), 0);
  std::string where = V4() ? "10.9.0.2:5002" : "[fd00:90::2]:5002";
  try {
    RunUdp(ctx(), MakeUdp("a", B(), GetParam(), 100, DfMode::kDo));
    FAIL() << "expected a SysError";
  } catch (const SysError& e) {
    EXPECT_EQ(std::string(e.what()),
              "binding the udp receiver " + where + " in node 'b': Address already in use");
  }
}

INSTANTIATE_TEST_SUITE_P(Families, UdpProbeTest,
                         ::testing::Values(Family::kIpv4, Family::kIpv6), FamilyParamName);

}  // namespace
}  // namespace mtulab::integration
