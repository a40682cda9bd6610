// The registry rows of <read> and <until>: which facts their attributes bind, and that an
// <until> passes on its inner step's facts with the inner step's own specs.
#include <gtest/gtest.h>

#include "harness/model/step_specs.h"

namespace mtulab {
namespace {

Step StepOf(StepBody body) {
  Step step;
  step.body = std::move(body);
  return step;
}

Step UntilOf(StepBody inner) {
  UntilStep until;
  until.inner.push_back(StepOf(std::move(inner)));
  return StepOf(std::move(until));
}

TEST(ReadUntilRowsTest, ReadFactsFollowItsAttributes) {
  Step sysctl = StepOf(ReadStateStep{"a", std::nullopt, "net.ipv4.route.mtu_expires"});
  EXPECT_EQ(FactProblem(sysctl, "read.sysctl.net.ipv4.route.mtu_expires"), "");
  EXPECT_EQ(FactProblem(sysctl, "read.sysctl.net.ipv4.route.mtu_expires.exists"), "");
  EXPECT_EQ(FactProblem(sysctl, "read.mtu"),
            "fact 'read.mtu' exists only when <read> has attribute 'dev'");
  EXPECT_NE(FactProblem(sysctl, "read.sysctl.net.ipv4.ip_forward"), "");
  Step dev = StepOf(ReadStateStep{"a", "eth0", std::nullopt});
  for (const char* fact :
       {"read.mtu", "read.up", "read.carrier", "read.addr.ipv4.count", "read.addr.ipv4.first",
        "read.addr.ipv6.global", "read.addr.ipv6.link_local.count"}) {
    EXPECT_EQ(FactProblem(dev, fact), "") << fact;
  }
  const FactSpec* spec = FindFactSpec(dev, "read.addr.ipv6.link_local");
  ASSERT_NE(spec, nullptr);
  EXPECT_EQ(spec->type, FactType::kAddress);
  EXPECT_EQ(spec->provenance, Provenance::kState);
}

TEST(ReadUntilRowsTest, UntilPassesOnTheInnerStepsFactsWithTheirSpecs) {
  Step until = UntilOf(PmtuStep{});
  EXPECT_EQ(FactProblem(until, "until.held"), "");
  EXPECT_EQ(FactProblem(until, "until.ms"), "");
  EXPECT_EQ(FactProblem(until, "until.polls"), "");
  EXPECT_EQ(FactProblem(until, "route.exception"), "");
  const FactSpec* pmtu = FindFactSpec(until, "route.pmtu");
  ASSERT_NE(pmtu, nullptr);
  EXPECT_EQ(pmtu->type, FactType::kInteger);
  EXPECT_TRUE(pmtu->predictable);
  EXPECT_EQ(FactProblem(until, "ping.result"),
            "fact 'ping.result' comes from <ping>, not from <until>");
  Step counter = UntilOf(CounterStep{"a", {"Icmp.InErrors"}});
  EXPECT_EQ(FactProblem(counter, "counter.Icmp.InErrors.delta"), "");
  EXPECT_NE(FactProblem(counter, "counter.Icmp.OutErrors"), "");
  std::vector<std::string> names = FactNames(counter);
  EXPECT_EQ(names,
            (std::vector<std::string>{"until.held", "until.ms", "until.polls",
                                      "counter.Icmp.InErrors", "counter.Icmp.InErrors.delta"}));
}

TEST(ReadUntilRowsTest, ProvenanceOfAnInnerFactIsItsOwnRows) {
  EXPECT_EQ(FactProvenance("until", "until.held"), "state");
  EXPECT_EQ(FactProvenance("until", "ping.result"), "traffic");
  EXPECT_EQ(FactProvenance("read", "read.sysctl.net.ipv4.ip_forward"), "state");
  EXPECT_EQ(FactProvenance("until", "nothing.here"), "");
}

}  // namespace
}  // namespace mtulab
