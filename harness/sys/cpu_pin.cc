#include "harness/sys/cpu_pin.h"

#include <sched.h>

#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

cpu_set_t CurrentAffinity() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) != 0) ThrowErrno("reading the CPU affinity");
  return set;
}

}  // namespace

ScopedCpuPin::ScopedCpuPin(unsigned cpu) : previous_(CurrentAffinity()) {
  cpu_set_t one;
  CPU_ZERO(&one);
  if (cpu >= CPU_SETSIZE) ThrowErrno("pinning the probe to CPU " + std::to_string(cpu), EINVAL);
  CPU_SET(cpu, &one);
  if (::sched_setaffinity(0, sizeof one, &one) != 0) {
    ThrowErrno("pinning the probe to CPU " + std::to_string(cpu));
  }
}

ScopedCpuPin::~ScopedCpuPin() { ::sched_setaffinity(0, sizeof previous_, &previous_); }

bool CpuAvailable(unsigned cpu) {
  cpu_set_t set = CurrentAffinity();
  return cpu < CPU_SETSIZE && CPU_ISSET(cpu, &set);
}

std::string AllowedCpus() {
  cpu_set_t set = CurrentAffinity();
  std::string out;
  for (int c = 0; c < CPU_SETSIZE; ++c) {
    if (!CPU_ISSET(c, &set)) continue;
    int last = c;
    while (last + 1 < CPU_SETSIZE && CPU_ISSET(last + 1, &set)) ++last;
    out += (out.empty() ? "" : ",") + std::to_string(c);
    if (last > c) out += "-" + std::to_string(last);
    c = last;
  }
  return out;
}

}  // namespace mtulab
