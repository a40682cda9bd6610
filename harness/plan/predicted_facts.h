#ifndef MTULAB_PLAN_PREDICTED_FACTS_H_
#define MTULAB_PLAN_PREDICTED_FACTS_H_

#include <optional>
#include <string>
#include <vector>

#include "harness/model/diagnostics.h"
#include "harness/model/suite.h"

namespace mtulab {

class NetModel;

/// What "predicted" stands for in one expectation.
struct FactPrediction {
  std::optional<std::string> value;  // nullopt: no prediction (see error)
  std::string explanation;           // for Expectation::predicted_from
  std::string error;                 // why there is no value
};

/// The facts "predicted" may stand for after a step of `step_kind` ("ping" -> ping.mtu,
/// ping.icmp_from); empty for kinds without any.
const std::vector<std::string>& PredictableFacts(const std::string& step_kind);

/// The predicted value of `fact` for `step` on the topology behind `model`.
FactPrediction PredictFact(const NetModel& model, const Step& step, const std::string& fact);

/// Replaces each "predicted" value in the suite's expectations by the predictor's value for the
/// case's topology (overrides applied) and records its explanation; every expectation that
/// cannot be predicted becomes a diagnostic at its attribute. Expects a suite whose topology
/// and overrides are valid.
void ResolvePredicted(Suite& suite, Diagnostics& diags);

/// The same for a suite LoadSuite() accepted: throws ConfigError with every expectation that
/// cannot be predicted (file:line:col of its attribute). The loader does not predict (config/
/// does not reach plan/); the commands call this after loading (cli/load_suite.h).
void ResolvePredicted(Suite& suite);

}  // namespace mtulab

#endif  // MTULAB_PLAN_PREDICTED_FACTS_H_
