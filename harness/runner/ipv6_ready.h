#ifndef MTULAB_RUNNER_IPV6_READY_H_
#define MTULAB_RUNNER_IPV6_READY_H_

#include <map>
#include <string>
#include <vector>

namespace mtulab {

/// "ff0200000000000000000001ff000010": the solicited-node multicast group of an IPv6
/// address (ff02::1:ff00:0/104 + the low 24 bits) as /proc/net/igmp6 prints it.
/// Empty for text that is not an IPv6 address.
std::string SolicitedNodeGroupHex(const std::string& ipv6_address);

/// The addresses (value) of each interface (key) whose solicited-node group is not yet
/// joined according to `igmp6` (the text of /proc/net/igmp6). Empty: all joined.
std::vector<std::string> MissingSolicitedNodeGroups(
    const std::string& igmp6, const std::map<std::string, std::vector<std::string>>& addresses);

}  // namespace mtulab

#endif  // MTULAB_RUNNER_IPV6_READY_H_
