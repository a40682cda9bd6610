// RunFlush's listing facts on the chain h1 -- r -- h2: the exceptions a dump lists before the
// flush (as `ip route list cache | wc -l`), and none after it.
#include <string>

#include <gtest/gtest.h>

#include "harness/probes/probe.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

class FlushListTest : public ::testing::TestWithParam<Family>, public ChainLabHolder {
 protected:
  void SetUp() override {
    MTULAB_REQUIRE_ROOT();
    a_ = ChainAddresses(GetParam());
  }
  bool V4() const { return GetParam() == Family::kIpv4; }
  std::string Listed() const { return V4() ? "flush.ipv4_listed" : "flush.ipv6_listed"; }
  /// A DF ping too big for the bottleneck, then a lookup: an exception the dump lists (IPv4
  /// lists an exception only once a route lookup has bound it).
  void LearnAndLookUp(const std::string& to) {
    Facts f = RunPing(ctx(), MakePing("h1", to, GetParam(), 1450));
    ASSERT_EQ(FactOr(f, "ping.result"), V4() ? "frag_needed" : "packet_too_big") << Dump(f);
    Facts p = RunPmtu(ctx(), MakePmtu("h1", to, GetParam()));
    ASSERT_EQ(FactOr(p, "route.exception"), "true") << Dump(p);
  }

  ChainAddrs a_;
};

TEST_P(FlushListTest, NothingCachedListsZero) {
  BuildLab();
  Facts f = RunFlush(ctx(), FlushStep{"h1", GetParam()});
  EXPECT_EQ(FactOr(f, Listed()), "0") << Dump(f);
}

TEST_P(FlushListTest, ListsEachExceptionOnceThenNone) {
  BuildLab();
  LearnAndLookUp(a_.h2);
  LearnAndLookUp(a_.h2_second);
  Facts f = RunFlush(ctx(), FlushStep{"h1", GetParam()});
  EXPECT_EQ(FactOr(f, Listed()), "2") << Dump(f);
  Facts again = RunFlush(ctx(), FlushStep{"h1", GetParam()});
  EXPECT_EQ(FactOr(again, Listed()), "0") << Dump(again);
}

TEST_P(FlushListTest, OtherFamilyListsNothing) {
  BuildLab();
  LearnAndLookUp(a_.h2);
  Facts f = RunFlush(ctx(), FlushStep{"h1", std::nullopt});
  EXPECT_EQ(FactOr(f, "flush.ipv4_listed"), V4() ? "1" : "0") << Dump(f);
  EXPECT_EQ(FactOr(f, "flush.ipv6_listed"), V4() ? "0" : "1") << Dump(f);
}

INSTANTIATE_TEST_SUITE_P(Families, FlushListTest,
                         ::testing::Values(Family::kIpv4, Family::kIpv6), FamilyParamName);

}  // namespace
}  // namespace mtulab::integration
