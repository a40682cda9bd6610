#include "harness/cli/signal_watcher.h"

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <utility>

#include "harness/sys/sys_error.h"

namespace mtulab {

SignalWatcher::SignalWatcher(std::atomic<int>* stop, std::atomic<bool>* abort, Notice notice)
    : stop_(stop), abort_(abort), notice_(std::move(notice)) {
  ::sigemptyset(&set_);
  ::sigaddset(&set_, SIGINT);
  ::sigaddset(&set_, SIGTERM);
  ::pthread_sigmask(SIG_BLOCK, &set_, &old_mask_);
  signals_ = UniqueFd(::signalfd(-1, &set_, SFD_CLOEXEC | SFD_NONBLOCK));
  shutdown_ = UniqueFd(::eventfd(0, EFD_CLOEXEC));
  if (!signals_.valid() || !shutdown_.valid()) {
    int err = errno;
    ::pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
    ThrowErrno("watching for SIGINT and SIGTERM (signalfd, eventfd)", err);
  }
  thread_ = std::thread([this] { Watch(); });
}

SignalWatcher::~SignalWatcher() {
  uint64_t one = 1;
  ssize_t ignored = ::write(shutdown_.get(), &one, sizeof one);
  (void)ignored;
  thread_.join();
  while (TakeOne()) {
  }
  ::pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
}

bool SignalWatcher::TakeOne() {
  signalfd_siginfo info{};
  if (::read(signals_.get(), &info, sizeof info) != static_cast<ssize_t>(sizeof info)) {
    return false;
  }
  int signal = static_cast<int>(info.ssi_signo);
  int none = 0;
  if (stop_->compare_exchange_strong(none, signal)) {
    if (notice_) notice_(signal, 1);
    return true;
  }
  if (abort_ != nullptr && !abort_->exchange(true)) {
    if (notice_) notice_(signal, 2);
    return true;
  }
  // The last signal: its default action ends the process, from this thread.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  ::sigaction(signal, &dfl, nullptr);
  sigset_t just_this;
  ::sigemptyset(&just_this);
  ::sigaddset(&just_this, signal);
  ::pthread_sigmask(SIG_UNBLOCK, &just_this, nullptr);
  ::raise(signal);
  ::_exit(128 + signal);  // not reached
}

void SignalWatcher::Watch() {
  for (;;) {
    pollfd fds[2] = {{signals_.get(), POLLIN, 0}, {shutdown_.get(), POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0 && errno != EINTR) return;
    if (fds[1].revents != 0) return;
    if (fds[0].revents != 0) TakeOne();
  }
}

}  // namespace mtulab
