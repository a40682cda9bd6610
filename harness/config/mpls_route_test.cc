// MPLS in the topology: <route mpls="100/200"> (an encap route pushing labels),
// <mpls-route label dev> (an AF_MPLS route popping one) and the per-interface `mpls.input`
// sysctl: what the loader reads and its errors, as exact strings.
#include <gtest/gtest.h>

#include "harness/config/config_test_util.h"
#include "harness/config/loader.h"

namespace mtulab {
namespace {

// Lines 1-6; the node's children given to the test start on line 7.
std::string TopologyWith(const std::string& children) {
  return R"(<topology name="t">
  <node name="b"/>
  <link>
    <end node="a" name="u0" ipv4="10.0.1.1/24"><sysctl name="mpls.input" value="1"/></end>
    <end node="b" name="u0" ipv4="10.0.1.2/24"/></link>
  <node name="a">
)" + children +
         "  </node>\n</topology>\n";
}

class MplsRouteTest : public TempDirTest {
 protected:
  std::vector<std::string> ErrorsOf(const std::string& children) {
    std::string path = Write("t.xml", TopologyWith(children));
    return Errors([&] { LoadTopology(path); });
  }
  std::string At(int line, int col, const std::string& message) {
    return dir_ + "/t.xml:" + std::to_string(line) + ":" + std::to_string(col) + ": " + message;
  }
};

TEST_F(MplsRouteTest, ReadsLabelStacksPopRoutesAndTheInputSysctl) {
  std::string path =
      Write("t.xml",
            TopologyWith(
                "    <route to=\"10.100.0.2/32\" via=\"10.0.1.2\" dev=\"u0\" mpls=\"100/200\"/>\n"
                "    <route to=\"10.100.0.3/32\" via=\"10.0.1.2\" mpls=\"16\"/>\n"
                "    <mpls-route label=\"100\" dev=\"lo\"/>\n"
                "    <mpls-route label=\"1048575\" dev=\"u0\"/>\n"));
  Topology t = LoadTopology(path);
  const Node& a = *t.FindNode("a");
  EXPECT_EQ(a.routes.at(0).mpls_labels, (std::vector<uint32_t>{100, 200}));
  EXPECT_EQ(a.routes.at(0).Describe(), "10.100.0.2/32 encap mpls 100/200 via 10.0.1.2 dev u0");
  EXPECT_EQ(a.routes.at(1).mpls_labels, (std::vector<uint32_t>{16}));
  ASSERT_EQ(a.mpls_routes.size(), 2u);
  EXPECT_EQ(a.mpls_routes[0].label, 100u);
  EXPECT_EQ(a.mpls_routes[0].dev, "lo");
  EXPECT_EQ(a.mpls_routes[1].label, 1048575u);
  EXPECT_EQ(t.FindEndpoint("a", "u0")->sysctls.at(0).key, "net.mpls.conf.u0.input");
  EXPECT_TRUE(t.FindNode("b")->mpls_routes.empty());
}

TEST_F(MplsRouteTest, LabelStackErrors) {
  EXPECT_EQ(ErrorsOf("    <route to=\"10.100.0.2/32\" via=\"10.0.1.2\" mpls=\"15\"/>\n"
                     "    <route to=\"10.100.0.3/32\" via=\"10.0.1.2\" mpls=\"100//200\"/>\n"
                     "    <route to=\"10.100.0.4/32\" via=\"10.0.1.2\" mpls=\"1048576\"/>\n"
                     "    <route to=\"10.100.0.5/32\" via=\"10.0.1.2\" mpls=\"\"/>\n"),
            Lines(At(7, 46,
                     "route 10.100.0.2/32 on node 'a': mpls=\"15\": '15' is not a label "
                     "16..1048575 (labels are separated by '/')"),
                  At(8, 46,
                     "route 10.100.0.3/32 on node 'a': mpls=\"100//200\": '' is not a "
                     "label 16..1048575 (labels are separated by '/')"),
                  At(9, 46,
                     "route 10.100.0.4/32 on node 'a': mpls=\"1048576\": '1048576' is not "
                     "a label 16..1048575 (labels are separated by '/')"),
                  At(10, 46,
                     "route 10.100.0.5/32 on node 'a': mpls=\"\": '' is not a label "
                     "16..1048575 (labels are separated by '/')")));
  std::string stack = "16";
  for (int i = 1; i < 31; ++i) stack += "/16";
  EXPECT_EQ(ErrorsOf("    <route to=\"10.100.0.2/32\" via=\"10.0.1.2\" mpls=\"" + stack +
                     "\"/>\n    <route to=\"10.100.0.3/32\" mpls=\"100\">\n"
                     "      <nexthop via=\"10.0.1.2\"/>\n    </route>\n"),
            Lines(At(7, 46,
                     "route 10.100.0.2/32 on node 'a': mpls=\"" + stack +
                         "\" pushes 31 labels; the kernel takes at most 30"),
                  At(8, 31,
                     "route 10.100.0.3/32 on node 'a': 'mpls' is not supported on a "
                     "multipath route")));
}

TEST_F(MplsRouteTest, PopRouteErrors) {
  EXPECT_EQ(
      ErrorsOf("    <mpls-route label=\"15\" dev=\"lo\"/>\n"
               "    <mpls-route dev=\"lo\"/>\n"
               "    <mpls-route label=\"100\" dev=\"e9\"/>\n"
               "    <mpls-route label=\"100\" dev=\"u0\"/>\n"
               "    <mpls-route label=\"200\"/>\n"),
      Lines(At(7, 17, "label 15 is out of range 16..1048575"),
            At(8, 5, "<mpls-route> needs attribute 'label'"),
            At(9, 5,
               "mpls-route 100 on node 'a': dev 'e9' is not 'lo' or an interface of "
               "'a'"),
            At(10, 5,
               "mpls-route 100 on node 'a': label is already routed at " + dir_ + "/t.xml:9:5"),
            At(11, 5, "<mpls-route> needs attribute 'dev'")));
}

}  // namespace
}  // namespace mtulab
