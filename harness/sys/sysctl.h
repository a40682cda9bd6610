#ifndef MTULAB_SYS_SYSCTL_H_
#define MTULAB_SYS_SYSCTL_H_

#include <string>

namespace mtulab {

/// /proc/sys path of a dotted key. Interface names may contain dots, so for
/// net.ipv{4,6}.conf.<ifname>.<knob> and net.ipv{4,6}.neigh.<ifname>.<knob> everything between
/// the group and the last component is the interface name.
std::string SysctlPath(const std::string& key);

/// Writes a sysctl in the calling thread's network namespace (enter it first).
/// Throws SysError: "writing sysctl net.ipv4.x=1: No such file or directory".
void WriteSysctl(const std::string& key, const std::string& value);

/// Reads a sysctl (trailing newline removed) in the calling thread's namespace.
std::string ReadSysctl(const std::string& key);

/// Reads a whole file (used for /proc/thread-self/net/*). Throws SysError.
std::string ReadFile(const std::string& path);

}  // namespace mtulab

#endif  // MTULAB_SYS_SYSCTL_H_
