#ifndef MTULAB_MODEL_LINK_KINDS_H_
#define MTULAB_MODEL_LINK_KINDS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mtulab {

/// Type of one kind-specific attribute, checked by the loader.
enum class ParamType {
  kUint,        // unsigned integer in [min, max]
  kAddress,     // an IPv4 or IPv6 address (no prefix)
  kIfname,      // an interface of the same node
  kIfnameList,  // interfaces of the same node, separated by spaces
  kEnum,        // one of `choices`
  kBool,        // true / false
  kWgKey,       // a base64 32-byte WireGuard key
};

struct ParamSpec {
  const char* name;
  ParamType type;
  bool required = false;
  uint32_t min = 0, max = 0;          // kUint
  std::vector<std::string> choices;   // kEnum
  const char* doc = "";               // one line for the README and errors
};

/// How packets cross an interface of the kind: what the plan's path walk does with it.
enum class Forwarding {
  kBridge,      // switches frames between its `ports` (bridge)
  kParentL2,    // on its `parent`'s segment, reached by its own address; siblings of the same
                // kind on one parent reach each other directly (macvlan, ipvlan)
  kTagged,      // a tagged sub-interface of its `parent`'s segment, tag `id` (vlan)
  kL2Overlay,   // Ethernet over an IP/UDP underlay to a peer of the same kind (vxlan, geneve,
                // gretap)
  kL3Tunnel,    // IP over an IP/UDP underlay to a peer (gre, ipip, wireguard)
  kL3Endpoint,  // owns addresses and reaches nothing beyond itself (dummy)
  kL3Master,    // an L3 domain with its own routing table (vrf): the plan does not follow it
};

/// How a tunnel finds the interface at its far end (the plan's path walk).
enum class PeerBy {
  kRemote,     // the device of the same kind owning its `remote` address (same vni, dstport)
  kCryptokey,  // the <peer> whose allowed_ips hold the destination: the device of the same
               // kind listening on its endpoint's port, or the one it names (WireGuard)
};

/// Where the kernel takes the kind's MTU from when `mtu` is not set.
enum class MtuRule {
  kFixed,                 // default_mtu
  kSmallestPort,          // the smallest of `ports`; default_mtu without ports (bridge)
  kParent,                // the `parent`'s MTU (macvlan, vlan, ipvlan)
  kDevMinusOverhead,      // `dev`'s MTU - overhead, clamping a larger set mtu too; default_mtu
                          // without dev (vxlan)
  kDefaultMinusOverhead,  // default_mtu - overhead: mtulab creates it before any underlay
                          // route exists (gre, gretap, ipip: ip_tunnel_bind_dev)
  kUnpredicted,           // from a route lookup at creation: the plan asks for mtu (geneve)
};

/// What an encapsulation does to the packets of the network it carries.
struct Encapsulation {
  uint32_t ipv4_underlay;  // bytes added with an IPv4 outer header; 0: not predicted
  uint32_t ipv6_underlay;  // bytes added with an IPv6 outer header; 0: not predicted
  bool l2;                 // carries Ethernet frames (a bridge port, reached by MAC)
  /// How the outer IPv4 header's DF bit is chosen: kAttr follows the link's `df` attribute
  /// (unset: no DF), kSet always sets it (mtulab creates gre/ipip with pmtudisc), kNever
  /// leaves it clear (WireGuard: outer datagrams are fragmented, never refused).
  enum class OuterDf { kAttr, kSet, kNever } outer_df;
  /// What the tunnel does with an inner DF packet larger than its underlay route's MTU minus
  /// the overhead. kRoutePmtu (vxlan, geneve: skb_tunnel_check_pmtu): lowers the inner route's
  /// PMTU and sends the packet on anyway; only a bridged overlay answers with ICMP. kIcmp
  /// (gre, ipip: ip_tunnel's tnl_update_pmtu): answers frag-needed / Packet Too Big to the
  /// inner source. kNone (WireGuard): no check.
  enum class UnderlayCheck { kNone, kRoutePmtu, kIcmp } check;
  const char* source;  // where the numbers come from
};

/// One kind of single-node interface: its attributes besides the common ones (node, name,
/// mtu, ipv4, ipv6) and everything the loader and the plan know about it. Pure data: the
/// kernel side lives in harness/links/<kind>.cc.
struct KindSchema {
  const char* kind;
  const char* doc;
  std::vector<ParamSpec> params;
  bool takes_fdb = false;    // <fdb dst="..."/> children (vxlan)
  bool takes_peers = false;  // <peer .../> children (wireguard)
  Forwarding forwarding = Forwarding::kL3Endpoint;
  MtuRule mtu = MtuRule::kFixed;
  uint32_t default_mtu = 1500;  // see MtuRule
  const char* mtu_why = "";     // how the default is explained ("WireGuard default 1420")
  std::optional<Encapsulation> encap;  // the overheads of an overlay or tunnel
  /// No carrier until this attribute names an interface (bridge: "ports"); nullptr: the
  /// device has carrier once up (or its parent's).
  const char* carrier_needs = nullptr;
  /// The kIfnameList attribute whose interfaces it takes for itself: the loader refuses an
  /// interface listed by two devices of the kind (bridge: "ports"). nullptr: none.
  const char* exclusive_ports = nullptr;
  /// The smallest device the kernel accepts, created once to find out whether it has the
  /// kind (harness/links/registry.cc). Interface attributes (kIfname) name a veth the probe
  /// creates first.
  std::vector<std::pair<std::string, std::string>> sample;
  /// Checks of the attributes together, beyond each one's type (the loader reports each
  /// problem at the link: "give either remote or group, not both"). Null: none.
  std::vector<std::string> (*check)(const std::map<std::string, std::string>& params) = nullptr;
  PeerBy peer_by = PeerBy::kRemote;  // for a tunnel or overlay
};

/// The rows kept in a file of their own (link_kind_ovs.cc).
std::vector<KindSchema> OvsKinds();

/// Every single-node kind mtulab knows, in a fixed order.
const std::vector<KindSchema>& KindSchemas();
/// The schema of `kind`, or nullptr.
const KindSchema* FindKindSchema(const std::string& kind);
/// The schema's parameter `name`, or nullptr.
const ParamSpec* FindParam(const KindSchema& schema, const std::string& name);

}  // namespace mtulab

#endif  // MTULAB_MODEL_LINK_KINDS_H_
