#ifndef MTULAB_SYS_NETNS_H_
#define MTULAB_SYS_NETNS_H_

#include <string>

#include "harness/sys/unique_fd.h"

namespace mtulab {

/// A network namespace held by an fd. An anonymous namespace lives exactly as long as this
/// object (and any socket opened inside it): when the process dies, for any reason, the
/// kernel frees it and every link inside, so a killed run leaves nothing behind.
class Netns {
 public:
  /// A fresh anonymous namespace. The calling thread's namespace is unchanged afterwards.
  /// Throws SysError.
  static Netns Create();
  /// The namespace pinned at `path` (e.g. /run/netns/NAME). Throws SysError.
  static Netns Open(const std::string& path);
  /// The calling thread's current namespace.
  static Netns Current();

  int fd() const { return fd_.get(); }
  /// Inode number identifying the namespace (as in `ls -l /proc/PID/ns/net`).
  unsigned long Inode() const;

 private:
  explicit Netns(UniqueFd fd) : fd_(std::move(fd)) {}
  UniqueFd fd_;
};

/// Switches the calling thread into a namespace and back on destruction. Sockets opened
/// while switched stay in that namespace for their whole life. Do not hold across anything
/// that may move work to another thread. If switching back fails the process aborts: a
/// thread stuck in the wrong namespace must never run further steps.
class ScopedNetnsEnter {
 public:
  explicit ScopedNetnsEnter(const Netns& target);
  ~ScopedNetnsEnter();
  ScopedNetnsEnter(const ScopedNetnsEnter&) = delete;
  ScopedNetnsEnter& operator=(const ScopedNetnsEnter&) = delete;

 private:
  UniqueFd original_;
};

}  // namespace mtulab

#endif  // MTULAB_SYS_NETNS_H_
