#include "reports/topology_dot.h"

#include <gtest/gtest.h>


namespace mtulab {
namespace {

Topology TwoNodes() {
  Topology t;
  t.name = "t";
  t.nodes = {Node{"a <&>", {}, {}, {}, {}, {}}, Node{"b", {}, {}, {}, {}, {}}};
  Link link;
  link.ends[0] = Endpoint{"a <&>", "eth\"0", 9000, {}, {}, {}};
  link.ends[1] = Endpoint{"b", "eth0", 1500, {}, {}, {}};
  link.ends[1].addresses.push_back(Address{Family::kIpv4, "10.0.0.2/24", {}});
  t.links.push_back(link);
  return t;
}

TEST(TopologyDotTest, EscapesTextAndLabelsMtuMismatch) {
  std::string dot = TopologyDot(TwoNodes(), {});
  EXPECT_NE(dot.find("<b>a &lt;&amp;&gt;</b>"), std::string::npos) << dot;
  EXPECT_NE(dot.find("<b>eth&quot;0</b> · mtu 9000"), std::string::npos) << dot;
  EXPECT_NE(dot.find("<font point-size=\"8\">10.0.0.2/24</font>"), std::string::npos) << dot;
  EXPECT_NE(dot.find("  n0:i0 -- n1:i0 [label=\"mtu 9000 ≠ mtu 1500\", fontcolor=\"#b9770e\"];\n"),
            std::string::npos)
      << dot;
}

TEST(TopologyDotTest, HighlightsBottleneckRowAndLink) {
  std::string dot = TopologyDot(TwoNodes(), {{"b", "eth0", "x -> y ipv4: pmtu 1500"},
                                             {"b", "eth0", "x -> y ipv4: pmtu 1500"}});
  EXPECT_NE(dot.find("<td port=\"i0\" align=\"left\" balign=\"left\" bgcolor=\"#f8d7da\"><b>eth0</b> · mtu 1500"
                     "<br/><font point-size=\"8\">10.0.0.2/24</font><br/><font point-size=\"8\">"
                     "<b>bottleneck</b> x -&gt; y ipv4: pmtu 1500</font></td>"),
            std::string::npos)
      << dot;
  EXPECT_EQ(dot.find("bottleneck", dot.find("bottleneck") + 1), std::string::npos) << "deduped";
  EXPECT_NE(dot.find("color=\"#c0392b\", penwidth=3]"), std::string::npos) << dot;
}

TEST(TopologyDotTest, UnsetMtuIsTheKernelDefault) {
  Topology t = TwoNodes();
  t.links[0].ends[0].mtu.reset();
  EXPECT_NE(TopologyDot(t, {}).find("mtu default"), std::string::npos);
}

}  // namespace
}  // namespace mtulab
