#ifndef MTULAB_CLI_SIGNAL_WATCHER_H_
#define MTULAB_CLI_SIGNAL_WATCHER_H_

#include <signal.h>

#include <atomic>
#include <functional>
#include <thread>

#include "harness/sys/unique_fd.h"

namespace mtulab {

/// Takes SIGINT and SIGTERM for `mtulab run` without ever interrupting a running case.
///
/// The constructor blocks both signals in the calling thread, so every thread started
/// afterwards (case workers, capture threads) inherits the block, and reads them from a
/// signalfd in a thread of its own. No signal handler ever runs on a case's thread, so no
/// system call of a probe returns EINTR because of Ctrl-C: running cases finish with the
/// verdict they would have had. (Children lead their own process groups, see ChildProcess,
/// so the terminal's SIGINT does not reach them either.)
///
/// The first signal stores its number in `*stop`. With `abort` given, the second one sets
/// `*abort` (the running cases stop at their next step or <wait>/<until> tick and are torn
/// down) and a third one ends mtulab; without it, the second one does. Ending mtulab is that
/// signal's default action; the kernel frees the namespaces (held only by descriptor) and
/// the children die of PR_SET_PDEATHSIG. `notice` (if set) is called on the watcher thread
/// with the signal and how many have arrived (1, 2), at once, to acknowledge it.
/// The destructor stops watching and restores the signal mask; a signal that arrived in
/// between is taken as a first one. Construct it on the main thread before any other
/// thread exists.
class SignalWatcher {
 public:
  using Notice = std::function<void(int signal, int count)>;
  explicit SignalWatcher(std::atomic<int>* stop, std::atomic<bool>* abort = nullptr,
                         Notice notice = {});
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  void Watch();
  // Takes one pending signal; false when none was pending.
  bool TakeOne();

  std::atomic<int>* stop_;
  std::atomic<bool>* abort_;
  Notice notice_;
  sigset_t set_{}, old_mask_{};
  UniqueFd signals_;   // signalfd of SIGINT and SIGTERM
  UniqueFd shutdown_;  // eventfd: readable when the destructor runs
  std::thread thread_;
};

}  // namespace mtulab

#endif  // MTULAB_CLI_SIGNAL_WATCHER_H_
