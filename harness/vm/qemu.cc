#include "harness/vm/qemu.h"

#include <sys/stat.h>
#include <unistd.h>

#include "harness/sys/process.h"
#include "harness/vm/initramfs.h"

namespace mtulab {
namespace {

// Kernel options that save seconds under TCG (measured in the spike): no delay-loop
// calibration, no crypto self-tests, no mitigations; quiet console; power off, not reboot,
// on panic (-no-reboot makes qemu exit).
constexpr char kKernelOptions[] =
    "console=ttyS0 quiet loglevel=4 lpj=4000000 no_timer_check cryptomgr.notests "
    "mitigations=off panic=-1 rdinit=/init";

std::string Fsdev(const char* id, const std::string& path, bool readonly) {
  return std::string("local,id=") + id + ",path=" + path + (readonly ? ",readonly=on" : "") +
         ",security_model=none,multidevs=remap";
}

}  // namespace

std::vector<std::string> QemuArgv(const GuestBoot& boot) {
  std::vector<std::string> argv = {boot.qemu,
                                   "-nodefaults",
                                   "-no-user-config",
                                   "-machine",
                                   "q35",
                                   "-accel",
                                   boot.kvm ? "kvm" : "tcg",
                                   "-cpu",
                                   boot.kvm ? "host" : "max",
                                   "-m",
                                   "1G",
                                   "-smp",
                                   "2",
                                   "-display",
                                   "none",
                                   "-serial",
                                   "stdio",
                                   "-no-reboot",
                                   "-kernel",
                                   boot.kernel.image,
                                   "-initrd",
                                   boot.initramfs,
                                   "-append",
                                   kKernelOptions,
                                   "-fsdev",
                                   Fsdev("root", "/", true),
                                   "-device",
                                   std::string("virtio-9p-pci,fsdev=root,mount_tag=") + kRootTag,
                                   "-fsdev",
                                   Fsdev("out", boot.out_dir, false),
                                   "-device",
                                   std::string("virtio-9p-pci,fsdev=out,mount_tag=") + kOutTag};
  return argv;
}

bool UsableKvm() {
  struct stat st;
  if (stat("/dev/kvm", &st) != 0 || access("/dev/kvm", R_OK | W_OK) != 0) return false;
  return stat("/sys/module/kvm_intel", &st) == 0 || stat("/sys/module/kvm_amd", &st) == 0;
}

GuestEnd RunGuest(const GuestBoot& boot) {
  SpawnOptions o;
  o.argv = QemuArgv(boot);
  o.env = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin"};
  auto start = std::chrono::steady_clock::now();
  ChildProcess qemu = ChildProcess::Spawn(o);
  GuestEnd end;
  for (;;) {
    if (qemu.WaitExit(std::chrono::milliseconds(200))) break;
    if (boot.stop && boot.stop->load() != 0) {
      end.kind = GuestEnd::Kind::kInterrupted;
      break;
    }
    if (std::chrono::steady_clock::now() - start > boot.timeout) {
      end.kind = GuestEnd::Kind::kTimedOut;
      break;
    }
  }
  qemu.Stop(std::chrono::milliseconds(200));
  end.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  end.qemu_status = qemu.Describe();
  end.console_tail = qemu.Output(3000);
  return end;
}

}  // namespace mtulab
