// <pod> in a topology and its CNI configuration, checked at load time (no plugin runs).
#include "harness/config/cni_conf.h"
#include "harness/config/config_test_util.h"

namespace mtulab {
namespace {

constexpr const char* kBridge = R"({
  "cniVersion": "1.0.0", "name": "podnet",
  "plugins": [
    {"type": "bridge", "bridge": "cni0", "ipam": {"type": "host-local", "subnet": "10.1.0.0/24"}},
    {"type": "tuning", "mtu": 1280}
  ]
})";

class PodReaderTest : public TempDirTest {
 protected:
  std::string Topo(const std::string& pod) {
    return Write("t.xml",
                 "<topology name=\"t\">\n  <node name=\"n1\"/>\n  " + pod + "\n</topology>\n");
  }
};

TEST_F(PodReaderTest, ReadsPodAsNodeWithItsChainBinaries) {
  Write("cni/net.conflist", kBridge);
  Topology t = LoadTopology(Topo(R"(<pod name="p1" node="n1" config="cni/net.conflist"/>)"));
  ASSERT_EQ(t.pods.size(), 1u);
  const Pod& pod = t.pods[0];
  EXPECT_EQ(pod.host, "n1");
  EXPECT_EQ(pod.end.node, "p1");
  EXPECT_EQ(pod.end.ifname, "eth0");
  EXPECT_EQ(pod.cni_path, "/usr/lib/cni");
  EXPECT_EQ(pod.config_file, dir_ + "/cni/net.conflist");
  EXPECT_EQ(pod.binaries, Lines("bridge", "host-local", "tuning"));
  ASSERT_NE(t.FindNode("p1"), nullptr);
  EXPECT_EQ(t.FindEndpoint("p1", "eth0"), &pod.end);
  EXPECT_EQ(t.EndpointsOf("p1").size(), 1u);
}

TEST_F(PodReaderTest, SingleConfIfnameAndPluginDir) {
  Write("one.conf", R"({"cniVersion":"1.0.0","name":"n","type":"ptp","mtu":1400,
                        "ipam":{"type":"static","addresses":[{"address":"10.2.0.2/24"}]}})");
  Topology t = LoadTopology(Topo(
      R"(<pod name="p1" node="n1" config="one.conf" ifname="net1" cni_path="/opt/cni/bin"/>)"));
  EXPECT_EQ(t.pods.at(0).binaries, Lines("ptp", "static"));
  EXPECT_EQ(t.pods.at(0).end.ifname, "net1");
  EXPECT_EQ(t.pods.at(0).cni_path, "/opt/cni/bin");
}

TEST_F(PodReaderTest, BadJsonIsReportedAtItsLineAndColumn) {
  std::string conf = Write("bad.conflist", "{\n  \"cniVersion\": \"1.0.0\",\n  \"name\": x\n}\n");
  std::string topo = Topo(R"(<pod name="p1" node="n1" config="bad.conflist"/>)");
  std::vector<std::string> errors = Errors([&] { LoadTopology(topo); });
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].find(topo + ":3:28: " + conf + ":3:11: malformed JSON: parse error"), 0u)
      << errors[0];
}

TEST_F(PodReaderTest, StructureErrorsNameTheFileAndPlace) {
  struct Row {
    const char* json;
    const char* why;
  };
  const Row rows[] = {
      {R"({"cniVersion":"0.3.1","name":"n","type":"bridge"})", "\"cniVersion\" must be"},
      {R"({"cniVersion":"1.0.0","type":"bridge"})", "\"name\" must be a non-empty string"},
      {R"({"cniVersion":"1.0.0","name":"n","plugins":[]})", "\"plugins\" must be a non-empty"},
      {R"({"cniVersion":"1.0.0","name":"n","plugins":[{"type":"../../bin/sh"}]})",
       "/plugins/0/type must be a plugin file name"},
      {R"({"cniVersion":"1.0.0","name":"n","plugins":[{"type":"bridge"},{"type":"tuning",
          "ipam":{"subnet":"10.0.0.0/8"}}]})",
       "/plugins/1/ipam must be an object with a plugin file name"},
      {R"([1, 2])", "the configuration must be a JSON object"},
  };
  for (const Row& row : rows) {
    CniConfSummary summary;
    std::string error;
    EXPECT_FALSE(CheckCniConf("c.conf", row.json, summary, error)) << row.json;
    EXPECT_NE(error.find("c.conf: not a CNI configuration: " + std::string(row.why)),
              std::string::npos)
        << error;
  }
}

TEST_F(PodReaderTest, ReferenceErrors) {
  Write("net.conflist", kBridge);
  EXPECT_EQ(
      Errors([&] { LoadTopology(Topo(R"(<pod name="p1" node="nx" config="net.conflist"/>)")); }),
      Lines(dir_ + "/t.xml:3:3: pod 'p1': node 'nx' is not defined"));
  std::string two = Write("t2.xml", R"(<topology name="t"><node name="n1"/>
<pod name="p1" node="n1" config="net.conflist"/>
<pod name="p2" node="p1" config="net.conflist"/></topology>)");
  EXPECT_EQ(Errors([&] { LoadTopology(two); }),
            Lines(two + ":3:1: pod 'p2': node 'p1' is a pod; CNI plugins run in a node that is "
                        "not one"));
  Write("t3.xml", R"(<topology name="t"><node name="n1"/>
<pod name="p1" node="n1" config="net.conflist"/></topology>)");
  std::string suite = Write("s.xml", R"(<suite name="s" topology="t3.xml"><case name="c">
<override><mtu node="p1" dev="eth0" value="1400"/></override>
<cni pod="p1"><expect fact="cni.mtu" equals="1400"/></cni></case></suite>)");
  std::vector<std::string> override_errors = Errors([&] { LoadSuite(suite); });
  ASSERT_EQ(override_errors.size(), 1u);
  EXPECT_EQ(override_errors[0], suite +
                                    ":2:11: pod 'p1': the MTU of eth0 is what its CNI "
                                    "configuration makes it; change the configuration, not "
                                    "the case");
  std::string missing = Topo(R"(<pod name="p1" node="n1" config="none.conflist"/>)");
  std::vector<std::string> errors = Errors([&] { LoadTopology(missing); });
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("CNI configuration " + dir_ + "/none.conflist cannot be read"),
            std::string::npos)
      << errors[0];
}

}  // namespace
}  // namespace mtulab
