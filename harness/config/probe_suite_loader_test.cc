// Probe suites: no topology, steps checked against the namespaces given, changing steps
// refused at their file:line:col unless allowed.
#include <gtest/gtest.h>

#include "harness/config/config_test_util.h"
#include "harness/config/loader.h"

namespace mtulab {
namespace {

// What ProbeNamespaces describes: nodes "local" and "b", an interface each.
Topology ProbeTopology() {
  Topology t;
  t.name = "probe";
  for (const char* name : {"local", "b"}) {
    t.nodes.push_back(Node{.name = name});
    Device d;
    d.kind = "existing";
    d.end.node = name;
    d.end.ifname = "eth0";
    d.end.mtu = 1500;
    d.end.addresses.push_back(
        {Family::kIpv4, name == std::string("b") ? "10.0.0.2/24" : "10.0.0.1/24", {}});
    t.devices.push_back(d);
  }
  return t;
}

class ProbeSuiteLoaderTest : public TempDirTest {
 protected:
  std::string WriteSuite(const std::string& steps, const std::string& attrs = "") {
    return Write("p.xml", "<suite name=\"p\"" + attrs + ">\n  <case name=\"c\">\n" + steps +
                              "  </case>\n</suite>\n");
  }
};

constexpr char kPing[] =
    "    <ping from=\"local\" to=\"b:eth0\" size=\"1472\" df=\"do\">\n"
    "      <expect fact=\"ping.result\" equals=\"reply\"/>\n"
    "    </ping>\n";

constexpr char kSet[] =
    "    <set node=\"b\" dev=\"eth0\" mtu=\"1400\">\n"
    "      <expect fact=\"link.mtu\" equals=\"1400\"/>\n"
    "    </set>\n";

TEST_F(ProbeSuiteLoaderTest, ReadsStepsAgainstTheNamespaces) {
  std::string path = WriteSuite(kPing);
  Suite s = LoadProbeSuite(path, ProbeTopology(), false);
  ASSERT_EQ(s.cases.size(), 1u);
  ASSERT_EQ(s.cases[0].steps.size(), 1u);
  EXPECT_EQ(s.cases[0].steps[0].Describe(), "step 1 ping local -> b:eth0 size 1472 df=do");
  EXPECT_EQ(s.topology.nodes.size(), 2u);
}

TEST_F(ProbeSuiteLoaderTest, RefusesChangingStepsWithoutAllowChanges) {
  std::string path = WriteSuite(std::string(kPing) + kSet +
                                "    <flush node=\"local\">\n"
                                "      <expect fact=\"flush.ipv6_removed\" is=\"present\"/>\n"
                                "    </flush>\n");
  EXPECT_EQ(Errors([&] { LoadProbeSuite(path, ProbeTopology(), false); }),
            Lines(path + ":6:5: <set> changes the state of a namespace mtulab did not create: "
                         "refused in probe mode unless --allow-changes is given",
                  path + ":9:5: <flush> changes the state of a namespace mtulab did not create: "
                         "refused in probe mode unless --allow-changes is given"));
  Suite s = LoadProbeSuite(path, ProbeTopology(), true);
  EXPECT_EQ(s.cases[0].steps.size(), 3u);
}

TEST_F(ProbeSuiteLoaderTest, RefusesATopologyOverridesAndPredicted) {
  std::string path = WriteSuite(
      "    <override><mtu node=\"b\" dev=\"eth0\" value=\"1400\"/></override>\n"
      "    <pmtu from=\"local\" to=\"10.0.0.2\">\n"
      "      <expect fact=\"route.pmtu\" equals=\"predicted\"/>\n"
      "    </pmtu>\n",
      " topology=\"t.xml\"");
  std::vector<std::string> errors = Errors([&] { LoadProbeSuite(path, ProbeTopology(), true); });
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0], path +
                           ":1:15: a probe suite has no topology: its steps run in the "
                           "namespaces named by --netns and --node (use `mtulab run` to "
                           "build one)");
  EXPECT_NE(errors[1].find(":4:15: a probe suite cannot override"), std::string::npos) << errors[1];
  EXPECT_NE(errors[2].find(":6:39: \"predicted\" needs a topology"), std::string::npos)
      << errors[2];
}

TEST_F(ProbeSuiteLoaderTest, UnknownNodesAndInterfacesAreLoadErrors) {
  std::string path = WriteSuite(
      "    <ping from=\"c\" to=\"b:eth9\">\n"
      "      <expect fact=\"ping.result\" equals=\"reply\"/>\n"
      "    </ping>\n");
  std::vector<std::string> errors = Errors([&] { LoadProbeSuite(path, ProbeTopology(), false); });
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NE(errors[0].find("node 'c' is not defined"), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("eth9"), std::string::npos) << errors[1];
}

}  // namespace
}  // namespace mtulab
