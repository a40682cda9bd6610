#include "harness/sys/pin.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <stdexcept>
#include <cstdio>
#include <cstring>

#include "harness/sys/sys_error.h"
#include "harness/sys/unique_fd.h"

namespace mtulab {
namespace {

// /run/netns must be a shared mount point so the pins propagate to every mount namespace
// (as iproute2 does it).
void PrepareRunDir() {
  if (::mkdir(kNetnsRunDir, 0755) != 0 && errno != EEXIST) {
    ThrowErrno(std::string("creating ") + kNetnsRunDir);
  }
  if (::mount("", kNetnsRunDir, "none", MS_SHARED | MS_REC, nullptr) == 0) return;
  if (errno != EINVAL) ThrowErrno(std::string("making ") + kNetnsRunDir + " a shared mount");
  if (::mount(kNetnsRunDir, kNetnsRunDir, "none", MS_BIND | MS_REC, nullptr) != 0) {
    ThrowErrno(std::string("bind-mounting ") + kNetnsRunDir + " onto itself");
  }
  if (::mount("", kNetnsRunDir, "none", MS_SHARED | MS_REC, nullptr) != 0) {
    ThrowErrno(std::string("making ") + kNetnsRunDir + " a shared mount");
  }
}

// Keeps [A-Za-z0-9_.-], writes every other byte as %XX.
std::string EscapePinPart(const std::string& part) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : part) {
    auto c = static_cast<unsigned char>(ch);
    bool plain = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                 c == '_' || c == '.' || c == '-';  // not isalnum: that depends on the locale
    if (plain) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::string PinNamePrefix(const std::string& topology) {
  return std::string(kPinPrefix) + EscapePinPart(topology) + ":";
}

std::string PinName(const std::string& topology, const std::string& node) {
  std::string name = PinNamePrefix(topology) + EscapePinPart(node);
  if (name.size() > NAME_MAX) {
    throw std::invalid_argument("the pin name of topology '" + topology + "' node '" + node +
                                "' is longer than " + std::to_string(NAME_MAX) + " bytes");
  }
  return name;
}

std::string PinNetns(const Netns& ns, const std::string& name) {
  PrepareRunDir();
  std::string path = std::string(kNetnsRunDir) + "/" + name;
  UniqueFd file(::open(path.c_str(), O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0));
  if (!file.valid()) {
    if (errno == EEXIST) ThrowErrno("pinning namespace " + path + " (name already in use)", EEXIST);
    ThrowErrno("creating " + path);
  }
  file.Reset();
  std::string source = "/proc/self/fd/" + std::to_string(ns.fd());
  if (::mount(source.c_str(), path.c_str(), "none", MS_BIND, nullptr) != 0) {
    int err = errno;
    ::unlink(path.c_str());
    ThrowErrno("bind-mounting namespace at " + path, err);
  }
  return path;
}

bool UnpinNetns(const std::string& path) {
  bool ok = true;
  if (::umount2(path.c_str(), MNT_DETACH) != 0 && errno != EINVAL && errno != ENOENT) {
    std::fprintf(stderr, "mtulab: unmounting %s: %s\n", path.c_str(), std::strerror(errno));
    ok = false;
  }
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    std::fprintf(stderr, "mtulab: removing %s: %s\n", path.c_str(), std::strerror(errno));
    ok = false;
  }
  return ok;
}

std::vector<std::string> ListPinned(const std::string& prefix) {
  std::vector<std::string> out;
  DIR* dir = ::opendir(kNetnsRunDir);
  if (dir == nullptr) return out;
  while (dirent* e = ::readdir(dir)) {
    std::string n = e->d_name;
    if (n.compare(0, prefix.size(), prefix) == 0 && n != "." && n != "..") out.push_back(n);
  }
  ::closedir(dir);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace mtulab
