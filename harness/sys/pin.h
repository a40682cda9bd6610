#ifndef MTULAB_SYS_PIN_H_
#define MTULAB_SYS_PIN_H_

#include <string>
#include <vector>

#include "harness/sys/netns.h"

namespace mtulab {

/// Where `ip netns` keeps named namespaces.
inline constexpr char kNetnsRunDir[] = "/run/netns";

/// Bind-mounts `ns` at /run/netns/<name> the way `ip netns add` does, so users can
/// `ip netns exec <name> ...`. Refuses to overwrite an existing name. Returns the path.
/// Throws SysError.
std::string PinNetns(const Netns& ns, const std::string& name);

/// Unmounts and removes a pinned namespace. Never throws; returns false (and reports on
/// stderr) if something could not be removed.
bool UnpinNetns(const std::string& path);

/// Names in /run/netns that start with `prefix`, sorted.
std::vector<std::string> ListPinned(const std::string& prefix);

}  // namespace mtulab

#endif  // MTULAB_SYS_PIN_H_
