// <add-link> and <change-link>: what they read and their errors, as exact strings.
#include <gtest/gtest.h>

#include "harness/config/config_test_util.h"
#include "harness/config/loader.h"

namespace mtulab {
namespace {

constexpr char kTopology[] = R"(<topology name="t">
  <node name="a"/>
  <link kind="dummy" node="a" name="d0" ipv6="fc00:1000::1/64"/>
  <link kind="vti6" node="a" name="v6" mtu="1300" local="fc00:1000::1" remote="fc00:1000::2"/>
  <link kind="wireguard" node="a" name="wg0"/>
</topology>
)";

class LinkStepReaderTest : public OneCaseSuiteTest {
 protected:
  LinkStepReaderTest() : OneCaseSuiteTest(kTopology) {}
};

TEST_F(LinkStepReaderTest, ReadsAddLink) {
  Write("s.xml", Suite("    <add-link node=\"a\" kind=\"vti\" name=\"x0\" mtu=\"67\" "
                       "local=\"192.168.1.1\" remote=\"192.168.1.2\" key=\"10\">\n"
                       "      <expect fact=\"add_link.errno\" equals=\"EINVAL\"/>\n"
                       "    </add-link>\n"
                       "    <add-link node=\"a\" kind=\"vti6\" name=\"x1\" local=\"fd00:1:0::a\" "
                       "remote=\"fd00:1::b\" dev=\"d0\">\n"
                       "      <expect fact=\"add_link.mtu\" equals=\"1460\"/>\n"
                       "    </add-link>\n"));
  mtulab::Suite s = LoadSuite(path_);
  ASSERT_EQ(s.cases[0].steps.size(), 2u);
  const Step& first = s.cases[0].steps[0];
  EXPECT_STREQ(first.Kind(), "add-link");
  EXPECT_EQ(first.Describe(),
            "step 1 add-link a x0 mtu 67 type vti key 10 local 192.168.1.1 remote 192.168.1.2");
  const auto& add = std::get<AddLinkStep>(first.body);
  EXPECT_EQ(add.device.kind, "vti");
  EXPECT_EQ(add.device.end.node, "a");
  EXPECT_EQ(add.device.end.mtu, 67u);
  EXPECT_TRUE(add.refusal_is_fact);  // it expects add_link.errno
  const auto& second = std::get<AddLinkStep>(s.cases[0].steps[1].body);
  EXPECT_EQ(second.device.end.mtu, std::nullopt);
  EXPECT_EQ(second.device.params.at("local"), "fd00:1::a");  // normalised as on a <link>
  EXPECT_EQ(second.device.params.at("dev"), "d0");
  EXPECT_FALSE(second.refusal_is_fact);  // a refusal stays an error
}

TEST_F(LinkStepReaderTest, AddLinkChecksTheKindAndItsAttributes) {
  EXPECT_EQ(ErrorsOf("    <add-link node=\"a\" kind=\"nope\" name=\"x0\"/>\n"),
            Lines(At(3, 24, "kind \"nope\" is not a single-node link kind")));
  EXPECT_EQ(ErrorsOf("    <add-link node=\"a\" kind=\"wireguard\" name=\"x0\"/>\n"),
            Lines(At(3, 24, "<add-link> cannot create a wireguard: it takes <peer>s")));
  EXPECT_EQ(ErrorsOf("    <add-link node=\"a\" kind=\"vrf\" name=\"x0\"/>\n"),
            Lines(At(3, 24, "<add-link> cannot create a vrf: it needs attribute 'table'")));
  EXPECT_EQ(ErrorsOf("    <add-link node=\"a\" kind=\"vti\" name=\"x0\" local=\"10.0.0.1\" "
                     "remote=\"10.0.0.2\" vni=\"5\"/>\n"),
            Lines(At(3, 80, "vti 'x0': vti has no attribute 'vni'")));
  EXPECT_EQ(ErrorsOf("    <add-link node=\"a\" kind=\"vti\" name=\"x0\" local=\"10.0.0.1\"/>\n"),
            Lines(At(3, 5, "<add-link> needs attribute 'remote'")));
  EXPECT_EQ(ErrorsOf("    <add-link node=\"a\" kind=\"vti\" name=\"x0\" local=\"10.0.0.1\" "
                     "remote=\"10.0.0.2\" dev=\"eth9\"/>\n"),
            Lines(At(3, 80, "interface 'eth9' is not defined on node 'a'")));
  EXPECT_EQ(ErrorsOf("    <add-link node=\"a\" kind=\"vti\" name=\"x0\" local=\"10.0.0.1\" "
                     "remote=\"ten\"/>\n"),
            Lines(At(3, 62, "vti 'x0': remote=\"ten\" is not an IP address")));
  EXPECT_EQ(ErrorsOf("    <add-link node=\"a\" kind=\"dummy\" name=\"x0\" mtu=\"-1\"/>\n"),
            Lines(At(3, 47, "mtu=\"-1\" is not an unsigned integer")));
}

TEST_F(LinkStepReaderTest, ReadsChangeLink) {
  Write("s.xml", Suite("    <change-link node=\"a\" name=\"v6\" local=\"fc00:1001::1\" "
                       "remote=\"fc00:1001::2\">\n"
                       "      <expect fact=\"change_link.mtu\" equals=\"2960\"/>\n"
                       "    </change-link>\n"
                       "    <change-link node=\"a\" name=\"v6\" mtu=\"1280\">\n"
                       "      <expect fact=\"change_link.result\" equals=\"ok\"/>\n"
                       "    </change-link>\n"));
  mtulab::Suite s = LoadSuite(path_);
  ASSERT_EQ(s.cases[0].steps.size(), 2u);
  const Step& first = s.cases[0].steps[0];
  EXPECT_STREQ(first.Kind(), "change-link");
  EXPECT_EQ(first.Describe(), "step 1 change-link a v6 local fc00:1001::1 remote fc00:1001::2");
  const auto& change = std::get<ChangeLinkStep>(first.body);
  EXPECT_EQ(change.mtu, std::nullopt);
  EXPECT_EQ(change.params.size(), 2u);
  EXPECT_FALSE(change.refusal_is_fact);
  const auto& second = std::get<ChangeLinkStep>(s.cases[0].steps[1].body);
  EXPECT_EQ(second.mtu, 1280u);
  EXPECT_TRUE(second.params.empty());
  EXPECT_TRUE(second.refusal_is_fact);
}

TEST_F(LinkStepReaderTest, ChangeLinkNamesALinkOfTheTopology) {
  EXPECT_EQ(ErrorsOf("    <change-link node=\"a\" name=\"x9\" mtu=\"1280\"/>\n"),
            Lines(At(3, 27,
                     "'x9' is not a single-node link of node 'a' that <change-link> can "
                     "change")));
  EXPECT_EQ(ErrorsOf("    <change-link node=\"a\" name=\"wg0\" mtu=\"1280\"/>\n"),
            Lines(At(3, 27,
                     "'wg0' is not a single-node link of node 'a' that <change-link> "
                     "can change")));
  EXPECT_EQ(ErrorsOf("    <change-link node=\"a\" name=\"v6\" vni=\"5\"/>\n"),
            Lines(At(3, 37, "vti6 'v6': vti6 has no attribute 'vni'")));
  EXPECT_EQ(ErrorsOf("    <change-link node=\"a\" name=\"v6\" local=\"10.0.0.1\"/>\n"),
            Lines(At(3, 5, "vti6 'v6': local and remote addresses are of different families")));
}

}  // namespace
}  // namespace mtulab
