#ifndef MTULAB_MODEL_ERRORS_H_
#define MTULAB_MODEL_ERRORS_H_

#include <stdexcept>
#include <string>

namespace mtulab {

/// The harness could not do what was asked (the case becomes `error`, a command exits 1).
/// The message names the operation, the object and the cause: "what: error_text". Every
/// layer may throw and catch it; sys/ throws its SysError subclass, which only adds the
/// syscall (errno) or netlink context (ThrowErrno, ThrowNl).
class HarnessError : public std::runtime_error {
 public:
  HarnessError(const std::string& what, int error_code, const std::string& error_text)
      : std::runtime_error(what + ": " + error_text), error_code_(error_code) {}
  /// errno-style code (EEXIST, ...), or the negative libnl error for netlink failures.
  int error_code() const { return error_code_; }

 private:
  int error_code_;
};

/// Thrown by a step when the case cannot be judged on this machine and the suite said that
/// means skip (e.g. a refused offload request with refused="skip"). The message is the reason.
class CaseSkip : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Thrown when the user aborted the running case (a second Ctrl-C): the case stops at the
/// next step or <wait>/<until> tick, is torn down and reported as interrupted. The message
/// is the reason.
class CaseAborted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace mtulab

#endif  // MTULAB_MODEL_ERRORS_H_
