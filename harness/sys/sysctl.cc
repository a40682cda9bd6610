#include "harness/sys/sysctl.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "harness/sys/sys_error.h"
#include "harness/sys/unique_fd.h"

namespace mtulab {

std::string SysctlPath(const std::string& key) {
  std::string path = "/proc/sys/";
  for (const char* group : {"net.ipv4.conf.", "net.ipv6.conf.", "net.ipv4.neigh.",
                            "net.ipv6.neigh."}) {
    std::string g = group;
    size_t last = key.rfind('.');
    if (key.compare(0, g.size(), g) == 0 && last != std::string::npos && last > g.size()) {
      std::string head = g.substr(0, g.size() - 1);
      for (char& c : head) c = c == '.' ? '/' : c;
      return path + head + "/" + key.substr(g.size(), last - g.size()) + "/" +
             key.substr(last + 1);
    }
  }
  for (char c : key) path += c == '.' ? '/' : c;
  return path;
}

void WriteSysctl(const std::string& key, const std::string& value) {
  std::string what = "writing sysctl " + key + "=" + value;
  UniqueFd fd(::open(SysctlPath(key).c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd.valid()) ThrowErrno(what);
  std::string line = value + "\n";
  ssize_t n = ::write(fd.get(), line.data(), line.size());
  if (n < 0) ThrowErrno(what);
  if (static_cast<size_t>(n) != line.size()) ThrowErrno(what + " (short write)", EIO);
}

std::string ReadFile(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) ThrowErrno("reading " + path);
  std::string out;
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      ThrowErrno("reading " + path);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

std::string ReadSysctl(const std::string& key) {
  std::string v = ReadFile(SysctlPath(key));
  while (!v.empty() && (v.back() == '\n')) v.pop_back();
  return v;
}

}  // namespace mtulab
