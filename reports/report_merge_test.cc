#include "reports/report_merge.h"

#include <gtest/gtest.h>

namespace mtulab {
namespace {

CaseResult MakeCase(const std::string& suite, const std::string& name, Outcome outcome) {
  CaseResult c;
  c.suite = suite;
  c.name = name;
  c.file = "suites/" + suite + ".xml";
  c.outcome = outcome;
  c.seconds = 0.5;
  return c;
}

SourcedReport Shard(const std::string& source, const std::string& shard, double seconds,
                    std::vector<SuiteResult> suites) {
  SourcedReport r;
  r.source = source;
  r.report.run.shard = shard;
  r.report.run.seconds = seconds;
  r.report.run.hostname = "host-" + shard.substr(0, 1);
  r.report.run.kernel = "6.18.44";
  r.report.run.mtulab_version = "0.1.0";
  r.report.run.started = "2026-11-23T01:00:0" + shard.substr(0, 1) + "Z";
  r.report.suites = std::move(suites);
  return r;
}

SuiteResult Suite(const std::string& name, std::vector<CaseResult> cases) {
  SuiteResult s;
  s.name = name;
  s.file = "suites/" + name + ".xml";
  s.timestamp = "2026-11-23T01:00:00";
  s.seconds = 1;
  s.cases = std::move(cases);
  return s;
}

std::vector<SourcedReport> ThreeShards() {
  return {Shard("s1.json", "1/3", 4, {Suite("a", {MakeCase("a", "a1", Outcome::kPass)})}),
          Shard("s2.json", "2/3", 6,
                {Suite("a", {MakeCase("a", "a2", Outcome::kFail)}),
                 Suite("b", {MakeCase("b", "b1", Outcome::kSkip)})}),
          Shard("s3.json", "3/3", 1, {})};  // an empty shard still writes its report
}

std::string Problem(const std::vector<SourcedReport>& inputs) {
  try {
    MergeRunReports(inputs, {"mtulab", "merge"});
  } catch (const MergeError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no MergeError";
  return "";
}

TEST(MergeRunReportsTest, CombinesSuitesAndRunInfo) {
  RunMerge m = MergeRunReports(ThreeShards(), {"mtulab", "merge", "x"});
  EXPECT_TRUE(m.checked);
  EXPECT_TRUE(m.missing.empty());
  const RunInfo& run = m.report.run;
  EXPECT_EQ(run.shard, "");
  EXPECT_EQ(run.started, "2026-11-23T01:00:01Z");
  EXPECT_DOUBLE_EQ(run.seconds, 6);
  EXPECT_EQ(run.hostname, "host-1,host-2,host-3");
  EXPECT_EQ(run.kernel, "6.18.44");
  EXPECT_EQ(run.command_line, (std::vector<std::string>{"mtulab", "merge", "x"}));
  ASSERT_EQ(m.report.suites.size(), 2u);
  EXPECT_EQ(m.report.suites[0].cases.size(), 2u);
  EXPECT_DOUBLE_EQ(m.report.suites[0].seconds, 2);
  EXPECT_EQ(CountOutcomes(m.report.suites).failed, 1);
}

TEST(MergeRunReportsTest, MissingShardIsNamed) {
  std::vector<SourcedReport> inputs = ThreeShards();
  inputs.erase(inputs.begin() + 1);
  EXPECT_EQ(MergeRunReports(inputs, {}).missing,
            (std::vector<std::string>{"shard(s) 2 of 3 in no JSON input"}));
}

TEST(MergeRunReportsTest, ExactErrors) {
  std::vector<SourcedReport> twice = ThreeShards();
  twice.push_back(twice[0]);
  EXPECT_EQ(Problem(twice), "shard 1/3 is in both s1.json and s1.json");
  std::vector<SourcedReport> dup = ThreeShards();
  dup[2].report.suites = {Suite("a", {MakeCase("a", "a1", Outcome::kPass)})};
  EXPECT_EQ(Problem(dup), "case 'a/a1' is in both s1.json and s3.json (the same shard given "
                          "twice, or runs that overlap)");
  std::vector<SourcedReport> other = ThreeShards();
  other[1].report.run.shard = "2/4";
  EXPECT_EQ(Problem(other), "inputs come from different runs: s1.json is a shard of 3, s2.json of 4");
  std::vector<SourcedReport> mixed = ThreeShards();
  mixed[0].report.run.shard = "";
  EXPECT_EQ(Problem(mixed), "inputs mix shards and whole runs: s1.json is not a shard, "
                            "s2.json is");
}

TEST(MergeRunReportsTest, OrderFollowsTheMergedJunit) {
  JunitSuite b, a;
  b.name = "b";
  a.name = "a";
  a.cases.resize(2);
  a.cases[0].name = "a2";
  a.cases[1].name = "a1";
  std::vector<JunitSuite> order = {b, a};
  RunMerge m = MergeRunReports(ThreeShards(), {}, &order);
  ASSERT_EQ(m.report.suites.size(), 2u);
  EXPECT_EQ(m.report.suites[0].name, "b");
  EXPECT_EQ(m.report.suites[1].cases[0].name, "a2");
  EXPECT_EQ(m.report.suites[1].cases[1].name, "a1");
}

TEST(RebaseArtifactsTest, KeptFilesFollowTheMergedReport) {
  std::vector<SourcedReport> inputs = ThreeShards();
  inputs[1].source = "/ci/reports/shards/shard-2/mtulab.json";
  inputs[1].report.suites[0].cases[0].artifacts = {"a/a2/node-eth0.pcap"};
  RunMerge m = MergeRunReports(inputs, {});
  EXPECT_EQ(m.case_source.at("a/a2"), "/ci/reports/shards/shard-2/mtulab.json");
  RunReport r = RebaseArtifacts(m.report, m.case_source, "/ci/reports/merged.json");
  EXPECT_EQ(r.suites[0].cases[1].artifacts,
            (std::vector<std::string>{"shards/shard-2/a/a2/node-eth0.pcap"}));
  r = RebaseArtifacts(m.report, m.case_source, "/ci/out/html/report.html");
  EXPECT_EQ(r.suites[0].cases[1].artifacts,
            (std::vector<std::string>{"../../reports/shards/shard-2/a/a2/node-eth0.pcap"}));
  EXPECT_EQ(m.report.suites[0].cases[1].artifacts,
            (std::vector<std::string>{"a/a2/node-eth0.pcap"}));  // the merge itself unchanged
}

TEST(CheckSameCasesTest, CasesAndOutcomesMustAgree) {
  RunMerge m = MergeRunReports(ThreeShards(), {});
  JunitSuite a, b;
  a.name = "a";
  b.name = "b";
  a.cases.resize(2);
  a.cases[0].name = "a1", a.cases[0].outcome = "pass";
  a.cases[1].name = "a2", a.cases[1].outcome = "fail";
  b.cases.resize(1);
  b.cases[0].name = "b1", b.cases[0].outcome = "skip";
  EXPECT_NO_THROW(CheckSameCases({a, b}, m.report));
  auto problem = [&](const std::vector<JunitSuite>& junit) {
    try {
      CheckSameCases(junit, m.report);
    } catch (const MergeError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(problem({a}), "case 'b/b1' is in the JSON inputs but in no JUnit input");
  JunitSuite c = a;
  c.cases[1].outcome = "pass";
  EXPECT_EQ(problem({c, b}), "case 'a/a2' is pass in the JUnit inputs but fail in the JSON inputs");
  JunitSuite d = b;
  d.cases.push_back(d.cases[0]);
  d.cases[1].name = "b9";
  EXPECT_EQ(problem({a, d}), "case 'b/b9' is in the JUnit inputs but in no JSON input");
  // An interrupted case is neither an error nor a fail, in both formats.
  JunitSuite e = a;
  e.cases[1].outcome = "interrupted";
  EXPECT_EQ(problem({e, b}),
            "case 'a/a2' is interrupted in the JUnit inputs but fail in the JSON inputs");
  m.report.suites[0].cases[1].outcome = Outcome::kInterrupted;
  EXPECT_NO_THROW(CheckSameCases({e, b}, m.report));
  JunitSuite f = a;
  f.cases[1].outcome = "error";
  EXPECT_EQ(problem({f, b}),
            "case 'a/a2' is error in the JUnit inputs but interrupted in the JSON inputs");
}

}  // namespace
}  // namespace mtulab
