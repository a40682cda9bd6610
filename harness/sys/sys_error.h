#ifndef MTULAB_SYS_SYS_ERROR_H_
#define MTULAB_SYS_SYS_ERROR_H_

#include <string>

#include "harness/model/errors.h"

namespace mtulab {

/// A failed kernel operation. The message names the operation, the object and the error:
/// "creating veth 'eth1' in node 'api' (peer 'vlan10' in node 'router'): File exists".
/// error_code() is errno, or the negative libnl error for netlink failures. Everything else
/// is the neutral HarnessError (model/errors.h).
class SysError : public HarnessError {
 public:
  using HarnessError::HarnessError;
};

/// Throws SysError for `what` with the current errno.
[[noreturn]] void ThrowErrno(const std::string& what);
/// Throws SysError for `what` with errno value `err`.
[[noreturn]] void ThrowErrno(const std::string& what, int err);
/// Throws SysError for `what` with a (negative or positive) libnl error code.
[[noreturn]] void ThrowNl(const std::string& what, int nl_error);

/// The symbolic name of errno value `err`: "EINVAL"; "E<number>" for one glibc does not name.
std::string ErrnoName(int err);

}  // namespace mtulab

#endif  // MTULAB_SYS_SYS_ERROR_H_
