#ifndef MTULAB_CONFIG_FIREWALL_READER_H_
#define MTULAB_CONFIG_FIREWALL_READER_H_

// <icmp-filter> and <mss-clamp> in a <node>, their case overrides, and their checks.
// Not for use outside harness/config.

#include <optional>
#include <string>
#include <vector>

#include "harness/config/element.h"
#include "harness/model/diagnostics.h"
#include "harness/model/suite.h"
#include "harness/model/topology.h"

namespace mtulab {

/// Element names a <node> accepts from this file: "icmp-filter", "mss-clamp".
const std::vector<std::string>& FirewallNodeChildren();

/// Reads <icmp-filter> or <mss-clamp> `child` of node element `e` into `node` (nothing when
/// it is unusable; the problems are reported).
void ReadFirewallChild(Element& e, pugi::xml_node child, Node& node);

/// Attributes of override element `name` (`node` first) when it is one of "icmp-filter",
/// "mss-clamp", "no-icmp-filter", "no-mss-clamp"; nullopt for any other name.
std::optional<std::vector<std::string>> FirewallOverrideAttrs(const std::string& name);

/// Reads one of those override elements for `node` (its `node` attribute already read) into
/// `out`; false when it is unusable (reported).
bool ReadFirewallOverride(Element& e, const std::string& node, Override& out);

/// Cross-checks every node's filters and clamps: `dev` is an interface of that node (and
/// can be written in an nftables rule), no two filters share hook and dev, no two clamps
/// share dev and family.
void ValidateFirewall(const Topology& topology, Diagnostics& diags);

}  // namespace mtulab

#endif  // MTULAB_CONFIG_FIREWALL_READER_H_
