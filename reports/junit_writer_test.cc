#include "reports/junit_writer.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>
#include <pugixml.hpp>

namespace mtulab {
namespace {

Unmet MakeUnmet(int line, const std::string& fact, const std::string& value,
                std::optional<std::string> observed) {
  Unmet u;
  u.step_index = 1;
  u.step = "step 1 ping api -> worker3:eth1 size 8900 df=do count 1";
  u.expectation.fact = fact;
  u.expectation.values = {value};
  u.expectation.loc = SourceLoc{"suites/svi.xml", line, 7};
  u.observed = std::move(observed);
  return u;
}

CaseResult MakeCase(const std::string& name, Outcome outcome, double seconds, int line) {
  CaseResult r;
  r.suite = "seed003-svi";
  r.name = name;
  r.file = "suites/svi.xml";
  r.line = line;
  r.outcome = outcome;
  r.seconds = seconds;
  return r;
}

std::vector<SuiteResult> GoldenSuites() {
  CaseResult pass = MakeCase("svi_9000", Outcome::kPass, 0.2104, 9);
  StepRecord step{1, "step 1 ping api -> worker3:eth1 size 8900 df=do count 1", {}, 0.1201};
  step.facts.Set("ping.result", "reply");
  step.facts.Set("ping.mtu", 9000);
  pass.steps.push_back(step);

  CaseResult fail = MakeCase("svi_1500", Outcome::kFail, 1.5, 13);
  fail.unmet = {MakeUnmet(14, "ping.mtu", "1500", "9000"),
                MakeUnmet(15, "ping.result", "frag_needed", std::nullopt)};
  step.facts = Facts();
  step.facts.Set("ping.mtu", 9000);
  fail.steps.push_back(step);

  CaseResult skip = MakeCase("wg", Outcome::kSkip, 0, 20);
  skip.reason = "kernel lacks wireguard";
  CaseResult error = MakeCase("broken", Outcome::kError, 0.00001, 0);
  error.reason = "netlink RTM_NEWLINK veth a0: File exists <&>";
  CaseResult stopped = MakeCase("later", Outcome::kInterrupted, 0, 30);
  stopped.reason = "the run was interrupted (SIGTERM) before this case started";

  SuiteResult svi{"seed003-svi", "suites/svi.xml", "2025-01-31T12:00:00", {}, 1.71};
  svi.cases = {pass, fail, skip, error, stopped};
  SuiteResult empty{"empty", "suites/empty.xml", "2025-01-31T12:00:02", {}, 1e-7};
  return {svi, empty};
}

constexpr const char* kGolden = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="mtulab" tests="5" failures="1" errors="2" time="1.710">
  <testsuite name="seed003-svi" tests="5" failures="1" errors="2" skipped="1" time="1.710" timestamp="2025-01-31T12:00:00" hostname="runner" id="0" package="mtulab" file="suites/svi.xml">
    <properties>
      <property name="file" value="suites/svi.xml" />
    </properties>
    <testcase classname="mtulab.seed003-svi" name="svi_9000" time="0.210">
      <system-out>defined at suites/svi.xml:9
step 1 ping api -&gt; worker3:eth1 size 8900 df=do count 1
  ping.mtu=9000
  ping.result=reply
  duration 0.120s
</system-out>
    </testcase>
    <testcase classname="mtulab.seed003-svi" name="svi_1500" time="1.500">
      <failure message="step 1 ping api -> worker3:eth1 size 8900 df=do count 1: ping.mtu: expected = 1500, observed 9000 (suites/svi.xml:14:7) (+1 more)" type="ExpectationFailed">step 1 ping api -&gt; worker3:eth1 size 8900 df=do count 1: ping.mtu: expected = 1500, observed 9000 (suites/svi.xml:14:7)
step 1 ping api -&gt; worker3:eth1 size 8900 df=do count 1: ping.result: expected = frag_needed, observed nothing (fact absent) (suites/svi.xml:15:7)</failure>
      <system-out>defined at suites/svi.xml:13
step 1 ping api -&gt; worker3:eth1 size 8900 df=do count 1
  ping.mtu=9000
  duration 0.120s
</system-out>
    </testcase>
    <testcase classname="mtulab.seed003-svi" name="wg" time="0.000">
      <skipped message="kernel lacks wireguard">kernel lacks wireguard</skipped>
      <system-out>defined at suites/svi.xml:20
</system-out>
    </testcase>
    <testcase classname="mtulab.seed003-svi" name="broken" time="0.000">
      <error message="netlink RTM_NEWLINK veth a0: File exists &lt;&amp;>" type="HarnessError">netlink RTM_NEWLINK veth a0: File exists &lt;&amp;&gt;</error>
      <system-out>defined at suites/svi.xml
</system-out>
    </testcase>
    <testcase classname="mtulab.seed003-svi" name="later" time="0.000">
      <error message="the run was interrupted (SIGTERM) before this case started" type="Interrupted">the run was interrupted (SIGTERM) before this case started</error>
      <system-out>defined at suites/svi.xml:30
</system-out>
    </testcase>
    <system-out />
    <system-err />
  </testsuite>
  <testsuite name="empty" tests="0" failures="0" errors="0" skipped="0" time="0.000" timestamp="2025-01-31T12:00:02" hostname="runner" id="1" package="mtulab" file="suites/empty.xml">
    <properties>
      <property name="file" value="suites/empty.xml" />
    </properties>
    <system-out />
    <system-err />
  </testsuite>
</testsuites>
)xml";

TEST(JunitWriterTest, MatchesGolden) {
  EXPECT_EQ(RenderJunit(GoldenSuites(), "runner"), kGolden);
}

// The GitLab flavor: `file` and `line` on each <testcase> (no line when unknown), `skipped`
// on <testsuites>, no "defined at" line; otherwise the default form.
TEST(JunitWriterTest, GitlabFlavorPutsFileAndLineOnEachCase) {
  std::string xml = RenderJunit(GoldenSuites(), "runner", "", JunitFlavor::kGitlab);
  EXPECT_NE(xml.find(R"(<testsuites name="mtulab" tests="5" failures="1" errors="2" )"
                     R"(skipped="1" time="1.710">)"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find(R"(name="svi_1500" time="1.500" file="suites/svi.xml" line="13">)"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find(R"(name="broken" time="0.000" file="suites/svi.xml">)"), std::string::npos);
  EXPECT_EQ(xml.find("defined at"), std::string::npos);
  EXPECT_EQ(ParseJunitFlavor("gitlab"), JunitFlavor::kGitlab);
  EXPECT_EQ(ParseJunitFlavor("junit10"), JunitFlavor::kJunit10);
  EXPECT_EQ(ParseJunitFlavor("GitLab"), std::nullopt);
}

// xmllint's verdict on `xml` against `xsd` (a path under the source tree): its exit code.
int Xmllint(const std::string& xml, const std::string& xsd) {
  char path[] = "/tmp/mtulab-junit-test-XXXXXX";
  int fd = ::mkstemp(path);
  if (fd < 0) return -1;
  bool written = ::write(fd, xml.data(), xml.size()) == ssize_t(xml.size());
  ::close(fd);
  std::string command = "xmllint --noout --schema '" + std::string(MTULAB_SOURCE_DIR) + "/" + xsd +
                        "' '" + path + "' 2>/dev/null";
  int status = written ? std::system(command.c_str()) : -1;
  ::unlink(path);
  return status == -1 ? -1 : WEXITSTATUS(status);
}

// Both flavors against the schema the README names for each (xmllint: libxml2-utils): the
// default validates against upstream junit-10.xsd and mtulab's own; GitLab's against
// mtulab's own only (junit-10 has no file or line on <testcase>).
TEST(JunitWriterTest, EachFlavorValidatesAgainstItsSchema) {
  if (std::system("xmllint --version >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "xmllint missing (Debian libxml2-utils, ci/install-deps.sh)";
  }
  std::vector<SuiteResult> suites = GoldenSuites();
  suites[0].cases[1].artifacts = {"seed003-svi/svi_1500/api-eth1.pcap"};
  std::string junit10 = RenderJunit(suites, "runner", "reports");
  std::string gitlab = RenderJunit(suites, "runner", "reports", JunitFlavor::kGitlab);
  EXPECT_EQ(Xmllint(junit10, "tests/junit_schema/junit-10.xsd"), 0) << junit10;
  EXPECT_EQ(Xmllint(junit10, "reports/schemas/junit.xsd"), 0) << junit10;
  EXPECT_EQ(Xmllint(gitlab, "reports/schemas/junit.xsd"), 0) << gitlab;
  EXPECT_NE(Xmllint(gitlab, "tests/junit_schema/junit-10.xsd"), 0) << gitlab;
}

// Each step's facts are followed by their provenance (from the step registry, by kind).
TEST(JunitWriterTest, SystemOutGivesTheProvenanceOfTheFacts) {
  std::vector<SuiteResult> suites = GoldenSuites();
  StepRecord& step = suites.at(0).cases.at(0).steps.at(0);
  step.kind = "ping";
  step.facts.Set("ping.df", "do");
  std::string xml = RenderJunit(suites, "runner");
  EXPECT_NE(xml.find("  ping.result=reply\n"
                     "  provenance: traffic (ping.mtu, ping.result), config (ping.df)\n"
                     "  duration 0.120s\n"),
            std::string::npos)
      << xml;
}

int IntAttr(const pugi::xml_node& node, const char* name) { return node.attribute(name).as_int(-1); }

// Counts the result elements under `suite` and checks them against its attributes.
void ExpectConsistentSuite(const pugi::xml_node& suite, int* tests, int* failures, int* errors,
                           int* skipped) {
  int t = 0, f = 0, e = 0, s = 0;
  for (pugi::xml_node tc : suite.children("testcase")) {
    ++t;
    int results = 0;
    if (tc.child("failure")) ++f, ++results;
    if (tc.child("error")) ++e, ++results;
    if (tc.child("skipped")) ++s, ++results;
    EXPECT_LE(results, 1) << tc.attribute("name").value();
  }
  EXPECT_EQ(IntAttr(suite, "tests"), t);
  EXPECT_EQ(IntAttr(suite, "failures"), f);
  EXPECT_EQ(IntAttr(suite, "errors"), e);
  EXPECT_EQ(IntAttr(suite, "skipped"), s);
  *tests += t, *failures += f, *errors += e, *skipped += s;
}

TEST(JunitWriterTest, ParsesBackWithConsistentCounts) {
  pugi::xml_document doc;
  std::string xml = RenderJunit(GoldenSuites(), "runner");
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  pugi::xml_node root = doc.child("testsuites");
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  for (pugi::xml_node suite : root.children("testsuite")) {
    ExpectConsistentSuite(suite, &tests, &failures, &errors, &skipped);
  }
  EXPECT_EQ(tests, 5);
  EXPECT_EQ(failures, 1);
  EXPECT_EQ(errors, 2);  // the harness error and the interrupted case
  EXPECT_EQ(skipped, 1);
  EXPECT_EQ(IntAttr(root, "tests"), tests);
  EXPECT_EQ(IntAttr(root, "failures"), failures);
  EXPECT_EQ(IntAttr(root, "errors"), errors);
  EXPECT_FALSE(root.attribute("skipped")) << "junit-10.xsd has no skipped on <testsuites>";
  pugi::xml_node failure = root.find_child_by_attribute("testsuite", "id", "0")
                               .find_child_by_attribute("testcase", "name", "svi_1500")
                               .child("failure");
  std::vector<Unmet> unmet = GoldenSuites()[0].cases[1].unmet;
  EXPECT_EQ(std::string(failure.child_value()), unmet[0].Message() + "\n" + unmet[1].Message());
  EXPECT_EQ(std::string(failure.attribute("message").value()), unmet[0].Message() + " (+1 more)");
}

TEST(JunitWriterTest, TimesAreFixedPointNeverExponent) {
  std::vector<SuiteResult> suites = GoldenSuites();
  suites[0].seconds = 1e-9;
  suites[0].cases[0].seconds = 12345678.9;
  suites[0].cases[1].seconds = -1;
  std::string xml = RenderJunit(suites, "runner");
  EXPECT_EQ(xml.find("e-"), std::string::npos);
  EXPECT_EQ(xml.find("e+"), std::string::npos);
  EXPECT_NE(xml.find(R"(name="svi_9000" time="12345678.900")"), std::string::npos);
  EXPECT_NE(xml.find(R"(name="svi_1500" time="0.000")"), std::string::npos);
}

// Kept captures are listed after the step log, one attachment line each, named from the
// report directory as given (GitLab resolves them from the project directory).
TEST(JunitWriterTest, KeptArtifactsAreAttachmentLines) {
  std::vector<SuiteResult> suites = GoldenSuites();
  suites[0].cases[1].artifacts = {"seed003-svi/svi_1500/api-eth1.pcap",
                                  "seed003-svi/svi_1500/interfaces.txt"};
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(RenderJunit(suites, "runner", "reports").c_str()));
  pugi::xml_node fail = doc.child("testsuites").child("testsuite").find_child_by_attribute(
      "testcase", "name", "svi_1500");
  std::string out = fail.child("system-out").child_value();
  EXPECT_NE(out.find("  duration 0.120s\nkept files:\n"
                     "[[ATTACHMENT|reports/seed003-svi/svi_1500/api-eth1.pcap]]\n"
                     "[[ATTACHMENT|reports/seed003-svi/svi_1500/interfaces.txt]]\n"),
            std::string::npos) << out;
  std::string bare = RenderJunit(suites, "runner");
  EXPECT_NE(bare.find("[[ATTACHMENT|seed003-svi/svi_1500/api-eth1.pcap]]"), std::string::npos);
  EXPECT_EQ(RenderJunit(GoldenSuites(), "runner", "reports").find("ATTACHMENT"),
            std::string::npos);
}

// A "predicted" expectation shows in the step log under the measured facts, with the
// predictor's explanation (the bottleneck); literal expectations add nothing.
TEST(JunitWriterTest, PredictedExpectationsFollowTheMeasuredFacts) {
  std::vector<SuiteResult> suites = GoldenSuites();
  StepRecord& step = suites[0].cases[0].steps[0];
  Expectation x;
  x.fact = "ping.mtu";
  x.values = {"1500"};
  x.predicted_from = "pmtu 1500 = vlan20 on ceos (mtu 1500)";
  step.expectations.push_back(x);
  std::string xml = RenderJunit(suites, "runner");
  EXPECT_NE(xml.find("  expect ping.mtu = 1500 (predicted: pmtu 1500 = vlan20 on ceos (mtu "
                     "1500))\n  duration "),
            std::string::npos)
      << xml;
  EXPECT_EQ(RenderJunit(GoldenSuites(), "runner").find("  expect "), std::string::npos);
}

// What RenderJunit writes for a skip reason of `reason`: the body of <skipped>.
std::string SkippedBody(const std::string& reason) {
  SuiteResult suite{"s", "s.xml", "2025-01-31T12:00:00", {}, 0};
  CaseResult r;
  r.suite = "s";
  r.name = "c";
  r.outcome = Outcome::kSkip;
  r.reason = reason;
  suite.cases.push_back(r);
  std::string xml = RenderJunit({suite}, "h");
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(xml.c_str())) << xml;
  pugi::xml_node skipped = doc.child("testsuites").child("testsuite").child("testcase").child(
      "skipped");
  EXPECT_STREQ(skipped.attribute("message").value(), skipped.child_value());
  return skipped.child_value();
}

TEST(JunitWriterTest, SanitizesControlCharacters) {
  constexpr char kRaw[] = "a\x01" "b\x0b\x0c\x1f\x7f\tc\0d";
  EXPECT_EQ(SkippedBody(std::string(kRaw, sizeof(kRaw) - 1)),
            "a\uFFFD" "b\uFFFD\uFFFD\uFFFD\x7f\tc\uFFFD" "d");
  EXPECT_EQ(SkippedBody("line1\nline2"), "line1\nline2");
}

TEST(JunitWriterTest, SanitizesInvalidUtf8) {
  EXPECT_EQ(SkippedBody("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
            "caf\u00e9 \u20ac \U0001F600");
  EXPECT_EQ(SkippedBody("x\xffy"), "x\uFFFDy");                // never valid
  EXPECT_EQ(SkippedBody("x\xc3"), "x\uFFFD");                  // truncated
  EXPECT_EQ(SkippedBody("x\xc0\xafy"), "x\uFFFD\uFFFDy");      // overlong '/'
  EXPECT_EQ(SkippedBody("x\xed\xa0\x80y"), "x\uFFFD\uFFFD\uFFFDy");  // lone surrogate
  EXPECT_EQ(SkippedBody("x\xef\xbf\xbey"), "x\uFFFD\uFFFD\uFFFDy");  // U+FFFE
}

TEST(JunitWriterTest, StripsAnsiEscapes) {
  EXPECT_EQ(SkippedBody("\x1b[1;31mFAIL\x1b[0m done"), "FAIL done");
  EXPECT_EQ(SkippedBody("\x1b]0;title\x07ok\x1b(Bx\x1b" "7y"), "okxy");
  EXPECT_EQ(SkippedBody("\x1b[?25lz"), "z");
  EXPECT_EQ(SkippedBody("\x1b]8;;http://x\x1b\\link"), "link");
  EXPECT_EQ(SkippedBody("end\x1b"), "end\uFFFD");
}

TEST(JunitWriterTest, WriteJunitReplacesFileAtomically) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("mtulab-junit-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "junit.xml").string();
  { std::ofstream(path) << "old"; }
  WriteJunit(GoldenSuites(), path);
  std::stringstream written;
  written << std::ifstream(path).rdbuf();
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(written.str().c_str()));
  EXPECT_EQ(IntAttr(doc.child("testsuites"), "tests"), 5);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir),
                          std::filesystem::directory_iterator()),
            1);
  std::filesystem::remove_all(dir);
}

TEST(JunitWriterTest, WriteJunitRefusesADirectoryAndLeavesNoTempFile) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("mtulab-junit-rename-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "junit.xml" / "occupied");
  std::string path = (dir / "junit.xml").string();
  try {
    WriteJunit(GoldenSuites(), path);
    ADD_FAILURE() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), ("writing JUnit report " + path + ": is a directory").c_str());
  }
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir),
                          std::filesystem::directory_iterator()),
            1);  // only the directory that was in the way
  std::filesystem::remove_all(dir);
}

TEST(JunitWriterTest, WriteJunitFailureNamesPathAndErrno) {
  std::string path = "/nonexistent-mtulab-dir/junit.xml";
  try {
    WriteJunit(GoldenSuites(), path);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), ("writing JUnit report " + path +
                            ": opening directory /nonexistent-mtulab-dir: No such file or directory")
                               .c_str());
  }
}

}  // namespace
}  // namespace mtulab
