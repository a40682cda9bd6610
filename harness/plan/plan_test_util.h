#ifndef MTULAB_PLAN_PLAN_TEST_UTIL_H_
#define MTULAB_PLAN_PLAN_TEST_UTIL_H_

// Helpers for the predictor and lint tests: shipped files, hand-written topologies.

#include <string>

#include "harness/config/config_test_util.h"
#include "harness/config/loader.h"
#include "harness/plan/predicted_facts.h"
#include "harness/plan/predictor.h"

namespace mtulab {

/// A shipped file's path: "topologies/seed004_pmtu.xml" -> MTULAB_SOURCE_DIR/...
inline std::string Shipped(const std::string& relative) {
  return std::string(MTULAB_SOURCE_DIR) + "/" + relative;
}

/// A suite as the commands load it (cli/load_suite.h): "predicted" values resolved.
inline Suite LoadPredictedSuite(const std::string& path) {
  Suite suite = LoadSuite(path);
  ResolvePredicted(suite);
  return suite;
}

/// The topology `case_name` of shipped suite `suite` runs on (its overrides applied).
inline Topology ShippedCase(const std::string& suite, const std::string& case_name) {
  Suite s = LoadPredictedSuite(Shipped(suite));
  for (const Case& c : s.cases) {
    if (c.name == case_name) return ApplyOverrides(s.topology, c);
  }
  ADD_FAILURE() << "no case " << case_name << " in " << suite;
  return s.topology;
}

/// "node ifname" of the bottleneck hop.
inline std::string BottleneckOf(const Prediction& p) {
  if (!p.ok) return "(no prediction: " + p.error + ")";
  return p.hops[p.bottleneck].node + " " + p.hops[p.bottleneck].ifname;
}

/// A directory for hand-written topologies.
class PlanTest : public TempDirTest {
 protected:
  /// Loads `body` (the children of <topology name="t">) written to t.xml.
  Topology Load(const std::string& body) {
    path_ = Write("t.xml", "<topology name=\"t\">\n" + body + "</topology>\n");
    return LoadTopology(path_);
  }
  std::string path_;
};

}  // namespace mtulab

#endif  // MTULAB_PLAN_PLAN_TEST_UTIL_H_
