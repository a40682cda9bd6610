#ifndef MTULAB_RUNNER_FIREWALL_IPTABLES_H_
#define MTULAB_RUNNER_FIREWALL_IPTABLES_H_

#include <string>
#include <vector>

#include "harness/model/topology.h"
#include "harness/sys/netns.h"

namespace mtulab {

/// The programs of the iptables backend of <mss-clamp backend="iptables">: Debian's legacy
/// (x_tables, not nf_tables) front ends, found along $PATH.
inline constexpr char kIptablesProgram[] = "iptables-legacy";
inline constexpr char kIp6tablesProgram[] = "ip6tables-legacy";

/// The directory, private to each iptables child (a tmpfs over /run in a mount namespace of
/// its own, see SpawnOptions::private_dir), that holds the xtables lock: XTABLES_LOCKFILE
/// points into it, so the host's /run/xtables.lock is never created or taken.
inline constexpr char kXtablesLockDir[] = "/run/mtulab-xtables";

/// Paths of the two programs.
struct IptablesPrograms {
  std::string iptables;   // IPv4
  std::string ip6tables;  // IPv6
};

/// One argv per rule that implements `node`'s MSS clamps with backend iptables, in
/// declaration order, IPv4 before IPv6 for a clamp of both families; nftables clamps are
/// left out. Each is
///   PROG -w -t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN [-o DEV] -j TCPMSS
///        (--clamp-mss-to-pmtu | --set-mss N)
/// which, like the nftables rule, matches SYN and SYN-ACK and only ever lowers the option
/// (xt_TCPMSS never raises it). Pure.
std::vector<std::vector<std::string>> IptablesMssArgvs(const Node& node,
                                                       const IptablesPrograms& programs);

/// Runs IptablesMssArgvs(node) inside `ns`, each as a child process with that fixed argv (no
/// shell), environment PATH and XTABLES_LOCKFILE only, and the lock directory private to it.
/// Rules live in `ns` and die with it. Does nothing when the node has no iptables clamp.
/// Throws SysError naming the node, the command and what the program said.
void ApplyIptablesMss(const Node& node, const Netns& ns);

/// Why the iptables clamps of `topology` cannot be applied on this machine, naming the
/// program and the path searched ("iptables-legacy not found: searched PATH=..."); "" when
/// they can or when there are none.
std::string IptablesMissingFeature(const Topology& topology);

}  // namespace mtulab

#endif  // MTULAB_RUNNER_FIREWALL_IPTABLES_H_
