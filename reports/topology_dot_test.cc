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
  EXPECT_NE(dot.find("a &lt;&amp;&gt;"), std::string::npos) << dot;
  EXPECT_NE(dot.find("eth&quot;0 · mtu 9000"), std::string::npos) << dot;
  EXPECT_NE(dot.find("<font point-size=\"8\">10.0.0.2/24</font>"), std::string::npos) << dot;
  EXPECT_NE(dot.find("  n0:i0 -- n1:i0 [label=\"mtu 9000 ≠ mtu 1500\", fontcolor=\"#b9770e\"];\n"),
            std::string::npos)
      << dot;
}

TEST(TopologyDotTest, HighlightsBottleneckRowAndLink) {
  DotAnnotations a;
  a.bottlenecks = {{"b", "eth0", "x -> y ipv4: pmtu 1500"},
                   {"b", "eth0", "x -> y ipv4: pmtu 1500"}};
  std::string dot = TopologyDot(TwoNodes(), a);
  EXPECT_NE(
      dot.find("<td port=\"i0\" align=\"left\" balign=\"left\" bgcolor=\"#f8d7da\">eth0 · mtu 1500"
               "<br/><font point-size=\"8\">10.0.0.2/24</font><br/><font point-size=\"8\">"
               "bottleneck: x -&gt; y ipv4: pmtu 1500</font></td>"),
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

// An unset MTU the model can derive is printed with its value and why, not "default".
TEST(TopologyDotTest, DerivedMtuIsPrintedWithItsValue) {
  Topology t = TwoNodes();
  t.links[0].ends[0].mtu.reset();
  DotAnnotations a;
  a.derived_mtu[{"a <&>", "eth\"0"}] = {1450, "derived: uplink0 1500 - 50 vxlan"};
  std::string dot = TopologyDot(t, a);
  EXPECT_NE(dot.find("eth&quot;0 · mtu 1450 <font point-size=\"8\"><i>(derived: uplink0 "
                     "1500 - 50 vxlan)</i></font>"),
            std::string::npos)
      << dot;
  EXPECT_EQ(dot.find("mtu default"), std::string::npos) << dot;
}

// What a case's overrides changed is filled yellow and says what it was.
TEST(TopologyDotTest, ChangedValuesAreMarked) {
  DotAnnotations a;
  a.changed_mtu[{"b", "eth0"}] = "9000";
  a.changed_node["b"] = {"sysctl net.ipv4.ip_forward=0"};
  std::string dot = TopologyDot(TwoNodes(), a);
  EXPECT_NE(dot.find("bgcolor=\"#fff3bf\">eth0 · <u>mtu 1500</u> <font point-size=\"8\">"
                     "changed by the case (was 9000)</font>"),
            std::string::npos)
      << dot;
  EXPECT_NE(dot.find("<td align=\"left\" bgcolor=\"#fff3bf\"><font point-size=\"8\">changed "
                     "by the case: sysctl net.ipv4.ip_forward=0</font></td>"),
            std::string::npos)
      << dot;
  EXPECT_EQ(TopologyDot(TwoNodes(), {}).find("#fff3bf"), std::string::npos);
}

}  // namespace
}  // namespace mtulab
