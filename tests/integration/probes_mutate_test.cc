// RunDeleteLink and RunRouteReplace on the chain h1 -- r -- h2: the topology changed mid-case
// as pmtu.sh's cleanup and route_change tests change it.
#include <string>

#include <gtest/gtest.h>

#include "harness/probes/probe.h"
#include "harness/sys/sys_error.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

class MutateProbeTest : public ::testing::TestWithParam<Family>, public ChainLabHolder {
 protected:
  void SetUp() override {
    MTULAB_REQUIRE_ROOT();
    a_ = ChainAddresses(GetParam());
  }
  bool V4() const { return GetParam() == Family::kIpv4; }
  void LearnPmtu() {
    Facts f = RunPing(ctx(), MakePing("h1", a_.h2, GetParam(), 1450));
    ASSERT_EQ(FactOr(f, "ping.result"), V4() ? "frag_needed" : "packet_too_big") << Dump(f);
    Facts p = RunPmtu(ctx(), MakePmtu("h1", a_.h2, GetParam()));
    ASSERT_EQ(FactOr(p, "route.pmtu"), std::to_string(kBottleneckMtu)) << Dump(p);
  }
  RouteReplaceStep DefaultVia(const std::string& via, std::optional<uint32_t> mtu) {
    RouteReplaceStep s{"h1", MakeRoute(GetParam(), "default", via)};
    s.route.mtu = mtu;
    return s;
  }

  ChainAddrs a_;
};

TEST_P(MutateProbeTest, DeleteLinkTakesTheVethPeerAlong) {
  BuildLab();
  LearnPmtu();  // a cached exception holds a reference to the device until it is released
  Facts f = RunDeleteLink(ctx(), DeleteLinkStep{"r", "eth2"});
  EXPECT_EQ(FactOr(f, "delete.gone"), "true") << Dump(f);
  ASSERT_TRUE(ParseInteger(FactOr(f, "delete.ms")).has_value()) << Dump(f);
  EXPECT_FALSE(lab().node("r").ifindex.count("eth2"));
  EXPECT_FALSE(lab().node("h2").ifindex.count("eth0"));  // the peer went with it
  EXPECT_TRUE(lab().node("h1").ifindex.count("eth0"));
  EXPECT_THROW(RunDeleteLink(ctx(), DeleteLinkStep{"h2", "eth0"}), SysError);
  Facts ping = RunPing(ctx(), MakePing("h1", a_.h2, GetParam(), 56, DfMode::kDo, 1, 0.3));
  EXPECT_NE(FactOr(ping, "ping.result"), "reply") << Dump(ping);
}

TEST_P(MutateProbeTest, RouteReplaceTakesEffect) {
  BuildLab();
  Facts before = RunPmtu(ctx(), MakePmtu("h1", a_.h2, GetParam()));
  ASSERT_EQ(FactOr(before, "route.pmtu"), "1500") << Dump(before);
  Facts f = RunRouteReplace(ctx(), DefaultVia(a_.r_in, 1300));
  EXPECT_EQ(FactOr(f, "route_replace.route"), DefaultVia(a_.r_in, 1300).route.Describe());
  Facts after = RunPmtu(ctx(), MakePmtu("h1", a_.h2, GetParam()));
  EXPECT_EQ(FactOr(after, "route.pmtu"), "1300") << Dump(after);
  EXPECT_EQ(FactOr(after, "route.mtu_source"), "route") << Dump(after);
}

TEST_P(MutateProbeTest, RouteReplaceOverAnExceptionThenDeleteTheDevice) {
  BuildLab();
  LearnPmtu();
  RunRouteReplace(ctx(), DefaultVia(a_.r_in, std::nullopt));
  Facts f = RunDeleteLink(ctx(), DeleteLinkStep{"h1", "eth0"});
  EXPECT_EQ(FactOr(f, "delete.gone"), "true") << Dump(f);
  EXPECT_FALSE(lab().node("r").ifindex.count("eth1"));
}

TEST_P(MutateProbeTest, RouteReplaceViaAnUnreachableGatewayIsAnError) {
  BuildLab();
  EXPECT_THROW(RunRouteReplace(ctx(), DefaultVia(a_.unrouted, std::nullopt)), SysError);
}

INSTANTIATE_TEST_SUITE_P(Families, MutateProbeTest,
                         ::testing::Values(Family::kIpv4, Family::kIpv6), FamilyParamName);

}  // namespace
}  // namespace mtulab::integration
