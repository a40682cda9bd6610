#ifndef MTULAB_SYS_SYS_ERROR_H_
#define MTULAB_SYS_SYS_ERROR_H_

#include <stdexcept>
#include <string>

namespace mtulab {

/// A failed kernel operation. The message names the operation, the object and the error:
/// "creating veth 'eth1' in node 'api' (peer 'vlan10' in node 'router'): File exists".
class SysError : public std::runtime_error {
 public:
  SysError(const std::string& what, int error_code, const std::string& error_text)
      : std::runtime_error(what + ": " + error_text), error_code_(error_code) {}
  /// errno, or the negative libnl error for netlink failures.
  int error_code() const { return error_code_; }

 private:
  int error_code_;
};

/// Throws SysError for `what` with the current errno.
[[noreturn]] void ThrowErrno(const std::string& what);
/// Throws SysError for `what` with errno value `err`.
[[noreturn]] void ThrowErrno(const std::string& what, int err);
/// Throws SysError for `what` with a (negative or positive) libnl error code.
[[noreturn]] void ThrowNl(const std::string& what, int nl_error);

}  // namespace mtulab

#endif  // MTULAB_SYS_SYS_ERROR_H_
