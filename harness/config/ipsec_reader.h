#ifndef MTULAB_CONFIG_IPSEC_READER_H_
#define MTULAB_CONFIG_IPSEC_READER_H_

// <ipsec> in a <topology> (model: Ipsec in harness/model/topology.h) and its cross-checks.
// Not for use outside harness/config.

#include <string>
#include <vector>

#include "harness/config/element.h"
#include "harness/config/topology_index.h"
#include "harness/model/diagnostics.h"
#include "harness/model/topology.h"

namespace mtulab {

/// Attributes of <ipsec>.
const std::vector<std::string>& IpsecAttributes();

/// Reads <ipsec> `e` and its two <end>s into `topology.ipsecs` (nothing when unusable; the
/// problems are reported). Keys are never quoted in a message.
void ReadIpsec(Element& e, Topology& topology);

/// Each end names a defined node and one of that node's interface addresses; the two ends
/// are on different nodes.
void ValidateIpsec(const Topology& topology, const TopologyIndex& index, Diagnostics& diags);

}  // namespace mtulab

#endif  // MTULAB_CONFIG_IPSEC_READER_H_
