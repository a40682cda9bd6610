#ifndef MTULAB_CLI_TOPOLOGY_DOT_PREDICT_H_
#define MTULAB_CLI_TOPOLOGY_DOT_PREDICT_H_

#include <vector>

#include "harness/model/suite.h"
#include "reports/topology_dot.h"

namespace mtulab {

/// The predicted bottleneck of every distinct probe (ping, pmtu, sweep, encap, tcp, udp:
/// from, to, family) of the suite's cases, on the suite's topology before case overrides
/// (harness/plan/predictor.h). Probes without a prediction are left out. Lives in cli/, the
/// layer that may use both the predictor and reports/.
std::vector<DotHighlight> PredictedBottlenecks(const Suite& suite);

/// The suite's picture: PredictedBottlenecks() and the derived MTU of every interface the
/// topology leaves unset (harness/plan/net_model.h, NetModel::Mtu).
DotAnnotations SuiteAnnotations(const Suite& suite);

/// One case's picture, on `applied` (ApplyOverrides(suite.topology, c)): the bottlenecks of
/// that case's probes and the derived MTUs on it, each interface whose MTU an override
/// changed (with its value before) and the case's other overrides per node.
DotAnnotations CaseAnnotations(const Suite& suite, const Case& c, const Topology& applied);

}  // namespace mtulab

#endif  // MTULAB_CLI_TOPOLOGY_DOT_PREDICT_H_
