// Pure part of Ethtool: how kernel feature bits fold into ethtool's offload groups and how a
// change request is reported. No kernel access; unit-tested with synthetic feature tables.
#ifndef MTULAB_SYS_ETHTOOL_GROUPS_H_
#define MTULAB_SYS_ETHTOOL_GROUPS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "harness/sys/ethtool.h"

namespace mtulab {

/// One kernel feature bit as ETHTOOL_GFEATURES reports it; a device's features are a vector
/// indexed by bit number (names from ETHTOOL_GSTRINGS, ETH_SS_FEATURES).
struct FeatureBit {
  std::string name;
  bool available = false;      // in dev->hw_features: the user may toggle it
  bool requested = false;      // in dev->wanted_features
  bool active = false;         // in dev->features
  bool never_changed = false;  // in NETIF_F_NEVER_CHANGE

  /// Set() may put this bit in ETHTOOL_SFEATURES' `valid` mask.
  bool Changeable() const { return available && !never_changed; }
};

/// The group ("tso", "gso", "gro", "lro", "tx", "sg") the kernel feature `feature` belongs to,
/// matched like ethtool 6.1's off_flag_def globs (fnmatch): tso = "tx-tcp*-segmentation",
/// gso = "tx-generic-segmentation", gro = "rx-gro", lro = "rx-lro", tx = "tx-checksum-*",
/// sg = "tx-scatter-gather*". Empty when it belongs to none of them.
std::string GroupOfFeature(std::string_view feature);

/// True when `group` is one of Ethtool::Groups().
bool IsOffloadGroup(const std::string& group);

/// "unknown offload 'foo' (known: tso, gso, gro, lro, tx, sg)".
std::string UnknownGroupText(const std::string& group);

/// A group's state over its bits B (the features GroupOfFeature maps to it):
///  - relevant bits R = { b in B : b.available || b.active };
///  - active = R is non-empty and every bit of R is active;
///  - changeable = some bit of B is Changeable().
/// A bit that is neither available nor active is fixed off and does not hold the group off
/// (veth's tx-checksum-ipv4 beside the active tx-checksum-ip-generic), so tso and tx read on
/// on a default veth; a group with no relevant bit at all (veth's rx-lro) reads off.
OffloadState GroupState(const std::vector<FeatureBit>& features, const std::string& group);

/// Bit numbers of `group` that are Changeable(): the `valid` mask Set() sends.
std::vector<size_t> ChangeableBits(const std::vector<FeatureBit>& features,
                                   const std::string& group);

/// What went differently from asking `group` on/off, given the features read before and
/// after the request (same bit order); "; "-separated, empty when exactly the group's
/// changeable bits took the requested value and nothing else moved. Like ethtool's "Actual
/// changes", each surprise is one feature:
///  - a changeable bit of the group that did not follow: "tx-tcp-segmentation: off
///    [requested on]" (a dependency kept it);
///  - any other bit that moved: "tx-generic-segmentation: off [not requested]";
///  - when the group did not reach the request, each of its fixed bits that holds it off (or
///    on): "rx-lro: fixed off".
std::string DescribeChange(const std::vector<FeatureBit>& before,
                           const std::vector<FeatureBit>& after, const std::string& group,
                           bool on);

}  // namespace mtulab

#endif  // MTULAB_SYS_ETHTOOL_GROUPS_H_
