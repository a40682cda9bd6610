#include <gtest/gtest.h>

#include "harness/cli/load_suite.h"
#include "harness/cli/topology_dot_predict.h"
#include "reports/testdata/sample_report.h"
#include "reports/topology_dot.h"

namespace mtulab {
namespace {

Suite ShippedSuite(const std::string& name) {
  return LoadSuiteWithPredictions(std::string(MTULAB_SOURCE_DIR) + "/suites/" + name);
}

TEST(TopologyDotTest, MatchesGolden) {
  Suite suite = ShippedSuite("seed000_liqo.xml");
  std::string dot = TopologyDot(suite.topology, PredictedBottlenecks(suite));
  EXPECT_EQ(testdata::CheckGolden("sample.dot", dot), "");
}

TEST(TopologyDotTest, PredictsTheLiqoBottleneckOnTheTunnel) {
  Suite suite = ShippedSuite("seed000_liqo.xml");
  std::vector<DotHighlight> b = PredictedBottlenecks(suite);
  ASSERT_FALSE(b.empty());
  bool on_tunnel = false;
  for (const DotHighlight& h : b) on_tunnel = on_tunnel || h.ifname == "liqo.wg";
  EXPECT_TRUE(on_tunnel);
}

}  // namespace
}  // namespace mtulab
