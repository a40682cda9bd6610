// Policy routing: <rule> and <route table> in a topology, tos= on ping / pmtu / udp steps:
// what the loader reads and its errors, as exact strings.
#include <gtest/gtest.h>

#include "harness/config/config_test_util.h"
#include "harness/config/loader.h"
#include "harness/model/values.h"
#include "harness/plan/predicted_facts.h"

namespace mtulab {
namespace {

// Lines 1-6; the node's children given to the test start on line 7.
std::string TopologyWith(const std::string& children) {
  return R"(<topology name="t">
  <node name="r1"/>
  <link>
    <end node="a" name="e1" ipv4="10.0.1.1/24" ipv6="fd00:1::1/64"/>
    <end node="r1" name="e1" ipv4="10.0.1.2/24" ipv6="fd00:1::2/64"/></link>
  <node name="a">
)" + children +
         "  </node>\n</topology>\n";
}

class PolicyRoutingTest : public TempDirTest {
 protected:
  std::vector<std::string> ErrorsOf(const std::string& children) {
    std::string path = Write("t.xml", TopologyWith(children));
    return Errors([&] { LoadTopology(path); });
  }
  std::string At(int line, int col, const std::string& message) {
    return dir_ + "/t.xml:" + std::to_string(line) + ":" + std::to_string(col) + ": " + message;
  }
};

TEST(ParseTosByteTest, HexOrDecimal) {
  EXPECT_EQ(ParseTosByte("0x04"), 4);
  EXPECT_EQ(ParseTosByte("0XB8"), 0xb8);
  EXPECT_EQ(ParseTosByte("0x6"), 6);
  EXPECT_EQ(ParseTosByte("255"), 255);
  EXPECT_EQ(ParseTosByte("0"), 0);
  EXPECT_FALSE(ParseTosByte("256").has_value());
  EXPECT_FALSE(ParseTosByte("0x100").has_value());
  EXPECT_FALSE(ParseTosByte("0x").has_value());
  EXPECT_FALSE(ParseTosByte("0xg1").has_value());
  EXPECT_FALSE(ParseTosByte("-1").has_value());
  EXPECT_FALSE(ParseTosByte("").has_value());
}

TEST_F(PolicyRoutingTest, ReadsRulesAndRouteTables) {
  std::string path =
      Write("t.xml", TopologyWith("    <route to=\"default\" via=\"10.0.1.2\" table=\"100\"/>\n"
                                  "    <route to=\"default\" via=\"10.0.1.2\"/>\n"
                                  "    <route to=\"default\" via=\"fd00:1::2\" table=\"7\"/>\n"
                                  "    <rule dsfield=\"0x04\" table=\"100\"/>\n"
                                  "    <rule priority=\"10\" from=\"fd00:1::/64\" to=\"fd00:9::1\" "
                                  "dsfield=\"0xb8\" fwmark=\"3\" "
                                  "table=\"7\"/>\n"));
  Topology t = LoadTopology(path);
  const Node& a = *t.FindNode("a");
  ASSERT_EQ(a.routes.size(), 3u);
  EXPECT_EQ(a.routes[0].table, 100u);
  EXPECT_EQ(a.routes[0].Describe(), "default via 10.0.1.2 table 100");
  EXPECT_FALSE(a.routes[1].table.has_value());
  EXPECT_EQ(a.routes[1].Table(), 254u);
  ASSERT_EQ(a.rules.size(), 2u);
  EXPECT_EQ(a.rules[0].family, Family::kIpv4);
  EXPECT_EQ(a.rules[0].dsfield, 4);
  EXPECT_EQ(a.rules[0].Describe(), "ipv4 dsfield 0x04 lookup 100");
  EXPECT_EQ(a.rules[1].family, Family::kIpv6);
  EXPECT_EQ(a.rules[1].Describe(),
            "priority 10 ipv6 from fd00:1::/64 to fd00:9::1/128 dsfield 0xb8 fwmark 3 "
            "lookup 7");
}

TEST_F(PolicyRoutingTest, RuleErrors) {
  EXPECT_EQ(ErrorsOf("    <route to=\"default\" via=\"10.0.1.2\" table=\"100\"/>\n"
                     "    <rule dsfield=\"0x06\" table=\"100\"/>\n"
                     "    <rule dsfield=\"0x1ff\" table=\"100\"/>\n"
                     "    <rule dsfield=\"4\"/>\n"
                     "    <rule from=\"10.0.1.1/24\" table=\"100\"/>\n"
                     "    <rule from=\"10.0.1.0/24\" family=\"ipv6\" table=\"100\"/>\n"
                     "    <rule tos=\"4\" table=\"100\"/>\n"
                     "    <rule dsfield=\"0xb8\" table=\"100\"/>\n"),
            Lines(At(8, 11,
                     "dsfield=\"0x06\" has ECN bits (0x03) set: a rule matches DSCP "
                     "only, the kernel refuses it"),
                  At(9, 11, "dsfield=\"0x1ff\" is not a TOS byte: 0x00..0xff or 0..255"),
                  At(10, 5, "<rule> needs attribute 'table'"),
                  At(11, 11,
                     "from=\"10.0.1.1/24\" has host bits set (did you mean "
                     "10.0.1.0/24?)"),
                  At(12, 5, "rule on node 'a': mixes IPv4 and IPv6 in from, to and family"),
                  At(13, 11, "unknown attribute 'tos' on <rule>; did you mean 'to'?"),
                  At(14, 11,
                     "dsfield=\"0xb8\": an IPv4 rule matches only the TOS bits 0x1c "
                     "(0x04..0x1c); the kernel refuses any other DSCP (EINVAL)")));
}

TEST_F(PolicyRoutingTest, RuleTableNeedsARoute) {
  EXPECT_EQ(ErrorsOf("    <route to=\"default\" via=\"10.0.1.2\" table=\"100\"/>\n"
                     "    <rule dsfield=\"0x04\" table=\"101\"/>\n"
                     "    <rule family=\"ipv6\" table=\"100\"/>\n"
                     "    <rule table=\"254\"/>\n"),
            Lines(At(8, 5,
                     "rule ipv4 dsfield 0x04 lookup 101 on node 'a': table 101 has no "
                     "ipv4 route of this node (give a <route> table=\"101\")"),
                  At(9, 5,
                     "rule ipv6 lookup 100 on node 'a': table 100 has no ipv6 route of "
                     "this node (give a <route> table=\"100\")")));
}

TEST_F(PolicyRoutingTest, SameRouteInTwoTablesIsNoDuplicate) {
  EXPECT_EQ(
      ErrorsOf("    <route to=\"default\" via=\"10.0.1.2\" table=\"100\"/>\n"
               "    <route to=\"default\" via=\"10.0.1.2\"/>\n"
               "    <route to=\"default\" via=\"10.0.1.2\" table=\"100\"/>\n"
               "    <route to=\"default\" via=\"10.0.1.2\" table=\"0\"/>\n"),
      Lines(
          At(9, 5, "route default (ipv4) on node 'a' is already defined at " + dir_ + "/t.xml:7:5"),
          At(10, 40, "table 0 is out of range 1..4294967295")));
}

TEST_F(PolicyRoutingTest, StepsReadTos) {
  Write("t.xml", TopologyWith("    <route to=\"default\" via=\"10.0.1.2\" table=\"100\"/>\n"
                              "    <rule dsfield=\"0x04\" table=\"100\"/>\n"));
  std::string suite = Write("s.xml", R"(<suite name="s" topology="t.xml">
  <case name="c">
    <ping from="a" to="10.0.9.1" tos="0x06"><expect fact="ping.result" equals="reply"/></ping>
    <pmtu from="a" to="10.0.9.1" tos="4"><expect fact="route.pmtu" equals="1500"/></pmtu>
    <udp from="a" to="r1:e1" tos="0xb8"><expect fact="udp.received" equals="1"/></udp>
  </case>
</suite>
)");
  Suite s = LoadSuite(suite);
  const Case& c = s.cases.at(0);
  EXPECT_EQ(std::get<PingStep>(c.steps.at(0).body).tos, 6);
  EXPECT_EQ(std::get<PmtuStep>(c.steps.at(1).body).tos, 4);
  EXPECT_EQ(std::get<UdpStep>(c.steps.at(2).body).tos, 0xb8);
  EXPECT_EQ(c.steps.at(0).Describe(),
            "step 1 ping a -> 10.0.9.1 ipv4 size 56 df=default count 1 tos 0x06");
  EXPECT_EQ(c.steps.at(1).Describe(), "step 2 pmtu a -> 10.0.9.1 ipv4 tos 0x04");
  Write("s.xml", R"(<suite name="s" topology="t.xml">
  <case name="c"><ping from="a" to="10.0.9.1" tos="0x100"/><pmtu from="a" to="10.0.9.1" tos="x"/></case>
</suite>
)");
  EXPECT_EQ(Errors([&] { LoadSuite(suite); }),
            Lines(dir_ + "/s.xml:2:47: tos=\"0x100\" is not a TOS byte: 0x00..0xff or 0..255",
                  dir_ + "/s.xml:2:89: tos=\"x\" is not a TOS byte: 0x00..0xff or 0..255"));
}

TEST_F(PolicyRoutingTest, NoPredictionThroughRules) {
  Write("t.xml", TopologyWith("    <route to=\"default\" via=\"10.0.1.2\" table=\"100\"/>\n"
                              "    <rule dsfield=\"0x04\" table=\"100\"/>\n"));
  std::string suite = Write("s.xml", R"(<suite name="s" topology="t.xml">
  <case name="c">
    <pmtu from="a" to="10.0.1.2" tos="4"><expect fact="route.pmtu" equals="predicted"/></pmtu>
  </case>
</suite>
)");
  Suite s = LoadSuite(suite);
  std::string what = What([&] { ResolvePredicted(s); });
  EXPECT_NE(what.find("the model does not follow policy-routing rules (<rule> on node 'a')"),
            std::string::npos)
      << what;
}

}  // namespace
}  // namespace mtulab
