// The guest's /init: everything is mounted here, by busybox inside the initramfs (every exec
// of a host binary over 9p costs ~0.1 s under TCG), then switch_root into the overlay.
#include "harness/vm/initramfs.h"

namespace mtulab {

std::string GuestModprobeLine() {
  std::string line = "/sbin/modprobe -a -q";
  for (const char* m : kGuestAliaslessModules) line += std::string(" ") + m;
  return line + " || echo 'mtulab-guest: not every module of \"" + line + "\" loaded'\n";
}

std::string GuestInit(const KernelImage& kernel) {
  const std::string out = kGuestOutDir;
  std::string s =
      "#!/bin/busybox sh\n"
      "/bin/busybox --install -s /bin\n"
      "export PATH=/bin\n"
      "mkdir -p /proc /sys /dev /lower /upper /newroot\n"
      "mount -t proc proc /proc\n"
      "mount -t sysfs sysfs /sys\n"
      "mount -t devtmpfs devtmpfs /dev\n"
      "for m in /mod/*; do insmod \"$m\" || echo \"mtulab-init: insmod $m failed\"; done\n"
      "fail() { echo \"mtulab-init: $*\"; echo o > /proc/sysrq-trigger; sleep 5; }\n"
      "mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose " +
      std::string(kRootTag) + " /lower || fail 'mounting the host root'\n" +
      "mount -t tmpfs -o mode=0755 tmpfs /upper\n"
      "mkdir -p /upper/u /upper/w\n"
      "mount -t overlay -o lowerdir=/lower,upperdir=/upper/u,workdir=/upper/w overlay /newroot"
      " || fail 'mounting the overlay'\n"
      "mount -t tmpfs -o mode=0755 tmpfs /newroot/run\n"
      "mkdir -p /newroot" +
      out + " /newroot/lib/modules/" + kernel.release + "\n" +
      "mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 " + kOutTag + " /newroot" + out +
      " || fail 'mounting the results share'\n" + "mount -o bind,ro /lower" + kernel.modules_dir +
      " /newroot/lib/modules/" + kernel.release + " || fail 'binding the modules'\n" +
      "mount --move /dev /newroot/dev\n"
      "mkdir -p /newroot/dev/pts /newroot/dev/shm /newroot/dev/net\n"
      "mount -t devpts devpts /newroot/dev/pts\n"
      "mount -t tmpfs tmpfs /newroot/dev/shm\n"
      "[ -e /newroot/dev/net/tun ] || mknod /newroot/dev/net/tun c 10 200\n"
      "mount --move /proc /newroot/proc\n"
      "mount --move /sys /newroot/sys\n"
      "mount -t cgroup2 cgroup2 /newroot/sys/fs/cgroup 2>/dev/null\n"
      "echo 1 > /newroot/proc/sys/kernel/sysrq\n"
      "exec switch_root /newroot /bin/sh " +
      out + "/" + kGuestScript + "\n";
  return s;
}

}  // namespace mtulab
