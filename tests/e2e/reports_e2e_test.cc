// The reports of a real run, read by their consumers: the JUnit validated against the Jenkins
// xunit plugin's junit-10.xsd (vendored in tests/junit_schema/) and mtulab's own JUnit XSD
// (xmllint) and counted by python3-junitparser and by junit2json (npm); the JSON, markdown and
// HTML reports checked against the console and the JUnit.
#include <sys/utsname.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <cstdlib>
#include <filesystem>
#include <regex>

#include "reports/json_reader.h"
#include "reports/json_value.h"
#include "reports/json_writer.h"
#include "tests/e2e/e2e_util.h"

namespace mtulab::e2e {
namespace {

namespace fs = std::filesystem;

const std::string kSource = MTULAB_SOURCE_DIR;

// A suite whose only case errors: the sysctl does not exist, so writing it fails.
constexpr char kErrorSuite[] = R"(<suite name="reports-e2e-error" topology="../topologies/seed003_calico.xml">
  <case name="sysctl_that_does_not_exist">
    <set node="client" name="net.ipv4.conf.all.mtulab_no_such_key" value="1">
      <expect fact="sysctl.net.ipv4.conf.all.mtulab_no_such_key" equals="1"/>
    </set>
  </case>
</suite>
)";

// Counts as "cases passed failed errors skipped".
struct Counts {
  int cases = 0, failed = 0, errors = 0, skipped = 0;
  bool operator==(const Counts&) const = default;
};
std::ostream& operator<<(std::ostream& o, const Counts& c) {
  return o << c.cases << " cases, " << c.failed << " failed, " << c.errors << " errors, "
           << c.skipped << " skipped";
}

// One run shared by the tests: calico (3 cases) with one mutated to fail, seed 001's two
// gretap cases (skips on kernels without gretap), and a suite whose one case errors.
class ReportsE2eTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (::geteuid() != 0) return;
    before_ = new HostSnapshot(TakeSnapshot());
    dir_ = new TempDir();
    CopyShippedFiles(dir_->path());
    Mutate(dir_->path() + "/suites/seed003_calico.xml", "pod_mtu_8950_passes_8900_df",
           "<mtu node=\"client\" dev=\"eth0\" value=\"8950\"/>",
           "<mtu node=\"client\" dev=\"eth0\" value=\"1450\"/>");
    WriteFile(dir_->path() + "/suites/error.xml", kErrorSuite);
    run_ = new ProcessResult(RunMtulab({"run", "--junit", "out/junit.xml", "-j", "2",
                                        "suites/seed003_calico.xml",
                                        "suites/seed001_midonet_gre.xml", "suites/error.xml"},
                                       dir_->path()));
  }
  static void TearDownTestSuite() {
    delete run_;
    delete dir_;
    delete before_;
    run_ = nullptr;
    dir_ = nullptr;
    before_ = nullptr;
  }
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    ASSERT_EQ(run_->exit_code, 1) << run_->out << run_->err;
  }

  static std::string Out(const std::string& name) { return dir_->path() + "/out/" + name; }

  // What the console's summary line says: "N cases: P passed, F failed, S skipped, E errors".
  static Counts ConsoleCounts() {
    std::smatch m;
    std::regex line(R"((\d+) cases: (\d+) passed, (\d+) failed, (\d+) skipped, (\d+) errors)");
    EXPECT_TRUE(std::regex_search(run_->out, m, line)) << run_->out;
    if (m.empty()) return {};
    return Counts{std::stoi(m[1]), std::stoi(m[3]), std::stoi(m[5]), std::stoi(m[4])};
  }

  static TempDir* dir_;
  static ProcessResult* run_;
  static HostSnapshot* before_;
};
TempDir* ReportsE2eTest::dir_ = nullptr;
ProcessResult* ReportsE2eTest::run_ = nullptr;
HostSnapshot* ReportsE2eTest::before_ = nullptr;

TEST_F(ReportsE2eTest, RunAndDotLeaveNothingBehind) {
  HostSnapshot after = TakeSnapshot();
  EXPECT_EQ(after.pinned, before_->pinned) << "a /run/netns entry was left behind";
  EXPECT_EQ(after.host_links, before_->host_links) << "the host's links changed";
  EXPECT_TRUE(after.children.empty()) << "a child process (mtulab, dot) is still running";
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::temp_directory_path(), ec)) {
    EXPECT_EQ(e.path().filename().string().rfind("mtulab-dot-", 0), std::string::npos)
        << "dot's scratch directory was left: " << e.path();
  }
}

TEST_F(ReportsE2eTest, RunHasEveryKindOfVerdict) {
  Counts c = ConsoleCounts();
  EXPECT_EQ(c.cases, 6);
  EXPECT_EQ(c.failed, 1) << run_->out;
  EXPECT_EQ(c.errors, 1) << run_->out;
  for (const char* line : {"JUnit report: out/junit.xml", "JSON report: out/mtulab.json",
                           "Markdown report: out/summary.md", "HTML report: out/report.html"}) {
    EXPECT_NE(run_->out.find(line), std::string::npos) << line;
  }
}

const std::string kUpstreamXsd = kSource + "/tests/junit_schema/junit-10.xsd";  // Jenkins'
const std::string kOwnXsd = kSource + "/reports/schemas/junit.xsd";

TEST_F(ReportsE2eTest, JunitValidatesAgainstUpstreamJunit10AndOurSchema) {
  for (const std::string& xsd : {kUpstreamXsd, kOwnXsd}) {
    ProcessResult r = RunProcess({"xmllint", "--noout", "--schema", xsd, Out("junit.xml")}, ".");
    EXPECT_EQ(r.exit_code, 0) << xsd << ": " << r.err;
    EXPECT_NE(r.err.find("validates"), std::string::npos) << r.err;
  }
}

TEST_F(ReportsE2eTest, TheJunitSchemasCanFail) {
  std::string junit = ReadFile(Out("junit.xml"));
  struct Break {
    std::string from, to, xsd;
  };
  const Break breaks[] = {
      {"<testsuite name=", "<testsuite bogus=\"1\" name=", kOwnXsd},  // unknown attribute
      {"<testcase ", "<testcase time=\"1e-3\" ", kOwnXsd},            // exponent (and repeated)
      {"<properties>", "<system-out/><properties>", kOwnXsd},         // order
      {" tests=\"", " tests=\"-", kOwnXsd},                           // negative count
      // What the default form left out for junit-10: `skipped` on <testsuites>, `file` and
      // `line` on <testcase> (the GitLab flavor's attributes).
      {"<testsuites name=\"mtulab\"", "<testsuites name=\"mtulab\" skipped=\"0\"", kUpstreamXsd},
      {"<testcase ", "<testcase file=\"suites/x.xml\" ", kUpstreamXsd},
      {"<testcase ", "<testcase line=\"3\" ", kUpstreamXsd},
      {"<testsuite name=", "<testsuite bogus=\"1\" name=", kUpstreamXsd},
  };
  for (const Break& b : breaks) {
    std::string broken = junit;
    broken.replace(broken.find(b.from), b.from.size(), b.to);
    WriteFile(Out("broken.xml"), broken);
    ProcessResult r = RunProcess({"xmllint", "--noout", "--schema", b.xsd, Out("broken.xml")}, ".");
    EXPECT_NE(r.exit_code, 0) << b.to << " against " << b.xsd;
  }
}

TEST_F(ReportsE2eTest, JunitparserCountsWhatTheRunDid) {
  // python3-junitparser (Debian) reads every case's result, not just the totals.
  constexpr char kScript[] = R"(
import sys
from junitparser import JUnitXml, Failure, Error, Skipped
xml = JUnitXml.fromfile(sys.argv[1])
cases = failed = errors = skipped = 0
for suite in xml:
    n = f = e = s = 0
    for case in suite:
        n += 1
        kinds = [type(r) for r in case.result]
        f += Failure in kinds
        e += Error in kinds
        s += Skipped in kinds
    assert (suite.tests, suite.failures, suite.errors, suite.skipped) == (n, f, e, s), suite.name
    cases, failed, errors, skipped = cases + n, failed + f, errors + e, skipped + s
print(cases, failed, errors, skipped, xml.tests, xml.failures, xml.errors, xml.skipped)
)";
  ProcessResult r = RunProcess({"/usr/bin/python3", "-c", kScript, Out("junit.xml")}, ".");
  ASSERT_EQ(r.exit_code, 0) << r.err << "\n(Debian package python3-junitparser: ci/install-deps.sh)";
  std::istringstream in(r.out);
  Counts per_case, totals;
  in >> per_case.cases >> per_case.failed >> per_case.errors >> per_case.skipped >> totals.cases >>
      totals.failed >> totals.errors >> totals.skipped;
  EXPECT_EQ(per_case, ConsoleCounts()) << r.out;
  EXPECT_EQ(totals, ConsoleCounts()) << r.out;
}

// Where ci/install-npm-consumer.sh puts junit2json.
std::string Junit2jsonPath() {
  const char* prefix = std::getenv("MTULAB_NPM_PREFIX");
  std::string dir = prefix != nullptr ? prefix : "";
  if (dir.empty()) {
    const char* cache = std::getenv("XDG_CACHE_HOME");
    const char* home = std::getenv("HOME");
    dir = (cache != nullptr ? std::string(cache) : std::string(home ? home : "/root") + "/.cache") +
          "/mtulab/npm-consumer";
  }
  return dir + "/node_modules/.bin/junit2json";
}

TEST_F(ReportsE2eTest, Junit2jsonCountsWhatTheRunDid) {
  std::string bin = Junit2jsonPath();
  if (RunProcess({"node", "--version"}, ".").exit_code != 0) {
    GTEST_SKIP() << "node is not installed, so the npm consumer junit2json cannot run";
  }
  if (::access(bin.c_str(), X_OK) != 0) {
    GTEST_SKIP() << "junit2json is not installed at " << bin
                 << " (run ci/install-npm-consumer.sh where the npm registry is reachable)";
  }
  ProcessResult r = RunProcess({bin, Out("junit.xml")}, ".");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  JsonValue doc = ParseJson(r.out);
  Counts per_case, totals;
  for (const JsonValue& suite : doc.Find("testsuite")->items) {
    for (const JsonValue& tc : suite.Find("testcase")->items) {
      ++per_case.cases;
      per_case.failed += tc.Find("failure") != nullptr;
      per_case.errors += tc.Find("error") != nullptr;
      per_case.skipped += tc.Find("skipped") != nullptr;
    }
  }
  // junit-10 has no `skipped` on <testsuites>: the run's skips are the suites' sum.
  EXPECT_EQ(doc.Find("skipped"), nullptr);
  Counts suites;
  for (const JsonValue& suite : doc.Find("testsuite")->items) {
    suites.cases += std::stoi(suite.Find("tests")->text);
    suites.failed += std::stoi(suite.Find("failures")->text);
    suites.errors += std::stoi(suite.Find("errors")->text);
    suites.skipped += std::stoi(suite.Find("skipped")->text);
  }
  totals = Counts{std::stoi(doc.Find("tests")->text), std::stoi(doc.Find("failures")->text),
                  std::stoi(doc.Find("errors")->text), suites.skipped};
  EXPECT_EQ(per_case, ConsoleCounts());
  EXPECT_EQ(suites, ConsoleCounts());
  EXPECT_EQ(totals, ConsoleCounts());
}

TEST_F(ReportsE2eTest, JsonReportReadsBackAndAgreesWithTheConsole) {
  std::string text = ReadFile(Out("mtulab.json"));
  RunReport report = ReadJsonReport(Out("mtulab.json"));
  EXPECT_EQ(RenderJson(report), text) << "write -> read -> write changed the JSON";
  ReportTotals t = CountOutcomes(report.suites);
  EXPECT_EQ((Counts{t.cases, t.failed, t.errors, t.skipped}), ConsoleCounts());
  struct utsname u {};
  ASSERT_EQ(::uname(&u), 0);
  EXPECT_EQ(report.run.kernel, u.release);
  EXPECT_EQ(report.run.mtulab_version, "0.1.0");
  ASSERT_GE(report.run.command_line.size(), 2u);
  EXPECT_EQ(report.run.command_line[1], "run");
  EXPECT_TRUE(report.run.shard.empty());
  bool saw_unmet = false;
  for (const SuiteResult& s : report.suites) {
    for (const CaseResult& c : s.cases) {
      if (c.outcome != Outcome::kFail) continue;
      ASSERT_FALSE(c.unmet.empty()) << c.name;
      saw_unmet = true;
      const Unmet& u = c.unmet.front();
      ASSERT_GE(u.step_index, 1);
      const StepRecord& step = c.steps.at(size_t(u.step_index - 1));
      EXPECT_EQ(step.facts.Get(u.expectation.fact), u.observed);
      EXPECT_FALSE(step.kind.empty());
    }
  }
  EXPECT_TRUE(saw_unmet);
}

TEST_F(ReportsE2eTest, MarkdownNamesTheFailureErrorAndSkips) {
  std::string md = ReadFile(Out("summary.md"));
  std::regex fail(
      R"(\*\*❌ fail\*\* `seed003-calico/pod_mtu_8950_passes_8900_df` · `suites/seed003_calico\.xml:\d+`)");
  EXPECT_TRUE(std::regex_search(md, fail)) << md;
  EXPECT_NE(md.find("**💥 error** `reports-e2e-error/sysctl_that_does_not_exist` · "
                    "`suites/error.xml:2`"),
            std::string::npos)
      << md;
  EXPECT_LT(md.find("### Failed and errored cases"), md.find("| suite |")) << "failures first";
  Counts c = ConsoleCounts();
  EXPECT_EQ(md.rfind("## ❌ mtulab: " + std::to_string(c.cases - c.failed - c.errors - c.skipped) +
                         " passed, 1 failed, 1 errors, " + std::to_string(c.skipped) + " skipped\n",
                     0),
            0u)
      << md;
}

TEST_F(ReportsE2eTest, HtmlDrawsEveryTopologyAndShowsTheDecidingFacts) {
  std::string html = ReadFile(Out("report.html"));
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(html.c_str(), pugi::parse_default | pugi::parse_doctype));
  size_t suites = doc.select_nodes("//section[starts-with(@id, 'suite-')]").size();
  EXPECT_EQ(suites, 3u);
  EXPECT_EQ(doc.select_nodes("//section/figure/div/svg").size(), suites) << "a picture is missing";
  // The failures first, each with its own topology (after the case's overrides).
  pugi::xpath_node_set failures =
      doc.select_nodes("//section[@id='failures']/div[@class='failure']");
  ASSERT_EQ(failures.size(), 2u);
  for (const pugi::xpath_node& f : failures) {
    EXPECT_TRUE(f.node().select_node("figure/div/svg"))
        << f.node().select_node("h3/a").node().child_value();
  }
  EXPECT_NE(html.find("changed by the case"), std::string::npos) << "the mutated case's override";
  EXPECT_EQ(html.find("http"), std::string::npos) << "the report names an external URL";
  pugi::xpath_node_set unmet = doc.select_nodes("//details[@open]/table[@class='deciding']/tr");
  EXPECT_GE(unmet.size(), 2u) << "header + at least one unmet expectation";
}

TEST_F(ReportsE2eTest, WithoutGraphvizPluginsTheHtmlSaysSo) {
  TempDir other;
  CopyShippedFiles(other.path());
  // Graphviz's plugins looked for where there are none: the report must say why there is no
  // picture, not drop it silently.
  ProcessResult r =
      RunProcess({"/usr/bin/env", "GVBINDIR=/var/empty", MTULAB_BINARY, "run", "--junit",
                  "out/junit.xml", "--json=", "--markdown=", "suites/seed003_calico.xml"},
                 other.path());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_FALSE(fs::exists(other.path() + "/out/mtulab.json")) << "--json= turns it off";
  EXPECT_FALSE(fs::exists(other.path() + "/out/summary.md")) << "--markdown= turns it off";
  std::string html = ReadFile(other.path() + "/out/report.html");
  EXPECT_NE(html.find("Topology picture not drawn: Graphviz plugin /var/empty/"), std::string::npos)
      << html;
  EXPECT_EQ(html.find("<svg"), std::string::npos);
}

TEST_F(ReportsE2eTest, ExplicitPathsAndHelp) {
  ProcessResult help = RunMtulab({"run", "--help"}, ".");
  for (const char* flag :
       {"--json PATH", "--markdown PATH", "--html PATH", "--html=)", "--junit-flavor F"}) {
    EXPECT_NE(help.out.find(flag), std::string::npos) << flag;
  }
}

// Checked before anything is loaded, so without root too.
TEST(ReportsCliTest, UnknownJunitFlavorIsAUsageError) {
  ProcessResult r = RunMtulab({"run", "--junit-flavor", "jenkins", "suites"}, ".");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("--junit-flavor jenkins: expected junit10 (the default) or gitlab"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace mtulab::e2e
