// TopologyRenderer: Graphviz (libgvc) draws beside the cases; each suite and each failed case
// gets its own picture back.
#include "harness/cli/report_outputs.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "reports/graphviz_svg.h"

namespace mtulab {
namespace {

Suite OneNodeSuite(const std::string& suite, const std::string& node) {
  Suite s;
  s.name = suite;
  s.topology.name = suite + "-topology";
  Node n;
  n.name = node;
  s.topology.nodes.push_back(n);
  return s;
}

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(TopologyRendererTest, EverySuiteGetsItsOwnPictureInOrder) {
  std::vector<Suite> suites = {OneNodeSuite("first", "alpha_node"),
                               OneNodeSuite("second", "beta_node"),
                               OneNodeSuite("third", "gamma_node")};
  TopologyRenderer renderer(suites);
  std::map<std::string, TopologyPicture> pictures = renderer.Finish();
  ASSERT_EQ(pictures.size(), 3u);
  const char* nodes[] = {"alpha_node", "beta_node", "gamma_node"};
  for (size_t i = 0; i < suites.size(); ++i) {
    const TopologyPicture& p = pictures[suites[i].name];
    EXPECT_EQ(p.unavailable, "") << suites[i].name;
    EXPECT_EQ(Count(p.svg, "<svg"), 1u) << suites[i].name << ": one SVG document";
    EXPECT_EQ(Count(p.svg, "</svg>"), 1u) << suites[i].name;
    for (size_t j = 0; j < 3; ++j) {
      EXPECT_EQ(p.svg.find(nodes[j]) != std::string::npos, i == j)
          << suites[i].name << " and node " << nodes[j];
    }
  }
}

// A failed case gets its own picture, drawn after its overrides: the MTU it changed is
// there, marked, with the value it had; a passing case gets none.
TEST(TopologyRendererTest, AFailedCaseGetsItsOwnTopologyWithTheChangedMtu) {
  Suite suite = OneNodeSuite("s", "client");
  Device dummy;
  dummy.kind = "dummy";
  dummy.end = Endpoint{"client", "eth9", 9000, {}, {}, {}};
  suite.topology.devices.push_back(dummy);
  Case changed{"changed", "", {}, {}, {}};
  changed.overrides.push_back(Override{MtuOverride{"client", "eth9", 1234}, {}});
  suite.cases = {changed, Case{"passed", "", {}, {}, {}}};
  SuiteResult result{"s", "", "", {}, 0};
  result.cases.resize(2);
  result.cases[0].name = "changed";
  result.cases[0].outcome = Outcome::kFail;
  result.cases[1].name = "passed";
  std::map<std::string, TopologyPicture> pictures = RenderTopologies({suite}, {result});
  ASSERT_EQ(pictures.size(), 2u);
  const TopologyPicture& own = pictures[CasePictureKey("s", "changed")];
  EXPECT_EQ(own.unavailable, "");
  EXPECT_NE(own.svg.find("mtu 1234"), std::string::npos) << own.svg;
  EXPECT_NE(own.svg.find("changed by the case"), std::string::npos) << own.svg;
  EXPECT_NE(own.svg.find("was 9000"), std::string::npos) << own.svg;
  EXPECT_NE(pictures["s"].svg.find("mtu 9000"), std::string::npos) << "the suite's, as loaded";
  EXPECT_EQ(pictures["s"].svg.find("changed by the case"), std::string::npos);
}

TEST(GraphvizSvgTest, TextThatDoesNotParseSaysWhy) {
  try {
    RenderDotToSvg("graph { a -- ");
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("Graphviz parsing the topology's DOT text: ", 0), 0u)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("syntax error"), std::string::npos) << e.what();
  }
  EXPECT_NE(RenderDotToSvg("graph { a -- b }").find("</svg>"), std::string::npos);
}

TEST(TopologyRendererTest, NoSuitesNoDot) {
  TopologyRenderer renderer({});
  EXPECT_TRUE(renderer.Finish().empty());
}

}  // namespace
}  // namespace mtulab
