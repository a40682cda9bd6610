#include "harness/cli/lint_formats.h"

#include <gtest/gtest.h>

#include "reports/json_value.h"

namespace mtulab {
namespace {

std::vector<LintResult> Sample() {
  Finding e;
  e.loc = SourceLoc{"topologies/a b.xml", 12, 5};
  e.severity = Severity::kError;
  e.check = "mtu-mismatch";
  e.message = "link r1:eth0 - r2:eth0: MTU 1500 vs 1400";
  e.wire = "frames over 1400 bytes vanish";
  e.fix = "set both to 1400";
  e.cases = {"c1"};
  Finding w = e;
  w.severity = Severity::kWarning;
  w.check = "mss-clamp";
  w.loc.line = 20;
  return {{e, ""}, {w, "known and wanted"}};
}

TEST(LintFormatsTest, JsonHasEveryFieldAndCountsLeaveAcceptedOut) {
  JsonValue v = ParseJson(LintJson(Sample()));
  ASSERT_EQ(v.Find("findings")->items.size(), 2u);
  const JsonValue& first = v.Find("findings")->items[0];
  EXPECT_EQ(first.Find("file")->text, "topologies/a b.xml");
  EXPECT_EQ(first.Find("line")->text, "12");
  EXPECT_EQ(first.Find("column")->text, "5");
  EXPECT_EQ(first.Find("severity")->text, "error");
  EXPECT_EQ(first.Find("check")->text, "mtu-mismatch");
  EXPECT_EQ(first.Find("fix")->text, "set both to 1400");
  EXPECT_EQ(first.Find("cases")->items[0].text, "c1");
  EXPECT_EQ(first.Find("accepted"), nullptr);
  const JsonValue& second = v.Find("findings")->items[1];
  EXPECT_EQ(second.Find("accepted")->Find("reason")->text, "known and wanted");
  EXPECT_EQ(v.Find("errors")->text, "1");
  EXPECT_EQ(v.Find("warnings")->text, "0");
  EXPECT_EQ(v.Find("accepted")->text, "1");
}

TEST(LintFormatsTest, SarifIs210WithRulesLocationsAndInSourceSuppressions) {
  JsonValue v = ParseJson(LintSarif(Sample()));
  EXPECT_EQ(v.Find("version")->text, "2.1.0");
  EXPECT_EQ(v.Find("$schema")->text, "https://json.schemastore.org/sarif-2.1.0.json");
  ASSERT_EQ(v.Find("runs")->items.size(), 1u);
  const JsonValue& run = v.Find("runs")->items[0];
  const JsonValue& driver = *run.Find("tool")->Find("driver");
  EXPECT_EQ(driver.Find("name")->text, "mtulab");
  ASSERT_EQ(driver.Find("rules")->items.size(), 2u);
  EXPECT_EQ(driver.Find("rules")->items[1].Find("id")->text, "mss-clamp");
  const JsonValue& results = *run.Find("results");
  ASSERT_EQ(results.items.size(), 2u);
  const JsonValue& r0 = results.items[0];
  EXPECT_EQ(r0.Find("ruleId")->text, "mtu-mismatch");
  EXPECT_EQ(r0.Find("level")->text, "error");
  const JsonValue& loc = *r0.Find("locations")->items[0].Find("physicalLocation");
  EXPECT_EQ(loc.Find("artifactLocation")->Find("uri")->text, "topologies/a%20b.xml");
  EXPECT_EQ(loc.Find("region")->Find("startLine")->text, "12");
  EXPECT_EQ(loc.Find("region")->Find("startColumn")->text, "5");
  EXPECT_NE(r0.Find("message")->Find("text")->text.find("Fix: set both to 1400"),
            std::string::npos);
  EXPECT_EQ(r0.Find("suppressions"), nullptr);
  const JsonValue& s = results.items[1].Find("suppressions")->items[0];
  EXPECT_EQ(s.Find("kind")->text, "inSource");
  EXPECT_EQ(s.Find("justification")->text, "known and wanted");
  EXPECT_EQ(results.items[1].Find("level")->text, "warning");
}

}  // namespace
}  // namespace mtulab
