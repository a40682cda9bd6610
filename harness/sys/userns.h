#ifndef MTULAB_SYS_USERNS_H_
#define MTULAB_SYS_USERNS_H_

#include <optional>
#include <string>

namespace mtulab {

/// True when `uid_map` (the text of /proc/<pid>/uid_map) is the one of the initial user
/// namespace: a single line mapping every UID to itself, "0 0 4294967295" (any spacing).
/// Any other map means a user namespace created below it (`unshare --user`, a rootless
/// container), whose root holds capabilities only over objects that namespace owns: not
/// the host's /run/netns, sysctls or mounts.
bool IsInitialUidMap(const std::string& uid_map);

/// The calling process's /proc/self/uid_map, or nullopt when it cannot be read.
std::optional<std::string> ReadSelfUidMap();

}  // namespace mtulab

#endif  // MTULAB_SYS_USERNS_H_
