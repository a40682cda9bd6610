#ifndef MTULAB_VM_INITRAMFS_CACHE_H_
#define MTULAB_VM_INITRAMFS_CACHE_H_

#include <string>

#include "harness/vm/kernel_image.h"

namespace mtulab {

/// Where `mtulab run --kernel` keeps the initramfs it built for each kernel:
/// kInitramfsCacheRoot/initramfs (beside ci/fetch-kernels.sh's kernels).
inline constexpr char kInitramfsCacheRoot[] = "/var/cache/mtulab";

/// The content key of `kernel`'s initramfs: BLAKE2b-256 (libsodium) over the kernel release,
/// the /init script, the busybox binary and every boot module's path and bytes, in hex. Any
/// change to what BuildInitramfs would put in the archive changes the key.
std::string InitramfsKey(const KernelImage& kernel, const std::string& busybox);

/// An initramfs taken from the cache or built into it.
struct CachedInitramfs {
  std::string path;    // "<root>/initramfs/<release>-<key>.cpio", for qemu's -initrd
  bool built = false;  // false: an entry with the same key was there
};

/// The initramfs of `kernel` in `root`/initramfs, built (BuildInitramfs) and put in place
/// atomically when no entry has its key; entries of the same release with another key are
/// then removed. Nothing is reached through a symlink: `root`'s parent is opened as named,
/// `root` and initramfs/ below it without following one (created 0700 when missing), and
/// both must belong to this process's effective uid and not be writable by group or others;
/// an entry must be a regular file with one link owned by that uid. Throws FileError or
/// std::runtime_error naming the directory or file that fails those checks.
CachedInitramfs CachedInitramfsFor(const KernelImage& kernel, const std::string& busybox,
                                   const std::string& root);

}  // namespace mtulab

#endif  // MTULAB_VM_INITRAMFS_CACHE_H_
