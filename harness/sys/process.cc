#include "harness/sys/process.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "harness/sys/fd_limit.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

using Clock = std::chrono::steady_clock;

// Steps of the child between fork and exec; a failing step reports its index and errno.
enum ChildStep : int {
  kStepProcessGroup,
  kStepDeathSignal,
  kStepParentGone,
  kStepUnshareMounts,
  kStepPrivateMounts,
  kStepMountTmpfs,
  kStepMkdir,
  kStepSetns,
  kStepVerifyNetns,
  kStepStdio,
  kStepExec,
};

// Everything the child needs, prepared before fork: after fork in a multithreaded process
// only async-signal-safe calls are allowed (no allocation, no locks), so the child only
// reads these.
struct ChildPlan {
  const char* path;
  char* const* argv;
  char* const* envp;
  int netns_fd;          // -1: stay
  dev_t netns_dev;       // the namespace's identity, checked after setns
  ino_t netns_ino;
  const char* cover;     // tmpfs mount point (parent of private_dir), or nullptr
  const char* private_dir;
  int devnull_fd, output_fd, status_fd;
  int stdout_fd;         // -1: stdout goes to output_fd too
  int stdin_fd;          // -1: /dev/null
  int inherit_fd;        // -1: none; else becomes kInheritedFd
  pid_t parent_pid;
};

[[noreturn]] void ChildFail(int status_fd, int step) {
  int record[2] = {step, errno};
  ssize_t ignored = ::write(status_fd, record, sizeof record);
  (void)ignored;
  ::_exit(127);
}

// Moves stdin/stdout/stderr into place and closes every other descriptor but the status
// pipe (close-on-exec). Returns the status pipe's descriptor.
int ChildStdio(const ChildPlan& p) {
  // Lift all of them above kInheritedFd first so that no dup2 below clobbers another.
  int in = ::fcntl(p.stdin_fd >= 0 ? p.stdin_fd : p.devnull_fd, F_DUPFD, 10);
  int out = ::fcntl(p.output_fd, F_DUPFD, 10);
  int std_out = p.stdout_fd >= 0 ? ::fcntl(p.stdout_fd, F_DUPFD, 10) : out;
  int kept = p.inherit_fd >= 0 ? ::fcntl(p.inherit_fd, F_DUPFD, 10) : 0;
  int st = ::fcntl(p.status_fd, F_DUPFD_CLOEXEC, 10);
  if (st < 0) ChildFail(p.status_fd, kStepStdio);
  if (in < 0 || out < 0 || std_out < 0 || kept < 0 || ::dup2(in, 0) < 0 || ::dup2(std_out, 1) < 0 ||
      ::dup2(out, 2) < 0 ||
      (p.inherit_fd >= 0 && ::dup2(kept, kInheritedFd) < 0)) {  // dup2 clears close-on-exec
    ChildFail(st, kStepStdio);
  }
  int first = p.inherit_fd >= 0 ? kInheritedFd + 1 : 3;
  if (st > first && ::close_range(first, st - 1, 0) != 0) {
    for (int fd = first; fd < st; ++fd) ::close(fd);
  }
  if (::close_range(st + 1, ~0U, 0) != 0) {
    for (int fd = st + 1; fd < 65536; ++fd) ::close(fd);
  }
  return st;
}

// Never exec in a namespace other than the one asked for: read back where setns went.
void ChildVerifyNetns(const ChildPlan& p) {
  int fd = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  struct stat st {};
  if (fd < 0 || ::fstat(fd, &st) != 0) ChildFail(p.status_fd, kStepVerifyNetns);
  ::close(fd);
  if (st.st_dev != p.netns_dev || st.st_ino != p.netns_ino) {
    errno = EXDEV;
    ChildFail(p.status_fd, kStepVerifyNetns);
  }
}

// Signals a terminal sends to its foreground process group (Ctrl-C, Ctrl-\ and Ctrl-Z) or to
// a background group that touches it.
constexpr int kTerminalSignals[] = {SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU};

[[noreturn]] void ChildMain(const ChildPlan& p) {
  // A process group of its own first, while every signal is still blocked: a Ctrl-C in
  // mtulab's terminal goes to mtulab's group only, so mtulab decides when its children
  // stop (by PID). One that reached the old group since fork is still pending here;
  // ignoring a signal discards it when it is pending.
  if (::setpgid(0, 0) != 0) ChildFail(p.status_fd, kStepProcessGroup);
  struct sigaction ign {};
  ign.sa_handler = SIG_IGN;
  for (int s : kTerminalSignals) ::sigaction(s, &ign, nullptr);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int s = 1; s < NSIG; ++s) ::sigaction(s, &dfl, nullptr);  // KILL/STOP just fail
  RestoreFdLimitForChild();
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  // The death signal follows the thread that forked; if that thread (or the process) died
  // before prctl, getppid() already names the reaper instead.
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) ChildFail(p.status_fd, kStepDeathSignal);
  if (::getppid() != p.parent_pid) {
    errno = ESRCH;
    ChildFail(p.status_fd, kStepParentGone);
  }
  if (p.private_dir != nullptr) {
    if (::unshare(CLONE_NEWNS) != 0) ChildFail(p.status_fd, kStepUnshareMounts);
    // Without this, the tmpfs below would propagate back to the host's mount namespace.
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
      ChildFail(p.status_fd, kStepPrivateMounts);
    }
    if (::mount("tmpfs", p.cover, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0755") != 0) {
      ChildFail(p.status_fd, kStepMountTmpfs);
    }
    if (::mkdir(p.private_dir, 0700) != 0) ChildFail(p.status_fd, kStepMkdir);
  }
  if (p.netns_fd >= 0 && ::setns(p.netns_fd, CLONE_NEWNET) != 0) {
    ChildFail(p.status_fd, kStepSetns);
  }
  if (p.netns_fd >= 0) ChildVerifyNetns(p);
  int st = ChildStdio(p);
  ::execve(p.path, p.argv, p.envp);
  ChildFail(st, kStepExec);
}

std::string StepText(int step, const SpawnOptions& o, const std::string& cover) {
  switch (step) {
    case kStepProcessGroup: return "creating a process group (setpgid)";
    case kStepDeathSignal: return "setting the parent-death signal";
    case kStepParentGone: return "checking that the parent is alive";
    case kStepUnshareMounts: return "creating a private mount namespace";
    case kStepPrivateMounts: return "making the child's mounts private";
    case kStepMountTmpfs: return "mounting a private tmpfs on " + cover;
    case kStepMkdir: return "creating " + o.private_dir.value_or("");
    case kStepSetns: return "entering the network namespace";
    case kStepVerifyNetns:
      return "checking the network namespace entered (inode)";
    case kStepStdio: return "redirecting stdin/stdout/stderr";
    default: return "executing " + o.argv[0];
  }
}

std::vector<char*> CStrings(const std::vector<std::string>& v) {
  std::vector<char*> out;
  for (const std::string& s : v) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

// Reads the child's failure record; false at EOF (the exec succeeded and closed the pipe).
bool ReadFailure(int fd, int record[2]) {
  size_t got = 0;
  auto* bytes = reinterpret_cast<char*>(record);
  while (got < 2 * sizeof(int)) {
    ssize_t n = ::read(fd, bytes + got, 2 * sizeof(int) - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    got += static_cast<size_t>(n);
  }
  return true;
}

pid_t ReapBlocking(pid_t pid, int* status) {
  pid_t r;
  do {
    r = ::waitpid(pid, status, 0);
  } while (r < 0 && errno == EINTR);
  return r;
}

}  // namespace

ChildProcess ChildProcess::Spawn(const SpawnOptions& o) {
  if (o.argv.empty()) throw std::invalid_argument("ChildProcess::Spawn: empty argv");
  std::string cover;
  if (o.private_dir) {
    size_t slash = o.private_dir->find_last_of('/');
    if (o.private_dir->front() != '/' || slash == 0 || slash + 1 == o.private_dir->size()) {
      throw std::invalid_argument("private_dir must be an absolute path below a directory: " +
                                  *o.private_dir);
    }
    cover = o.private_dir->substr(0, slash);
  }
  std::vector<char*> argv = CStrings(o.argv), envp = CStrings(o.env);
  UniqueFd devnull(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (!devnull.valid()) ThrowErrno("opening /dev/null");
  UniqueFd output(::memfd_create("mtulab-child-output", MFD_CLOEXEC));
  if (!output.valid()) ThrowErrno("creating the child's output file (memfd_create)");
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) ThrowErrno("creating the child's status pipe");
  UniqueFd status_r(pipe_fds[0]), status_w(pipe_fds[1]);
  struct stat ns {};
  if (o.netns != nullptr && ::fstat(o.netns->fd(), &ns) != 0) {
    ThrowErrno("reading the network namespace to run " + o.argv[0] + " in");
  }
  ChildPlan plan{argv[0],
                 argv.data(),
                 envp.data(),
                 o.netns ? o.netns->fd() : -1,
                 ns.st_dev,
                 ns.st_ino,
                 o.private_dir ? cover.c_str() : nullptr,
                 o.private_dir ? o.private_dir->c_str() : nullptr,
                 devnull.get(),
                 output.get(),
                 status_w.get(),
                 o.stdout_fd,
                 o.stdin_fd,
                 o.inherit_fd,
                 ::getpid()};

  // No signal handler may run in the child before it resets them all.
  sigset_t all, old;
  ::sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &old);
  pid_t pid = ::fork();
  if (pid == 0) ChildMain(plan);
  int fork_errno = errno;
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if (pid < 0) ThrowErrno("starting " + o.argv[0] + " (fork)", fork_errno);

  status_w.Reset();
  int record[2] = {0, 0};
  if (ReadFailure(status_r.get(), record)) {
    int status = 0;
    ReapBlocking(pid, &status);
    ThrowErrno(StepText(record[0], o, cover), record[1]);
  }
  UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));  // -1: poll by sleeping
  return ChildProcess(pid, std::move(pidfd), std::move(output));
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, 0)),
      pidfd_(std::move(other.pidfd_)),
      output_(std::move(other.output_)),
      wait_status_(other.wait_status_) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    Stop();
    pid_ = std::exchange(other.pid_, 0);
    pidfd_ = std::move(other.pidfd_);
    output_ = std::move(other.output_);
    wait_status_ = other.wait_status_;
  }
  return *this;
}

bool ChildProcess::WaitExit(std::chrono::milliseconds timeout) {
  if (pid_ == 0) return true;  // reaped: waitpid(0) would reap someone else's child
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_ || (r < 0 && errno != EINTR)) {  // ECHILD: nothing left to reap
      if (r == pid_) wait_status_ = status;
      pid_ = 0;
      pidfd_.Reset();
      return true;
    }
    // Rounded up: a child must get at least the whole timeout.
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return false;
    if (pidfd_.valid()) {
      pollfd p{pidfd_.get(), POLLIN, 0};
      ::poll(&p, 1, static_cast<int>(std::min<long>(left.count(), 1000)));
    } else {
      std::this_thread::sleep_for(std::min(left, std::chrono::milliseconds(2)));
    }
  }
}

bool ChildProcess::Running() { return pid_ != 0 && !WaitExit(std::chrono::milliseconds(0)); }

void ChildProcess::Stop(std::chrono::milliseconds grace) {
  if (!Running()) return;
  ::kill(pid_, SIGTERM);
  if (WaitExit(grace)) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  if (ReapBlocking(pid_, &status) == pid_) wait_status_ = status;
  pid_ = 0;
  pidfd_.Reset();
}

std::string ChildProcess::Output(size_t max_bytes) const {
  struct stat st {};
  if (!output_.valid() || ::fstat(output_.get(), &st) != 0) return "";
  size_t size = static_cast<size_t>(st.st_size);
  size_t start = size > max_bytes ? size - max_bytes : 0;
  std::string out(size - start, '\0');
  ssize_t n = ::pread(output_.get(), out.data(), out.size(), static_cast<off_t>(start));
  out.resize(n > 0 ? static_cast<size_t>(n) : 0);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::string ChildProcess::Describe() const {
  if (!wait_status_) return pid_ != 0 ? "running" : "gone";
  int s = *wait_status_;
  if (WIFEXITED(s)) return "exited with status " + std::to_string(WEXITSTATUS(s));
  if (WIFSIGNALED(s)) return "killed by signal " + std::to_string(WTERMSIG(s));
  return "stopped";
}

std::optional<std::string> FindExecutable(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* env = std::getenv("PATH");
  std::string path = env ? env : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    std::string dir = path.substr(start, end - start);
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return std::nullopt;
}

}  // namespace mtulab
