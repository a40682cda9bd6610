// Issue 16 item 4, the CLI that talks: "did you mean", selection flags (--exclude,
// --fail-fast, --repeat, --rerun-failed), exit 3 for a report not written, --keep-on-failure
// with `mtulab status`, lint --format json|sarif and accepted findings.
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>

#include "reports/json_reader.h"
#include "reports/json_value.h"
#include "tests/e2e/e2e_util.h"

namespace mtulab::e2e {
namespace {

bool IsRoot() { return ::geteuid() == 0; }

// A quick case that passes, and one that fails (no step sends traffic: a flush of an unused
// node's neighbour cache removes nothing).
std::string Flush(const std::string& removed) {
  return "<flush node=\"pc\"><expect fact=\"flush.ipv6_removed\" equals=\"" + removed +
         "\"/></flush>";
}

// Suite "talk" on seed004's topology: cases a_fails, b, c (b and c pass).
std::string WriteTalkSuite(const TempDir& dir) {
  CopyShippedFiles(dir.path());
  WriteFile(dir.path() + "/talk.xml",
            "<suite name=\"talk\" topology=\"topologies/seed004_pmtu.xml\">\n"
            "  <case name=\"a_fails\">" +
                Flush("7") +
                "</case>\n"
                "  <case name=\"b\">" +
                Flush("0") +
                "</case>\n"
                "  <case name=\"c\">" +
                Flush("0") +
                "</case>\n"
                "</suite>\n");
  return "talk.xml";
}

TEST(CliTalkTest, DidYouMeanForCommandsAndOptions) {
  TempDir dir;
  ProcessResult r = RunMtulab({"rnu"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown command 'rnu'; did you mean 'run'?"), std::string::npos) << r.err;
  r = RunMtulab({"stauts"}, dir.path());
  EXPECT_NE(r.err.find("did you mean 'status'?"), std::string::npos) << r.err;
  r = RunMtulab({"run", "--fial-fast"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown option '--fial-fast'; did you mean '--fail-fast'?"),
            std::string::npos)
      << r.err;
  r = RunMtulab({"lint", "--fromat", "json", "x.xml"}, dir.path());
  EXPECT_NE(r.err.find("did you mean '--format'?"), std::string::npos) << r.err;
  r = RunMtulab({"zzzzzzzz"}, dir.path());
  EXPECT_EQ(r.err.find("did you mean"), std::string::npos) << r.err;
}

TEST(CliTalkTest, ExitCodesAreDocumentedInHelp) {
  TempDir dir;
  ProcessResult r = RunMtulab({"--help"}, dir.path());
  EXPECT_NE(r.out.find("3 `run` could not\nwrite a report"), std::string::npos) << r.out;
  r = RunMtulab({"run", "--help"}, dir.path());
  EXPECT_NE(r.out.find("3 a report could not be written"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("A second signal aborts the running cases"), std::string::npos);
  for (const char* flag : {"--exclude GLOB", "--fail-fast", "--repeat N", "--rerun-failed",
                           "--keep-on-failure", "NO_COLOR"}) {
    EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
  }
}

// Each command's help offers the selection flags it accepts: `probe` refuses --shard (its
// cases share the namespaces it was given), so its help must not list it.
TEST(CliTalkTest, HelpOffersOnlyTheSelectionFlagsTheCommandTakes) {
  TempDir dir;
  for (const char* command : {"run", "list", "probe"}) {
    ProcessResult r = RunMtulab({command, "--help"}, dir.path());
    EXPECT_EQ(r.exit_code, 0) << command << r.err;
    EXPECT_NE(r.out.find("--filter GLOB"), std::string::npos) << command;
    bool shard = std::string(command) != "probe";
    EXPECT_EQ(r.out.find("--shard") != std::string::npos, shard) << command << "\n" << r.out;
  }
}

TEST(CliTalkTest, ListHonoursExcludeAndRepeat) {
  TempDir dir;
  std::string suite = WriteTalkSuite(dir);
  ProcessResult r = RunMtulab({"list", "--exclude", "talk/a*", "--repeat", "2", suite}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* id : {"talk/b#1", "talk/b#2", "talk/c#1", "talk/c#2"}) {
    EXPECT_NE(r.out.find(id), std::string::npos) << id << "\n" << r.out;
  }
  EXPECT_EQ(r.out.find("a_fails"), std::string::npos) << r.out;
  r = RunMtulab({"list", "--exclude", "talk/*", suite}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--exclude leaves no case to run"), std::string::npos) << r.err;
}

TEST(CliTalkTest, FailFastSkipsTheRestNamingTheFailure) {
  if (!IsRoot()) GTEST_SKIP() << "needs root";
  TempDir dir;
  std::string suite = WriteTalkSuite(dir);
  std::string junit = dir.path() + "/r/junit.xml";
  ProcessResult r =
      RunMtulab({"run", "-j", "1", "--fail-fast", "--junit", junit, suite}, dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::vector<JunitCase> cases = ParseJunit(junit);
  ASSERT_EQ(cases.size(), 3u);
  EXPECT_EQ(cases[0].outcome, "failure");
  EXPECT_EQ(cases[1].outcome, "skipped");
  EXPECT_EQ(cases[2].outcome, "skipped");
  EXPECT_NE(cases[2].message.find("--fail-fast, after talk/a_fails did not pass"),
            std::string::npos)
      << cases[2].message;
}

TEST(CliTalkTest, RepeatAndRerunFailedFromTheLastJson) {
  if (!IsRoot()) GTEST_SKIP() << "needs root";
  TempDir dir;
  std::string suite = WriteTalkSuite(dir);
  std::string junit = dir.path() + "/r/junit.xml";
  ProcessResult r = RunMtulab({"run", "--repeat", "2", "--junit", junit, suite}, dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(ParseJunit(junit).size(), 6u);
  // Only a_fails failed (twice, as a_fails#1 and #2): the rerun runs it once.
  r = RunMtulab({"run", "--rerun-failed", "--junit", junit, suite}, dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::vector<JunitCase> cases = ParseJunit(junit);
  ASSERT_EQ(cases.size(), 1u) << r.out;
  EXPECT_EQ(cases[0].name, "a_fails");
  // Fixed: the rerun passes, and then there is nothing left to rerun.
  Mutate(dir.path() + "/" + suite, "a_fails", "equals=\"7\"", "equals=\"0\"");
  r = RunMtulab({"run", "--rerun-failed", "--junit", junit, suite}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = RunMtulab({"run", "--rerun-failed", "--junit", junit, suite}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("nothing to rerun"), std::string::npos) << r.out;
  r = RunMtulab({"run", "--rerun-failed", "--junit", dir.path() + "/none/j.xml", suite},
                dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--rerun-failed: "), std::string::npos) << r.err;
}

TEST(CliTalkTest, AReportThatCannotBeWrittenExits3) {
  if (!IsRoot()) GTEST_SKIP() << "needs root";
  TempDir dir;
  std::string suite = WriteTalkSuite(dir);
  // /dev/full is a character device, written in place: every write fails with ENOSPC.
  ProcessResult r = RunMtulab(
      {"run", "--filter", "talk/b", "--junit", dir.path() + "/j.xml", "--json", "/dev/full", suite},
      dir.path());
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("/dev/full"), std::string::npos) << r.err;
  EXPECT_EQ(ParseJunit(dir.path() + "/j.xml").size(), 1u) << "the other reports are written";
}

TEST(CliTalkTest, KeepOnFailurePinsTheFailedLabAndStatusShowsIt) {
  if (!IsRoot()) GTEST_SKIP() << "needs root";
  if (std::filesystem::exists("/run/mtulab/up-seed004-pmtu")) GTEST_SKIP() << "seed004 is up";
  TempDir dir;
  std::string suite = WriteTalkSuite(dir);
  ProcessResult r = RunMtulab({"run", "--keep-on-failure", "--junit", dir.path() + "/j.xml",
                               "--filter", "talk/a*", "--filter", "talk/b", suite},
                              dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("lab of talk/a_fails kept (topology 'seed004-pmtu')"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("mtulab down talk.xml"), std::string::npos) << r.out;
  // The failed case's namespaces are still there, and still configured.
  ProcessResult link = RunProcess({"ip", "-n", "mtulab-seed004-pmtu:router", "link"}, "/");
  EXPECT_NE(link.out.find("r-pc"), std::string::npos) << link.out << link.err;
  ProcessResult status = RunMtulab({"status"}, dir.path());
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("topology 'seed004-pmtu': 3 namespaces"), std::string::npos)
      << status.out;
  EXPECT_NE(status.out.find("mtulab-seed004-pmtu:router"), std::string::npos) << status.out;
  // A second `up` of it: a hint, not "File exists".
  ProcessResult up = RunMtulab({"up", "topologies/seed004_pmtu.xml"}, dir.path());
  EXPECT_EQ(up.exit_code, 1);
  EXPECT_NE(up.err.find("`mtulab down topologies/seed004_pmtu.xml`"), std::string::npos) << up.err;
  EXPECT_EQ(up.err.find("File exists"), std::string::npos) << up.err;
  EXPECT_EQ(RunMtulab({"down", suite}, dir.path()).exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists("/run/netns/mtulab-seed004-pmtu:router"));
  status = RunMtulab({"status"}, dir.path());
  EXPECT_EQ(status.out.find("seed004-pmtu"), std::string::npos) << status.out;
}

// A topology with an MTU mismatch (lint error), linted as text, JSON and SARIF, then with
// the finding accepted inline.
TEST(CliTalkTest, LintFormatsAndAnAcceptedFinding) {
  TempDir dir;
  std::string topo = dir.path() + "/t.xml";
  const std::string kHead = "<topology name=\"t\">\n  <node name=\"a\"/>\n  <node name=\"b\"/>\n";
  const std::string kLink =
      "  <link><end node=\"a\" name=\"e0\" mtu=\"1500\" ipv4=\"10.0.0.1/24\"/>"
      "<end node=\"b\" name=\"e0\" mtu=\"1400\" ipv4=\"10.0.0.2/24\"/></link>\n";
  WriteFile(topo, kHead + kLink + "</topology>\n");
  ProcessResult text = RunMtulab({"lint", "t.xml"}, dir.path());
  ASSERT_EQ(text.exit_code, 1) << text.out << text.err;
  ASSERT_NE(text.out.find("[mtu-mismatch]"), std::string::npos) << text.out;
  ProcessResult sarif = RunMtulab({"lint", "--format", "sarif", "t.xml"}, dir.path());
  EXPECT_EQ(sarif.exit_code, 1);
  JsonValue log = ParseJson(sarif.out);
  EXPECT_EQ(log.Find("version")->text, "2.1.0");
  const JsonValue& result = log.Find("runs")->items[0].Find("results")->items[0];
  EXPECT_EQ(result.Find("ruleId")->text, "mtu-mismatch");
  EXPECT_EQ(result.Find("level")->text, "error");
  WriteFile(topo, kHead +
                      "  <!-- mtulab-lint accept=mtu-mismatch: the far end is a "
                      "vendor box fixed at 1400 -->\n" +
                      kLink + "</topology>\n");
  text = RunMtulab({"lint", "t.xml"}, dir.path());
  EXPECT_EQ(text.exit_code, 0) << text.out;
  EXPECT_NE(text.out.find("  accepted: the far end is a vendor box fixed at 1400\n"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("0 errors, 0 warnings, 1 accepted"), std::string::npos) << text.out;
  ProcessResult json = RunMtulab({"lint", "--format", "json", "t.xml"}, dir.path());
  JsonValue v = ParseJson(json.out);
  EXPECT_EQ(v.Find("accepted")->text, "1");
  EXPECT_EQ(v.Find("errors")->text, "0");
  sarif = RunMtulab({"lint", "--format", "sarif", "t.xml"}, dir.path());
  JsonValue accepted_log = ParseJson(sarif.out);
  const JsonValue& suppressed =
      accepted_log.Find("runs")->items[0].Find("results")->items[0].Find("suppressions")->items[0];
  EXPECT_EQ(suppressed.Find("kind")->text, "inSource");
  EXPECT_EQ(RunMtulab({"lint", "--format", "xml", "t.xml"}, dir.path()).exit_code, 2);
}

}  // namespace
}  // namespace mtulab::e2e
