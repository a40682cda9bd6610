#ifndef MTULAB_PLAN_NET_MODEL_H_
#define MTULAB_PLAN_NET_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/link_kinds.h"
#include "harness/model/topology.h"
#include "harness/model/values.h"

namespace mtulab {

/// One interface of the topology: a veth end or a single-node device.
struct Iface {
  const Endpoint* end = nullptr;
  const Device* device = nullptr;  // nullptr for a veth end
  const Link* link = nullptr;      // the veth link, for a veth end
  int end_index = 0;               // which end of `link`

  const std::string& node() const { return end->node; }
  const std::string& name() const { return end->ifname; }
  /// "veth" or the device's kind.
  const std::string& kind() const;
  /// The kind's row (harness/model/link_kinds.h); nullptr for a veth end.
  const KindSchema* schema() const;
  /// Whether the kind's row forwards as `forwarding` (false for a veth end).
  bool Is(Forwarding forwarding) const;
  /// A kind-specific attribute of a device ("dev", "remote", ...), or nullopt.
  std::optional<std::string> Param(const char* key) const;
  /// "vlan20 on ceos".
  std::string Label() const { return name() + " on " + node(); }
};

/// The MTU an interface will have once built, and why.
struct MtuValue {
  std::optional<uint32_t> bytes;  // nullopt: the model cannot tell (see error)
  std::string why;                // "mtu 1500", "derived: uplink0 1500 - 50 vxlan", ...
  std::string error;              // why there is no value
};

/// The route a node's kernel picks for a destination.
struct RouteChoice {
  const Route* route = nullptr;  // nullptr: the connected prefix of an interface address
  std::string dev;               // egress interface
  std::optional<IpAddr> gateway;
  std::string prefix;  // "10.10.20.0/24" (connected) or the route's dst
};

/// Read-only queries over a Topology shared by the predictor and lint: interfaces, their
/// effective MTUs, address owners, route lookups and sysctls, all as the kernel will see them
/// after mtulab builds the topology. Keeps a reference: `topology` must outlive it.
class NetModel {
 public:
  explicit NetModel(const Topology& topology);

  const Topology& topology() const { return topology_; }
  const Iface* Find(const std::string& node, const std::string& ifname) const;
  std::vector<const Iface*> IfacesOf(const std::string& node) const;
  const std::vector<Iface>& ifaces() const { return ifaces_; }

  /// The MTU the kernel gives the interface: explicit, else the kind's default or derived one.
  MtuValue Mtu(const Iface& iface) const;

  const Iface* VethPeer(const Iface& iface) const;
  /// The bridge `iface` is a port of, or nullptr.
  const Iface* MasterOf(const Iface& iface) const;
  std::vector<const Iface*> Ports(const Iface& bridge) const;
  /// Devices of `kind` (macvlan, ipvlan, vlan) whose parent is `iface`.
  std::vector<const Iface*> Children(const Iface& iface, const std::string& kind) const;
  /// Devices whose row forwards as `forwarding` and whose parent is `iface`.
  std::vector<const Iface*> Children(const Iface& iface, Forwarding forwarding) const;

  /// The interface owning address `ip`, or nullptr.
  const Iface* Owner(const IpAddr& ip) const;
  /// True when `ip` is an address of one of the node's interfaces.
  bool NodeOwns(const std::string& node, const IpAddr& ip) const;

  /// The interface whose connected prefix (longest) contains `ip`, or nullptr.
  const Iface* ConnectedIface(const std::string& node, const IpAddr& ip) const;
  /// Longest-prefix match over the node's routes and the connected prefixes of its addresses,
  /// then lowest metric; nullopt when nothing matches.
  /// A multipath route follows its nexthop number `nexthop` (the walk tries each in turn).
  std::optional<RouteChoice> Lookup(const std::string& node, const IpAddr& dst,
                                    size_t nexthop = 0) const;
  /// The source address the node's kernel puts on packets routed by `choice`: the route's
  /// `src`, else the egress interface's address (preferring one on the gateway's subnet).
  std::optional<IpAddr> SourceFor(const RouteChoice& choice, const std::string& node,
                                  Family family) const;
  /// First address of `family` on the interface.
  std::optional<IpAddr> FirstAddress(const Iface& iface, Family family) const;

  /// The value the node's sysctl `key` ends with (node sysctls, then per-interface ones).
  std::optional<std::string> Sysctl(const std::string& node, const std::string& key) const;
  /// Where the node's sysctl `key` gets its final value, if it is set.
  std::optional<SourceLoc> SysctlLoc(const std::string& node, const std::string& key) const;
  /// Integer sysctl with mtulab's baseline default.
  long SysctlInt(const std::string& node, const std::string& key, long fallback) const;
  /// ip_forward / conf.all.forwarding.
  bool Forwards(const std::string& node, Family family) const;
  /// Effective rp_filter on the interface: max(conf.all, conf.IF) (conf.IF defaults to
  /// conf.default when the node sets it; mtulab's baseline is 0 for both).
  long RpFilter(const std::string& node, const std::string& ifname) const;

 private:
  // harness/plan/net_model_mtu.cc: each MtuRule of the kind's row.
  MtuValue MtuAt(const Iface& iface, int depth) const;
  MtuValue DerivedMtu(const Iface& iface, int depth) const;
  MtuValue SmallestPortMtu(const Iface& bridge, int depth) const;
  MtuValue ParentMtu(const Iface& iface, int depth) const;
  MtuValue DevMinusOverheadMtu(const Iface& iface, int depth) const;
  MtuValue DefaultMinusOverheadMtu(const Iface& iface) const;

  const Topology& topology_;
  std::vector<Iface> ifaces_;
};

/// Family of an address attribute of a device ("remote", "local", "group"), if present.
std::optional<Family> ParamFamily(const Iface& iface, const char* key);

}  // namespace mtulab

#endif  // MTULAB_PLAN_NET_MODEL_H_
