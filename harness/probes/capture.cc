#include <cerrno>

#include "harness/probes/probe.h"
#include "harness/sys/sys_error.h"

namespace mtulab {

// Placeholders while the capture probe is being written: the case errors, it never passes.
Facts RunCaptureStart(ProbeContext&, const CaptureStartStep&) {
  throw SysError("<capture-start> is not implemented yet", ENOSYS, "capture");
}

Facts RunCaptureStop(ProbeContext&, const CaptureStopStep&) {
  throw SysError("<capture-stop> is not implemented yet", ENOSYS, "capture");
}

}  // namespace mtulab
