#ifndef MTULAB_RUNNER_FIREWALL_H_
#define MTULAB_RUNNER_FIREWALL_H_

#include <string>

#include "harness/model/topology.h"
#include "harness/sys/netns.h"

namespace mtulab {

/// Name of the nftables table (family inet) holding a node's ICMP filters and MSS clamps.
inline constexpr char kFirewallTable[] = "mtulab";

/// The nft commands, one per line, that implement `node`'s ICMP filters and MSS clamps in
/// table `inet mtulab`: the table, a base chain (filter type, priority filter, policy accept)
/// per hook used — input, forward, output, in that order — then one rule per filter and
/// family in declaration order, MSS clamps after the filters of the forward chain. "" when
/// the node has neither. Pure.
///   icmp-filter frag-needed: `icmp type destination-unreachable icmp code frag-needed drop`
///     and `icmpv6 type packet-too-big drop`;
///   errors: every error type of icmp_is_err() / ICMPv6 types 1..4;
///   all: `meta l4proto icmp drop` and `meta l4proto ipv6-icmp drop`, every ICMP packet
///     (echo, and ICMPv6 neighbour discovery, included);
///   dev: `iifname` on input, `oifname` on forward and output;
///   mss-clamp (backend nftables only; iptables ones are IptablesMssArgvs'):
///     `tcp flags syn tcp option maxseg size set rt mtu` (or a fixed value), with
///     `oifname` and `meta nfproto` when dev / family are given. The kernel only ever lowers
///     the MSS option (nft_exthdr_tcp_set_eval), so `set` is a clamp.
std::string FirewallRuleset(const Node& node);

/// Applies FirewallRuleset(node) with libnftables inside `ns`, as one transaction, then the
/// node's iptables clamps (ApplyIptablesMss); does nothing when the node has no filter or
/// clamp. Throws SysError naming the node and the failing command.
void ApplyFirewall(const Node& node, const Netns& ns);

/// Why this machine cannot apply the ICMP filters / MSS clamps `topology` has: a missing
/// iptables program (IptablesMissingFeature), or "kernel lacks ..." nftables support; ""
/// when it can or when the topology has none. Tries every nftables rule form once per
/// process in a scratch namespace.
std::string FirewallMissingFeature(const Topology& topology);

}  // namespace mtulab

#endif  // MTULAB_RUNNER_FIREWALL_H_
