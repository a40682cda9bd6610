// TopologyRenderer: dot runs beside the cases and each suite gets its own picture back.
#include "harness/cli/report_outputs.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "harness/sys/process.h"

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
  if (!FindExecutable("dot")) GTEST_FAIL() << "Graphviz dot is missing (ci/install-deps.sh)";
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

TEST(TopologyRendererTest, WithoutDotEveryPictureSaysWhy) {
  const char* old = std::getenv("PATH");
  std::string saved = old ? old : "";
  ::setenv("PATH", "/nonexistent", 1);
  TopologyRenderer renderer({OneNodeSuite("only", "n")});
  ::setenv("PATH", saved.c_str(), 1);
  std::map<std::string, TopologyPicture> pictures = renderer.Finish();
  ASSERT_EQ(pictures.size(), 1u);
  EXPECT_EQ(pictures["only"].svg, "");
  EXPECT_EQ(pictures["only"].unavailable,
            "Graphviz 'dot' is not installed (Debian package graphviz)");
}

TEST(TopologyRendererTest, NoSuitesNoDot) {
  TopologyRenderer renderer({});
  EXPECT_TRUE(renderer.Finish().empty());
}

}  // namespace
}  // namespace mtulab
