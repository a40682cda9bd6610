#include "reports/junit_merge.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "reports/junit_writer.h"
#include "reports/run_report.h"

namespace mtulab {
namespace {

// A <testsuite> of a shard: its shard metadata for a run of `listed` cases of 5 in total.
std::string ShardSuite(const std::string& name, const std::string& shard, int index,
                       const std::string& listed, const std::string& cases,
                       const std::string& extra = "") {
  return "<testsuite name='" + name + "' time='1.5' timestamp='2026-11-23T01:00:0" +
         shard.substr(0, 1) + "' hostname='runner" + shard.substr(0, 1) +
         "'><properties><property name='file' value='suites/" + name + ".xml'/>" +
         "<property name='mtulab.shard' value='" + shard + "'/>" +
         "<property name='mtulab.run_cases' value='5'/>" +
         "<property name='mtulab.suite_index' value='" + std::to_string(index) + "'/>" +
         "<property name='mtulab.suite_cases' value='" + listed + "'/>" + extra +
         "</properties>" + cases + "</testsuite>";
}

std::string Case(const std::string& suite, const std::string& name, const std::string& inner = "") {
  return "<testcase classname='mtulab." + suite + "' name='" + name + "' time='0.5'>" + inner +
         "</testcase>";
}

JunitReport Report(const std::string& source, const std::string& suites) {
  return ParseJunitReport("<testsuites>" + suites + "</testsuites>", source);
}

// The run: suite "a" (a1 a2 a3) then suite "b" (b1 b2), split in 2 shards by sorted id:
// a/a1 a/a3 b/b2 -> shard 1; a/a2 b/b1 -> shard 2.
std::vector<JunitReport> TwoShards() {
  return {Report("s2.xml", ShardSuite("a", "2/2", 0, "a1 a2 a3", Case("a", "a2", "<failure message='m'>x</failure>")) +
                               ShardSuite("b", "2/2", 1, "b1 b2", Case("b", "b1"))),
          Report("s1.xml", ShardSuite("a", "1/2", 0, "a1 a2 a3", Case("a", "a1") + Case("a", "a3", "<skipped/>")) +
                               ShardSuite("b", "1/2", 1, "b1 b2", Case("b", "b2")))};
}

std::string MergeProblem(const std::vector<JunitReport>& inputs) {
  try {
    MergeJunitReports(inputs);
  } catch (const MergeError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no MergeError";
  return "";
}

std::vector<std::string> Names(const JunitSuite& s) {
  std::vector<std::string> out;
  for (const JunitCase& c : s.cases) out.push_back(c.name);
  return out;
}

TEST(ShardPropertiesTest, EverySuiteCarriesTheRun) {
  JunitSuiteProperties p = ShardProperties("2/3", {{"a", {"x", "y"}}, {"b", {"z"}}});
  ASSERT_EQ(p.size(), 2u);
  using Props = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(p["a"], (Props{{"mtulab.shard", "2/3"}, {"mtulab.run_cases", "3"},
                            {"mtulab.suite_index", "0"}, {"mtulab.suite_cases", "x y"}}));
  EXPECT_EQ(p["b"], (Props{{"mtulab.shard", "2/3"}, {"mtulab.run_cases", "3"},
                            {"mtulab.suite_index", "1"}, {"mtulab.suite_cases", "z"}}));
}

TEST(MergeJunitTest, ShardsBecomeTheRunInDeclarationOrder) {
  JunitMerge m = MergeJunitReports(TwoShards());
  EXPECT_TRUE(m.checked);
  EXPECT_TRUE(m.missing.empty()) << m.missing[0];
  ASSERT_EQ(m.suites.size(), 2u);
  EXPECT_EQ(m.suites[0].name, "a");
  EXPECT_EQ(Names(m.suites[0]), (std::vector<std::string>{"a1", "a2", "a3"}));
  EXPECT_EQ(Names(m.suites[1]), (std::vector<std::string>{"b1", "b2"}));
  EXPECT_DOUBLE_EQ(m.suites[0].seconds, 3.0);
  EXPECT_EQ(m.suites[0].timestamp, "2026-11-23T01:00:01");
  EXPECT_EQ(m.suites[0].hostname, "runner2,runner1");
  using Props = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(m.suites[0].properties, (Props{{"file", "suites/a.xml"}}));
  EXPECT_TRUE(AnyCaseFailed(m.suites));
}

TEST(MergeJunitTest, RenderedMergeRecountsAndReadsBack) {
  std::string xml = RenderMergedJunit(MergeJunitReports(TwoShards()).suites);
  // No `skipped` on <testsuites>: junit-10.xsd has none there (tests/junit_schema/).
  EXPECT_NE(xml.find("<testsuites name=\"mtulab\" tests=\"5\" failures=\"1\" errors=\"0\" "
                     "time=\"6.000\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testsuite name=\"a\" tests=\"3\" failures=\"1\" errors=\"0\" "
                     "skipped=\"1\" time=\"3.000\" timestamp=\"2026-11-23T01:00:01\" "
                     "hostname=\"runner2,runner1\" id=\"0\" package=\"mtulab\">"),
            std::string::npos)
      << xml;
  EXPECT_EQ(xml.find("mtulab.shard"), std::string::npos);
  JunitReport back = ParseJunitReport(xml, "merged.xml");  // counts checked by the reader
  ASSERT_EQ(back.suites.size(), 2u);
  EXPECT_EQ(back.suites[0].cases[1].outcome, "fail");
  EXPECT_EQ(back.suites[0].cases[1].message, "m");
  EXPECT_EQ(back.suites[0].cases[1].body, "x");
  EXPECT_EQ(back.suites[1].cases[0].name, "b1");
}

// Shard 2 was given b's file first: suite positions disagree, the split and merge do not care.
TEST(MergeJunitTest, ShardsGivenFilesInAnotherOrderMerge) {
  std::vector<JunitReport> inputs = TwoShards();
  inputs[0] = Report("s2.xml", ShardSuite("b", "2/2", 0, "b1 b2", Case("b", "b1")) +
                                   ShardSuite("a", "2/2", 1, "a1 a2 a3", Case("a", "a2")));
  JunitMerge m = MergeJunitReports(inputs);
  EXPECT_TRUE(m.missing.empty());
  ASSERT_EQ(m.suites.size(), 2u);
  EXPECT_EQ(m.suites[0].name, "b");  // both at position 0: input order decides
  EXPECT_EQ(Names(m.suites[1]), (std::vector<std::string>{"a1", "a2", "a3"}));
}

TEST(MergeJunitTest, MissingShardIsNamed) {
  std::vector<JunitReport> inputs = TwoShards();
  inputs.erase(inputs.begin());  // shard 2 lost
  JunitMerge m = MergeJunitReports(inputs);
  EXPECT_EQ(m.missing, (std::vector<std::string>{
                           "suite 'a': 1 of 3 cases in no input: a2",
                           "suite 'b': 1 of 2 cases in no input: b1",
                           "the run has 5 cases, the inputs hold 3 (shards with cases: 1 of 2)"}));
}

TEST(MergeJunitTest, MissingWholeSuiteShowsInTheTotal) {
  std::vector<JunitReport> inputs = {
      Report("s1.xml", ShardSuite("a", "1/2", 0, "a1 a2 a3", Case("a", "a1") + Case("a", "a2") +
                                                                 Case("a", "a3")))};
  EXPECT_EQ(MergeJunitReports(inputs).missing,
            (std::vector<std::string>{
                "the run has 5 cases, the inputs hold 3 (shards with cases: 1 of 2)"}));
}

TEST(MergeJunitTest, ExactErrors) {
  std::vector<JunitReport> twice = TwoShards();
  twice.push_back(twice[1]);
  EXPECT_EQ(MergeProblem(twice), "case 'a/a1' is in both s1.xml and s1.xml (the same shard given "
                               "twice, or runs that overlap)");
  EXPECT_EQ(MergeProblem({Report("x.xml", "<testsuite name='a'>" + Case("a", "a1") + Case("a", "a1") +
                                            "</testsuite>")}),
            "case 'a/a1' is twice in x.xml (the same shard given twice, or runs that overlap)");
  std::vector<JunitReport> other = TwoShards();
  other[1] = Report("t1.xml", ShardSuite("a", "1/3", 0, "a1 a2 a3", Case("a", "a1")));
  EXPECT_EQ(MergeProblem(other), "inputs come from different runs: s2.xml is shard 2/2 of a "
                               "5-case run, t1.xml is shard 1/3 of a 5-case run");
  std::vector<JunitReport> lists = TwoShards();
  lists[1] = Report("t1.xml", ShardSuite("a", "1/2", 0, "a1 a3", Case("a", "a1")));
  EXPECT_EQ(MergeProblem(lists), "inputs come from different runs: testsuite 'a' has "
                               "mtulab.suite_cases 'a1 a2 a3' in s2.xml but 'a1 a3' in t1.xml");
  std::vector<JunitReport> stray = TwoShards();
  stray[1] = Report("t1.xml", ShardSuite("a", "1/2", 0, "a1 a2 a3", Case("a", "a9")));
  EXPECT_EQ(MergeProblem(stray), "t1.xml: case 'a/a9' is not among the cases its run lists for "
                               "suite 'a' (reports of different runs?)");
  EXPECT_EQ(MergeProblem({Report("b.xml", ShardSuite("a", "0/2", 0, "a1", Case("a", "a1")))}),
            "b.xml: testsuite 'a': --shard '0/2': K must be in 1..2");
}

// Reports without shard metadata (not from --shard) merge in input order, unchecked.
TEST(MergeJunitTest, PlainReportsMergeInInputOrder) {
  JunitMerge m = MergeJunitReports(
      {Report("x.xml", "<testsuite name='p'>" + Case("p", "z") + "</testsuite>"),
       Report("y.xml", "<testsuite name='q'>" + Case("q", "k") + "</testsuite><testsuite "
                       "name='p'>" + Case("p", "a") + "</testsuite>")});
  EXPECT_FALSE(m.checked);
  EXPECT_TRUE(m.missing.empty());
  ASSERT_EQ(m.suites.size(), 2u);
  EXPECT_EQ(Names(m.suites[0]), (std::vector<std::string>{"z", "a"}));
  EXPECT_EQ(m.suites[1].name, "q");
  EXPECT_FALSE(AnyCaseFailed(m.suites));
}

TEST(MergeJunitTest, NoInputsMergeToNothing) {
  JunitMerge m = MergeJunitReports({Report("empty.xml", "")});
  EXPECT_TRUE(m.suites.empty());
  EXPECT_FALSE(m.checked);
  EXPECT_NE(RenderMergedJunit(m.suites).find("<testsuites name=\"mtulab\" tests=\"0\""),
            std::string::npos);
}

// The writer's file gains the properties and is otherwise unchanged.
TEST(AddJunitSuitePropertiesTest, AppendsToEachNamedSuite) {
  std::string path = ::testing::TempDir() + "/add_props_junit.xml";
  SuiteResult a, b;
  a.name = "a", a.file = "suites/a.xml";
  b.name = "b", b.file = "suites/b.xml";
  CaseResult c;
  c.name = "x";
  c.outcome = Outcome::kFail;
  c.reason = "a <reason> & \"quotes\"\n  indented";
  StepRecord step;
  step.description = "step 1 ping a -> b";
  step.facts.Set("ping.result", "reply");
  c.steps.push_back(step);
  a.cases = {c};
  std::string before = RenderJunit({a, b}, "host");
  WriteReportFile(path, before, "test");
  AddJunitSuiteProperties(path, {{"a", {{"k1", "v1"}, {"k2", "v 2"}}}});
  std::ifstream in(path);
  std::string after((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string added = "      <property name=\"k1\" value=\"v1\" />\n"
                      "      <property name=\"k2\" value=\"v 2\" />\n";
  size_t at = after.find(added);
  ASSERT_NE(at, std::string::npos) << after;
  EXPECT_EQ(after.substr(0, at) + after.substr(at + added.size()), before);
  JunitReport r = ReadJunitReport(path);
  EXPECT_EQ(r.suites[0].Property("k2"), "v 2");
  EXPECT_FALSE(r.suites[1].HasProperty("k1"));
  std::remove(path.c_str());
}

}  // namespace
}  // namespace mtulab
