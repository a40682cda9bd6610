#ifndef MTULAB_PLAN_OVERHEADS_H_
#define MTULAB_PLAN_OVERHEADS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "harness/model/topology.h"

namespace mtulab {

/// What an encapsulation does to the packets of the network it carries. The one table of
/// overheads in mtulab (harness/plan/overheads.cc), each row with where its numbers come from.
struct Encapsulation {
  const char* kind;        // link kind: "vxlan", "geneve", "gre", "gretap", "ipip", "wireguard"
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

/// The row for `kind`, or nullptr (veth, bridge, macvlan, vlan: no encapsulation at L3;
/// 802.1Q adds 4 bytes to the frame but 0 to the IP packet).
const Encapsulation* FindEncapsulation(const std::string& kind);

/// Overhead of `kind` over an underlay of `family`; nullopt when the table has no number
/// (e.g. ip6gre, whose encapsulation-limit option is not modelled).
std::optional<uint32_t> EncapOverhead(const std::string& kind, Family underlay);

/// Why 802.1Q costs nothing at L3, for explanations.
extern const char kVlanOverheadNote[];

}  // namespace mtulab

#endif  // MTULAB_PLAN_OVERHEADS_H_
