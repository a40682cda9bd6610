// Running at scale through the binary: `mtulab list`, `--shard K/N`, `mtulab merge`.
// A small tree of two suites (5 cases, one of each verdict plus a second pass) keeps the runs
// to a fraction of a second.
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "reports/json_reader.h"
#include "tests/e2e/e2e_util.h"

namespace mtulab::e2e {
namespace {

// pass, fail (1373 + 28 > 1400), skip (veth LRO is fixed off).
constexpr char kAlpha[] = R"(<suite name="alpha" topology="../topologies/pair.xml">
  <case name="fits">
    <description>1372 + 28 bytes fit.</description>
    <ping from="a" to="b:eth0" size="1372" df="do"><expect fact="ping.result" equals="reply"/></ping>
  </case>
  <case name="claims_1373_fits">
    <ping from="a" to="b:eth0" size="1373" df="do"><expect fact="ping.result" equals="reply"/></ping>
  </case>
  <case name="lro_refused">
    <set node="a" dev="eth0" offload="lro" state="on" refused="skip">
      <expect fact="offload.lro" equals="on"/>
    </set>
  </case>
</suite>
)";

// pass, error (no such sysctl).
constexpr char kBeta[] = R"(<suite name="beta" topology="../topologies/pair.xml">
  <case name="fits">
    <ping from="b" to="a:eth0" size="1372" df="do"><expect fact="ping.result" equals="reply"/></ping>
  </case>
  <case name="no_such_sysctl">
    <set node="a" name="net.ipv4.no_such_key" value="1">
      <expect fact="sysctl.net.ipv4.no_such_key" equals="1"/>
    </set>
  </case>
</suite>
)";

bool IsRoot() { return ::geteuid() == 0; }

class ScaleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.path() + "/topologies");
    std::filesystem::create_directories(dir_.path() + "/suites");
    WriteFile(dir_.path() + "/topologies/pair.xml", kPair1400Topology);
    WriteFile(dir_.path() + "/suites/alpha.xml", kAlpha);
    WriteFile(dir_.path() + "/suites/beta.xml", kBeta);
  }

  ProcessResult Mtulab(const std::vector<std::string>& args) {
    return RunMtulab(args, dir_.path());
  }

  // Runs and returns the JUnit's cases; fails the test unless the exit code is `expect`.
  std::vector<JunitCase> Run(std::vector<std::string> args, const std::string& junit,
                             int expect = 1) {
    args.insert(args.begin(), {"run", "--junit", junit});
    ProcessResult r = Mtulab(args);
    EXPECT_EQ(r.exit_code, expect) << r.out << r.err;
    return ParseJunit(dir_.path() + "/" + junit);
  }

  std::string path(const std::string& rel) const { return dir_.path() + "/" + rel; }

  TempDir dir_;
};

// "suite/case outcome" for each case, e.g. "alpha/fits pass" (classname is mtulab.<suite>).
std::vector<std::string> Verdicts(const std::vector<JunitCase>& cases, bool sorted = true) {
  std::vector<std::string> out;
  for (const JunitCase& c : cases) {
    out.push_back(c.classname.substr(7) + "/" + c.name + " " + c.outcome + " " + c.message);
  }
  if (sorted) std::sort(out.begin(), out.end());
  return out;
}

std::string Ids(const std::vector<JunitCase>& cases) {
  std::string out;
  for (const JunitCase& c : cases) out += c.classname.substr(7) + "/" + c.name + "\n";
  return out;
}

TEST_F(ScaleTest, ListPrintsTheCasesInRunOrder) {
  ProcessResult r = Mtulab({"list"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "alpha/fits\nalpha/claims_1373_fits\nalpha/lro_refused\nbeta/fits\n"
                   "beta/no_such_sysctl\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(Mtulab({"list", "--filter", "*/fits"}).out, "alpha/fits\nbeta/fits\n");
  EXPECT_EQ(Mtulab({"list", "--filter", "beta/*", "--filter", "alpha/l*", "suites"}).out,
            "alpha/lro_refused\nbeta/fits\nbeta/no_such_sysctl\n");
  // Sorted ids: alpha/claims_1373_fits alpha/fits alpha/lro_refused beta/fits beta/no_such_sysctl
  EXPECT_EQ(Mtulab({"list", "--shard", "1/2"}).out,
            "alpha/claims_1373_fits\nalpha/lro_refused\nbeta/no_such_sysctl\n");
  EXPECT_EQ(Mtulab({"list", "--shard", "2/2"}).out, "alpha/fits\nbeta/fits\n");
  // Another file order: the same shard, in the order the files were given.
  EXPECT_EQ(Mtulab({"list", "--shard", "1/2", "suites/beta.xml", "suites/alpha.xml"}).out,
            "beta/no_such_sysctl\nalpha/claims_1373_fits\nalpha/lro_refused\n");
  EXPECT_EQ(Mtulab({"list", "--format", "tsv", "--filter", "alpha/fits"}).out,
            "alpha/fits\tsuites/alpha.xml:2\t1372 + 28 bytes fit.\n");
}

TEST_F(ScaleTest, EmptyShardIsNotAnError) {
  ProcessResult r = Mtulab({"list", "--shard", "6/6"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "mtulab list: shard 6/6 holds no case (5 cases over 6 shards)\n");
}

TEST_F(ScaleTest, UsageErrorsAreExactAndNeedNoRoot) {
  struct Row {
    std::vector<std::string> args;
    std::string err;
  };
  const Row rows[] = {
      {{"run", "--shard", "3/2"}, "mtulab run: --shard '3/2': K must be in 1..2\n"},
      {{"list", "--shard", "x"}, "mtulab list: --shard 'x' is not K/N (e.g. --shard 2/4)\n"},
      {{"list", "--shard", "1/0"}, "mtulab list: --shard '1/0': N must be in 1..10000\n"},
      {{"run", "--filter", "gamma/*"}, "mtulab run: no case to run matches --filter 'gamma/*'\n"},
      {{"list", "--format", "json"}, "mtulab list: --format 'json' is not one of name, tsv\n"},
      {{"merge", "x.xml"}, "mtulab merge: name an output: --junit OUT, --json OUT, "
                           "--markdown OUT or --html OUT (see `mtulab merge --help`)\n"},
      {{"merge", "--junit", "m.xml"}, "mtulab merge: name at least one input report (see "
                                      "`mtulab merge --help`)\n"},
      {{"merge", "--junit", "m.xml", "nope.xml"}, "mtulab merge: nope.xml: cannot be opened\n"},
      {{"merge", "--junit", "m.xml", "suites"}, "mtulab merge: suites: is a directory\n"},
      {{"merge", "--junit", "m.xml", "topologies/pair.xml"},
       "mtulab merge: topologies/pair.xml: not JUnit XML: the root element is <topology>, not "
       "<testsuites> or <testsuite>\n"},
  };
  for (const Row& row : rows) {
    ProcessResult r = Mtulab(row.args);
    EXPECT_EQ(r.exit_code, 2) << row.args[0] << " " << row.args[1];
    EXPECT_EQ(r.err, row.err);
  }
  WriteFile(path("notes.txt"), "shard 1 passed\n");
  ProcessResult r = Mtulab({"merge", "--junit", "m.xml", "notes.txt"});
  EXPECT_EQ(r.err, "mtulab merge: notes.txt: is neither JUnit XML nor a JSON report\n");
  EXPECT_FALSE(std::filesystem::exists(path("m.xml")));
}

TEST_F(ScaleTest, TwoSuitesWithOneNameAreRejected) {
  WriteFile(path("suites/alpha_copy.xml"), kAlpha);
  ProcessResult r = Mtulab({"list"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "mtulab list: case 'alpha/claims_1373_fits' is defined twice "
                   "(suites/alpha.xml:6:3 and suites/alpha_copy.xml:6:3): suite names must be "
                   "unique within a run\n");
}

// On the shipped suites: the shards of 3 partition `mtulab list`, sizes within one.
TEST(ScaleShippedTest, ShardsPartitionTheShippedCases) {
  ProcessResult all = RunMtulab({"list"}, MTULAB_SOURCE_DIR);
  ASSERT_EQ(all.exit_code, 0) << all.err;
  std::multiset<std::string> union_of_shards;
  size_t smallest = SIZE_MAX, largest = 0, total = 0;
  for (int k = 1; k <= 3; ++k) {
    ProcessResult r = RunMtulab({"list", "--shard", std::to_string(k) + "/3"}, MTULAB_SOURCE_DIR);
    std::istringstream lines(r.out);
    size_t n = 0;
    for (std::string line; std::getline(lines, line); ++n) union_of_shards.insert(line);
    smallest = std::min(smallest, n), largest = std::max(largest, n), total += n;
  }
  std::istringstream lines(all.out);
  std::multiset<std::string> every;
  for (std::string line; std::getline(lines, line);) every.insert(line);
  EXPECT_GE(every.size(), 30u);
  EXPECT_EQ(union_of_shards, every);
  EXPECT_LE(largest - smallest, 1u);
}

TEST_F(ScaleTest, RunRunsExactlyWhatListPrints) {
  if (!IsRoot()) GTEST_SKIP() << "needs root";
  const std::vector<std::vector<std::string>> flag_sets = {
      {}, {"--filter", "*/fits"}, {"--shard", "1/2"}, {"--shard", "2/2", "suites/beta.xml"}};
  for (const auto& flags : flag_sets) {
    std::vector<std::string> list = {"list"};
    list.insert(list.end(), flags.begin(), flags.end());
    ProcessResult listed = Mtulab(list);
    ASSERT_EQ(listed.exit_code, 0) << listed.err;
    bool green = listed.out.find("fits\n") != std::string::npos &&
                 listed.out.find("claims") == std::string::npos &&
                 listed.out.find("no_such") == std::string::npos;
    std::vector<std::string> run = {"-j", "1"};
    run.insert(run.end(), flags.begin(), flags.end());
    EXPECT_EQ(Ids(Run(run, "r/junit.xml", green ? 0 : 1)), listed.out);
  }
}

// Shard 1 with -j1 and the files in one order, shard 2 with -j2 and the files reversed:
// merged, they give the full run's cases and verdicts.
TEST_F(ScaleTest, ShardsMergeIntoTheFullRun) {
  if (!IsRoot()) GTEST_SKIP() << "needs root";
  HostSnapshot before = TakeSnapshot();
  std::vector<JunitCase> full = Run({"-j", "2"}, "full/junit.xml");
  Run({"--shard", "1/2", "-j", "1", "suites/alpha.xml", "suites/beta.xml"}, "s1/junit.xml");
  Run({"--shard", "2/2", "-j", "2", "suites/beta.xml", "suites/alpha.xml"}, "s2/junit.xml", 0);
  ProcessResult r = Mtulab({"merge", "--junit", "merged/junit.xml", "s2/junit.xml",
                            "s1/junit.xml"});
  EXPECT_EQ(r.exit_code, 1) << r.err;  // a case failed, one errored
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, "merged 2 reports: 5 cases: 2 passed, 1 failed, 1 skipped, 1 errors\n"
                   "wrote merged/junit.xml\n");
  std::vector<JunitCase> merged = ParseJunit(path("merged/junit.xml"));  // counts checked
  EXPECT_EQ(Verdicts(merged), Verdicts(full));
  // Within a suite, cases come back in declaration order.
  std::string ids = Ids(merged);
  EXPECT_LT(ids.find("alpha/fits"), ids.find("alpha/claims_1373_fits"));
  EXPECT_LT(ids.find("alpha/claims_1373_fits"), ids.find("alpha/lro_refused"));
  EXPECT_EQ(ReadFile(path("merged/junit.xml")).find("mtulab.shard"), std::string::npos);
  HostSnapshot after = TakeSnapshot();
  EXPECT_EQ(after.pinned, before.pinned);
  EXPECT_EQ(after.host_links, before.host_links);
  EXPECT_EQ(after.children, before.children);
}

// The JSON reports the shards write beside their JUnit merge too, into JSON, markdown and
// HTML, with the same verdicts as the full run's JSON; a missing shard's JSON is named.
TEST_F(ScaleTest, ShardJsonReportsMergeIntoJsonMarkdownAndHtml) {
  if (!IsRoot()) GTEST_SKIP() << "needs root";
  Run({}, "full/junit.xml");
  Run({"--shard", "1/2"}, "s1/junit.xml");
  Run({"--shard", "2/2"}, "s2/junit.xml", 0);
  ProcessResult r = Mtulab({"merge", "--junit", "m/junit.xml", "--json", "m/mtulab.json",
                            "--markdown", "m/summary.md", "--html", "m/report.html",
                            "s1/junit.xml", "s2/junit.xml", "s1/mtulab.json", "s2/mtulab.json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out, "merged 4 reports: 5 cases: 2 passed, 1 failed, 1 skipped, 1 errors\n"
                   "wrote m/junit.xml\nwrote m/mtulab.json\nwrote m/summary.md\n"
                   "wrote m/report.html\n");
  auto verdicts = [](const RunReport& report) {
    std::vector<std::string> out;
    for (const SuiteResult& s : report.suites) {
      for (const CaseResult& c : s.cases) {
        out.push_back(s.name + "/" + c.name + " " + OutcomeName(c.outcome) + " " + c.reason);
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  RunReport merged = ReadJsonReport(path("m/mtulab.json"));
  EXPECT_EQ(verdicts(merged), verdicts(ReadJsonReport(path("full/mtulab.json"))));
  EXPECT_EQ(merged.run.shard, "");
  EXPECT_EQ(merged.run.command_line.at(1), "merge");
  EXPECT_NE(ReadFile(path("m/summary.md")).find("claims_1373_fits"), std::string::npos);
  EXPECT_NE(ReadFile(path("m/report.html")).find("claims_1373_fits"), std::string::npos);
  // JSON reports alone give the JUnit too.
  r = Mtulab({"merge", "--junit", "j/junit.xml", "s2/mtulab.json", "s1/mtulab.json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(Verdicts(ParseJunit(path("j/junit.xml"))),
            Verdicts(ParseJunit(path("full/junit.xml"))));
  r = Mtulab({"merge", "--json", "m2.json", "s1/mtulab.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("mtulab merge: incomplete: shard(s) 2 of 2 in no JSON input\n"),
            std::string::npos)
      << r.err;
  // JUnit and JSON inputs of different shards disagree: refused.
  r = Mtulab({"merge", "--allow-missing", "--junit", "m3.xml", "--json", "m3.json",
              "s1/junit.xml", "s2/mtulab.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("is in the JUnit inputs but in no JSON input"), std::string::npos) << r.err;
}

TEST_F(ScaleTest, GreenShardsMergeWithExitZeroAndEmptyShardsCount) {
  if (!IsRoot()) GTEST_SKIP() << "needs root";
  std::vector<std::string> inputs;
  for (int k = 1; k <= 3; ++k) {  // 2 cases over 3 shards: shard 3 is empty
    std::string junit = "s" + std::to_string(k) + "/junit.xml";
    ProcessResult r = Mtulab({"run", "--filter", "*/fits", "--shard", std::to_string(k) + "/3",
                              "--junit", junit});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("shard " + std::to_string(k) + "/3: " + (k == 3 ? "0" : "1") +
                         " of 2 cases\n"),
              std::string::npos)
        << r.out;
    inputs.push_back(junit);
  }
  EXPECT_TRUE(ParseJunit(path("s3/junit.xml")).empty());
  std::vector<std::string> merge = {"merge", "--junit", "m.xml"};
  merge.insert(merge.end(), inputs.begin(), inputs.end());
  ProcessResult r = Mtulab(merge);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Ids(ParseJunit(path("m.xml"))), "alpha/fits\nbeta/fits\n");
  // Without the empty shard's file nothing is missing either: no case belonged to it.
  merge.pop_back();
  EXPECT_EQ(Mtulab(merge).exit_code, 0);
}

TEST_F(ScaleTest, MergeRefusesMissingDuplicateAndForeignShards) {
  if (!IsRoot()) GTEST_SKIP() << "needs root";
  Run({"--shard", "1/2"}, "s1/junit.xml");
  Run({"--shard", "2/3"}, "t2/junit.xml");
  ProcessResult r = Mtulab({"merge", "--junit", "m.xml", "s1/junit.xml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "mtulab merge: incomplete: suite 'alpha': 1 of 3 cases in no input: fits\n"
            "mtulab merge: incomplete: suite 'beta': 1 of 2 cases in no input: fits\n"
            "mtulab merge: incomplete: the run has 5 cases, the inputs hold 3 (shards with "
            "cases: 1 of 2)\n"
            "mtulab merge: a shard's report is missing (a shard job that failed to upload?); "
            "--allow-missing merges what is there\n");
  EXPECT_FALSE(std::filesystem::exists(path("m.xml")));
  r = Mtulab({"merge", "--allow-missing", "--junit", "m.xml", "s1/junit.xml"});
  EXPECT_EQ(r.exit_code, 1);  // what is there has a failure
  EXPECT_NE(r.err.find("mtulab merge: warning: suite 'alpha': 1 of 3 cases in no input: fits\n"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(ParseJunit(path("m.xml")).size(), 3u);
  r = Mtulab({"merge", "--junit", "m2.xml", "s1/junit.xml", "s1/junit.xml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "mtulab merge: case 'alpha/claims_1373_fits' is in both s1/junit.xml and "
                   "s1/junit.xml (the same shard given twice, or runs that overlap)\n");
  r = Mtulab({"merge", "--junit", "m2.xml", "s1/junit.xml", "t2/junit.xml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "mtulab merge: inputs come from different runs: s1/junit.xml is shard 1/2 of "
                   "a 5-case run, t2/junit.xml is shard 2/3 of a 5-case run\n");
  std::string cut = ReadFile(path("s1/junit.xml")).substr(0, 300);
  WriteFile(path("cut.xml"), cut);
  r = Mtulab({"merge", "--junit", "m2.xml", "cut.xml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("mtulab merge: cut.xml: not well-formed XML at byte ", 0), 0u) << r.err;
  EXPECT_FALSE(std::filesystem::exists(path("m2.xml")));
}

}  // namespace
}  // namespace mtulab::e2e
