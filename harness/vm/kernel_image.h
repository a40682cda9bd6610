#ifndef MTULAB_VM_KERNEL_IMAGE_H_
#define MTULAB_VM_KERNEL_IMAGE_H_

#include <string>

namespace mtulab {

/// A kernel to boot in a throw-away VM: a Debian linux-image-* package unpacked with
/// `dpkg-deb -x` (ci/fetch-kernels.sh), or any directory laid out the same way.
struct KernelImage {
  std::string dir;          // what --kernel named, absolute
  std::string image;        // DIR/vmlinux (ELF, booted through PVH) or DIR/boot/vmlinuz-KVER
  std::string release;      // KVER, the only entry of DIR/lib/modules: "6.1.0-57-amd64"
  std::string modules_dir;  // DIR/lib/modules/KVER (holds modules.dep: depmod -b was run)
};

/// The kernel unpacked in `dir`. Throws std::runtime_error naming `dir` and what is missing
/// (no or several lib/modules/KVER, no modules.dep, no kernel image, whitespace in the path).
KernelImage FindKernelImage(const std::string& dir);

/// The short name a kernel carries in reports: the release without a trailing "-amd64"
/// ("6.1.0-57-amd64" -> "6.1.0-57").
std::string KernelLabel(const std::string& release);

}  // namespace mtulab

#endif  // MTULAB_VM_KERNEL_IMAGE_H_
