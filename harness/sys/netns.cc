#include "harness/sys/netns.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>

#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

// /proc/self would name the main thread; the namespace is per thread.
constexpr char kThreadNetns[] = "/proc/thread-self/ns/net";

UniqueFd OpenThreadNetns() {
  UniqueFd fd(::open(kThreadNetns, O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) ThrowErrno(std::string("opening ") + kThreadNetns);
  return fd;
}

}  // namespace

Netns Netns::Create() {
  UniqueFd original = OpenThreadNetns();
  if (::unshare(CLONE_NEWNET) != 0) ThrowErrno("creating a network namespace (unshare)");
  UniqueFd created(::open(kThreadNetns, O_RDONLY | O_CLOEXEC));
  int open_errno = errno;
  if (::setns(original.get(), CLONE_NEWNET) != 0) {
    std::perror("mtulab: fatal: cannot return to the original network namespace");
    std::abort();
  }
  if (!created.valid()) ThrowErrno("opening the new network namespace", open_errno);
  return Netns(std::move(created));
}

Netns Netns::Open(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) ThrowErrno("opening network namespace " + path);
  return Netns(std::move(fd));
}

Netns Netns::Current() { return Netns(OpenThreadNetns()); }

unsigned long Netns::Inode() const {
  struct stat st {};
  if (::fstat(fd_.get(), &st) != 0) return 0;
  return st.st_ino;
}

ScopedNetnsEnter::ScopedNetnsEnter(const Netns& target) : original_(OpenThreadNetns()) {
  if (::setns(target.fd(), CLONE_NEWNET) != 0) ThrowErrno("entering a network namespace");
}

ScopedNetnsEnter::~ScopedNetnsEnter() {
  if (::setns(original_.get(), CLONE_NEWNET) != 0) {
    std::perror("mtulab: fatal: cannot return to the original network namespace");
    std::abort();
  }
}

}  // namespace mtulab
