#ifndef MTULAB_RUNNER_PROBE_LAB_H_
#define MTULAB_RUNNER_PROBE_LAB_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "harness/model/topology.h"
#include "harness/probes/lab_view.h"
#include "harness/sys/netns.h"

namespace mtulab {

/// A namespace `mtulab probe` was given: "local" (--netns, or the current namespace) or a
/// --node NAME=PATH.
struct ProbeNodeSpec {
  std::string name;
  std::string path;  // empty: the namespace mtulab runs in
};

/// The namespaces of a probe run, which mtulab did not create and never changes (it only
/// opens sockets and captures in them). Opened once; each case gets its own view with its
/// own netlink sockets, so cases may run at once.
class ProbeNamespaces {
 public:
  /// Opens every namespace (a path that is not a network namespace is refused), reads its
  /// interfaces and addresses and describes them as a topology: a node per namespace, a
  /// device of kind "existing" per interface. Throws SysError naming the node and path.
  static ProbeNamespaces Open(const std::vector<ProbeNodeSpec>& nodes);

  /// What the steps are checked against and targets resolved with ("NAME:IFNAME").
  const Topology& topology() const { return topology_; }

  /// The view one case runs on: every namespace reopened, a netlink socket in each. Throws
  /// SysError.
  std::unique_ptr<LabView> View() const;

 private:
  Topology topology_;
  std::vector<std::pair<std::string, Netns>> namespaces_;  // node name -> namespace
};

/// Reads `ns`'s interfaces into `topology` as node `name` (devices of kind "existing").
void DescribeNamespace(const std::string& name, const Netns& ns, Topology& topology);

}  // namespace mtulab

#endif  // MTULAB_RUNNER_PROBE_LAB_H_
