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

}  // namespace mtulab

#endif  // MTULAB_CLI_TOPOLOGY_DOT_PREDICT_H_
