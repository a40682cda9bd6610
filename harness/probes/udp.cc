#include <cerrno>

#include "harness/probes/probe.h"
#include "harness/sys/sys_error.h"

namespace mtulab {

// Placeholder while the probe is being written: the case errors, it never passes.
Facts RunUdp(ProbeContext&, const UdpStep&) {
  throw SysError("<udp> is not implemented yet", ENOSYS, "udp probe");
}

}  // namespace mtulab
