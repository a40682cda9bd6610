#ifndef MTULAB_SYS_CPU_PIN_H_
#define MTULAB_SYS_CPU_PIN_H_

#include <sched.h>

#include <string>

namespace mtulab {

/// Runs the calling thread on one CPU for the object's lifetime (like `taskset --cpu-list N`),
/// then restores the thread's previous affinity. Not copyable or movable: it belongs to the
/// scope, and the thread, that made it.
class ScopedCpuPin {
 public:
  /// Pins to `cpu`. Throws SysError if the affinity cannot be read or set. Check
  /// CpuAvailable() first: a CPU outside the thread's allowed set is refused (EINVAL).
  explicit ScopedCpuPin(unsigned cpu);
  ~ScopedCpuPin();
  ScopedCpuPin(const ScopedCpuPin&) = delete;
  ScopedCpuPin& operator=(const ScopedCpuPin&) = delete;

 private:
  cpu_set_t previous_;
};

/// Whether `cpu` is in the calling thread's allowed set (online and not excluded by a cgroup
/// or a parent's affinity). Throws SysError if the affinity cannot be read.
bool CpuAvailable(unsigned cpu);

/// The calling thread's allowed CPUs as a list, e.g. "0-1" or "0,2"; for messages.
std::string AllowedCpus();

}  // namespace mtulab

#endif  // MTULAB_SYS_CPU_PIN_H_
