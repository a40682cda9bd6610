#include "harness/sys/sys_error.h"

#include <netlink/errno.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "harness/sys/fd_limit.h"

namespace mtulab {

void ThrowErrno(const std::string& what) { ThrowErrno(what, errno); }

void ThrowErrno(const std::string& what, int err) {
  std::string text = std::strerror(err);
  if (err == EMFILE) text += " (" + FdLimitHint() + ")";
  throw SysError(what, err, text);
}

std::string ErrnoName(int err) {
  const char* name = err > 0 ? strerrorname_np(err) : nullptr;
  return name != nullptr ? name : "E" + std::to_string(err);
}

void ThrowNl(const std::string& what, int nl_error) {
  throw SysError(what, -std::abs(nl_error), nl_geterror(std::abs(nl_error)));
}

}  // namespace mtulab
