// ChildProcess without namespaces (no root needed): exec errors, output, exit status,
// descriptors, and stopping a child that ignores SIGTERM.
#include "harness/sys/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

SpawnOptions Shell(const std::string& script) {
  SpawnOptions o;
  o.argv = {"/bin/sh", "-c", script};
  o.env = {"PATH=/usr/bin:/bin"};
  return o;
}

void WaitUntilExited(ChildProcess& child) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (child.Running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

TEST(ChildProcessTest, MissingProgramThrowsTheExecError) {
  SpawnOptions o;
  o.argv = {"/nonexistent/mtulab-no-such-program"};
  try {
    ChildProcess::Spawn(o);
    FAIL() << "no exception";
  } catch (const SysError& e) {
    EXPECT_EQ(e.error_code(), ENOENT);
    EXPECT_STREQ(e.what(),
                 "executing /nonexistent/mtulab-no-such-program: No such file or directory");
  }
}

TEST(ChildProcessTest, OutputAndExitStatusAreKept) {
  ChildProcess child = ChildProcess::Spawn(Shell("echo out; echo \"err $FOO\" >&2; exit 3"));
  pid_t pid = child.pid();
  EXPECT_GT(pid, 0);
  WaitUntilExited(child);
  EXPECT_EQ(child.pid(), 0);
  ASSERT_TRUE(child.wait_status().has_value());
  EXPECT_EQ(WEXITSTATUS(*child.wait_status()), 3);
  EXPECT_EQ(child.Describe(), "exited with status 3");
  EXPECT_EQ(child.Output(), "out\nerr ");  // FOO is not inherited
  EXPECT_EQ(child.Output(5), "err ");  // the last 5 bytes, newline cut
  EXPECT_EQ(::kill(pid, 0), -1);  // reaped: no zombie left
}

TEST(ChildProcessTest, StdoutCanGoToItsOwnDescriptor) {
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0);
  SpawnOptions o = Shell("echo out; echo err >&2");
  o.stdout_fd = fds[1];
  ChildProcess child = ChildProcess::Spawn(o);
  WaitUntilExited(child);
  ::close(fds[1]);
  char buf[64] = {};
  ssize_t n = ::read(fds[0], buf, sizeof buf - 1);
  ::close(fds[0]);
  EXPECT_EQ(std::string(buf, n > 0 ? static_cast<size_t>(n) : 0), "out\n");
  EXPECT_EQ(child.Output(), "err");  // stderr alone
}

TEST(ChildProcessTest, WaitExitWaitsForThatChildOnly) {
  ChildProcess quick = ChildProcess::Spawn(Shell("exit 4"));
  ChildProcess slow = ChildProcess::Spawn(Shell("sleep 0.3"));
  EXPECT_TRUE(quick.WaitExit(std::chrono::seconds(5)));
  ASSERT_TRUE(quick.wait_status().has_value());
  EXPECT_EQ(WEXITSTATUS(*quick.wait_status()), 4);
  // Once reaped, waiting again must not reap another child of this process.
  EXPECT_TRUE(quick.WaitExit(std::chrono::milliseconds(0)));
  EXPECT_TRUE(slow.Running()) << "WaitExit on a reaped child reaped its sibling";
  EXPECT_FALSE(slow.WaitExit(std::chrono::milliseconds(10)));
  EXPECT_TRUE(slow.WaitExit(std::chrono::seconds(5)));
}

TEST(ChildProcessTest, EnvironmentIsExactlyTheGivenOne) {
  SpawnOptions o = Shell("echo \"$A-$B\"");
  o.env.push_back("A=1");
  o.env.push_back("B=two");
  ChildProcess child = ChildProcess::Spawn(o);
  WaitUntilExited(child);
  EXPECT_EQ(child.Output(), "1-two");
}

TEST(ChildProcessTest, InheritsOnlyStdio) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);  // not close-on-exec: the child must still not get it
  ChildProcess child = ChildProcess::Spawn(Shell("ls /proc/self/fd; read x; echo \"[$x]\""));
  WaitUntilExited(child);
  ::close(fds[0]);
  ::close(fds[1]);
  // ls itself opens one descriptor for the directory it lists.
  std::string out = child.Output();
  EXPECT_EQ(out.substr(0, 6), "0\n1\n2\n") << out;
  EXPECT_EQ(out.find("\n4\n"), std::string::npos) << out;
  EXPECT_EQ(out.substr(out.size() - 3), "\n[]") << out;  // stdin is /dev/null
}

TEST(ChildProcessTest, StopEndsAChildWithSigterm) {
  ChildProcess child = ChildProcess::Spawn(Shell("exec sleep 30"));
  pid_t pid = child.pid();
  child.Stop(std::chrono::milliseconds(2000));
  EXPECT_EQ(child.pid(), 0);
  EXPECT_EQ(child.Describe(), "killed by signal " + std::to_string(SIGTERM));
  EXPECT_EQ(::kill(pid, 0), -1);
  EXPECT_EQ(errno, ESRCH);
}

TEST(ChildProcessTest, StopKillsAChildIgnoringSigtermAfterTheGrace) {
  ChildProcess child =
      ChildProcess::Spawn(Shell("trap '' TERM; echo ready; while :; do sleep 0.01; done"));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (child.Output() != "ready" && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  auto start = std::chrono::steady_clock::now();
  child.Stop(std::chrono::milliseconds(100));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(100));
  EXPECT_EQ(child.Describe(), "killed by signal " + std::to_string(SIGKILL));
}

// A terminal's Ctrl-C is a SIGINT to the whole foreground process group. The spawner (here a
// forked stand-in for mtulab, which handles SIGINT itself) must get it, the child must not.
TEST(ChildProcessTest, LeadsItsOwnProcessGroupSoATerminalCtrlCMissesIt) {
  int ready[2], go[2];
  ASSERT_EQ(::pipe(ready), 0);
  ASSERT_EQ(::pipe(go), 0);
  pid_t spawner = ::fork();
  ASSERT_GE(spawner, 0);
  if (spawner == 0) {
    ::setpgid(0, 0);
    ::signal(SIGINT, SIG_IGN);  // the child resets it: it would die if it got the SIGINT
    ChildProcess child = ChildProcess::Spawn(Shell("exec sleep 30"));
    pid_t pid = child.pid();
    char byte = 0;
    if (::write(ready[1], &pid, sizeof pid) != sizeof pid || ::read(go[0], &byte, 1) != 1) {
      ::_exit(2);
    }
    bool alive = child.Running();
    child.Stop();
    ::_exit(alive ? 0 : 1);
  }
  ::setpgid(spawner, spawner);
  pid_t pid = 0;
  ASSERT_EQ(::read(ready[0], &pid, sizeof pid), static_cast<ssize_t>(sizeof pid));
  EXPECT_EQ(::getpgid(pid), pid) << "the child does not lead a process group";
  EXPECT_NE(::getpgid(pid), spawner);
  ASSERT_EQ(::kill(-spawner, SIGINT), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  char byte = 'g';
  ASSERT_EQ(::write(go[1], &byte, 1), 1);
  int status = 0;
  ASSERT_EQ(::waitpid(spawner, &status, 0), spawner);
  for (int fd : {ready[0], ready[1], go[0], go[1]}) ::close(fd);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the child died of the process group's SIGINT";
}

TEST(ChildProcessTest, DestructorStopsAndMoveTransfersOwnership) {
  pid_t pid = 0;
  {
    ChildProcess a = ChildProcess::Spawn(Shell("exec sleep 30"));
    pid = a.pid();
    ChildProcess b = std::move(a);
    EXPECT_EQ(a.pid(), 0);
    EXPECT_EQ(b.pid(), pid);
    EXPECT_TRUE(b.Running());
  }
  EXPECT_EQ(::kill(pid, 0), -1);
  EXPECT_EQ(errno, ESRCH);
}

TEST(FindExecutableTest, SearchesPathAndKeepsPaths) {
  EXPECT_EQ(FindExecutable("/x/y"), "/x/y");
  auto sh = FindExecutable("sh");
  ASSERT_TRUE(sh.has_value());
  EXPECT_EQ(::access(sh->c_str(), X_OK), 0);
  EXPECT_FALSE(FindExecutable("mtulab-no-such-program-anywhere").has_value());
}

}  // namespace
}  // namespace mtulab
