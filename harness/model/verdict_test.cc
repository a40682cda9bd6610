#include "harness/model/verdict.h"

#include <gtest/gtest.h>

namespace mtulab {
namespace {

Unmet MakeUnmet(Expectation::Op op, std::vector<std::string> values,
                std::optional<std::string> observed) {
  Unmet u;
  u.step_index = 2;
  u.step = "step 2 ping api -> 10.10.20.20 ipv4 size 8900 df=do count 1";
  u.expectation.fact = "ping.mtu";
  u.expectation.op = op;
  u.expectation.values = std::move(values);
  u.expectation.loc = SourceLoc{"suites/x.xml", 14, 7};
  u.observed = std::move(observed);
  return u;
}

TEST(OutcomeNameTest, EveryOutcome) {
  EXPECT_STREQ(OutcomeName(Outcome::kPass), "pass");
  EXPECT_STREQ(OutcomeName(Outcome::kFail), "fail");
  EXPECT_STREQ(OutcomeName(Outcome::kSkip), "skip");
  EXPECT_STREQ(OutcomeName(Outcome::kError), "error");
  EXPECT_STREQ(OutcomeName(Outcome::kInterrupted), "interrupted");
}

TEST(UnmetMessageTest, ObservedValue) {
  EXPECT_EQ(MakeUnmet(Expectation::Op::kEquals, {"1500"}, "9000").Message(),
            "step 2 ping api -> 10.10.20.20 ipv4 size 8900 df=do count 1: ping.mtu: "
            "expected = 1500, observed 9000 (suites/x.xml:14:7)");
}

TEST(UnmetMessageTest, FactAbsent) {
  EXPECT_EQ(MakeUnmet(Expectation::Op::kAtLeast, {"1"}, std::nullopt).Message(),
            "step 2 ping api -> 10.10.20.20 ipv4 size 8900 df=do count 1: ping.mtu: "
            "expected >= 1, observed nothing (fact absent) (suites/x.xml:14:7)");
}

TEST(UnmetMessageTest, OtherPredicatesAndUnknownLocation) {
  Unmet absent = MakeUnmet(Expectation::Op::kAbsent, {}, "1500");
  absent.expectation.loc = SourceLoc{};
  EXPECT_EQ(absent.Message(),
            "step 2 ping api -> 10.10.20.20 ipv4 size 8900 df=do count 1: ping.mtu: "
            "expected absent, observed 1500");
  Unmet one_of = MakeUnmet(Expectation::Op::kOneOf, {"reply", "timeout"}, "");
  EXPECT_EQ(one_of.Message(),
            "step 2 ping api -> 10.10.20.20 ipv4 size 8900 df=do count 1: ping.mtu: "
            "expected one of {reply, timeout}, observed \"\" (suites/x.xml:14:7)");
}

}  // namespace
}  // namespace mtulab
