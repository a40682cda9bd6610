#include "reports/junit_reader.h"

#include <gtest/gtest.h>

#include "reports/junit_writer.h"

namespace mtulab {
namespace {

std::string ReadError(const std::string& xml) {
  try {
    ParseJunitReport(xml, "in.xml");
  } catch (const JunitReadError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for " << xml;
  return "";
}

SuiteResult MakeSuite() {
  SuiteResult s;
  s.name = "seed";
  s.file = "suites/seed.xml";
  s.timestamp = "2026-11-23T01:02:03";
  s.seconds = 1.5;
  CaseResult pass;
  pass.name = "ok";
  pass.seconds = 0.25;
  StepRecord step;
  step.index = 1;
  step.description = "step 1 ping a -> b";
  step.facts.Set("ping.result", "reply");
  pass.steps.push_back(step);
  CaseResult fail = pass;
  fail.name = "bad";
  fail.outcome = Outcome::kFail;
  Unmet u;
  u.step_index = 1;
  u.step = "step 1 ping a -> b";
  u.expectation.fact = "ping.mtu";
  u.expectation.values = {"1500"};
  u.observed = "9000";
  fail.unmet.push_back(u);
  CaseResult skip = pass;
  skip.name = "later";
  skip.outcome = Outcome::kSkip;
  skip.reason = "kernel lacks gre";
  CaseResult error = pass;
  error.name = "broke";
  error.outcome = Outcome::kError;
  error.reason = "creating veth: EPERM";
  CaseResult stopped = pass;
  stopped.name = "cut";
  stopped.outcome = Outcome::kInterrupted;
  stopped.reason = "the run was interrupted (SIGINT) before this case started";
  s.cases = {pass, fail, skip, error, stopped};
  return s;
}

// What RenderJunit() writes reads back with the same cases, outcomes and texts.
TEST(JunitReaderTest, ReadsWhatTheWriterWrites) {
  JunitReport r = ParseJunitReport(RenderJunit({MakeSuite()}, "host1"), "in.xml");
  ASSERT_EQ(r.suites.size(), 1u);
  const JunitSuite& s = r.suites[0];
  EXPECT_EQ(s.name, "seed");
  EXPECT_EQ(s.hostname, "host1");
  EXPECT_EQ(s.timestamp, "2026-11-23T01:02:03");
  EXPECT_DOUBLE_EQ(s.seconds, 1.5);
  EXPECT_EQ(s.Property("file"), "suites/seed.xml");
  EXPECT_FALSE(s.HasProperty("mtulab.shard"));
  ASSERT_EQ(s.cases.size(), 5u);
  EXPECT_EQ(s.cases[0].name, "ok");
  EXPECT_EQ(s.cases[0].classname, "mtulab.seed");
  EXPECT_EQ(s.cases[0].outcome, "pass");
  EXPECT_DOUBLE_EQ(s.cases[0].seconds, 0.25);
  EXPECT_NE(s.cases[0].system_out.find("  ping.result=reply\n"), std::string::npos);
  EXPECT_EQ(s.cases[1].outcome, "fail");
  EXPECT_EQ(s.cases[1].message, "step 1 ping a -> b: ping.mtu: expected = 1500, observed 9000");
  EXPECT_EQ(s.cases[2].outcome, "skip");
  EXPECT_EQ(s.cases[2].message, "kernel lacks gre");
  EXPECT_EQ(s.cases[3].outcome, "error");
  EXPECT_EQ(s.cases[3].body, "creating veth: EPERM");
  EXPECT_EQ(s.cases[4].outcome, "interrupted");  // <error type="Interrupted">, errors="2"
  EXPECT_EQ(s.cases[4].message, "the run was interrupted (SIGINT) before this case started");
  EXPECT_EQ(s.cases[0].xml.rfind("<testcase ", 0), 0u) << s.cases[0].xml;
}

TEST(JunitReaderTest, LoneTestsuiteRootAndNestedSuites) {
  JunitReport r = ParseJunitReport(
      "<testsuite name='a' tests='1'><testcase name='x' time='1e-3'/>"
      "<testsuite name='b'><testcase name='y'><skipped/></testcase></testsuite></testsuite>",
      "in.xml");
  ASSERT_EQ(r.suites.size(), 2u);
  EXPECT_EQ(r.suites[0].name, "a");
  EXPECT_DOUBLE_EQ(r.suites[0].cases[0].seconds, 0.001);
  EXPECT_EQ(r.suites[1].name, "b");
  EXPECT_EQ(r.suites[1].cases[0].outcome, "skip");
  EXPECT_EQ(r.source, "in.xml");
}

TEST(JunitReaderTest, ExactErrors) {
  EXPECT_EQ(ReadError("<testsuites><testsuite name='a'>"),
            "in.xml: not well-formed XML at byte 31: Start-end tags mismatch");
  EXPECT_EQ(ReadError(""), "in.xml: not well-formed XML at byte 0: No document element found");
  EXPECT_EQ(ReadError("<html/>"),
            "in.xml: not JUnit XML: the root element is <html>, not <testsuites> or <testsuite>");
  EXPECT_EQ(ReadError("<testsuites><testsuite name='a' tests='3'><testcase name='x'/>"
                      "<testcase name='y'/></testsuite></testsuites>"),
            "in.xml: testsuite 'a': tests=\"3\" but 2 <testcase> elements");
  EXPECT_EQ(ReadError("<testsuite name='a' failures='0'><testcase name='x'><failure/>"
                      "</testcase></testsuite>"),
            "in.xml: testsuite 'a': failures=\"0\" but 1 of them");
  EXPECT_EQ(ReadError("<testsuite name='a' skipped='x'/>"),
            "in.xml: testsuite 'a': skipped=\"x\" but 0 of them");
  EXPECT_EQ(ReadError("<testsuites><testsuite/></testsuites>"),
            "in.xml: a <testsuite> has no name");
  EXPECT_EQ(ReadError("<testsuite name='a'><testcase classname='c'/></testsuite>"),
            "in.xml: testsuite 'a': a <testcase> has no name");
  EXPECT_EQ(ReadError("<testsuite name='a'><testcase name='x' time='soon'/></testsuite>"),
            "in.xml: testcase 'a/x': time=\"soon\" is not a number of seconds");
  EXPECT_EQ(ReadError("<testsuite name='a' time='-1'/>"),
            "in.xml: testsuite 'a': time=\"-1\" is not a number of seconds");
}

TEST(JunitReaderTest, UnreadableFileNamesPathAndErrno) {
  try {
    ReadJunitReport("/nonexistent/junit.xml");
    FAIL() << "no error";
  } catch (const JunitReadError& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/junit.xml: cannot open: No such file or directory");
  }
}

}  // namespace
}  // namespace mtulab
