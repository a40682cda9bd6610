// Multipath routes (<route> with <nexthop> children) and <pmtu oif>: what the loader reads
// and its errors, as exact strings.
#include <gtest/gtest.h>

#include "harness/config/config_test_util.h"
#include "harness/config/loader.h"

namespace mtulab {
namespace {

// Lines 1-10; the routes given to the test start on line 11.
std::string TopologyWith(const std::string& routes) {
  return R"(<topology name="t">
  <node name="r1"/>
  <node name="r2"/>
  <link>
    <end node="a" name="e1" ipv4="10.0.1.1/24" ipv6="fd00:1::1/64"/>
    <end node="r1" name="e1" ipv4="10.0.1.2/24" ipv6="fd00:1::2/64"/></link>
  <link>
    <end node="a" name="e2" ipv4="10.0.2.1/24"/>
    <end node="r2" name="e2" ipv4="10.0.2.2/24"/></link>
  <node name="a">
)" + routes + "  </node>\n</topology>\n";
}

class MultipathRouteTest : public TempDirTest {
 protected:
  std::vector<std::string> ErrorsOf(const std::string& routes) {
    std::string path = Write("t.xml", TopologyWith(routes));
    return Errors([&] { LoadTopology(path); });
  }
  std::string At(int line, int col, const std::string& message) {
    return dir_ + "/t.xml:" + std::to_string(line) + ":" + std::to_string(col) + ": " + message;
  }
};

TEST_F(MultipathRouteTest, ReadsTheNexthops) {
  std::string path = Write("t.xml", TopologyWith(
      "    <route to=\"192.168.88.88/32\" src=\"10.0.1.1\">\n"
      "      <nexthop via=\"10.0.1.2\"/>\n"
      "      <nexthop via=\"10.0.2.2\" dev=\"e2\" weight=\"3\"/>\n"
      "    </route>\n"));
  Topology t = LoadTopology(path);
  const Route& r = t.FindNode("a")->routes.at(0);
  EXPECT_FALSE(r.via.has_value());
  ASSERT_EQ(r.nexthops.size(), 2u);
  ASSERT_TRUE(r.nexthops[0].via.has_value());
  EXPECT_EQ(IpToString(*r.nexthops[0].via), "10.0.1.2");
  EXPECT_FALSE(r.nexthops[0].dev.has_value());
  EXPECT_EQ(r.nexthops[0].weight, 1u);
  EXPECT_EQ(r.nexthops[1].dev, "e2");
  EXPECT_EQ(r.nexthops[1].weight, 3u);
  EXPECT_EQ(r.Describe(), "192.168.88.88/32 src 10.0.1.1 nexthop via 10.0.1.2 weight 1 "
                          "nexthop via 10.0.2.2 dev e2 weight 3");
}

TEST_F(MultipathRouteTest, NexthopErrors) {
  EXPECT_EQ(ErrorsOf("    <route to=\"192.168.88.88/32\" via=\"10.0.1.2\">\n"
                     "      <nexthop via=\"10.0.2.2\"/>\n"
                     "    </route>\n"),
            Lines(At(11, 5, "route 192.168.88.88/32 on node 'a': 'via' and 'dev' go on each "
                            "<nexthop> of a multipath route")));
  EXPECT_EQ(ErrorsOf("    <route to=\"192.168.88.88/32\">\n"
                     "      <nexthop weight=\"2\"/>\n"
                     "      <nexthop via=\"fd00:1::2\" weight=\"0\"/>\n"
                     "    </route>\n"),
            Lines(At(12, 7, "route 192.168.88.88/32 on node 'a': <nexthop> needs 'via' or 'dev'"),
                  At(13, 16, "route 192.168.88.88/32 on node 'a': nexthop gateway fd00:1::2 is "
                             "not an ipv4 address"),
                  At(13, 32, "weight 0 is out of range 1..256")));
  EXPECT_EQ(ErrorsOf("    <route to=\"192.168.88.88/32\">\n"
                     "      <nexthop via=\"10.0.1.2\" dev=\"e9\"/>\n"
                     "      <nexthop via=\"10.0.9.2\"/>\n"
                     "    </route>\n"),
            Lines(At(12, 7, "route 192.168.88.88/32 on node 'a': nexthop: dev 'e9' is not an "
                            "interface of 'a'"),
                  At(13, 7, "route 192.168.88.88/32 on node 'a': nexthop: gateway 10.0.9.2 is "
                            "not on a subnet of any interface of 'a'")));
}

TEST_F(MultipathRouteTest, PmtuOifNamesAnInterfaceOfTheSender) {
  Write("t.xml", TopologyWith(""));
  std::string suite = Write("s.xml", R"(<suite name="s" topology="t.xml">
  <case name="c">
    <pmtu from="a" to="10.0.2.2" oif="e2"/>
    <pmtu from="a" to="10.0.2.2" oif="e9"/>
    <flush node="a"><expect fact="flush.ipv6_removed" equals="0"/></flush>
  </case>
</suite>
)");
  EXPECT_EQ(Errors([&] { LoadSuite(suite); }),
            Lines(dir_ + "/s.xml:4:34: interface 'e9' is not defined on node 'a'"));
  Write("s.xml", R"(<suite name="s" topology="t.xml">
  <case name="c"><pmtu from="a" to="10.0.2.2" oif="e2"><expect fact="route.dev" equals="e2"/></pmtu></case>
</suite>
)");
  Suite s = LoadSuite(suite);
  EXPECT_EQ(s.cases.at(0).steps.at(0).Describe(), "step 1 pmtu a -> 10.0.2.2 ipv4 oif e2");
}

}  // namespace
}  // namespace mtulab
