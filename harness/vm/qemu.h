#ifndef MTULAB_VM_QEMU_H_
#define MTULAB_VM_QEMU_H_

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "harness/vm/kernel_image.h"

namespace mtulab {

/// One boot of a throw-away VM.
struct GuestBoot {
  std::string qemu;  // qemu-system-x86_64's path
  KernelImage kernel;
  std::string initramfs;  // the cpio BuildInitramfs() made
  std::string out_dir;    // private host directory shared read-write as kOutTag
  bool kvm = false;       // -accel kvm (UsableKvm()) or TCG
  std::chrono::seconds timeout{300};
  const std::atomic<int>* stop = nullptr;  // non-zero: kill the VM now (SIGINT/SIGTERM)
};

/// How a boot ended.
struct GuestEnd {
  enum class Kind { kPoweredOff, kTimedOut, kInterrupted };
  Kind kind = Kind::kPoweredOff;
  std::string qemu_status;   // "exited with status 0", "killed by signal 9"
  std::string console_tail;  // the last lines of the serial console
  double seconds = 0;
};

/// qemu's command line for `boot`: no network device, no defaults, the host root read-only
/// and the results directory read-write over virtio-9p, serial console on stdout.
std::vector<std::string> QemuArgv(const GuestBoot& boot);

/// True when hardware KVM is usable: /dev/kvm exists and kvm_intel or kvm_amd is loaded
/// (a paravirtual /dev/kvm such as kvm_pvm hangs stock kernels: TCG then).
bool UsableKvm();

/// Boots, waits until the guest powers off, the timeout passes or *stop is set; the qemu
/// process is tracked by PID and killed and reaped in every case but the first. Throws
/// SysError when qemu cannot be started.
GuestEnd RunGuest(const GuestBoot& boot);

}  // namespace mtulab

#endif  // MTULAB_VM_QEMU_H_
