#ifndef MTULAB_LINKS_LINK_KIND_H_
#define MTULAB_LINKS_LINK_KIND_H_

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/topology.h"
#include "harness/sys/netlink_sender.h"
#include "harness/sys/netns.h"
#include "harness/sys/rtnl.h"

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
  std::vector<WgPeer> peers;     // wireguard: <peer> children
};

/// Resolves an interface name of the same node to its index (throws SysError if unknown).
using IfIndexOf = std::function<int(const std::string& ifname)>;

/// What a kind that keeps something running (wireguard-go) leaves to the lab until teardown.
class LinkHandle {
 public:
  virtual ~LinkHandle() = default;
  /// PID of a helper process that dies with mtulab; 0 for none.
  virtual int pid() const = 0;
};

/// Where a kind with a `start` hook is created: the node's namespace and socket, the topology
/// (other devices' attributes), and secrets the lab keeps for its life ("node/ifname" ->
/// generated key material; never reported).
struct KindContext {
  const Netns& ns;
  Rtnl& rtnl;
  IfIndexOf ifindex_of;
  const Topology& topology;
  std::map<std::string, std::string>& secrets;
};

/// How one kind is created. One file per kind under harness/links; one row in registry.cc.
/// At least one of create / start is set; the other hooks are optional (nullptr). A kind with
/// both (ipip, sit, ip6tnl: a FOU/GUE receive port first) is built by `start` in a lab and
/// by `create` where no lab holds handles (the capability probe's sample).
struct KindOps {
  const char* kind;
  /// Creates the device (down) in the namespace `nl` belongs to. Interfaces it refers to
  /// (dev, parent, ports) already exist. Throws SysError naming the operation and device.
  void (*create)(NetlinkSender& nl, const DeviceSpec& spec, const IfIndexOf& ifindex_of);
  /// Instead of create: creates the device and returns what must live as long as the lab.
  std::unique_ptr<LinkHandle> (*start)(const KindContext& context, const DeviceSpec& spec);
  /// Whether this machine can make the kind; nullptr: create the row's sample once in a
  /// scratch namespace. False sets `reason` ("kernel lacks wireguard and ...").
  bool (*supported)(std::string* reason);
  /// Waits, once the lab's interfaces are up, until the device is usable, until `deadline`.
  /// Throws SysError(ETIMEDOUT) naming the device.
  void (*ready)(const Netns& ns, const DeviceSpec& spec,
                std::chrono::steady_clock::time_point deadline);
};

/// Adds `ops` to the table FindKind searches; a kind's file does it once, at static
/// initialization, through MTULAB_REGISTER_LINK_KIND.
struct KindRegistration {
  explicit KindRegistration(const KindOps& ops);
};

/// In harness/links/<kind>.cc: MTULAB_REGISTER_LINK_KIND(ipvlan, CreateIpvlan) registers
/// KindOps{"ipvlan", CreateIpvlan}; further arguments fill the other hooks.
#define MTULAB_REGISTER_LINK_KIND(name, ...) \
  const ::mtulab::KindRegistration kLinkKind_##name{::mtulab::KindOps{#name, __VA_ARGS__}}

/// The kind's operations, or nullptr for an unknown kind.
const KindOps* FindKind(const std::string& kind);

/// Whether this kernel can create `kind`: the kind's `supported` hook, else tried once per
/// process in a scratch namespace and remembered. False sets `reason` to "kernel lacks <kind>"
/// (+ the netlink error).
bool KernelSupportsKind(const std::string& kind, std::string* reason);

}  // namespace mtulab

#endif  // MTULAB_LINKS_LINK_KIND_H_
