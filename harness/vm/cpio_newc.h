#ifndef MTULAB_VM_CPIO_NEWC_H_
#define MTULAB_VM_CPIO_NEWC_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace mtulab {

/// One member of an initramfs archive.
struct CpioEntry {
  std::string name;  // relative path, "bin/busybox"
  mode_t mode = 0;   // type and permissions: S_IFREG | 0755, S_IFDIR | 0755, S_IFCHR | 0600
  std::string data;  // a regular file's contents
  unsigned rdev_major = 0, rdev_minor = 0;  // a device node's number
};

/// The entries as a "newc" cpio archive (what the kernel unpacks as an initramfs), with
/// its TRAILER!!! member. Owner root, mtime 0: the same entries give the same bytes.
std::string CpioNewc(const std::vector<CpioEntry>& entries);

}  // namespace mtulab

#endif  // MTULAB_VM_CPIO_NEWC_H_
