// The initramfs cache: one archive per kernel and content key, in a directory only this uid
// can write, reached without following symlinks, written atomically (PendingFile).
#include "harness/vm/initramfs_cache.h"

#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "harness/base/safe_file.h"
#include "harness/vm/initramfs.h"

namespace mtulab {
namespace {

constexpr char kKeyVersion[] = "mtulab-initramfs-1";

class Hasher {
 public:
  Hasher() {
    if (sodium_init() < 0) throw std::runtime_error("hashing the initramfs: sodium_init failed");
    crypto_generichash_init(&state_, nullptr, 0, crypto_generichash_BYTES);
  }
  // Each part is length-prefixed, so "ab"+"c" and "a"+"bc" differ.
  void Part(const std::string& bytes) {
    uint64_t n = bytes.size();
    crypto_generichash_update(&state_, reinterpret_cast<const unsigned char*>(&n), sizeof(n));
    crypto_generichash_update(&state_, reinterpret_cast<const unsigned char*>(bytes.data()),
                              bytes.size());
  }
  void File(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("hashing the initramfs: reading " + path + " failed");
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Part(path);
    Part(bytes);
  }
  std::string Hex() {
    unsigned char out[crypto_generichash_BYTES];
    crypto_generichash_final(&state_, out, sizeof(out));
    std::vector<char> hex(sizeof(out) * 2 + 1);
    sodium_bin2hex(hex.data(), hex.size(), out, sizeof(out));
    return hex.data();
  }

 private:
  crypto_generichash_state state_{};
};

// Only this uid may change `dir`: its owner, and no write bit for group or others.
void CheckPrivate(const Directory& dir) {
  struct stat st {};
  if (fstat(dir.fd(), &st) != 0) throw FileError("checking " + dir.path(), errno);
  if (st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    throw FileError("using " + dir.path() + " as the initramfs cache: it must belong to uid " +
                        std::to_string(geteuid()) + " and not be writable by group or others",
                    EPERM);
  }
}

// A subdirectory made 0700 when missing (Sub never follows a symlink), then checked.
Directory PrivateSub(const Directory& parent, const std::string& name) {
  if (mkdirat(parent.fd(), name.c_str(), 0700) != 0 && errno != EEXIST) {
    throw FileError("creating " + parent.Join(name), errno);
  }
  Directory d = parent.Sub(name, false);
  CheckPrivate(d);
  return d;
}

// Whether `name` is a usable entry: a regular file with one link, owned by this uid.
bool Usable(const Directory& dir, const std::string& name) {
  struct stat st {};
  if (fstatat(dir.fd(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return false;
    throw FileError("checking " + dir.Join(name), errno);
  }
  if (!S_ISREG(st.st_mode) || st.st_nlink != 1 || st.st_uid != geteuid()) {
    throw FileError("using " + dir.Join(name) + ": not a regular file of uid " +
                        std::to_string(geteuid()) + " with one link",
                    EPERM);
  }
  return st.st_size > 0;
}

// Removes the release's entries other than `keep` (an older key: busybox or /init changed).
void RemoveOthers(const Directory& dir, const std::string& prefix, const std::string& keep) {
  int fd = openat(dir.fd(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR* d = fd < 0 ? nullptr : fdopendir(fd);
  if (d == nullptr) {
    if (fd >= 0) close(fd);
    return;
  }
  std::vector<std::string> old;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    bool cpio = name.size() > 5 && name.compare(name.size() - 5, 5, ".cpio") == 0;
    if (name != keep && cpio && name.compare(0, prefix.size(), prefix) == 0) old.push_back(name);
  }
  closedir(d);
  for (const std::string& name : old) unlinkat(dir.fd(), name.c_str(), 0);
}

}  // namespace

std::string InitramfsKey(const KernelImage& kernel, const std::string& busybox) {
  Hasher h;
  h.Part(kKeyVersion);
  h.Part(kernel.release);
  h.Part(GuestInit(kernel));
  h.File(busybox);
  for (const std::string& module : BootModules(kernel)) h.File(module);
  return h.Hex();
}

CachedInitramfs CachedInitramfsFor(const KernelImage& kernel, const std::string& busybox,
                                   const std::string& root) {
  size_t slash = root.find_last_of('/');
  if (slash == std::string::npos || slash + 1 == root.size()) {
    throw FileError("opening the initramfs cache " + root + ": not an absolute path", EINVAL);
  }
  Directory parent = Directory::Open(slash == 0 ? "/" : root.substr(0, slash), false);
  Directory top = PrivateSub(parent, root.substr(slash + 1));
  Directory cache = PrivateSub(top, "initramfs");
  std::string prefix = kernel.release + "-";
  std::string name = prefix + InitramfsKey(kernel, busybox) + ".cpio";
  CachedInitramfs out{cache.Join(name), false};
  if (Usable(cache, name)) return out;
  PendingFile f(cache, name);
  f.Write(BuildInitramfs(kernel, busybox));
  f.Commit();
  RemoveOthers(cache, prefix, name);
  out.built = true;
  return out;
}

}  // namespace mtulab
