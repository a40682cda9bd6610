#ifndef MTULAB_PLAN_PREDICTOR_H_
#define MTULAB_PLAN_PREDICTOR_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/topology.h"

namespace mtulab {

class NetModel;

/// How a packet larger than a limit fares.
enum class LimitKind {
  kLocal,     // the sender's own route/interface: EMSGSIZE, the socket learns the MTU at once
  kIcmp,      // a router's egress: frag-needed / Packet Too Big that reaches the sender
  kIcmpLost,  // a router's egress whose ICMP error never reaches the sender (see `note`)
  kTunnel,    // an overlay's check of inner DF packets against its underlay (updates the PMTU)
  kSilent,    // dropped without any error: a receiver's MTU, a bridge port, a dead outer path
};
/// "local", "icmp", "icmp-lost", "tunnel", "silent".
const char* LimitKindName(LimitKind kind);

/// One size limit a packet meets on a hop.
struct Limit {
  uint32_t bytes = 0;  // largest IP packet that passes
  LimitKind kind = LimitKind::kLocal;
  std::string why;            // "vx0 on gw1 (1500 underlay - 50 vxlan)"
  std::string note;           // kIcmpLost: why the ICMP is lost
  std::string icmp_from;      // kIcmp, kIcmpLost: the address the router's ICMP comes from
  std::string icmp_from_why;  // "the address of vlan10, its interface toward 10.10.10.10"
  std::string lost_cause;     // kIcmpLost: "rp_filter", "icmp-filter" or "no-path"
  SourceLoc icmp_blame;       // kIcmpLost: the setting that loses it (route src, sysctl, filter)

  /// The interface the limit belongs to: "vx0 on gw1".
  std::string Where() const { return why.substr(0, why.find(" (")); }
};

struct PathHop {  // one interface a packet leaves through
  std::string node, ifname;
  uint32_t mtu = 0;  // the interface's effective MTU (explicit, or the kind's default / derived)
  uint32_t overhead = 0;  // bytes the encapsulation this interface belongs to adds (0 for plain)
  std::string encap;      // "", "vxlan", "wireguard", "gre", ...
  std::optional<uint32_t> route_mtu;  // RTAX_MTU of the route used, if set
  bool route_mtu_locked = false;
  bool bridged = false;                // forwarded at L2 (bridge port, macvlan parent), not routed
  std::string peer_node, peer_ifname;  // the interface that receives what leaves here
  std::vector<PathHop> underlay;       // overlays: the outer path, in forwarding order
  /// Overlays whose outer packets are fragmented rather than refused (WireGuard; vxlan/geneve
  /// without DF on an IPv4 underlay): inner packets above this size cross as outer fragments.
  std::optional<uint32_t> fragments_above;
  std::vector<Limit> limits;  // in the order the packet meets them
};

struct Prediction {
  bool ok = false;
  std::string error;  // why there is no prediction (no route, unsupported, ...)
  Family family = Family::kIpv4;
  std::string source;  // the sender's source address
  std::string destination;
  std::vector<PathHop> hops;    // in forwarding order
  uint32_t pmtu = 0;            // expected path MTU: largest DF packet that crosses
  size_t bottleneck = 0;        // index into hops
  size_t bottleneck_limit = 0;  // index into hops[bottleneck].limits
  uint32_t mss = 0;             // pmtu - 40 (IPv6: 60), i.e. what TCP should end up using
  /// What PMTU discovery leaves in the sender's cache after full-size DF packets (route.pmtu):
  /// pmtu, unless a silent or lost limit hides it (black_hole), clamped to route/min_pmtu.
  uint32_t learned_pmtu = 0;
  bool learned_locked = false;  // min_pmtu or a locked route: the cache holds "mtu lock"
  bool black_hole = false;      // packets above pmtu vanish without the sender learning why
  std::string note;             // said after the explanation (multipath routes that agree)

  /// The bottleneck limit.
  const Limit& BottleneckLimit() const { return hops[bottleneck].limits[bottleneck_limit]; }
  /// "pmtu 1450 = vx0 on gw1 (1500 underlay - 50 vxlan)", plus what PMTUD learns when that
  /// differs; the error when !ok.
  std::string Explain() const;
};

/// Predicts the path a `family` packet takes from `from_node` to `to_address` (an address, or
/// "node:ifname" for that interface's first address of `family`) in the topology as mtulab
/// builds it, and the path MTU. Pure: reads the model only.
Prediction PredictPath(const Topology& topology, const std::string& from_node,
                       const std::string& to_address, Family family);
/// The same over a prepared model (lint predicts many paths over one model).
Prediction PredictPath(const NetModel& model, const std::string& from_node,
                       const std::string& to_address, Family family);

/// Largest packet that survives the path when it may be fragmented on the way (IPv4 without
/// DF: routers fragment; IPv6: the sender fragments after Packet Too Big): only silent drops
/// below the fragment size count. nullopt: no limit.
std::optional<uint32_t> FragmentingLimit(const Prediction& p, std::string* why = nullptr);

/// IP + ICMP echo header bytes: 28 (IPv4), 48 (IPv6).
uint32_t EchoHeaderBytes(Family family);
/// IP + TCP header bytes: 40 (IPv4), 60 (IPv6).
uint32_t TcpHeaderBytes(Family family);

}  // namespace mtulab

#endif  // MTULAB_PLAN_PREDICTOR_H_
