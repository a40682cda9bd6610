#include <gtest/gtest.h>

#include <filesystem>

#include "harness/config/config_test_util.h"
#include "harness/config/loader.h"

namespace mtulab {
namespace {

constexpr char kTopology[] = R"(<topology name="svi">
  <node name="api"/>
  <node name="router" forwarding="true"/>
  <node name="worker3"/>
  <link>
    <end node="api" name="eth1" mtu="9000" ipv4="10.10.10.10/24" ipv6="fd00:10::10/64"/>
    <end node="router" name="vlan10" mtu="9000" ipv4="10.10.10.1/24" ipv6="fd00:10::1/64"/>
  </link>
  <link>
    <end node="router" name="vlan20" mtu="9000" ipv4="10.10.20.1/24 172.20.20.2/24"/>
    <end node="worker3" name="eth1" mtu="9000" ipv4="10.10.20.20/24"/>
  </link>
</topology>
)";

// A last step that expects something: a case without any expectation is a load error.
const std::string kExpecting =
    "    <link node=\"api\" dev=\"eth1\"><expect fact=\"link.up\" equals=\"true\"/></link>\n";

// The reference example of a suite: every step kind and override, over svi.xml.
constexpr char kReferenceSuite[] = R"(<suite name="seed003-svi" topology="../topologies/svi.xml">
  <case name="svi_1500_frag_needed">
    <description>
      Router interface toward worker3 at 1500 between 9000 hosts.
    </description>
    <override>
      <mtu node="router" dev="vlan20" value="1500"/>
      <sysctl node="api" name="net.ipv4.conf.all.rp_filter" value="2"/>
      <sysctl node="api" dev="eth1" name="ipv4.rp_filter" value="2"/>
      <route node="router" to="10.10.10.10/32" dev="vlan10" src="172.20.20.2"/>
    </override>
    <ping from="api" to="worker3:eth1" size="8900" df="do" count="1" timeout="1">
      <expect fact="ping.result" equals="frag_needed"/>
      <expect fact="ping.mtu" equals="1500"/>
    </ping>
    <pmtu from="api" to="fd00:10::1">
      <expect fact="route.expires_s" at_least="1" at_most="600"/>
    </pmtu>
    <counter node="api" name="TcpExt.IPReversePathFilter Icmp6InPktTooBigs">
      <expect fact="counter.TcpExt.IPReversePathFilter.delta" one_of="0, 1"/>
    </counter>
    <link node="api" dev="eth1"><expect fact="link.mtu" is="present"/></link>
    <set node="router" dev="vlan20" mtu="9000"/>
    <set node="api" dev="eth1" name="ipv6.mtu" value="1400"/>
    <flush node="api" family="ipv4"/>
    <wait seconds="0.5"/>
  </case>
  <case name="short"><link node="api" dev="eth1"><expect fact="link.up" equals="true"/></link></case>
</suite>
)";

class SuiteLoaderTest : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    topology_path_ = Write("topologies/svi.xml", kTopology);
    path_ = dir_ + "/suites/s.xml";
  }
  // Writes a suite over svi.xml whose body starts on line 3 (inside <case name="c">).
  std::vector<std::string> ErrorsOf(const std::string& steps) {
    Write("suites/s.xml",
          "<suite name=\"s\" topology=\"../topologies/svi.xml\">\n"
          "  <case name=\"c\">\n" +
              steps + kExpecting + "  </case>\n</suite>\n");
    return Errors([&] { LoadSuite(path_); });
  }
  // Writes and loads kReferenceSuite.
  Suite LoadReference() {
    Write("suites/s.xml", kReferenceSuite);
    return LoadSuite(path_);
  }
  std::string At(int line, int col, const std::string& message) {
    return path_ + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + message;
  }

  std::string topology_path_;
  std::string path_;
};

TEST_F(SuiteLoaderTest, LoadsTheReferenceExample) {
  Suite s = LoadReference();
  EXPECT_EQ(s.name, "seed003-svi");
  EXPECT_EQ(s.file, path_);
  EXPECT_EQ(s.topology_file, dir_ + "/topologies/svi.xml");
  EXPECT_EQ(s.topology.file, s.topology_file);
  ASSERT_EQ(s.cases.size(), 2u);
  const Case& c = s.cases[0];
  EXPECT_EQ(c.description, "Router interface toward worker3 at 1500 between 9000 hosts.");
  ASSERT_EQ(c.overrides.size(), 4u);
  EXPECT_EQ(c.overrides[0].loc.ToString(), path_ + ":7:7");
  ASSERT_EQ(c.steps.size(), 8u);
  for (size_t i = 0; i < c.steps.size(); ++i) EXPECT_EQ(c.steps[i].index, static_cast<int>(i + 1));
}

TEST_F(SuiteLoaderTest, LoadsTheReferenceExampleSteps) {
  Suite s = LoadReference();
  ASSERT_EQ(s.cases.size(), 2u);
  const Case& c = s.cases[0];
  ASSERT_EQ(c.steps.size(), 8u);
  const PingStep& ping = std::get<PingStep>(c.steps[0].body);
  EXPECT_EQ(ping.from, "api");
  EXPECT_EQ(ping.to.node, "worker3");
  EXPECT_EQ(ping.to.ifname, "eth1");
  EXPECT_EQ(ping.family, Family::kIpv4);
  EXPECT_EQ(ping.size, 8900u);
  EXPECT_EQ(ping.df, DfMode::kDo);
  ASSERT_EQ(c.steps[0].expects.size(), 2u);
  EXPECT_EQ(c.steps[0].expects[1].fact, "ping.mtu");
  EXPECT_EQ(c.steps[0].expects[1].values, std::vector<std::string>{"1500"});
  const PmtuStep& pmtu = std::get<PmtuStep>(c.steps[1].body);
  EXPECT_FALSE(pmtu.to.node.has_value());
  EXPECT_EQ(pmtu.family, Family::kIpv6);
  ASSERT_EQ(c.steps[1].expects.size(), 2u);
  EXPECT_EQ(c.steps[1].expects[0].op, Expectation::Op::kAtLeast);
  EXPECT_EQ(c.steps[1].expects[1].op, Expectation::Op::kAtMost);
  EXPECT_EQ(std::get<CounterStep>(c.steps[2].body).names.size(), 2u);
  EXPECT_EQ(c.steps[2].expects[0].values, (std::vector<std::string>{"0", "1"}));
  EXPECT_EQ(c.steps[3].expects[0].op, Expectation::Op::kPresent);
  EXPECT_EQ(std::get<SetStep>(c.steps[4].body).mtu, 9000u);
  EXPECT_EQ(std::get<SetStep>(c.steps[5].body).sysctl->key, "net.ipv6.conf.eth1.mtu");
  EXPECT_EQ(std::get<FlushStep>(c.steps[6].body).family, Family::kIpv4);
  EXPECT_EQ(std::get<WaitStep>(c.steps[7].body).seconds, 0.5);
}

TEST_F(SuiteLoaderTest, AppliesTheReferenceExampleOverrides) {
  Suite s = LoadReference();
  ASSERT_EQ(s.cases.size(), 2u);
  const Case& c = s.cases[0];
  Topology t = ApplyOverrides(s.topology, c);
  EXPECT_EQ(t.FindEndpoint("router", "vlan20")->mtu, 1500u);
  EXPECT_EQ(s.topology.FindEndpoint("router", "vlan20")->mtu, 9000u);
  ASSERT_EQ(t.FindNode("api")->sysctls.size(), 1u);
  EXPECT_EQ(t.FindNode("api")->sysctls[0].value, "2");
  EXPECT_EQ(t.FindEndpoint("api", "eth1")->sysctls[0].key, "net.ipv4.conf.eth1.rp_filter");
  ASSERT_EQ(t.FindNode("router")->routes.size(), 1u);
  EXPECT_EQ(t.FindNode("router")->routes[0].Describe(),
            "10.10.10.10/32 dev vlan10 src 172.20.20.2");
}

TEST_F(SuiteLoaderTest, MissingTopologyFile) {
  Write("suites/s.xml", "<suite name=\"s\" topology=\"../topologies/nope.xml\"/>\n");
  EXPECT_EQ(Errors([&] { LoadSuite(path_); }),
            Lines(At(1, 1,
                     "topology file '../topologies/nope.xml' (resolved to " + dir_ +
                         "/topologies/nope.xml) cannot be read: No such file or directory")));
}

TEST_F(SuiteLoaderTest, ErrorsInTheTopologyNameTheTopologyFile) {
  Write("topologies/svi.xml",
        "<topology name=\"svi\">\n  <node name=\"api\" mtu=\"1\"/>\n</topology>\n");
  Write("suites/s.xml",
        "<suite name=\"s\" topology=\"../topologies/svi.xml\">\n"
        "  <case name=\"c\"><wait seconds=\"x\"/></case>\n</suite>\n");
  EXPECT_EQ(Errors([&] { LoadSuite(path_); }),
            Lines(At(2, 24, "seconds=\"x\" is not a number of seconds"),
                  topology_path_ + ":2:20: unknown attribute 'mtu' on <node> (allowed: name, "
                                   "forwarding)"));
}

TEST_F(SuiteLoaderTest, UnknownStepSuggestsClosest) {
  EXPECT_EQ(ErrorsOf("    <pign from=\"api\" to=\"10.0.0.1\"/>\n"),
            Lines(At(3, 5, "unknown element <pign> in <case>; did you mean <ping>?")));
}

TEST_F(SuiteLoaderTest, DanglingNodeInStep) {
  EXPECT_EQ(ErrorsOf("    <ping from=\"apj\" to=\"10.0.0.1\"/>\n    <flush node=\"nope\"/>\n"),
            Lines(At(3, 11, "node 'apj' is not defined; did you mean 'api'?"),
                  At(4, 12, "node 'nope' is not defined")));
}

TEST_F(SuiteLoaderTest, DanglingInterfaceInStepTarget) {
  EXPECT_EQ(ErrorsOf("    <ping from=\"api\" to=\"worker3:eth9\"/>\n"
                     "    <pmtu from=\"api\" to=\"worker4:eth1\"/>\n"
                     "    <link node=\"api\" dev=\"eth2\"/>\n"),
            Lines(At(3, 22, "interface 'eth9' is not defined on node 'worker3'"),
                  At(4, 22, "node 'worker4' is not defined; did you mean 'worker3'?"),
                  At(5, 22, "interface 'eth2' is not defined on node 'api'")));
}

TEST_F(SuiteLoaderTest, TargetFamilyMustMatch) {
  EXPECT_EQ(ErrorsOf("    <ping from=\"api\" to=\"fd00::1\" family=\"ipv4\"/>\n"
                     "    <ping from=\"api\" to=\"worker3:eth1\" family=\"ipv6\"/>\n"
                     "    <ping from=\"api\" to=\"worker3\"/>\n"),
            Lines(At(3, 35, "to=\"fd00::1\" is an ipv6 address but family=\"ipv4\""),
                  At(4, 22, "interface 'eth1' on node 'worker3' has no ipv6 address"),
                  At(5, 22, "to=\"worker3\" is not an address or node:ifname")));
}

TEST_F(SuiteLoaderTest, PingRanges) {
  EXPECT_EQ(
      ErrorsOf("    <ping from=\"api\" to=\"10.0.0.1\" size=\"65508\" count=\"0\" df=\"yes\"/>\n"
               "    <ping from=\"api\" to=\"::2\" size=\"65527\" timeout=\"0\" interval=\"11\""
               " ttl=\"0\"/>\n"),
      Lines(At(3, 36, "size 65508 is out of range 0..65507"),
            At(3, 49, "count 0 is out of range 1..1000"),
            At(3, 59, "df=\"yes\" must be one of do, want, dont, probe"),
            At(4, 44, "timeout 0 must be more than 0"), At(4, 56, "interval 11 must be at most 10"),
            At(4, 70, "ttl 0 is out of range 1..255")));
}

// Regression (found by review while adding tests/fuzz): fractions so small that strtod
// underflows made std::stod throw std::out_of_range out of LoadSuite instead of a value.
TEST_F(SuiteLoaderTest, SecondsWithUnderflowingFractionAreNumbersNotExceptions) {
  const std::string tiny = "0." + std::string(400, '0') + "1";  // rounds to 0
  const std::string denormal = "0." + std::string(320, '0') + "1";
  EXPECT_EQ(ErrorsOf("    <ping from=\"api\" to=\"10.0.0.1\" timeout=\"" + tiny + "\"/>\n"
                     "    <wait seconds=\"" + denormal + "\"/>\n"
                     "    <wait seconds=\"x\"/>\n"),
            Lines(At(3, 36, "timeout " + tiny + " must be more than 0"),
                  At(5, 11, "seconds=\"x\" is not a number of seconds")));
  Write("suites/s.xml", "<suite name=\"s\" topology=\"../topologies/svi.xml\">\n"
                        "  <case name=\"c\"><wait seconds=\"" + denormal + "\"/>" + kExpecting +
                        "</case>\n</suite>\n");
  Suite s = LoadSuite(path_);
  double seconds = std::get<WaitStep>(s.cases.at(0).steps.at(0).body).seconds;
  EXPECT_GE(seconds, 0.0);
  EXPECT_LT(seconds, 1e-300);
}

TEST_F(SuiteLoaderTest, OffloadSweepAndEncapSteps) {
  EXPECT_EQ(
      ErrorsOf("    <set node=\"api\" dev=\"eth1\" offload=\"tsoo\" state=\"maybe\" refused=\"x\"/>\n"
               "    <set node=\"api\" offload=\"lro\" state=\"off\"/>\n"
               "    <sweep from=\"api\" to=\"worker3:eth1\" min=\"2000\" max=\"1000\" underlay=\"api\"/>\n"
               "    <encap from=\"api\" to=\"worker3:eth1\" underlay=\"ceos:vlan10\"/>\n"),
      Lines(At(3, 32, "offload=\"tsoo\" must be one of tso, gso, gro, lro, tx, sg"),
            At(3, 47, "state=\"maybe\" must be on or off"),
            At(3, 61, "refused=\"x\" must be fail or skip"),
            At(4, 5, "<set> with 'offload' needs attribute 'dev'"),
            At(5, 5, "<sweep> min 2000 is above max 1000"),
            At(5, 63, "underlay=\"api\" must be node:ifname"),
            At(6, 41, "underlay 'ceos:vlan10' is not an interface of the topology"),
            At(6, 41, "underlay 'ceos:vlan10' must be an interface of node 'api'")));
}

TEST_F(SuiteLoaderTest, RefusedOffloadFailsByDefaultThroughAnImplicitExpectation) {
  Write("suites/s.xml",
        "<suite name=\"s\" topology=\"../topologies/svi.xml\">\n  <case name=\"c\">\n"
        "    <set node=\"api\" dev=\"eth1\" offload=\"lro\" state=\"on\"/>\n"
        "    <set node=\"api\" dev=\"eth1\" offload=\"lro\" state=\"on\" refused=\"skip\"/>\n"
        "  </case>\n</suite>\n");
  Suite s = LoadSuite(path_);
  const std::vector<Step>& steps = s.cases.at(0).steps;
  ASSERT_EQ(steps.at(0).expects.size(), 1u);
  EXPECT_EQ(steps[0].expects[0].Describe(), "offload.lro.applied = true");
  EXPECT_TRUE(steps.at(1).expects.empty());
  EXPECT_TRUE(std::get<SetStep>(steps[1].body).refused_skips);
}

TEST_F(SuiteLoaderTest, SetNeedsOneForm) {
  EXPECT_EQ(
      ErrorsOf("    <set node=\"api\" dev=\"eth1\" mtu=\"1400\" name=\"ipv4.x\" value=\"1\"/>\n"
               "    <set node=\"api\"/>\n"
               "    <set node=\"api\" mtu=\"1400\"/>\n"
               "    <set node=\"api\" name=\"net.x\"/>\n"),
      Lines(At(3, 5, "<set> takes one of 'dev' + 'mtu', 'name' + 'value', or 'dev' + 'offload' + "
                     "'state', not several"),
            At(4, 5, "<set> needs 'dev' + 'mtu', 'name' + 'value', or 'dev' + 'offload' + 'state'"),
            At(5, 5, "<set> with 'mtu' needs attribute 'dev'"),
            At(6, 5, "<set> needs attribute 'value'")));
}

TEST_F(SuiteLoaderTest, ExpectationRules) {
  EXPECT_EQ(ErrorsOf("    <wait seconds=\"601\">\n"
                     "      <expect fact=\"x\"/>\n"
                     "      <expect fact=\"x\" is=\"here\" at_least=\"1.5\" one_of=\"a,,b\"/>\n"
                     "    </wait>\n"
                     "    <counter node=\"api\" name=\"Tcp-Ext\"/>\n"),
            Lines(At(3, 11, "seconds 601 must be at most 600"),
                  At(4, 7,
                     "<expect> needs at least one of 'equals', 'at_least', 'at_most', "
                     "'one_of', 'between', 'contains', 'all_at_least', 'all_at_most', "
                     "'length', 'distinct', 'is'"),
                  At(5, 24, "is=\"here\" must be 'present' or 'absent'"),
                  At(5, 34, "at_least=\"1.5\" is not an integer"),
                  At(5, 49, "one_of=\"a,,b\" has an empty value"),
                  At(7, 25, "counter name 'Tcp-Ext' has a character other than [A-Za-z0-9_.]")));
}

TEST_F(SuiteLoaderTest, DuplicateCase) {
  Write("suites/s.xml",
        "<suite name=\"s\" topology=\"../topologies/svi.xml\">\n"
        "  <case name=\"c\">" + kExpecting + "</case>\n  <case name=\"c\">" + kExpecting +
            "</case>\n</suite>\n");
  EXPECT_EQ(Errors([&] { LoadSuite(path_); }),
            Lines(At(4, 3, "case 'c' is already defined at " + path_ + ":2:3")));
}

TEST_F(SuiteLoaderTest, OverrideLoweringMtuBelow1280OnIpv6Link) {
  EXPECT_EQ(ErrorsOf("    <override><mtu node=\"api\" dev=\"eth1\" value=\"1000\"/></override>\n"),
            Lines(At(3, 15,
                     "interface 'eth1' on node 'api' has IPv6 addresses but mtu 1000 < "
                     "1280 (Linux removes IPv6 from such a link)")));
}

TEST_F(SuiteLoaderTest, OverrideReferencesAndRoutes) {
  EXPECT_EQ(ErrorsOf("    <override>\n"
                     "      <mtu node=\"api\" dev=\"eth9\" value=\"1500\"/>\n"
                     "      <sysctl node=\"rooter\" name=\"net.x\" value=\"1\"/>\n"
                     "      <route node=\"api\" to=\"10.0.0.0/8\" via=\"10.9.9.9\"/>\n"
                     "    </override>\n"),
            Lines(At(4, 23, "interface 'eth9' is not defined on node 'api'"),
                  At(5, 15, "node 'rooter' is not defined; did you mean 'router'?"),
                  At(6, 7,
                     "route 10.0.0.0/8 on node 'api': gateway 10.9.9.9 is not on a subnet "
                     "of any interface of 'api'")));
}

TEST_F(SuiteLoaderTest, ReportsSuiteAndCaseProblemsTogether) {
  Write("suites/s.xml",
        "<suite name=\"s s\" topology=\"../topologies/svi.xml\" x=\"1\">\n"
        "  <case name=\"c\"><wait/></case>\n"
        "  <case><flush node=\"api\" family=\"ipv5\"/></case>\n</suite>\n");
  EXPECT_EQ(Errors([&] { LoadSuite(path_); }),
            Lines(At(1, 8, "suite name 's s' must match [A-Za-z0-9_.-]{1,64}"),
                  At(1, 52, "unknown attribute 'x' on <suite> (allowed: name, topology, xmlns:xsi, "
                           "xsi:noNamespaceSchemaLocation)"),
                  At(2, 18, "<wait> needs attribute 'seconds'"),
                  At(3, 3, "<case> needs attribute 'name'"),
                  At(3, 27, "family=\"ipv5\" must be 'ipv4' or 'ipv6'")));
}

TEST_F(SuiteLoaderTest, ListXmlFilesSortsAndFilters) {
  Write("suites/b.xml", "");
  Write("suites/a.xml", "");
  Write("suites/notes.txt", "");
  EXPECT_EQ(ListXmlFiles(dir_ + "/suites"),
            (std::vector<std::string>{dir_ + "/suites/a.xml", dir_ + "/suites/b.xml"}));
  EXPECT_EQ(Errors([&] { ListXmlFiles(dir_ + "/none"); }),
            Lines(dir_ + "/none: cannot be read: No such file or directory"));
}

}  // namespace
}  // namespace mtulab
