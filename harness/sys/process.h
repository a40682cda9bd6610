#ifndef MTULAB_SYS_PROCESS_H_
#define MTULAB_SYS_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "harness/sys/netns.h"
#include "harness/sys/unique_fd.h"

namespace mtulab {

/// What to start and where.
struct SpawnOptions {
  /// argv[0] is the program's path, used as is (see FindExecutable).
  std::vector<std::string> argv;
  /// The whole environment, "KEY=VALUE" each; nothing is inherited.
  std::vector<std::string> env;
  /// The network namespace to run in; nullptr: the calling thread's.
  const Netns* netns = nullptr;
  /// If set (e.g. "/run/wireguard"), the child gets its own mount namespace in which this
  /// directory is empty, private and mode 0700: a fresh tmpfs covers its parent directory
  /// (so nothing is created on the host, even when the directory does not exist there) and
  /// the directory is created inside it. Everything else under the parent is hidden from
  /// the child. The harness reaches it as /proc/<pid>/root/<dir>.
  std::optional<std::string> private_dir;
  /// If >= 0, the child's stdout is this descriptor (not closed, not taken over); stderr
  /// still goes to the output file that Output() reads.
  int stdout_fd = -1;
  /// If >= 0, the child's stdin is this descriptor (read from its current offset); else
  /// /dev/null.
  int stdin_fd = -1;
  /// If >= 0, this descriptor is the child's kInheritedFd, open across exec (e.g. a
  /// namespace the child reaches as /proc/self/fd/3).
  int inherit_fd = -1;
};

/// The descriptor number SpawnOptions::inherit_fd has in the child.
inline constexpr int kInheritedFd = 3;

/// A child process that cannot outlive mtulab: it gets SIGKILL when the thread that spawned
/// it exits (PR_SET_PDEATHSIG — spawn from a thread that outlives the child), it is tracked by
/// PID and always reaped. It inherits no descriptor but stdin (/dev/null) and stdout/stderr,
/// which go to an anonymous memory file (memfd) the parent reads for error messages.
/// It leads a process group of its own, so the SIGINT a terminal sends to mtulab's group on
/// Ctrl-C (and SIGQUIT, SIGTSTP) does not reach it: mtulab stops it, by PID, when the case
/// is done. (Ignoring SIGINT instead would not hold: ignored signals are inherited through
/// exec, but a program may install its own handler, as Go's signal.Notify does in
/// wireguard-go.)
/// Move-only; destruction stops it (see Stop).
class ChildProcess {
 public:
  /// Forks and execs. Throws SysError naming the failed step ("executing /usr/bin/x: No such
  /// file or directory", "entering the network namespace: ..."); nothing is left running.
  /// With `netns`, the child execs only after setns succeeded and its namespace's inode was
  /// read back equal to that of `netns`.
  static ChildProcess Spawn(const SpawnOptions& options);

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess() { Stop(); }

  /// The child's PID while it has not been reaped; 0 afterwards.
  pid_t pid() const { return pid_; }
  /// True while the child runs; reaps it (without blocking) once it has exited.
  bool Running();
  /// Waits at most `timeout` for the child to exit (on its pidfd, no sleeping) and reaps
  /// it. True once reaped (also when it already was).
  bool WaitExit(std::chrono::milliseconds timeout);
  /// SIGTERM, up to `grace` for it to exit, then SIGKILL; always reaps. Never throws. Since
  /// the child is unreaped until here, its PID cannot have been reused: no one else is hit.
  void Stop(std::chrono::milliseconds grace = std::chrono::milliseconds(1000));
  /// The raw wait status once reaped.
  std::optional<int> wait_status() const { return wait_status_; }
  /// The last `max_bytes` of what the child wrote to stdout/stderr, trailing newlines cut.
  std::string Output(size_t max_bytes = 4096) const;
  /// "exited with status 1", "killed by signal 9", or "running".
  std::string Describe() const;

 private:
  ChildProcess(pid_t pid, UniqueFd pidfd, UniqueFd output)
      : pid_(pid), pidfd_(std::move(pidfd)), output_(std::move(output)) {}

  pid_t pid_ = 0;
  UniqueFd pidfd_;   // pidfd_open(pid): readable when the child exits
  UniqueFd output_;  // the memfd holding stdout + stderr
  std::optional<int> wait_status_;
};

/// `name` if it contains a '/', else the first executable `dir/name` along $PATH (or
/// /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin when PATH is unset).
std::optional<std::string> FindExecutable(const std::string& name);

}  // namespace mtulab

#endif  // MTULAB_SYS_PROCESS_H_
