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
  std::string dot = TopologyDot(suite.topology, SuiteAnnotations(suite));
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

// A case's own picture: its MTU overrides marked with the value before, the bottleneck of its
// own probes predicted on the topology after them.
TEST(TopologyDotTest, CaseAnnotationsMarkTheOverridesAndPredictOnTheCaseTopology) {
  Suite suite = ShippedSuite("seed003_calico.xml");
  const Case* jumbo = nullptr;
  for (const Case& c : suite.cases) jumbo = c.name == "pod_mtu_8950_passes_8900_df" ? &c : jumbo;
  ASSERT_NE(jumbo, nullptr);
  Topology applied = ApplyOverrides(suite.topology, *jumbo);
  DotAnnotations a = CaseAnnotations(suite, *jumbo, applied);
  ASSERT_EQ(a.changed_mtu.count({"client", "eth0"}), 1u);
  EXPECT_EQ(a.changed_mtu.at({"client", "eth0"}), "1450");
  EXPECT_EQ(a.changed_mtu.size(), 4u);
  ASSERT_FALSE(a.bottlenecks.empty());
  for (const DotHighlight& h : a.bottlenecks) {
    EXPECT_EQ(h.note.find("pmtu 1450"), std::string::npos)
        << "predicted before the overrides: " << h.note;
  }
  std::string dot = TopologyDot(applied, a);
  EXPECT_NE(dot.find("<u>mtu 8950</u> <font point-size=\"8\">changed by the case (was 1450)"),
            std::string::npos)
      << dot;
}

}  // namespace
}  // namespace mtulab
