// RunPing on the chain h1 -- r -- h2 (bottleneck r -> h2): every result kind, and the
// count/replies/errors facts.
#include <string>

#include <gtest/gtest.h>

#include "harness/probes/probe.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

class PingProbeTest : public ::testing::TestWithParam<Family>, public ChainLabHolder {
 protected:
  void SetUp() override {
    MTULAB_REQUIRE_ROOT();
    BuildLab();
    a_ = ChainAddresses(GetParam());
  }
  bool V4() const { return GetParam() == Family::kIpv4; }
  /// The result the bottleneck router's ICMP error gives.
  std::string TooBig() const { return V4() ? "frag_needed" : "packet_too_big"; }

  ChainAddrs a_;
};

TEST_P(PingProbeTest, ReplyCarriesPayloadPlusIcmpHeader) {
  Facts f = RunPing(ctx(), MakePing("h1", a_.h2, GetParam(), 100));
  EXPECT_EQ(FactOr(f, "ping.result"), "reply") << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.reply_size"), "108") << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.sent"), "1");
  EXPECT_EQ(FactOr(f, "ping.replies"), "1");
  EXPECT_EQ(FactOr(f, "ping.errors"), "0");
  EXPECT_EQ(FactOr(f, "ping.target"), a_.h2);
  EXPECT_EQ(FactOr(f, "ping.family"), V4() ? "ipv4" : "ipv6");
  EXPECT_EQ(FactOr(f, "ping.df"), "do");
  EXPECT_FALSE(f.Has("ping.mtu")) << Dump(f);
}

TEST_P(PingProbeTest, NodeColonIfnameTargetResolvesToTheFamilysFirstAddress) {
  PingStep step = MakePing("h1", "", GetParam(), 56);
  step.to = Target{"h2:eth0", "h2", "eth0"};
  Facts f = RunPing(ctx(), step);
  EXPECT_EQ(FactOr(f, "ping.target"), a_.h2);
  EXPECT_EQ(FactOr(f, "ping.result"), "reply") << Dump(f);
}

TEST_P(PingProbeTest, FullSizedEchoThroughTheBottleneck) {
  // 1400 - IP header - ICMP header: exactly fits both links.
  uint32_t size = kBottleneckMtu - (V4() ? 20 : 40) - 8;
  Facts f = RunPing(ctx(), MakePing("h1", a_.h2, GetParam(), size));
  EXPECT_EQ(FactOr(f, "ping.result"), "reply") << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.reply_size"), std::to_string(size + 8));
}

TEST_P(PingProbeTest, CountsEveryEcho) {
  Facts f = RunPing(ctx(), MakePing("h1", a_.h2, GetParam(), 56, DfMode::kDo, 3));
  EXPECT_EQ(FactOr(f, "ping.sent"), "3") << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.replies"), "3") << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.errors"), "0");
  EXPECT_EQ(FactOr(f, "ping.last_result"), "reply");
}

TEST_P(PingProbeTest, LargerThanOwnLinkFailsLocallyWithTheLinkMtu) {
  Facts f = RunPing(ctx(), MakePing("h1", a_.h2, GetParam(), 1600));
  EXPECT_EQ(FactOr(f, "ping.result"), "local_emsgsize") << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.mtu"), "1500") << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.errors"), "1");
  EXPECT_EQ(FactOr(f, "ping.replies"), "0");
  EXPECT_FALSE(f.Has("ping.icmp_from")) << Dump(f);
}

TEST_P(PingProbeTest, BottleneckAnswersTooBigWithItsMtu) {
  Facts f = RunPing(ctx(), MakePing("h1", a_.h2, GetParam(), 1450));
  EXPECT_EQ(FactOr(f, "ping.result"), TooBig()) << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.mtu"), std::to_string(kBottleneckMtu)) << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.icmp_from"), a_.r_in) << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.icmp_type"), V4() ? "3" : "2");
  EXPECT_EQ(FactOr(f, "ping.icmp_code"), V4() ? "4" : "0");
  EXPECT_EQ(FactOr(f, "ping.errors"), "1");
}

TEST_P(PingProbeTest, SecondEchoFailsLocallyOnceThePmtuIsLearned) {
  Facts f = RunPing(ctx(), MakePing("h1", a_.h2, GetParam(), 1450, DfMode::kDo, 2));
  EXPECT_EQ(FactOr(f, "ping.result"), TooBig()) << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.last_result"), "local_emsgsize") << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.errors"), "2");
  EXPECT_EQ(FactOr(f, "ping.replies"), "0");
  EXPECT_EQ(FactOr(f, "ping.mtu"), std::to_string(kBottleneckMtu)) << "from the first error";
}

TEST_P(PingProbeTest, SilentPeerTimesOut) {
  SetStep ignore{"h2", std::nullopt, std::nullopt, std::nullopt};
  std::string key = V4() ? "net.ipv4.icmp_echo_ignore_all" : "net.ipv6.icmp.echo_ignore_all";
  ignore.sysctl = Sysctl{key, "1", {}};
  Facts set = RunSet(ctx(), ignore);
  ASSERT_EQ(FactOr(set, "sysctl." + key), "1") << Dump(set);
  Facts f = RunPing(ctx(), MakePing("h1", a_.h2, GetParam(), 56, DfMode::kDo, 1, 0.3));
  EXPECT_EQ(FactOr(f, "ping.result"), "timeout") << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.replies"), "0");
  EXPECT_EQ(FactOr(f, "ping.errors"), "0");
  EXPECT_FALSE(f.Has("ping.icmp_from")) << Dump(f);
}

TEST_P(PingProbeTest, RouterWithoutARouteAnswersUnreachable) {
  Facts f = RunPing(ctx(), MakePing("h1", a_.unrouted, GetParam(), 56));
  EXPECT_EQ(FactOr(f, "ping.result"), "icmp_error") << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.icmp_type"), V4() ? "3" : "1") << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.icmp_code"), "0") << Dump(f);  // net unreachable / no route
  EXPECT_EQ(FactOr(f, "ping.icmp_from"), a_.r_in);
  EXPECT_EQ(FactOr(f, "ping.errors"), "1");
  EXPECT_FALSE(f.Has("ping.mtu")) << Dump(f);
}

TEST_P(PingProbeTest, SetMtuChangesTheLinkAndWhatTheRouterAnswers) {
  SetStep shrink{"r", "eth2", 1300u, std::nullopt};
  Facts set = RunSet(ctx(), shrink);
  EXPECT_EQ(FactOr(set, "link.mtu"), "1300") << Dump(set);
  EXPECT_EQ(lab().node("r").rtnl.GetLink("eth2").mtu, 1300u);
  Facts f = RunPing(ctx(), MakePing("h1", a_.h2, GetParam(), 1350));
  EXPECT_EQ(FactOr(f, "ping.result"), TooBig()) << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.mtu"), "1300") << Dump(f);
}

class Ipv4PingProbeTest : public ::testing::Test, public ChainLabHolder {
 protected:
  void SetUp() override {
    MTULAB_REQUIRE_ROOT();
    BuildLab();
  }
};

TEST_F(Ipv4PingProbeTest, WithoutDfTheRouterFragmentsAndTheReplyIsWhole) {
  Facts f = RunPing(ctx(), MakePing("h1", "10.0.2.2", Family::kIpv4, 1450, DfMode::kDont));
  EXPECT_EQ(FactOr(f, "ping.result"), "reply") << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.reply_size"), "1458") << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.df"), "dont");
}

TEST_F(Ipv4PingProbeTest, DfWantFragmentsLocallyOnceThePmtuIsLearned) {
  Facts f = RunPing(ctx(), MakePing("h1", "10.0.2.2", Family::kIpv4, 1450, DfMode::kWant, 2));
  EXPECT_EQ(FactOr(f, "ping.result"), "frag_needed") << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.last_result"), "reply") << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.replies"), "1");
  EXPECT_EQ(FactOr(f, "ping.errors"), "1");
}

INSTANTIATE_TEST_SUITE_P(Families, PingProbeTest,
                         ::testing::Values(Family::kIpv4, Family::kIpv6), FamilyParamName);

}  // namespace
}  // namespace mtulab::integration
