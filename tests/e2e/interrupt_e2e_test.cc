// Ctrl-C in a terminal: the terminal sends SIGINT to the whole foreground process group.
// mtulab's children (wireguard-go, dot) must not receive it, the case that is running must
// keep its true verdict, the cases not started must say "interrupted" (never fail), and no
// child process may survive.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <sstream>
#include <thread>

#include "reports/json_reader.h"
#include "tests/e2e/e2e_util.h"

namespace mtulab::e2e {
namespace {

using Clock = std::chrono::steady_clock;

// Field 22 of /proc/PID/stat: the start time, which tells a PID from a reused one.
std::string StartTime(const std::string& pid) {
  std::string stat = ReadFile("/proc/" + pid + "/stat");
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return "";
  std::istringstream rest(stat.substr(close + 2));
  std::string field;
  for (int i = 3; i <= 22 && (rest >> field); ++i) {
  }
  return field;
}

// The children of `pid` (every thread's), as PID -> start time.
std::map<std::string, std::string> ChildrenOf(pid_t pid) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  std::string task = "/proc/" + std::to_string(pid) + "/task";
  for (const auto& t : std::filesystem::directory_iterator(task, ec)) {
    std::istringstream list(ReadFile(t.path().string() + "/children"));
    for (std::string child; list >> child;) out[child] = StartTime(child);
  }
  return out;
}

std::string Comm(const std::string& pid) { return ReadFile("/proc/" + pid + "/comm"); }

// A run whose first case holds wireguard-go processes across the interruption: its second
// ping only gets a reply if wireguard-go is still alive after the terminal's SIGINT.
constexpr char kSuite[] =
    "<suite name=\"intr\" topology=\"topologies/seed002_overheads.xml\">\n"
    "  <case name=\"tunnel_survives\">\n"
    "    <ping from=\"a\" to=\"b:wg4\" timeout=\"2\"><expect fact=\"ping.result\" "
    "equals=\"reply\"/></ping>\n"
    "    <wait seconds=\"2.5\"/>\n"
    "    <ping from=\"a\" to=\"b:wg4\" timeout=\"2\"><expect fact=\"ping.result\" "
    "equals=\"reply\"/></ping>\n"
    "  </case>\n"
    "  <case name=\"never_started\"><wait seconds=\"0.1\"/>"
    "<flush node=\"a\"><expect fact=\"flush.ipv6_removed\" equals=\"0\"/></flush></case>\n"
    "</suite>\n";

// Forks `mtulab run -j 1 --junit JUNIT intr.xml` in `dir`, its output going to `out`.
// Returns the child's PID (-1: no fork).
pid_t StartRun(const std::string& dir, const std::string& junit, const std::string& out) {
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);  // a process group of its own, as a shell's foreground job
    int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || ::chdir(dir.c_str()) != 0) ::_exit(127);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::execl(MTULAB_BINARY, MTULAB_BINARY, "run", "-j", "1", "--junit", junit.c_str(), "intr.xml",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

// The reports of the interrupted run: the first case passed, the second says "interrupted"
// (JUnit error, JSON, console), nothing says FAIL, and dot did not get the SIGINT.
void ExpectInterruptedReports(const std::string& dir, const std::string& junit,
                              const std::string& console) {
  std::vector<JunitCase> cases = ParseJunit(junit);
  ASSERT_EQ(cases.size(), 2u) << console;
  EXPECT_EQ(cases[0].outcome, "pass") << cases[0].message << "\n" << console;
  EXPECT_EQ(cases[1].outcome, "error") << console;
  EXPECT_EQ(cases[1].type, "Interrupted") << console;
  EXPECT_EQ(cases[1].message, "the run was interrupted (SIGINT) before this case started");
  RunReport json = ReadJsonReport(dir + "/reports/mtulab.json");
  ASSERT_EQ(json.suites.size(), 1u);
  ASSERT_EQ(json.suites[0].cases.size(), 2u);
  EXPECT_EQ(json.suites[0].cases[0].outcome, Outcome::kPass);
  EXPECT_EQ(json.suites[0].cases[1].outcome, Outcome::kInterrupted);
  EXPECT_NE(console.find("INTERRUPTED intr/never_started"), std::string::npos) << console;
  EXPECT_NE(console.find("1 interrupted"), std::string::npos) << console;
  EXPECT_EQ(console.find("FAIL"), std::string::npos) << console;
  std::string html = ReadFile(dir + "/reports/report.html");
  EXPECT_EQ(html.find("killed by signal"), std::string::npos) << "dot got the SIGINT";
}

TEST(InterruptE2eTest, TerminalCtrlCReportsInterruptedNotFailAndLeavesNoChild) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  if (RunProcess({"sh", "-c", "command -v wireguard-go"}, "/").exit_code != 0) {
    GTEST_SKIP() << "wireguard-go is not installed";
  }
  TempDir dir;
  CopyShippedFiles(dir.path());
  WriteFile(dir.path() + "/intr.xml", kSuite);
  std::string junit = dir.path() + "/reports/junit.xml";
  std::string out = dir.path() + "/out.txt";
  pid_t pid = StartRun(dir.path(), junit, out);
  ASSERT_GT(pid, 0);
  ::setpgid(pid, pid);  // either side may win the race; both set the same group
  // Every child mtulab has had; wait until wireguard-go runs, then the first ping is done.
  std::map<std::string, std::string> seen;
  bool wireguard_go = false;
  for (auto deadline = Clock::now() + std::chrono::seconds(20);
       !wireguard_go && Clock::now() < deadline;) {
    for (const auto& [child, start] : ChildrenOf(pid)) {
      seen.emplace(child, start);
      wireguard_go = wireguard_go || Comm(child) == "wireguard-go\n";
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(wireguard_go) << "no wireguard-go child within 20 s: " << ReadFile(out);
  for (int i = 0; i < 50; ++i) {  // 1 s: the first ping, then inside the wait
    for (const auto& [child, start] : ChildrenOf(pid)) seen.emplace(child, start);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(::kill(-pid, SIGINT), 0);  // what the terminal does on Ctrl-C
  int status = 0;
  for (;;) {
    for (const auto& [child, start] : ChildrenOf(pid)) seen.emplace(child, start);
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) break;
    ASSERT_EQ(r, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::string console = ReadFile(out);
  ASSERT_TRUE(WIFEXITED(status)) << console;
  EXPECT_EQ(WEXITSTATUS(status), 130) << console;
  for (const auto& [child, start] : seen) {
    EXPECT_NE(StartTime(child), start) << "child " << child << " survived mtulab";
  }
  ExpectInterruptedReports(dir.path(), junit, console);
}

}  // namespace
}  // namespace mtulab::e2e
