#include <cerrno>

#include "harness/probes/probe.h"
#include "harness/sys/sys_error.h"

namespace mtulab {

// Placeholder while the probe is being written: the case errors, it never passes.
Facts RunTcp(ProbeContext&, const TcpStep&) {
  throw SysError("<tcp> is not implemented yet", ENOSYS, "tcp probe");
}

}  // namespace mtulab
