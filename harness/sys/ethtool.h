#ifndef MTULAB_SYS_ETHTOOL_H_
#define MTULAB_SYS_ETHTOOL_H_

#include <map>
#include <string>
#include <vector>

#include "harness/sys/netns.h"
#include "harness/sys/unique_fd.h"

namespace mtulab {

/// State of one ethtool-style offload group ("tso", "gso", "gro", "lro", "tx", "sg"), each
/// mapping to kernel feature bits as ethtool groups them (tso = tx-tcp*-segmentation,
/// tx = tx-checksum-*, sg = tx-scatter-gather*, ...). A group is "on" when it has a bit that is
/// available or active and all such bits are active (GroupState in ethtool_groups.h).
struct OffloadState {
  bool active = false;      // what the device does now
  bool changeable = false;  // some bit of the group is available and not never_changed
};

/// The result of asking for a group on or off.
struct OffloadChange {
  bool applied = false;       // the active state now equals the request
  OffloadState after;         // re-read after the request
  std::string detail;         // e.g. "rx-lro: fixed off" or "tx-generic-segmentation: off
                              // [requested on]" (a dependency); empty when applied cleanly
};

/// SIOCETHTOOL (ETHTOOL_GSSET_INFO / GSTRINGS / GFEATURES / SFEATURES with ETH_SS_FEATURES)
/// on a socket opened inside a namespace; no ethtool child process.
class Ethtool {
 public:
  /// Opens the ioctl socket inside `ns`. Throws SysError.
  explicit Ethtool(const Netns& ns, std::string owner);

  /// Every known group's state for `ifname`. Throws SysError naming the interface.
  std::map<std::string, OffloadState> Read(const std::string& ifname);
  /// Requests `group` ("tso", "gso", "gro", "lro", "tx", "sg") on or off and reports what the
  /// driver did. An unknown group name throws SysError (EINVAL).
  OffloadChange Set(const std::string& ifname, const std::string& group, bool on);

  /// The group names Read() reports, in a fixed order.
  static const std::vector<std::string>& Groups();

 private:
  UniqueFd fd_;
  std::string owner_;
};

}  // namespace mtulab

#endif  // MTULAB_SYS_ETHTOOL_H_
