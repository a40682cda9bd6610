#ifndef MTULAB_CLI_LOAD_SUITE_H_
#define MTULAB_CLI_LOAD_SUITE_H_

#include <string>

#include "harness/model/suite.h"

namespace mtulab {

/// A suite as the commands use it: LoadSuite() (config/), then every "predicted" value
/// resolved by the predictor (plan/). Throws ConfigError with file:line:col diagnostics from
/// either step.
Suite LoadSuiteWithPredictions(const std::string& path);

}  // namespace mtulab

#endif  // MTULAB_CLI_LOAD_SUITE_H_
