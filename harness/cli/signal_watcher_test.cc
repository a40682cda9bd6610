#include "harness/cli/signal_watcher.h"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

namespace mtulab {
namespace {

using Clock = std::chrono::steady_clock;

bool WaitFor(const std::atomic<int>& stop, int want) {
  for (auto deadline = Clock::now() + std::chrono::seconds(5); Clock::now() < deadline;) {
    if (stop.load() == want) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

// Everything runs in a forked child, which reports by exit status: the signals go to that
// process only, and a watcher that fails lets the signal kill the child, not the tests.
template <typename Body>
int InChild(Body body) {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(body());
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

TEST(SignalWatcherTest, FirstSignalIsRecordedAndNoThreadSeesEintr) {
  int status = InChild([] {
    std::atomic<int> stop{0};
    SignalWatcher watcher(&stop);
    int poll_result = -2, poll_errno = 0;
    std::thread worker([&] {  // a case's thread, blocked in a system call
      poll_result = ::poll(nullptr, 0, 300);
      poll_errno = errno;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ::kill(::getpid(), SIGINT);
    bool seen = WaitFor(stop, SIGINT);
    worker.join();
    if (!seen) return 10;
    if (poll_result != 0) return 20 + poll_errno;  // EINTR: 24
    return 0;
  });
  ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(SignalWatcherTest, SecondSignalEndsTheProcessByItsDefaultAction) {
  int status = InChild([] {
    std::atomic<int> stop{0};
    SignalWatcher watcher(&stop);
    ::kill(::getpid(), SIGTERM);
    if (!WaitFor(stop, SIGTERM)) return 10;
    ::kill(::getpid(), SIGINT);
    std::this_thread::sleep_for(std::chrono::seconds(5));
    return 11;  // still alive
  });
  ASSERT_TRUE(WIFSIGNALED(status)) << "exit status " << WEXITSTATUS(status);
  EXPECT_EQ(WTERMSIG(status), SIGINT);
}

TEST(SignalWatcherTest, WithAbortTheSecondSignalAbortsAndTheThirdEnds) {
  int status = InChild([] {
    std::atomic<int> stop{0};
    std::atomic<bool> abort{false};
    std::atomic<int> notices{0};
    SignalWatcher watcher(&stop, &abort, [&](int signal, int count) {
      if (signal == SIGINT && count == notices.load() + 1) ++notices;
    });
    ::kill(::getpid(), SIGINT);
    if (!WaitFor(stop, SIGINT)) return 10;
    if (abort.load()) return 11;
    ::kill(::getpid(), SIGINT);
    for (auto end = Clock::now() + std::chrono::seconds(5); !abort && Clock::now() < end;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (!abort.load()) return 12;
    if (notices.load() != 2) return 13;  // each acknowledged, at once, in order
    ::kill(::getpid(), SIGINT);
    std::this_thread::sleep_for(std::chrono::seconds(5));
    return 14;  // still alive
  });
  ASSERT_TRUE(WIFSIGNALED(status)) << "exit status " << WEXITSTATUS(status);
  EXPECT_EQ(WTERMSIG(status), SIGINT);
}

TEST(SignalWatcherTest, DestructorRestoresTheMask) {
  int status = InChild([] {
    std::atomic<int> stop{0};
    sigset_t before, after;
    ::pthread_sigmask(SIG_SETMASK, nullptr, &before);
    {
      SignalWatcher watcher(&stop);
      sigset_t during;
      ::pthread_sigmask(SIG_SETMASK, nullptr, &during);
      if (!::sigismember(&during, SIGINT) || !::sigismember(&during, SIGTERM)) return 10;
    }
    ::pthread_sigmask(SIG_SETMASK, nullptr, &after);
    if (::sigismember(&after, SIGINT) != ::sigismember(&before, SIGINT)) return 11;
    return stop.load() == 0 ? 0 : 12;
  });
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace mtulab
