#include "reports/console.h"

#include <gtest/gtest.h>

namespace mtulab {
namespace {

CaseResult MakeCase(const std::string& name, Outcome outcome, double seconds) {
  CaseResult r;
  r.suite = "seed003-svi";
  r.name = name;
  r.outcome = outcome;
  r.seconds = seconds;
  return r;
}

Unmet MakeUnmet(const std::string& fact, const std::string& value,
                std::optional<std::string> observed, int line) {
  Unmet u;
  u.step_index = 2;
  u.step = "step 2 pmtu api -> 10.10.20.20";
  u.expectation.fact = fact;
  u.expectation.values = {value};
  u.expectation.loc = SourceLoc{"suites/x.xml", line, 7};
  u.observed = std::move(observed);
  return u;
}

TEST(ConsoleTest, ProgressLineAlignsCounterAndOutcome) {
  EXPECT_EQ(FormatProgressLine(MakeCase("svi_1500", Outcome::kPass, 0.214), 3, 12),
            "[ 3/12] PASS   seed003-svi/svi_1500  0.21s");
  EXPECT_EQ(FormatProgressLine(MakeCase("svi_1500", Outcome::kFail, 1.5), 12, 12),
            "[12/12] FAIL   seed003-svi/svi_1500  1.50s");
  EXPECT_EQ(FormatProgressLine(MakeCase("wg", Outcome::kSkip, 0), 7, 120),
            "[  7/120] SKIP   seed003-svi/wg  0.00s");
  EXPECT_EQ(FormatProgressLine(MakeCase("broken", Outcome::kError, 12.345), 1, 1),
            "[1/1] ERROR  seed003-svi/broken  12.35s");
}

TEST(ConsoleTest, ColourWrapsOnlyTheOutcomeWord) {
  EXPECT_EQ(FormatProgressLine(MakeCase("svi_1500", Outcome::kPass, 0.214), 3, 12, true),
            "[ 3/12] \033[32mPASS\033[0m   seed003-svi/svi_1500  0.21s");
  EXPECT_EQ(FormatProgressLine(MakeCase("x", Outcome::kFail, 1), 1, 1, true),
            "[1/1] \033[1;31mFAIL\033[0m   seed003-svi/x  1.00s");
  EXPECT_EQ(FormatProgressLine(MakeCase("x", Outcome::kInterrupted, 0), 1, 1, true),
            "[1/1] \033[33mINTERRUPTED\033[0m  seed003-svi/x  0.00s");
}

TEST(ConsoleTest, RunningAndStatusLines) {
  EXPECT_EQ(FormatRunningLine("s/slow", 1.04, 12), "[  /12] RUN    s/slow  running for 1.0s...");
  EXPECT_EQ(FormatStatusLine(3, 12, {{"a/x", 4.2}, {"b/y", 1.0}}, 80),
            "[ 3/12] running 2: a/x 4s, b/y 1s");
  EXPECT_EQ(FormatStatusLine(3, 12, {{"a/x", 4.2}, {"b/y", 1.0}}, 20), "[ 3/12] running 2...");
  EXPECT_EQ(FormatStatusLine(0, 1, {}, 80), "[0/1] running 0:");
}

TEST(ConsoleTest, DetailsOfEachOutcome) {
  EXPECT_EQ(FormatCaseDetails(MakeCase("ok", Outcome::kPass, 0)), "");

  CaseResult fail = MakeCase("f", Outcome::kFail, 0);
  fail.unmet = {MakeUnmet("route.pmtu", "1500", "9000", 14),
                MakeUnmet("route.expires_s", "1", std::nullopt, 15)};
  fail.unmet[1].expectation.op = Expectation::Op::kAtLeast;
  EXPECT_EQ(FormatCaseDetails(fail),
            "    step 2 pmtu api -> 10.10.20.20: route.pmtu: expected = 1500, observed 9000 "
            "(suites/x.xml:14:7)\n"
            "    step 2 pmtu api -> 10.10.20.20: route.expires_s: expected >= 1, observed "
            "nothing (fact absent) (suites/x.xml:15:7)\n");

  CaseResult skip = MakeCase("s", Outcome::kSkip, 0);
  skip.reason = "kernel lacks gre";
  EXPECT_EQ(FormatCaseDetails(skip), "    reason: kernel lacks gre\n");
  CaseResult error = MakeCase("e", Outcome::kError, 0);
  error.reason = "cleanup: netns api: EBUSY";
  EXPECT_EQ(FormatCaseDetails(error), "    reason: cleanup: netns api: EBUSY\n");
}

TEST(ConsoleTest, SummaryCountsAndListsNonPassing) {
  SuiteResult a{"seed003-svi", "suites/svi.xml", "", {}, 2};
  a.cases = {MakeCase("p1", Outcome::kPass, 0), MakeCase("f1", Outcome::kFail, 0),
             MakeCase("p2", Outcome::kPass, 0), MakeCase("e1", Outcome::kError, 0)};
  SuiteResult b{"other", "suites/other.xml", "", {}, 1};
  CaseResult skip = MakeCase("s1", Outcome::kSkip, 0);
  skip.suite = "other";
  b.cases = {skip};
  EXPECT_EQ(FormatSummary({a, b}, 3.456),
            "\n"
            "5 cases: 2 passed, 1 failed, 1 skipped, 1 errors (3.46s)\n"
            "  FAIL  seed003-svi/f1\n"
            "  ERROR seed003-svi/e1\n"
            "  SKIP  other/s1\n");
}

TEST(ConsoleTest, InterruptedCasesAreNamedAndCountedApart) {
  CaseResult stopped = MakeCase("later", Outcome::kInterrupted, 0);
  stopped.reason = "the run was interrupted (SIGINT) before this case started";
  EXPECT_EQ(FormatProgressLine(stopped, 2, 2), "[2/2] INTERRUPTED  seed003-svi/later  0.00s");
  EXPECT_EQ(FormatCaseDetails(stopped),
            "    reason: the run was interrupted (SIGINT) before this case started\n");
  SuiteResult a{"seed003-svi", "suites/svi.xml", "", {}, 2};
  a.cases = {MakeCase("p1", Outcome::kPass, 0), stopped};
  EXPECT_EQ(FormatSummary({a}, 1),
            "\n"
            "2 cases: 1 passed, 0 failed, 0 skipped, 0 errors, 1 interrupted (1.00s)\n"
            "  INTERRUPTED seed003-svi/later\n");
}

TEST(ConsoleTest, SummaryAllPassedHasNoList) {
  SuiteResult a{"seed003-svi", "suites/svi.xml", "", {}, 2};
  a.cases = {MakeCase("p1", Outcome::kPass, 0)};
  EXPECT_EQ(FormatSummary({a}, 0.2), "\n1 cases: 1 passed, 0 failed, 0 skipped, 0 errors (0.20s)\n");
  EXPECT_EQ(FormatSummary({}, 0), "\n0 cases: 0 passed, 0 failed, 0 skipped, 0 errors (0.00s)\n");
}

}  // namespace
}  // namespace mtulab
