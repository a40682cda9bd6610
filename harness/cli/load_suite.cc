#include "harness/cli/load_suite.h"

#include "harness/config/loader.h"
#include "harness/plan/predicted_facts.h"

namespace mtulab {

Suite LoadSuiteWithPredictions(const std::string& path) {
  Suite suite = LoadSuite(path);
  ResolvePredicted(suite);
  return suite;
}

}  // namespace mtulab
