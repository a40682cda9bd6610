#ifndef MTULAB_PROBES_LAB_VIEW_H_
#define MTULAB_PROBES_LAB_VIEW_H_

#include <cerrno>
#include <map>
#include <string>

#include "harness/model/errors.h"
#include "harness/model/pod_network.h"
#include "harness/model/topology.h"
#include "harness/sys/netns.h"
#include "harness/sys/rtnl.h"

namespace mtulab {

/// One node of a built lab: its namespace, a netlink socket inside it, its interfaces.
struct LabNode {
  std::string name;
  Netns ns;
  Rtnl rtnl;
  std::map<std::string, int> ifindex;  // interface name -> index inside the namespace
};

/// What a step sees of the built lab: the topology it was built from and each node's
/// namespace, netlink socket and interface indexes. runner/lab.h (Lab) implements it, so the
/// probes do not depend on the runner that builds and owns the lab.
class LabView {
 public:
  virtual ~LabView() = default;

  virtual const Topology& topology() const = 0;
  /// The node; throws std::out_of_range for an unknown name (validated inputs never do).
  virtual LabNode& node(const std::string& name) = 0;
  /// Interface index of `ifname` in `node`; throws SysError if the interface is unknown.
  virtual int IfIndex(const std::string& node, const std::string& ifname) = 0;
  /// What the CNI plugins returned when they built pod `pod`; nullptr for a node that is no
  /// pod.
  virtual const PodNetwork* PodNetworkOf(const std::string& /*pod*/) const { return nullptr; }
  /// Creates `device` in its node mid-case (<add-link>) and records its index; it lives until
  /// the node's namespace goes. Throws SysError with the kernel's refusal, CaseSkip when this
  /// kernel lacks the kind; outside a built lab, HarnessError (never taken for a refusal).
  virtual void AddDevice(const Device& device) {
    throw HarnessError("adding '" + device.end.ifname + "'", EOPNOTSUPP,
                       "not in a lab mtulab built");
  }
  /// Changes the existing `device` (<change-link>: the topology's, with the step's attributes
  /// and `end.mtu` the step's) through its kind's changelink. Throws SysError as AddDevice.
  virtual void ChangeDevice(const Device& device) {
    throw HarnessError("changing '" + device.end.ifname + "'", EOPNOTSUPP,
                       "not in a lab mtulab built");
  }
  /// True when a target address no node has may be answered by a host outside the run
  /// (`mtulab probe`: a <tcp> there talks to `mtulab serve`); false in a built lab.
  virtual bool ExternalTargets() const { return false; }
};

}  // namespace mtulab

#endif  // MTULAB_PROBES_LAB_VIEW_H_
