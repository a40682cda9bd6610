// <icmp-filter> and <mss-clamp>: in a topology's <node>, and as case overrides.
#include <gtest/gtest.h>

#include "harness/config/config_test_util.h"
#include "harness/config/loader.h"

namespace mtulab {
namespace {

using Hook = IcmpFilter::Hook;

// h -- r -- s: r forwards, with eth1 toward h and tun0 toward s.
constexpr char kNodes[] =
    "  <node name=\"h\"/>\n"
    "  <node name=\"s\"/>\n"
    "  <link>\n"
    "    <end node=\"h\" name=\"eth0\" ipv4=\"10.0.1.1/24\"/>\n"
    "    <end node=\"r\" name=\"eth1\" ipv4=\"10.0.1.254/24\"/>\n"
    "  </link>\n"
    "  <link>\n"
    "    <end node=\"r\" name=\"tun0\" mtu=\"1400\" ipv4=\"10.0.2.254/24\"/>\n"
    "    <end node=\"s\" name=\"eth0\" mtu=\"1400\" ipv4=\"10.0.2.2/24\"/>\n"
    "  </link>\n";

class FirewallTopologyTest : public TempDirTest {
 protected:
  // Writes a topology whose node 'r' holds `body` (from line 3), then loads it.
  std::string Write(const std::string& body) {
    return TempDirTest::Write("t.xml",
                              "<topology name=\"t\">\n  <node name=\"r\" forwarding=\"true\">\n" +
                                  body + "  </node>\n" + kNodes + "</topology>\n");
  }
  std::vector<std::string> ErrorsOf(const std::string& body) {
    std::string path = Write(body);
    return Errors([&] { LoadTopology(path); });
  }
  std::string At(int line, int col, const std::string& message) {
    return dir_ + "/t.xml:" + std::to_string(line) + ":" + std::to_string(col) + ": " + message;
  }
};

TEST_F(FirewallTopologyTest, LoadsFiltersAndClamps) {
  Topology t = LoadTopology(Write(
      "    <icmp-filter hook=\"output\"/>\n"
      "    <icmp-filter hook=\"forward\" drop=\"errors\" dev=\"tun0\"/>\n"
      "    <icmp-filter hook=\"input\" drop=\"frag-needed\" dev=\"eth1\"/>\n"
      "    <mss-clamp/>\n"
      "    <mss-clamp dev=\"tun0\" mss=\"1360\" family=\"ipv4\"/>\n"
      "    <mss-clamp dev=\"tun0\" mss=\"pmtu\" family=\"ipv6\"/>\n"));
  const Node& r = *t.FindNode("r");
  ASSERT_EQ(r.icmp_filters.size(), 3u);
  EXPECT_EQ(r.icmp_filters[0].hook, Hook::kOutput);
  EXPECT_EQ(r.icmp_filters[0].drop, "frag-needed");
  EXPECT_FALSE(r.icmp_filters[0].dev.has_value());
  EXPECT_EQ(r.icmp_filters[0].loc.ToString(), dir_ + "/t.xml:3:5");
  EXPECT_EQ(r.icmp_filters[1].hook, Hook::kForward);
  EXPECT_EQ(r.icmp_filters[1].drop, "errors");
  EXPECT_EQ(r.icmp_filters[1].dev, "tun0");
  EXPECT_EQ(r.icmp_filters[2].hook, Hook::kInput);
  EXPECT_EQ(r.icmp_filters[2].dev, "eth1");
  ASSERT_EQ(r.mss_clamps.size(), 3u);
  EXPECT_FALSE(r.mss_clamps[0].dev.has_value());
  EXPECT_FALSE(r.mss_clamps[0].mss.has_value());
  EXPECT_FALSE(r.mss_clamps[0].family.has_value());
  EXPECT_EQ(r.mss_clamps[1].dev, "tun0");
  EXPECT_EQ(r.mss_clamps[1].mss, 1360u);
  EXPECT_EQ(r.mss_clamps[1].family, Family::kIpv4);
  EXPECT_FALSE(r.mss_clamps[2].mss.has_value());
  EXPECT_EQ(r.mss_clamps[2].family, Family::kIpv6);
  EXPECT_EQ(r.mss_clamps[2].loc.ToString(), dir_ + "/t.xml:8:5");
}

TEST_F(FirewallTopologyTest, AttributeValues) {
  EXPECT_EQ(ErrorsOf("    <icmp-filter/>\n"
                     "    <icmp-filter hook=\"prerouting\" drop=\"echo\"/>\n"
                     "    <icmp-filter hook=\"output\" drop=\"\"/>\n"
                     "    <mss-clamp mss=\"87\"/>\n"
                     "    <mss-clamp mss=\"65496\" family=\"inet\"/>\n"
                     "    <mss-clamp mss=\"auto\"/>\n"
                     "    <mss-clamp mss=\"\" dev=\"tun0\"/>\n"),
            Lines(At(3, 5, "<icmp-filter> needs attribute 'hook'"),
                  At(4, 18, "hook=\"prerouting\" must be 'input', 'output' or 'forward'"),
                  At(4, 36, "drop=\"echo\" must be 'frag-needed', 'errors' or 'all'"),
                  At(5, 32, "drop=\"\" must be 'frag-needed', 'errors' or 'all'"),
                  At(6, 16, "mss 87 is out of range 88..65495"),
                  At(7, 16, "mss 65496 is out of range 88..65495"),
                  At(7, 28, "family=\"inet\" must be 'ipv4' or 'ipv6'"),
                  At(8, 16, "mss=\"auto\" must be 'pmtu' or a number 88..65495"),
                  At(9, 16, "mss=\"\" must be 'pmtu' or a number 88..65495")));
}

TEST_F(FirewallTopologyTest, BackendDefaultsToNftablesAndTakesIptables) {
  Topology t =
      LoadTopology(Write("    <mss-clamp dev=\"tun0\" family=\"ipv4\"/>\n"
                         "    <mss-clamp dev=\"tun0\" family=\"ipv6\" backend=\"nftables\"/>\n"
                         "    <mss-clamp dev=\"eth1\" mss=\"1360\" backend=\"iptables\"/>\n"));
  const Node& r = *t.FindNode("r");
  ASSERT_EQ(r.mss_clamps.size(), 3u);
  EXPECT_EQ(r.mss_clamps[0].backend, MssClamp::Backend::kNftables);
  EXPECT_EQ(r.mss_clamps[1].backend, MssClamp::Backend::kNftables);
  EXPECT_EQ(r.mss_clamps[2].backend, MssClamp::Backend::kIptables);
  EXPECT_EQ(r.mss_clamps[2].mss, 1360u);
  EXPECT_STREQ(MssClampBackendName(r.mss_clamps[2].backend), "iptables");
  EXPECT_EQ(ErrorsOf("    <mss-clamp backend=\"xtables\"/>\n"
                     "    <mss-clamp dev=\"tun0\" backend=\"\"/>\n"),
            Lines(At(3, 16, "backend=\"xtables\" must be 'nftables' or 'iptables'"),
                  At(4, 27, "backend=\"\" must be 'nftables' or 'iptables'")));
}

TEST_F(FirewallTopologyTest, UnknownAttributesAndChildren) {
  EXPECT_EQ(ErrorsOf("    <icmp-filter hook=\"output\" device=\"eth1\"/>\n"
                     "    <mss-clamp mms=\"1360\"><x/></mss-clamp>\n"
                     "    <mss_clamp/>\n"),
            Lines(At(3, 32,
                     "unknown attribute 'device' on <icmp-filter> (allowed: hook, drop, dev)"),
                  At(4, 16, "unknown attribute 'mms' on <mss-clamp>; did you mean 'mss'?"),
                  At(4, 27,
                     "unknown element <x> in <mss-clamp>; <mss-clamp> takes no child elements"),
                  At(5, 5, "unknown element <mss_clamp> in <node>; did you mean <mss-clamp>?")));
}

TEST_F(FirewallTopologyTest, DevMustBeAnInterfaceOfTheNode) {
  EXPECT_EQ(ErrorsOf("    <icmp-filter hook=\"input\" dev=\"eth0\"/>\n"
                     "    <mss-clamp dev=\"tun9\"/>\n"),
            Lines(At(3, 5, "icmp-filter on node 'r': dev 'eth0' is not an interface of 'r'"),
                  At(4, 5, "mss-clamp on node 'r': dev 'tun9' is not an interface of 'r'")));
}

TEST_F(FirewallTopologyTest, OneFilterPerHookAndDevOneClampPerDevAndFamily) {
  EXPECT_EQ(
      ErrorsOf("    <icmp-filter hook=\"output\"/>\n"
               "    <icmp-filter hook=\"output\" drop=\"errors\"/>\n"
               "    <icmp-filter hook=\"output\" dev=\"tun0\"/>\n"
               "    <icmp-filter hook=\"output\" dev=\"tun0\"/>\n"
               "    <mss-clamp dev=\"tun0\" family=\"ipv4\"/>\n"
               "    <mss-clamp dev=\"tun0\" family=\"ipv6\"/>\n"
               "    <mss-clamp dev=\"tun0\" mss=\"1200\" family=\"ipv4\"/>\n"
               "    <mss-clamp/>\n"
               "    <mss-clamp mss=\"1300\"/>\n"),
      Lines(At(4, 5,
               "icmp-filter on node 'r' (hook output, every interface) is already defined at " +
                   dir_ + "/t.xml:3:5"),
            At(6, 5,
               "icmp-filter on node 'r' (hook output, dev tun0) is already defined at " + dir_ +
                   "/t.xml:5:5"),
            At(9, 5,
               "mss-clamp on node 'r' (dev tun0, ipv4) is already defined at " + dir_ +
                   "/t.xml:7:5"),
            At(11, 5,
               "mss-clamp on node 'r' (every interface, both families) is already defined at " +
                   dir_ + "/t.xml:10:5")));
}

class FirewallOverrideTest : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    TempDirTest::Write("t.xml", std::string("<topology name=\"t\">\n"
                                            "  <node name=\"r\" forwarding=\"true\">\n"
                                            "    <icmp-filter hook=\"output\"/>\n"
                                            "    <mss-clamp dev=\"tun0\"/>\n"
                                            "  </node>\n") +
                                    kNodes + "</topology>\n");
    path_ = dir_ + "/s.xml";
  }
  // A suite over t.xml with one case whose <override> holds `body` (from line 4).
  std::string WriteSuite(const std::string& body) {
    return TempDirTest::Write("s.xml",
                              "<suite name=\"s\" topology=\"t.xml\">\n  <case name=\"c\">\n"
                              "    <override>\n" +
                                  body + "    </override>\n"
                              "    <flush node=\"r\">"
                              "<expect fact=\"flush.ipv6_removed\" equals=\"0\"/></flush>\n"
                              "  </case>\n</suite>\n");
  }
  Topology Applied(const std::string& body) {
    Suite s = LoadSuite(WriteSuite(body));
    return ApplyOverrides(s.topology, s.cases.at(0));
  }
  std::vector<std::string> ErrorsOf(const std::string& body) {
    WriteSuite(body);
    return Errors([&] { LoadSuite(path_); });
  }
  std::string At(int line, int col, const std::string& message) {
    return path_ + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + message;
  }

  std::string path_;
};

TEST_F(FirewallOverrideTest, SameHookAndDevOrSameDevAndFamilyReplaceOthersAdd) {
  Topology t = Applied(
      "      <icmp-filter node=\"r\" hook=\"output\" drop=\"errors\"/>\n"
      "      <icmp-filter node=\"h\" hook=\"input\" dev=\"eth0\"/>\n"
      "      <mss-clamp node=\"r\" dev=\"tun0\" mss=\"1200\"/>\n"
      "      <mss-clamp node=\"r\" dev=\"tun0\" family=\"ipv6\"/>\n");
  const Node& r = *t.FindNode("r");
  ASSERT_EQ(r.icmp_filters.size(), 1u);
  EXPECT_EQ(r.icmp_filters[0].drop, "errors");
  EXPECT_EQ(r.icmp_filters[0].loc.ToString(), path_ + ":4:7");
  ASSERT_EQ(r.mss_clamps.size(), 2u);
  EXPECT_EQ(r.mss_clamps[0].mss, 1200u);
  EXPECT_FALSE(r.mss_clamps[0].family.has_value());
  EXPECT_EQ(r.mss_clamps[1].family, Family::kIpv6);
  EXPECT_FALSE(r.mss_clamps[1].mss.has_value());
  const Node& h = *t.FindNode("h");
  ASSERT_EQ(h.icmp_filters.size(), 1u);
  EXPECT_EQ(h.icmp_filters[0].hook, Hook::kInput);
  EXPECT_EQ(h.icmp_filters[0].dev, "eth0");
}

TEST_F(FirewallOverrideTest, RemoveEveryFilterOrClampOfTheNode) {
  Topology t = Applied(
      "      <no-icmp-filter node=\"r\"/>\n"
      "      <no-mss-clamp node=\"r\"/>\n");
  EXPECT_TRUE(t.FindNode("r")->icmp_filters.empty());
  EXPECT_TRUE(t.FindNode("r")->mss_clamps.empty());
  t = Applied("      <no-mss-clamp node=\"r\"/>\n      <mss-clamp node=\"r\" mss=\"1300\"/>\n");
  ASSERT_EQ(t.FindNode("r")->mss_clamps.size(), 1u);
  EXPECT_EQ(t.FindNode("r")->mss_clamps[0].mss, 1300u);
  EXPECT_FALSE(t.FindNode("r")->mss_clamps[0].dev.has_value());
  EXPECT_EQ(t.FindNode("r")->icmp_filters.size(), 1u);
}

TEST_F(FirewallOverrideTest, Errors) {
  EXPECT_EQ(
      ErrorsOf("      <icmp-filter node=\"rr\" hook=\"output\"/>\n"
               "      <icmp-filter node=\"r\" hook=\"out\" dev=\"eth9\"/>\n"
               "      <mss-clamp node=\"r\" mss=\"40\"/>\n"
               "      <mss-clamp hook=\"forward\"/>\n"
               "      <no-mss-clamp node=\"h\"/>\n"
               "      <no-icmp-filter node=\"r\" dev=\"eth1\"/>\n"),
      Lines(
          At(4, 20, "node 'rr' is not defined; did you mean 'r'?"),
          At(5, 29, "hook=\"out\" must be 'input', 'output' or 'forward'"),
          At(5, 40, "interface 'eth9' is not defined on node 'r'"),
          At(6, 27, "mss 40 is out of range 88..65495"),
          At(7, 7, "<mss-clamp> needs attribute 'node'"),
          At(7, 18,
             "unknown attribute 'hook' on <mss-clamp> (allowed: node, dev, mss, family, backend)"),
          At(8, 7, "node 'h' has no mss-clamp to remove"),
          At(9, 32, "unknown attribute 'dev' on <no-icmp-filter> (allowed: node)")));
}

}  // namespace
}  // namespace mtulab
