// mtulab's JUnit read by the npm viewer xunit-viewer (ci/install-npm-consumer.sh installs it),
// in both flavors: every case's status, each suite's counts and the run's totals as
// xunit-viewer reports them must equal what the console said. xunit-viewer's outputs are an
// HTML page (filled in by JavaScript in a browser) and a coloured console rendering; neither
// is a count a program can read. So the test reads its numbers from the two places a user
// sees them come from: its parser (src/cli/parse.js, the code both the page and the console
// rendering use) for every case and suite, and the summary line of its real command line
// (`xunit-viewer -r FILE -c -n`, e.g. "1 error, 1 passed, 1 skipped, 1 failure") for the
// totals. Skipped, saying why, without node or the package.
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>
#include <sstream>

#include "tests/e2e/e2e_util.h"

namespace mtulab::e2e {
namespace {

// One case of each verdict (the pytest plugin's test suite) in two suites: pass, fail
// (1373 + 28 > 1400); skip (veth LRO is fixed off), error (the sysctl does not exist).
constexpr char kSuite[] = R"(<suite name="viewer" topology="../topologies/pair.xml">
  <case name="fits">
    <ping from="a" to="b:eth0" size="1372" df="do"><expect fact="ping.result" equals="reply"/></ping>
  </case>
  <case name="claims_1373_fits">
    <ping from="a" to="b:eth0" size="1373" df="do"><expect fact="ping.result" equals="reply"/></ping>
  </case>
</suite>
)";
constexpr char kSuite2[] = R"(<suite name="viewer-more" topology="../topologies/pair.xml">
  <case name="lro_refused">
    <set node="a" dev="eth0" offload="lro" state="on" refused="skip">
      <expect fact="offload.lro" equals="on"/>
    </set>
  </case>
  <case name="no_such_sysctl">
    <set node="a" name="net.ipv4.no_such_key" value="1">
      <expect fact="sysctl.net.ipv4.no_such_key" equals="1"/>
    </set>
  </case>
</suite>
)";

// Prints "case SUITE/NAME STATUS" for every case xunit-viewer's parser found.
constexpr char kParse[] = R"(
import fs from 'fs'
import { pathToFileURL } from 'url'
const [viewer, file] = process.argv.slice(1)
const { default: parse } = await import(pathToFileURL(viewer + '/src/cli/parse.js'))
const out = await parse(fs.readFileSync(file, 'utf8'))
for (const suite of Object.values(out.suites)) {
  for (const test of Object.values(suite.tests)) {
    console.log(`case ${suite.name}/${test.name} ${test.status || 'unknown'}`)
  }
}
)";

// Where ci/install-npm-consumer.sh puts the npm consumers.
std::string NpmPrefix() {
  const char* prefix = std::getenv("MTULAB_NPM_PREFIX");
  if (prefix != nullptr && *prefix != '\0') return prefix;
  const char* cache = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  return (cache != nullptr ? std::string(cache) : std::string(home ? home : "/root") + "/.cache") +
         "/mtulab/npm-consumer";
}

// xunit-viewer's words for mtulab's console verdicts.
const std::map<std::string, std::string> kStatusOf = {
    {"PASS", "passed"}, {"FAIL", "failure"}, {"SKIP", "skipped"}, {"ERROR", "error"}};

// "suite/case" -> status, from the console's per-case lines ("[ 1/4] PASS  viewer/fits ...").
std::map<std::string, std::string> ConsoleStatuses(const std::string& out) {
  std::map<std::string, std::string> m;
  std::regex line(R"(\] (PASS|FAIL|SKIP|ERROR) +(\S+))");
  for (auto it = std::sregex_iterator(out.begin(), out.end(), line); it != std::sregex_iterator();
       ++it) {
    m[(*it)[2]] = kStatusOf.at((*it)[1]);
  }
  return m;
}

// The totals as xunit-viewer's summary line words them: "1 error, 1 passed, ...".
std::map<std::string, int> Totals(const std::map<std::string, std::string>& statuses) {
  std::map<std::string, int> t;
  for (const auto& [id, status] : statuses) ++t[status];
  return t;
}
std::map<std::string, int> ParseSummary(const std::string& line) {
  std::map<std::string, int> t;
  std::regex part(R"((\d+) (\w+))");
  for (auto it = std::sregex_iterator(line.begin(), line.end(), part); it != std::sregex_iterator();
       ++it) {
    t[(*it)[2]] = std::stoi((*it)[1]);
  }
  return t;
}

class XunitViewerTest : public ::testing::TestWithParam<const char*> {};

TEST_P(XunitViewerTest, CountsEveryCaseSuiteAndTotalAsTheConsoleDid) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  std::string viewer = NpmPrefix() + "/node_modules/xunit-viewer";
  if (RunProcess({"node", "--version"}, ".").exit_code != 0) {
    GTEST_SKIP() << "node is not installed, so the npm consumer xunit-viewer cannot run";
  }
  if (::access((viewer + "/src/cli/parse.js").c_str(), R_OK) != 0) {
    GTEST_SKIP() << "xunit-viewer is not installed in " << viewer
                 << " (run ci/install-npm-consumer.sh where the npm registry is reachable)";
  }
  TempDir dir;
  std::filesystem::create_directories(dir.path() + "/topologies");
  std::filesystem::create_directories(dir.path() + "/suites");
  WriteFile(dir.path() + "/topologies/pair.xml", kPair1400Topology);
  WriteFile(dir.path() + "/suites/viewer.xml", kSuite);
  WriteFile(dir.path() + "/suites/viewer_more.xml", kSuite2);
  ProcessResult run = RunMtulab({"run", "--junit", "j.xml", "--junit-flavor", GetParam(),
                                 "--json=", "--markdown=", "--html=", "suites"},
                                dir.path());
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  std::map<std::string, std::string> expected = ConsoleStatuses(run.out);
  ASSERT_EQ(expected.size(), 4u) << run.out;
  ASSERT_EQ(Totals(expected).size(), 4u) << "one case of each verdict: " << run.out;

  ProcessResult parsed =
      RunProcess({"node", "--input-type=module", "-e", kParse, viewer, dir.path() + "/j.xml"}, ".");
  ASSERT_EQ(parsed.exit_code, 0) << parsed.err;
  std::map<std::string, std::string> seen;
  std::istringstream in(parsed.out);
  for (std::string word, id, status; in >> word >> id >> status;) {
    EXPECT_TRUE(seen.emplace(id, status).second) << "twice: " << id;
  }
  EXPECT_EQ(seen, expected) << parsed.out;
  // Per suite: xunit-viewer ignores a <testsuite>'s tests/failures/errors/skipped and counts
  // the suite's cases, so equal cases per suite are equal suite counts.
  for (const char* suite : {"viewer/", "viewer-more/"}) {
    std::map<std::string, int> want, got;
    for (const auto& [id, status] : expected) want[status] += id.rfind(suite, 0) == 0;
    for (const auto& [id, status] : seen) got[status] += id.rfind(suite, 0) == 0;
    EXPECT_EQ(got, want) << suite;
  }

  ProcessResult cli = RunProcess({viewer + "/bin/xunit-viewer.js", "-r", "j.xml", "-c", "-n",
                                  "--clear=false", "-o", "viewer.html"},
                                 dir.path());
  ASSERT_EQ(cli.exit_code, 0) << cli.out << cli.err;
  std::smatch summary;
  ASSERT_TRUE(std::regex_search(cli.out, summary, std::regex(R"(\n(\d+ \w+(, \d+ \w+)*)\n)")))
      << cli.out;
  EXPECT_EQ(ParseSummary(summary[1]), Totals(expected)) << summary[1];
}

INSTANTIATE_TEST_SUITE_P(Flavors, XunitViewerTest, ::testing::Values("junit10", "gitlab"));

}  // namespace
}  // namespace mtulab::e2e
