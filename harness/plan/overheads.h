#ifndef MTULAB_PLAN_OVERHEADS_H_
#define MTULAB_PLAN_OVERHEADS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "harness/model/link_kinds.h"
#include "harness/model/topology.h"

namespace mtulab {

struct Iface;

// Encapsulation (what an overlay or tunnel adds and how it treats DF) is part of each kind's
// row in harness/model/link_kinds.cc, with where its numbers come from.

/// The encapsulation of `kind`'s row, or nullptr (veth, bridge, macvlan, vlan: none at L3;
/// 802.1Q adds 4 bytes to the frame but 0 to the IP packet).
const Encapsulation* FindEncapsulation(const std::string& kind);

/// Overhead of `kind` over an underlay of `family`; nullopt when the table has no number
/// (e.g. ip6gre, whose encapsulation-limit option is not modelled).
std::optional<uint32_t> EncapOverhead(const std::string& kind, Family underlay);
/// The same for one device: gre/gretap add 4 bytes each for a key and a checksum.
std::optional<uint32_t> EncapOverhead(const Iface& tunnel, Family underlay);

/// Why 802.1Q costs nothing at L3, for explanations.
extern const char kVlanOverheadNote[];

}  // namespace mtulab

#endif  // MTULAB_PLAN_OVERHEADS_H_
