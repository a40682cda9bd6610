#include "harness/checks/checks.h"

#include <gtest/gtest.h>

namespace mtulab {
namespace {

using Op = Expectation::Op;
using Observed = std::optional<std::string>;

Expectation Expect(const std::string& fact, Op op, std::vector<std::string> values = {},
                   int line = 0) {
  Expectation e;
  e.fact = fact;
  e.op = op;
  e.values = std::move(values);
  e.loc = SourceLoc{"suites/x.xml", line, line ? 7 : 0};
  return e;
}

TEST(ChecksTest, EqualsComparesIntegersNumerically) {
  Expectation e = Expect("ping.mtu", Op::kEquals, {"1500"});
  EXPECT_TRUE(Satisfies(e, "1500"));
  EXPECT_TRUE(Satisfies(e, "01500"));
  EXPECT_FALSE(Satisfies(e, "9000"));
  EXPECT_FALSE(Satisfies(e, " 1500"));
  EXPECT_FALSE(Satisfies(e, std::nullopt));
  EXPECT_TRUE(Satisfies(Expect("x", Op::kEquals, {"-0"}), "0"));
}

TEST(ChecksTest, EqualsComparesTextExactly) {
  Expectation e = Expect("ping.result", Op::kEquals, {"frag_needed"});
  EXPECT_TRUE(Satisfies(e, "frag_needed"));
  EXPECT_FALSE(Satisfies(e, "Frag_needed"));
  EXPECT_FALSE(Satisfies(e, "frag_needed "));
  EXPECT_FALSE(Satisfies(e, ""));
  EXPECT_FALSE(Satisfies(Expect("x", Op::kEquals, {"1.0"}), "1"));
  EXPECT_FALSE(Satisfies(Expect("x", Op::kEquals, {}), "1"));
}

TEST(ChecksTest, OneOf) {
  Expectation e = Expect("ping.result", Op::kOneOf, {"reply", "timeout", "10"});
  EXPECT_TRUE(Satisfies(e, "reply"));
  EXPECT_TRUE(Satisfies(e, "timeout"));
  EXPECT_TRUE(Satisfies(e, "010"));
  EXPECT_FALSE(Satisfies(e, "frag_needed"));
  EXPECT_FALSE(Satisfies(e, std::nullopt));
  EXPECT_FALSE(Satisfies(Expect("x", Op::kOneOf, {}), "reply"));
}

TEST(ChecksTest, AtLeastAndAtMostNeedIntegers) {
  Expectation least = Expect("route.expires_s", Op::kAtLeast, {"1"});
  Expectation most = Expect("route.expires_s", Op::kAtMost, {"600"});
  EXPECT_TRUE(Satisfies(least, "1"));
  EXPECT_TRUE(Satisfies(least, "597"));
  EXPECT_FALSE(Satisfies(least, "0"));
  EXPECT_FALSE(Satisfies(least, "-3"));
  EXPECT_TRUE(Satisfies(most, "600"));
  EXPECT_TRUE(Satisfies(most, "-1"));
  EXPECT_FALSE(Satisfies(most, "601"));
  EXPECT_FALSE(Satisfies(least, "many"));
  EXPECT_FALSE(Satisfies(most, "5.5"));
  EXPECT_FALSE(Satisfies(Expect("x", Op::kAtMost, {"lots"}), "1"));
  EXPECT_FALSE(Satisfies(least, std::nullopt));
  EXPECT_FALSE(Satisfies(most, std::nullopt));
}

TEST(ChecksTest, BetweenIsAnInclusiveIntegerRange) {
  Expectation e = Expect("route.expires_s", Op::kBetween, {"595", "600"});
  EXPECT_TRUE(Satisfies(e, "595"));
  EXPECT_TRUE(Satisfies(e, "598"));
  EXPECT_TRUE(Satisfies(e, "600"));
  EXPECT_TRUE(Satisfies(e, "0600"));
  EXPECT_FALSE(Satisfies(e, "594"));
  EXPECT_FALSE(Satisfies(e, "601"));
  EXPECT_FALSE(Satisfies(e, "-598"));
  EXPECT_FALSE(Satisfies(e, "598s"));
  EXPECT_FALSE(Satisfies(e, std::nullopt));
  EXPECT_TRUE(Satisfies(Expect("x", Op::kBetween, {"-2", "-2"}), "-2"));
  // A range needs both ends, as integers.
  EXPECT_FALSE(Satisfies(Expect("x", Op::kBetween, {"1"}), "1"));
  EXPECT_FALSE(Satisfies(Expect("x", Op::kBetween, {"1", "many"}), "1"));
}

TEST(ChecksTest, PresentAndAbsentLookOnlyAtExistence) {
  EXPECT_TRUE(Satisfies(Expect("route.pmtu", Op::kPresent), "1500"));
  EXPECT_TRUE(Satisfies(Expect("route.pmtu", Op::kPresent), ""));
  EXPECT_FALSE(Satisfies(Expect("route.pmtu", Op::kPresent), std::nullopt));
  EXPECT_TRUE(Satisfies(Expect("route.pmtu", Op::kAbsent), std::nullopt));
  EXPECT_FALSE(Satisfies(Expect("route.pmtu", Op::kAbsent), ""));
}

TEST(ChecksTest, EvaluateListsUnmetInDeclarationOrder) {
  Step step;
  step.index = 3;
  step.body = PmtuStep{"api", Target{"10.10.20.20", {}, {}}, std::nullopt};
  step.expects = {Expect("route.pmtu", Op::kEquals, {"1500"}, 14),
                  Expect("route.expires_s", Op::kAtLeast, {"1"}, 15),
                  Expect("route.mtu_source", Op::kEquals, {"exception"}, 16),
                  Expect("route.locked", Op::kAbsent, {}, 17)};
  Facts facts;
  facts.Set("route.pmtu", 9000);
  facts.Set("route.mtu_source", "exception");
  facts.SetBool("route.locked", false);

  std::vector<Unmet> unmet = Evaluate(step, facts);
  ASSERT_EQ(unmet.size(), 3u);
  EXPECT_EQ(unmet[0].step_index, 3);
  EXPECT_EQ(unmet[0].step, "step 3 pmtu api -> 10.10.20.20");
  EXPECT_EQ(unmet[0].expectation.fact, "route.pmtu");
  EXPECT_EQ(unmet[0].observed, "9000");
  EXPECT_EQ(unmet[1].expectation.fact, "route.expires_s");
  EXPECT_EQ(unmet[1].observed, std::nullopt);
  EXPECT_EQ(unmet[2].expectation.fact, "route.locked");
  EXPECT_EQ(unmet[1].Message(),
            "step 3 pmtu api -> 10.10.20.20: route.expires_s: expected >= 1, "
            "observed nothing (fact absent) (suites/x.xml:15:7)");
}

TEST(ChecksTest, EvaluateAllMet) {
  Step step;
  step.index = 1;
  step.body = LinkStep{"api", "eth1"};
  step.expects = {Expect("link.mtu", Op::kEquals, {"9000"})};
  Facts facts;
  facts.Set("link.mtu", 9000);
  EXPECT_TRUE(Evaluate(step, facts).empty());
}

// Typed values (what Evaluate compares): by type and value, never by re-parsed text.
Expectation Typed(const std::string& fact, Op op, FactType type, std::vector<std::string> values) {
  Expectation e = Expect(fact, op, std::move(values));
  EXPECT_EQ(TypeExpectation(e, type), "");
  return e;
}

TEST(ChecksTest, TypedEqualsComparesEachKindByValue) {
  FactValue mtu = int64_t{1500};
  FactValue yes = true;
  FactValue text = std::string("reply");
  FactValue ip = *ParseIp("fd00::1");
  EXPECT_TRUE(Satisfies(Typed("ping.mtu", Op::kEquals, FactType::kInteger, {"01500"}), &mtu));
  EXPECT_FALSE(Satisfies(Typed("ping.mtu", Op::kEquals, FactType::kInteger, {"1400"}), &mtu));
  EXPECT_TRUE(Satisfies(Typed("route.locked", Op::kEquals, FactType::kBool, {"true"}), &yes));
  EXPECT_FALSE(Satisfies(Typed("route.locked", Op::kEquals, FactType::kBool, {"false"}), &yes));
  EXPECT_TRUE(Satisfies(Typed("ping.result", Op::kEquals, FactType::kText, {"reply"}), &text));
  EXPECT_FALSE(Satisfies(Typed("ping.result", Op::kEquals, FactType::kText, {"Reply"}), &text));
  // Addresses compare by value: "fd00:0::1" is "fd00::1".
  EXPECT_TRUE(Satisfies(Typed("ping.target", Op::kEquals, FactType::kAddress, {"fd00:0::1"}), &ip));
  EXPECT_FALSE(Satisfies(Typed("ping.target", Op::kEquals, FactType::kAddress, {"fd00::2"}), &ip));
  // A value of another type never equals: text "1500" is not the number 1500.
  FactValue text_number = std::string("1500");
  EXPECT_FALSE(
      Satisfies(Typed("ping.mtu", Op::kEquals, FactType::kInteger, {"1500"}), &text_number));
  EXPECT_FALSE(Satisfies(Typed("ping.mtu", Op::kEquals, FactType::kInteger, {"1500"}), nullptr));
}

TEST(ChecksTest, TypedOneOfBoundsAndExistence) {
  FactValue ip = *ParseIp("fd00::1");
  FactValue n = int64_t{597};
  FactValue text = std::string("597");
  EXPECT_TRUE(Satisfies(
      Typed("ping.icmp_from", Op::kOneOf, FactType::kAddress, {"fd00::2", "fd00:0:0::1"}), &ip));
  EXPECT_FALSE(
      Satisfies(Typed("ping.icmp_from", Op::kOneOf, FactType::kAddress, {"fd00::2"}), &ip));
  EXPECT_TRUE(Satisfies(Typed("route.expires_s", Op::kAtLeast, FactType::kInteger, {"1"}), &n));
  EXPECT_FALSE(Satisfies(Typed("route.expires_s", Op::kAtMost, FactType::kInteger, {"596"}), &n));
  EXPECT_TRUE(Satisfies(Typed("route.expires_s", Op::kAtMost, FactType::kInteger, {"597"}), &n));
  EXPECT_FALSE(Satisfies(Typed("x", Op::kAtLeast, FactType::kText, {"1"}), &text));
  EXPECT_TRUE(Satisfies(Expect("route.pmtu", Op::kPresent), &n));
  EXPECT_FALSE(Satisfies(Expect("route.pmtu", Op::kAbsent), &n));
  EXPECT_TRUE(Satisfies(Expect("route.pmtu", Op::kAbsent), nullptr));
}

TEST(ChecksTest, EvaluateComparesTheFactsTypedValues) {
  Step step;
  step.expects = {Typed("ping.target", Op::kEquals, FactType::kAddress, {"fd00:0::1"})};
  Facts facts;
  facts.Set("ping.target", "fd00::1");
  ASSERT_EQ(facts.Conform("ping.target", FactType::kAddress), "");
  EXPECT_TRUE(Evaluate(step, facts).empty());
}

// A list fact's expectation typed as the loader does (TypeExpectation by the fact's type).
Expectation ListExpect(Op op, const std::string& value, FactType type = FactType::kIntegerList) {
  Expectation e = Expect("capture.ip_lengths", op, {value});
  EXPECT_EQ(TypeExpectation(e, type), "");
  return e;
}

TEST(ChecksTest, ListEqualsComparesTheWholeListInOrder) {
  FactValue seen = IntegerList{1500, 1500, 548};
  EXPECT_TRUE(Satisfies(ListExpect(Op::kEquals, "1500, 1500, 548"), &seen));
  EXPECT_FALSE(Satisfies(ListExpect(Op::kEquals, "1500,548,1500"), &seen));
  EXPECT_FALSE(Satisfies(ListExpect(Op::kEquals, "1500,1500"), &seen));
  // Built without the loader, the value is parsed as the observed list's type.
  EXPECT_TRUE(Satisfies(Expect("x", Op::kEquals, {"1500,1500,548"}), &seen));
  FactValue results = TextList{"timeout", "reply"};
  EXPECT_TRUE(Satisfies(ListExpect(Op::kEquals, "timeout,reply", FactType::kTextList), &results));
  EXPECT_FALSE(Satisfies(ListExpect(Op::kEquals, "reply,timeout", FactType::kTextList), &results));
}

TEST(ChecksTest, ListContainsLengthAndDistinct) {
  FactValue seen = IntegerList{1500, 1500, 548};
  EXPECT_TRUE(Satisfies(ListExpect(Op::kContains, "548"), &seen));
  EXPECT_FALSE(Satisfies(ListExpect(Op::kContains, "549"), &seen));
  EXPECT_TRUE(Satisfies(ListExpect(Op::kLength, "3"), &seen));
  EXPECT_FALSE(Satisfies(ListExpect(Op::kLength, "2"), &seen));
  EXPECT_TRUE(Satisfies(ListExpect(Op::kDistinct, "2"), &seen));
  EXPECT_FALSE(Satisfies(ListExpect(Op::kDistinct, "1"), &seen));
  FactValue empty = IntegerList{};
  EXPECT_TRUE(Satisfies(ListExpect(Op::kLength, "0"), &empty));
  EXPECT_FALSE(Satisfies(ListExpect(Op::kContains, "0"), &empty));
  FactValue results = TextList{"timeout", "reply", "reply"};
  EXPECT_TRUE(Satisfies(ListExpect(Op::kContains, "timeout", FactType::kTextList), &results));
  EXPECT_TRUE(Satisfies(ListExpect(Op::kDistinct, "2", FactType::kTextList), &results));
}

TEST(ChecksTest, AllAtLeastAndAllAtMostNeverHoldOnAnEmptyList) {
  FactValue seen = IntegerList{1500, 1500, 548};
  EXPECT_TRUE(Satisfies(ListExpect(Op::kAllAtMost, "1500"), &seen));
  EXPECT_FALSE(Satisfies(ListExpect(Op::kAllAtMost, "1499"), &seen));
  EXPECT_TRUE(Satisfies(ListExpect(Op::kAllAtLeast, "548"), &seen));
  EXPECT_FALSE(Satisfies(ListExpect(Op::kAllAtLeast, "549"), &seen));
  FactValue empty = IntegerList{};  // "no packet over the MTU" must not hold on no packet
  EXPECT_FALSE(Satisfies(ListExpect(Op::kAllAtMost, "1500"), &empty));
  EXPECT_FALSE(Satisfies(ListExpect(Op::kAllAtLeast, "0"), &empty));
  EXPECT_FALSE(Satisfies(ListExpect(Op::kAllAtMost, "1500"), nullptr));
}

TEST(ChecksTest, ListPredicatesNeverHoldOnSingleValuesNorTheOtherWayRound) {
  FactValue mtu = int64_t{1500};
  EXPECT_FALSE(Satisfies(Expect("ping.mtu", Op::kContains, {"1500"}), &mtu));
  EXPECT_FALSE(Satisfies(Expect("ping.mtu", Op::kLength, {"1"}), &mtu));
  FactValue seen = IntegerList{1500};
  EXPECT_FALSE(Satisfies(Expect("capture.ip_lengths", Op::kAtMost, {"1500"}), &seen));
  EXPECT_FALSE(Satisfies(Expect("capture.ip_lengths", Op::kOneOf, {"1500"}), &seen));
}

TEST(ChecksTest, ListExpectationsDescribeThemselves) {
  EXPECT_EQ(Expect("capture.df", Op::kAllAtLeast, {"1"}).Describe(), "capture.df all >= 1");
  EXPECT_EQ(Expect("capture.df", Op::kAllAtMost, {"0"}).Describe(), "capture.df all <= 0");
  EXPECT_EQ(Expect("ping.results", Op::kContains, {"timeout"}).Describe(),
            "ping.results contains timeout");
  EXPECT_EQ(Expect("capture.ip_ids", Op::kDistinct, {"1"}).Describe(),
            "capture.ip_ids distinct = 1");
  EXPECT_EQ(Expect("capture.ip_ids", Op::kLength, {"2"}).Attribute(), std::string("length"));
}

}  // namespace
}  // namespace mtulab
