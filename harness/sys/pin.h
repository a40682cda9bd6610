#ifndef MTULAB_SYS_PIN_H_
#define MTULAB_SYS_PIN_H_

#include <string>
#include <vector>

#include "harness/sys/netns.h"

namespace mtulab {

/// Where `ip netns` keeps named namespaces.
inline constexpr char kNetnsRunDir[] = "/run/netns";

/// Prefix of every namespace mtulab pins under /run/netns.
inline constexpr char kPinPrefix[] = "mtulab-";

/// The name under /run/netns of node `node` of topology `topology` (`mtulab up`):
/// "mtulab-" + E(topology) + ":" + E(node), where E keeps the bytes [A-Za-z0-9_.-] and writes
/// every other byte as %XX (upper-case hex). E is injective and never writes ':', so the
/// ':' splits a name back into exactly one (topology, node): topology "relq-x" node "y-z"
/// is "mtulab-relq-x:y-z", topology "relq-x-y" node "z" is "mtulab-relq-x-y:z". Valid names
/// (at most 32 bytes each, nothing to escape) are used as they are. Throws
/// std::invalid_argument when the name would be longer than a file name may be (255).
std::string PinName(const std::string& topology, const std::string& node);

/// "mtulab-" + E(topology) + ":": how every pin of `topology`, and no other pin, begins.
std::string PinNamePrefix(const std::string& topology);

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
