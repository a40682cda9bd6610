// <delete-link> and <route-replace>: what they read and their errors, as exact strings.
#include <gtest/gtest.h>

#include "harness/config/config_test_util.h"
#include "harness/config/loader.h"

namespace mtulab {
namespace {

constexpr char kTopology[] = R"(<topology name="t">
  <node name="a"/>
  <node name="r" forwarding="true"/>
  <link>
    <end node="a" name="eth0" ipv4="10.0.1.1/24" ipv6="fd00:1::1/64"/>
    <end node="r" name="eth0" ipv4="10.0.1.2/24" ipv6="fd00:1::2/64"/>
  </link>
</topology>
)";

class MutateStepReaderTest : public OneCaseSuiteTest {
 protected:
  MutateStepReaderTest() : OneCaseSuiteTest(kTopology) {}
};

TEST_F(MutateStepReaderTest, ReadsBothSteps) {
  Write("s.xml", Suite("    <delete-link node=\"a\" dev=\"eth0\">\n"
                       "      <expect fact=\"delete.ms\" at_most=\"2000\"/>\n"
                       "    </delete-link>\n"
                       "    <route-replace node=\"a\" to=\"default\" via=\"10.0.1.2\" mtu=\"1400\">\n"
                       "      <expect fact=\"route_replace.route\" is=\"present\"/>\n"
                       "    </route-replace>\n"));
  mtulab::Suite s = LoadSuite(path_);
  ASSERT_EQ(s.cases.size(), 1u);
  ASSERT_EQ(s.cases[0].steps.size(), 2u);
  const Step& del = s.cases[0].steps[0];
  EXPECT_STREQ(del.Kind(), "delete-link");
  EXPECT_EQ(del.Describe(), "step 1 delete-link a eth0");
  EXPECT_EQ(del.expects.size(), 1u);
  const auto& d = std::get<DeleteLinkStep>(del.body);
  EXPECT_EQ(d.node, "a");
  EXPECT_EQ(d.dev, "eth0");
  const Step& rep = s.cases[0].steps[1];
  EXPECT_STREQ(rep.Kind(), "route-replace");
  const auto& r = std::get<RouteReplaceStep>(rep.body);
  EXPECT_EQ(r.node, "a");
  EXPECT_EQ(r.route.DstText(), "default");
  EXPECT_FALSE(r.route.dst.has_value());
  EXPECT_EQ(r.route.family, Family::kIpv4);
  ASSERT_TRUE(r.route.via.has_value());
  EXPECT_EQ(IpToString(*r.route.via), "10.0.1.2");
  EXPECT_EQ(r.route.mtu, 1400u);
  EXPECT_EQ(rep.expects.size(), 1u);
  EXPECT_EQ(rep.Describe(), "step 2 route-replace a " + r.route.Describe());
}

TEST_F(MutateStepReaderTest, DeleteLinkNeedsAnInterfaceOfTheNode) {
  EXPECT_EQ(ErrorsOf("    <delete-link node=\"a\" dev=\"eth9\"/>\n"),
            Lines(At(3, 27, "interface 'eth9' is not defined on node 'a'")));
  EXPECT_EQ(ErrorsOf("    <delete-link node=\"a\"/>\n"),
            Lines(At(3, 5, "<delete-link> needs attribute 'dev'")));
  EXPECT_EQ(ErrorsOf("    <delete-link node=\"x\" dev=\"eth0\"/>\n"),
            Lines(At(3, 18, "node 'x' is not defined; did you mean 'a'?")));
}

TEST_F(MutateStepReaderTest, RouteReplaceChecksTheRouteLikeATopologyRoute) {
  EXPECT_EQ(ErrorsOf("    <route-replace node=\"a\" to=\"default\"/>\n"),
            Lines(At(3, 5, "route to default without 'via' needs attribute 'family'")));
  EXPECT_EQ(ErrorsOf("    <route-replace node=\"a\" to=\"10.9.0.1/24\" via=\"10.0.1.2\"/>\n"),
            Lines(At(3, 29, "route to 10.9.0.1/24 has host bits set (did you mean "
                            "10.9.0.0/24?)")));
  EXPECT_EQ(ErrorsOf("    <route-replace node=\"a\" to=\"default\" dev=\"eth9\" family=\"ipv4\"/>\n"),
            Lines(At(3, 42, "interface 'eth9' is not defined on node 'a'")));
  EXPECT_EQ(
      ErrorsOf("    <route-replace node=\"a\" to=\"default\" via=\"10.0.1.2\" weight=\"1\"/>\n"),
      Lines(At(3, 57,
               "unknown attribute 'weight' on <route-replace> (allowed: node, "
               "to, family, via, dev, src, metric, mtu, lock, advmss, mpls)")));
}

}  // namespace
}  // namespace mtulab
