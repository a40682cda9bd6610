#ifndef MTULAB_LINKS_LINK_KIND_H_
#define MTULAB_LINKS_LINK_KIND_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/sys/netlink_sender.h"

namespace mtulab {

/// A single-node interface of some kind (everything but veth), as validated by the loader.
/// `params` holds the kind's attributes as written and checked (see harness/model/link_kinds.h
/// for each kind's attributes and their types).
struct DeviceSpec {
  std::string kind;    // "bridge", "vxlan", "macvlan", "gre", "gretap", "ipip", "geneve", "vlan"
  std::string node;
  std::string ifname;
  std::optional<uint32_t> mtu;  // unset: the kernel chooses (e.g. vxlan: lower MTU - 50/70)
  std::map<std::string, std::string> params;
  std::vector<std::string> fdb;  // vxlan: remote addresses for all-zero FDB entries (append)
};

/// Resolves an interface name of the same node to its index (throws SysError if unknown).
using IfIndexOf = std::function<int(const std::string& ifname)>;

/// How one kind is created. One file per kind under harness/links; one row in registry.cc.
struct KindOps {
  const char* kind;
  /// Creates the device (down) in the namespace `nl` belongs to. Interfaces it refers to
  /// (dev, parent, ports) already exist. Throws SysError naming the operation and device.
  void (*create)(NetlinkSender& nl, const DeviceSpec& spec, const IfIndexOf& ifindex_of);
};

/// The kind's operations, or nullptr for an unknown kind.
const KindOps* FindKind(const std::string& kind);

/// Whether this kernel can create `kind`: tried once per process in a scratch namespace and
/// remembered. False sets `reason` to "kernel lacks <kind>" (+ the netlink error).
bool KernelSupportsKind(const std::string& kind, std::string* reason);

}  // namespace mtulab

#endif  // MTULAB_LINKS_LINK_KIND_H_
