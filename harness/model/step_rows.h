#ifndef MTULAB_MODEL_STEP_ROWS_H_
#define MTULAB_MODEL_STEP_ROWS_H_

// The rows of the step registry (model/step_specs.h), one function per step kind. Internal
// to harness/model: everyone else reads StepSpecs().

#include <string>
#include <utility>

#include "harness/model/step_specs.h"

namespace mtulab::step_rows {

inline FactSpec Fact(std::string pattern, FactType type, std::string unit, Provenance provenance,
                     std::string doc) {
  FactSpec f;
  f.pattern = std::move(pattern);
  f.type = type;
  f.unit = std::move(unit);
  f.provenance = provenance;
  f.doc = std::move(doc);
  return f;
}
inline FactSpec OnlyWith(FactSpec f, std::string attr) {
  f.only_with = std::move(attr);
  return f;
}
inline FactSpec Predictable(FactSpec f) {
  f.predictable = true;
  return f;
}
inline FactSpec TimeDependent(FactSpec f) {
  f.time_dependent = true;
  return f;
}

// Steps that send traffic along a path (step_rows_paths.cc).
StepSpec PingRow();
StepSpec PmtuRow();
StepSpec SweepRow();
StepSpec EncapRow();
StepSpec TcpRow();
StepSpec UdpRow();
// Steps that read or change state (step_rows_state.cc).
StepSpec CounterRow();
StepSpec LinkRow();
StepSpec SetRow();
StepSpec FlushRow();
StepSpec WaitRow();
StepSpec CaptureStartRow();
StepSpec CaptureStopRow();
StepSpec DeleteLinkRow();
StepSpec RouteReplaceRow();
// Steps that read without changing anything, and the poll loop (step_rows_read.cc).
StepSpec ReadRow();
StepSpec UntilRow();
// The result of a pod's CNI plugins (step_rows_cni.cc).
StepSpec CniRow();

}  // namespace mtulab::step_rows

#endif  // MTULAB_MODEL_STEP_ROWS_H_
