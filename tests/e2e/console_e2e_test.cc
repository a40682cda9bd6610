// Issue 16 item 4: what a run shows while cases run, in a terminal (a pty: live status line,
// colour, NO_COLOR) and in a pipe (a RUN line per case running over a second), and Ctrl-C
// acknowledged at once with a second one aborting the running cases, <wait> and <until>
// included, cleanly (torn down, reported, exit 130).
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/e2e/e2e_util.h"

namespace mtulab::e2e {
namespace {

using Clock = std::chrono::steady_clock;

const std::string kFlushed =
    "<flush node=\"pc\"><expect fact=\"flush.ipv6_removed\" equals=\"0\"/></flush>";

// Suite "slow": case "first" waits `seconds`, case "poll" polls a link's MTU for a value it
// never takes (an <until> that runs `seconds` before its timeout).
void WriteSlowSuite(const TempDir& dir, const std::string& seconds) {
  CopyShippedFiles(dir.path());
  WriteFile(dir.path() + "/slow.xml",
            "<suite name=\"slow\" topology=\"topologies/seed004_pmtu.xml\">\n"
            "  <case name=\"first\"><wait seconds=\"" +
                seconds + "\"/>" + kFlushed +
                "</case>\n"
                "  <case name=\"poll\"><until fact=\"link.mtu\" equals=\"1234\" timeout=\"" +
                seconds + "\" every=\"0.2\"><link node=\"pc\" dev=\"enp4s0\"/></until>" + kFlushed +
                "</case>\n"
                "</suite>\n");
}

// Runs `mtulab run -j 2 --junit j.xml [flag] slow.xml` in a pty (forkpty) with `env` added;
// returns everything it wrote on the terminal.
std::string RunInPty(const std::string& dir, const std::vector<std::string>& env,
                     const std::string& flag = "") {
  std::vector<const char*> argv = {MTULAB_BINARY, "run", "-j", "2", "--junit", "j.xml"};
  if (!flag.empty()) argv.push_back(flag.c_str());
  argv.push_back("slow.xml");
  argv.push_back(nullptr);
  int master = -1;
  pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
  if (pid == 0) {
    if (::chdir(dir.c_str()) != 0) ::_exit(127);
    for (const std::string& e : env) ::putenv(const_cast<char*>(e.c_str()));
    ::setenv("TERM", "xterm", 1);
    ::execv(MTULAB_BINARY, const_cast<char* const*>(argv.data()));
    ::_exit(127);
  }
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(master, buf, sizeof buf);
    if (n <= 0) break;  // EIO once the child closed the terminal
    out.append(buf, n);
  }
  ::close(master);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return out;
}

TEST(ConsoleE2eTest, TerminalGetsALiveStatusLineAndColourUnlessNoColor) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  TempDir dir;
  WriteSlowSuite(dir, "1.5");
  std::string tty = RunInPty(dir.path(), {});
  EXPECT_NE(tty.find("\r\033[K[0/2] running 2: slow/first "), std::string::npos) << tty;
  EXPECT_NE(tty.find("\033[32mPASS\033[0m"), std::string::npos) << tty;
  EXPECT_EQ(tty.find(" RUN "), std::string::npos) << "a RUN line on a terminal:\n" << tty;
  tty = RunInPty(dir.path(), {"NO_COLOR=1"});
  EXPECT_NE(tty.find("running 2: "), std::string::npos) << tty;
  EXPECT_EQ(tty.find("\033[32m"), std::string::npos) << "colour despite NO_COLOR:\n" << tty;
}

TEST(ConsoleE2eTest, ColorFlagOverridesTheTerminalAndNoColor) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  TempDir dir;
  WriteSlowSuite(dir, "0.2");
  std::string tty = RunInPty(dir.path(), {}, "--color=never");
  EXPECT_NE(tty.find("PASS   slow/first"), std::string::npos) << tty;
  EXPECT_EQ(tty.find("\033[32m"), std::string::npos) << "colour despite --color=never:\n" << tty;
  tty = RunInPty(dir.path(), {"NO_COLOR=1"}, "--color=always");
  EXPECT_NE(tty.find("\033[32mPASS\033[0m"), std::string::npos) << tty;
  tty = RunInPty(dir.path(), {}, "--color=auto");
  EXPECT_NE(tty.find("\033[32mPASS\033[0m"), std::string::npos) << tty;
  // In a pipe: colour only when asked for, and never the terminal's status line.
  ProcessResult r =
      RunMtulab({"run", "--color", "always", "--junit", "j.xml", "slow.xml"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("\033[32mPASS\033[0m   slow/first"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('\r'), std::string::npos) << r.out;
}

TEST(ConsoleE2eTest, ColorFlagTypoGetsADidYouMean) {
  TempDir dir;
  ProcessResult r = RunMtulab({"run", "--color=alwys", "x.xml"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("option '--color' takes one of auto, always, never, got 'alwys'; "
                       "did you mean 'always'?"),
            std::string::npos)
      << r.err;
  r = RunMtulab({"run", "--colour=never", "x.xml"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("did you mean '--color'?"), std::string::npos) << r.err;
}

TEST(ConsoleE2eTest, PipeGetsPlainRunLinesForCasesOverASecond) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  TempDir dir;
  WriteSlowSuite(dir, "1.5");
  ProcessResult r = RunMtulab({"run", "-j", "2", "--junit", "j.xml", "slow.xml"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("[ /2] RUN    slow/first  running for 1."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[ /2] RUN    slow/poll  running for 1."), std::string::npos) << r.out;
  EXPECT_LT(r.out.find("RUN    slow/first"), r.out.find("PASS   slow/first")) << r.out;
  EXPECT_EQ(r.out.find('\033'), std::string::npos) << "escape codes in a pipe:\n" << r.out;
  EXPECT_EQ(r.out.find('\r'), std::string::npos) << r.out;
}

TEST(ConsoleE2eTest, SecondSigintAbortsWaitAndUntilCleanly) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  TempDir dir;
  WriteSlowSuite(dir, "30");
  std::string out = dir.path() + "/out.txt";
  HostSnapshot before = TakeSnapshot();
  auto start = Clock::now();
  pid_t pid = ::fork();
  if (pid == 0) {
    int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || ::chdir(dir.path().c_str()) != 0) ::_exit(127);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::execl(MTULAB_BINARY, MTULAB_BINARY, "run", "-j", "2", "--junit", "j.xml", "slow.xml",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::this_thread::sleep_for(std::chrono::seconds(2));  // both cases are in their steps
  ::kill(pid, SIGINT);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  std::string console = ReadFile(out);
  EXPECT_NE(console.find("mtulab run: SIGINT: no new case starts"), std::string::npos)
      << "not acknowledged within 0.5 s:\n"
      << console;
  ::kill(pid, SIGINT);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  console = ReadFile(out);
  ASSERT_TRUE(WIFEXITED(status)) << console;
  EXPECT_EQ(WEXITSTATUS(status), 130) << console;
  EXPECT_LT(seconds, 10) << "the 30 s <wait> and <until> did not stop";
  EXPECT_NE(console.find("second SIGINT: aborting the running cases"), std::string::npos)
      << console;
  std::vector<JunitCase> cases = ParseJunit(dir.path() + "/j.xml");
  ASSERT_EQ(cases.size(), 2u) << console;
  for (const JunitCase& c : cases) {
    EXPECT_EQ(c.outcome, "error") << c.name;
    EXPECT_EQ(c.type, "Interrupted") << c.name;
  }
  EXPECT_NE(cases[0].message.find("the run was aborted (a second signal): aborted during "
                                  "step 1"),
            std::string::npos)
      << cases[0].message;
  EXPECT_NE(cases[1].message.find("aborted during step 1"), std::string::npos) << cases[1].message;
  HostSnapshot after = TakeSnapshot();
  EXPECT_EQ(after.pinned, before.pinned);
  EXPECT_EQ(after.children, before.children);
}

}  // namespace
}  // namespace mtulab::e2e
