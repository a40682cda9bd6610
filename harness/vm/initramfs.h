#ifndef MTULAB_VM_INITRAMFS_H_
#define MTULAB_VM_INITRAMFS_H_

#include <string>
#include <vector>

#include "harness/vm/kernel_image.h"

namespace mtulab {

/// The 9p mount tags the guest's init expects: the host root (read-only) and the private
/// directory the results come back through (read-write).
inline constexpr char kRootTag[] = "mtulabroot";
inline constexpr char kOutTag[] = "mtulabout";
/// Where the guest sees the results directory, and the script it runs from there.
inline constexpr char kGuestOutDir[] = "/run/mtulab-out";
inline constexpr char kGuestScript[] = "guest.sh";

/// Modules mtulab's cases need that nothing loads on demand: fou and fou6 (no modules.alias
/// entry: FOU/GUE receive ports and the fou/gue encapsulation of ipip, sit and ip6tnl),
/// mpls_router (its only alias, net-pf-28, is for sockets; net.mpls.* and AF_MPLS routes exist
/// only once it is loaded) and mpls_iptunnel (MPLS encap routes; it would autoload through
/// rtnl-lwt-MPLS, loaded here too so a case never races the autoload). The one list: the
/// guest's script loads them (GuestModprobeLine) before its run. Only ever in a kernel-lane
/// guest, never on a user's host: there the cases that need them skip, naming what the kernel
/// lacks.
inline constexpr const char* kGuestAliaslessModules[] = {"fou", "fou6", "mpls_router",
                                                         "mpls_iptunnel"};

/// The guest script's line loading kGuestAliaslessModules with the host's modprobe (the
/// kernel's own modules are bound on /lib/modules/KVER); one exec, a missing module is not
/// an error (its cases skip).
std::string GuestModprobeLine();

/// The modules `kernel` needs before it can mount its root (virtio PCI, 9p over virtio,
/// overlay), with their dependencies, in load order (`modprobe --show-depends`); built-in
/// ones are left out. Throws SysError/std::runtime_error naming the module.
std::vector<std::string> BootModules(const KernelImage& kernel);

/// The initramfs for `kernel` as a newc cpio: static busybox (/bin/busybox, Debian
/// busybox-static), those modules decompressed, and an /init that mounts the host root
/// read-only with a tmpfs overlay, a fresh /run, the kernel's modules on
/// /lib/modules/KVER, /dev/net/tun, and runs kGuestScript from the results share.
std::string BuildInitramfs(const KernelImage& kernel, const std::string& busybox);

/// The /init script (busybox sh) for `kernel`.
std::string GuestInit(const KernelImage& kernel);

}  // namespace mtulab

#endif  // MTULAB_VM_INITRAMFS_H_
