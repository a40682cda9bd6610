// The binary's contract outside of verdicts: exit codes, bad input, privileges, up/down/clean,
// interruption.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "harness/model/step_specs.h"
#include "tests/e2e/e2e_util.h"

namespace mtulab::e2e {
namespace {

bool IsRoot() { return ::geteuid() == 0; }

// Lets an unprivileged user read the copied files (mkdtemp makes the directory 0700).
void OpenUp(const std::string& dir) {
  namespace fs = std::filesystem;
  fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                           fs::perms::others_read | fs::perms::others_exec);
}

TEST(CliTest, HelpTeachesAndExitsZero) {
  TempDir dir;
  ProcessResult r = RunMtulab({"--help"}, dir.path());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("usage: mtulab <command>"), std::string::npos) << r.out;
  r = RunMtulab({"run", "--help"}, dir.path());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--filter GLOB"), std::string::npos) << r.out;
}

// Issue 12/15: run --help lists every step kind (it listed 7 of 15), `help facts` prints
// the facts table, and an expectation no step can meet fails check, lint, run and up alike.
TEST(CliTest, StepsAndFactsComeFromTheRegistry) {
  TempDir dir;
  ProcessResult r = RunMtulab({"run", "--help"}, dir.path());
  for (const char* kind : {"  ping ", "  tcp ", "  udp ", "  capture-start ", "  capture-stop ",
                           "  delete-link ", "  route-replace ", "  sweep ", "  encap "}) {
    EXPECT_NE(r.out.find(kind), std::string::npos) << kind << "\n" << r.out;
  }
  // The whole list is the registry's, one line per row in row order, with the row's help.
  EXPECT_NE(r.out.find(StepHelpLines()), std::string::npos) << r.out;
  for (const StepSpec& spec : StepSpecs()) {
    EXPECT_NE(r.out.find(" " + spec.name + " "), std::string::npos) << spec.name;
    EXPECT_NE(r.out.find(spec.help + "\n"), std::string::npos) << spec.help;
  }
  r = RunMtulab({"help", "facts"}, dir.path());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("|  | `ping.errno` | text |  | traffic |"), std::string::npos) << r.out;
  CopyShippedFiles(dir.path());
  WriteFile(dir.path() + "/bad.xml",
            "<suite name=\"bad\" topology=\"topologies/seed004_pmtu.xml\">\n"
            "  <case name=\"c\"><ping from=\"pc\" to=\"vm:ens9\">"
            "<expect fact=\"ping.icmp_sourc\" is=\"absent\"/></ping></case>\n"
            "  <case name=\"d\"><wait seconds=\"1\"/></case>\n</suite>\n");
  for (const char* command : {"check", "lint", "run", "up"}) {
    r = RunMtulab({command, "bad.xml"}, dir.path());
    EXPECT_EQ(r.exit_code, 2) << command;
    EXPECT_NE(r.err.find("bad.xml:2:55: fact 'ping.icmp_sourc' is not a fact of <ping>; did you "
                         "mean one of 'ping.icmp_from', 'ping.icmp_type', 'ping.icmp_code'?"),
              std::string::npos)
        << command << ": " << r.err;
    EXPECT_NE(r.err.find("bad.xml:3:3: case 'd' has no expectation"), std::string::npos)
        << command << ": " << r.err;
  }
}

TEST(CliTest, UnknownCommandAndOptionAreUsageErrors) {
  TempDir dir;
  EXPECT_EQ(RunMtulab({"frobnicate"}, dir.path()).exit_code, 2);
  ProcessResult r = RunMtulab({"run", "--jobz", "2"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown option '--jobz'"), std::string::npos) << r.err;
  r = RunMtulab({"run", "-j", "0"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("needs an integer in 1..256, got '0'"), std::string::npos) << r.err;
}

TEST(CliTest, RunWithoutSuitesDirectoryExplains) {
  TempDir dir;
  ProcessResult r = RunMtulab({"run"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no ./suites directory here"), std::string::npos) << r.err;
}

TEST(CliTest, ConfigErrorNamesFileLineColumnAndCreatesNothing) {
  TempDir dir;
  CopyShippedFiles(dir.path());
  Mutate(dir.path() + "/topologies/seed004_pmtu.xml", "", "name=\"r-pc\" mtu=\"1000\"",
         "name=\"r-pc\" mut=\"1000\"");
  HostSnapshot before = TakeSnapshot();
  ProcessResult r = RunMtulab({"run", "--junit", dir.path() + "/j.xml"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("topologies/seed004_pmtu.xml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("unknown attribute 'mut' on <end>; did you mean 'mtu'?"),
            std::string::npos) << r.err;
  EXPECT_NE(r.err.find("^"), std::string::npos) << "no caret under the column: " << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/j.xml")) << "a report was written";
  EXPECT_EQ(TakeSnapshot().pinned, before.pinned);
}

TEST(CliTest, CheckValidatesWithoutRoot) {
  if (!IsRoot()) GTEST_SKIP() << "needs root to drop to another user";
  TempDir dir;
  CopyShippedFiles(dir.path());
  OpenUp(dir.path());
  ProcessResult r = RunProcess({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                MTULAB_BINARY, "check", "suites/seed003_vlan_svi.xml"},
                               dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // As many cases as the shipped file declares (it grows as evidence is added).
  std::string xml = ReadFile(dir.path() + "/suites/seed003_vlan_svi.xml");
  size_t cases = 0;
  for (size_t at = 0; (at = xml.find("<case name=", at)) != std::string::npos; ++at) ++cases;
  ASSERT_GT(cases, 0u);
  EXPECT_NE(r.out.find("suite 'seed003-svi', " + std::to_string(cases) + " cases"),
            std::string::npos)
      << r.out;
}

TEST(CliTest, RunWithoutPrivilegesIsAClearUsageError) {
  if (!IsRoot()) GTEST_SKIP() << "needs root to drop to another user";
  TempDir dir;
  CopyShippedFiles(dir.path());
  OpenUp(dir.path());
  ProcessResult r = RunProcess({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                MTULAB_BINARY, "run", "--junit", "/tmp/never-written.xml"},
                               dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN)"), std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists("/tmp/never-written.xml"));
}

// Root of a user namespace below the host's (`unshare --user --map-root-user`, a rootless
// container) has every capability but none over the host's network stack: refused before
// anything is built, like a user without privileges.
TEST(CliTest, RootOfANestedUserNamespaceIsAClearUsageError) {
  TempDir dir;
  CopyShippedFiles(dir.path());
  OpenUp(dir.path());
  if (RunProcess({"unshare", "--user", "--map-root-user", "true"}, dir.path()).exit_code != 0) {
    GTEST_SKIP() << "unshare --user (util-linux) is missing or user namespaces are disabled";
  }
  std::string junit = dir.path() + "/never/j.xml";
  for (const char* command : {"run", "up", "down", "clean"}) {
    std::vector<std::string> argv = {"unshare", "--user", "--map-root-user", MTULAB_BINARY,
                                     command};
    if (std::string(command) == "run") {
      argv.insert(argv.end(), {"--junit", junit, "suites/seed004_linux_pmtu.xml"});
    } else if (std::string(command) != "clean") {
      argv.push_back("topologies/seed004_pmtu.xml");
    }
    ProcessResult r = RunProcess(argv, dir.path());
    EXPECT_EQ(r.exit_code, 2) << command << ": " << r.err;
    EXPECT_NE(r.err.find(std::string("mtulab ") + command + ": runs in a user namespace that is "
                         "not the host's (/proc/self/uid_map is '0 "),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.out, "") << command;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/never")) << "a report was written";
}

TEST(CliTest, UnreadableSuitesDirectoryIsAMessageNotACrash) {
  if (!IsRoot()) GTEST_SKIP() << "needs root to drop to another user";
  TempDir dir;
  CopyShippedFiles(dir.path());
  OpenUp(dir.path());
  std::filesystem::permissions(dir.path() + "/suites", std::filesystem::perms::owner_all);
  ProcessResult r = RunProcess({"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                MTULAB_BINARY, "run"}, dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("suites"), std::string::npos) << r.err;
}

TEST(CliTest, UpPinsDownRemovesExactlyThoseAndCleanSparesOthers) {
  if (!IsRoot()) GTEST_SKIP() << "needs root";
  TempDir dir;
  CopyShippedFiles(dir.path());
  std::string decoy = "notmtulab-e2e-" + std::to_string(::getpid());
  ASSERT_EQ(RunProcess({"ip", "netns", "add", decoy}, dir.path()).exit_code, 0);
  ProcessResult up = RunMtulab({"up", "suites/seed004_linux_pmtu.xml", "--case",
                                "min_pmtu_locks_552"}, dir.path());
  ASSERT_EQ(up.exit_code, 0) << up.err;
  // The case's override is live: the router's PC-side link is 400.
  ProcessResult link = RunProcess({"ip", "-n", "mtulab-seed004-pmtu:router", "link", "show",
                                   "r-pc"}, dir.path());
  EXPECT_NE(link.out.find("mtu 400"), std::string::npos) << link.out << link.err;
  ProcessResult ping = RunProcess({"ip", "netns", "exec", "mtulab-seed004-pmtu:vm", "ping",
                                   "-c", "1", "-W", "2", "10.9.0.1"}, dir.path());
  EXPECT_EQ(ping.exit_code, 0) << ping.out << ping.err;
  ProcessResult again = RunMtulab({"up", "topologies/seed004_pmtu.xml"}, dir.path());
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.err.find("topology 'seed004-pmtu' is already up"), std::string::npos)
      << again.err;
  ProcessResult down = RunMtulab({"down", "topologies/seed004_pmtu.xml"}, dir.path());
  EXPECT_EQ(down.exit_code, 0) << down.err;
  EXPECT_NE(down.out.find("removed 3 namespaces"), std::string::npos) << down.out;
  EXPECT_FALSE(std::filesystem::exists("/run/netns/mtulab-seed004-pmtu:vm"));
  ASSERT_EQ(RunMtulab({"up", "topologies/seed004_pmtu.xml"}, dir.path()).exit_code, 0);
  ProcessResult clean = RunMtulab({"clean"}, dir.path());
  EXPECT_EQ(clean.exit_code, 0) << clean.err;
  EXPECT_FALSE(std::filesystem::exists("/run/netns/mtulab-seed004-pmtu:router"));
  EXPECT_FALSE(std::filesystem::exists("/run/mtulab/up-seed004-pmtu")) << "clean left the record";
  EXPECT_TRUE(std::filesystem::exists("/run/netns/" + decoy)) << "clean removed a foreign pin";
  RunProcess({"ip", "netns", "del", decoy}, dir.path());
}

// Runs two 1.5 s cases with -j 1 and sends `signal` to mtulab (only to it) inside the first.
void InterruptInTheFirstCase(int signal, const std::string& name) {
  // A case must expect something; a flush of an unused node's cache holds none.
  const std::string kFlushed =
      "<flush node=\"pc\"><expect fact=\"flush.ipv6_removed\" equals=\"0\"/></flush>";
  TempDir dir;
  CopyShippedFiles(dir.path());
  std::string suite = dir.path() + "/slow.xml";
  WriteFile(suite,
            "<suite name=\"slow\" topology=\"topologies/seed004_pmtu.xml\">\n"
            "  <case name=\"first\"><wait seconds=\"1.5\"/>" + kFlushed + "</case>\n"
            "  <case name=\"second\"><wait seconds=\"1.5\"/>" + kFlushed + "</case>\n"
            "</suite>\n");
  std::string junit = dir.path() + "/j.xml";
  pid_t pid = ::fork();
  if (pid == 0) {
    ::chdir(dir.path().c_str());
    ::freopen("/dev/null", "w", stdout);
    ::execl(MTULAB_BINARY, MTULAB_BINARY, "run", "-j", "1", "--junit", junit.c_str(),
            suite.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // inside the first case
  ::kill(pid, signal);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 128 + signal);
  std::vector<JunitCase> cases = ParseJunit(junit);
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].outcome, "pass") << "the running case must finish";
  EXPECT_EQ(cases[1].outcome, "error");
  EXPECT_EQ(cases[1].type, "Interrupted");
  EXPECT_EQ(cases[1].message, "the run was interrupted (" + name + ") before this case started");
}

TEST(CliTest, SigintFinishesRunningCasesAndReportsTheRestAsInterrupted) {
  if (!IsRoot()) GTEST_SKIP() << "needs root";
  InterruptInTheFirstCase(SIGINT, "SIGINT");
}

TEST(CliTest, SigtermExits143) {
  if (!IsRoot()) GTEST_SKIP() << "needs root";
  InterruptInTheFirstCase(SIGTERM, "SIGTERM");
}

}  // namespace
}  // namespace mtulab::e2e
