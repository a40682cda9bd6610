#ifndef MTULAB_RUNNER_DEVICE_ORDER_H_
#define MTULAB_RUNNER_DEVICE_ORDER_H_

#include <vector>

#include "harness/model/topology.h"

namespace mtulab {

/// The order the Lab creates the topology's single-node devices in: every interface a device
/// refers to (dev, parent, ports) before it, otherwise declaration order, in passes. Throws
/// SysError(ELOOP) "ordering <kind> '<ifname>' in node '<node>': it depends on a missing
/// interface" when some device can never be created (the loader rejects such topologies).
std::vector<const Device*> DeviceBuildOrder(const Topology& topology);

}  // namespace mtulab

#endif  // MTULAB_RUNNER_DEVICE_ORDER_H_
