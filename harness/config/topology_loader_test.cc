#include <gtest/gtest.h>

#include "harness/config/config_test_util.h"
#include "harness/config/loader.h"

namespace mtulab {
namespace {

class TopologyLoaderTest : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    path_ = dir_ + "/t.xml";
  }
  // Writes a topology whose body starts on line 2, then loads it.
  std::vector<std::string> ErrorsOf(const std::string& body) {
    Write("t.xml", "<topology name=\"t\">\n" + body + "</topology>\n");
    return Errors([&] { LoadTopology(path_); });
  }
  // "PATH:LINE:COL: message" for the file written by ErrorsOf().
  std::string At(int line, int col, const std::string& message) {
    return path_ + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + message;
  }

  std::string path_;
};

// Two nodes linked by a veth, starting at line 2; `end_a` is spliced into a's <end>.
std::string Pair(const std::string& end_a, const std::string& end_b = "") {
  return "  <node name=\"a\"/>\n"
         "  <node name=\"b\"/>\n"
         "  <link>\n"
         "    <end node=\"a\" name=\"e0\"" +
         end_a +
         "/>\n"
         "    <end node=\"b\" name=\"e0\"" +
         end_b +
         "/>\n"
         "  </link>\n";
}

TEST_F(TopologyLoaderTest, LoadsTheReferenceExample) {
  std::string path = Write("svi.xml", R"(<topology name="svi">
  <!-- diagram -->
  <node name="api">
    <sysctl name="net.ipv4.conf.all.rp_filter" value="1"/>
    <route to="default" via="10.10.10.1"/>
    <route to="10.10.20.0/24" via="10.10.10.1" dev="eth1" src="10.10.10.10"
           metric="10" mtu="1400" lock="true" advmss="1360"/>
  </node>
  <node name="router" forwarding="true"/>
  <link kind="veth">
    <end node="api" name="eth1" mtu="9000" ipv4="10.10.10.10/24" ipv6="fd00:10::10/64">
      <sysctl name="ipv4.rp_filter" value="2"/>
    </end>
    <end node="router" name="vlan10" mtu="9000" ipv4="10.10.10.1/24"/>
  </link>
</topology>
)");
  Topology t = LoadTopology(path);
  EXPECT_EQ(t.name, "svi");
  EXPECT_EQ(t.file, path);
  ASSERT_EQ(t.nodes.size(), 2u);
  const Node& api = t.nodes[0];
  EXPECT_EQ(api.loc.ToString(), path + ":3:3");
  ASSERT_EQ(api.sysctls.size(), 1u);
  EXPECT_EQ(api.sysctls[0].key, "net.ipv4.conf.all.rp_filter");
  ASSERT_EQ(api.routes.size(), 2u);
  EXPECT_EQ(api.routes[0].family, Family::kIpv4);
  EXPECT_EQ(api.routes[0].Describe(), "default via 10.10.10.1");
  EXPECT_EQ(api.routes[1].Describe(),
            "10.10.20.0/24 via 10.10.10.1 dev eth1 src 10.10.10.10 metric 10 mtu lock 1400 "
            "advmss 1360");
  EXPECT_FALSE(api.routes[0].dst.has_value());  // `default`: no prefix, family ipv4
  ASSERT_TRUE(api.routes[1].dst && api.routes[1].via && api.routes[1].src);
  EXPECT_EQ(PrefixToString(*api.routes[1].dst), "10.10.20.0/24");
  EXPECT_EQ(api.routes[1].dst->addr.family, Family::kIpv4);
  EXPECT_EQ(IpToString(*api.routes[1].src), "10.10.10.10");
  const Node& router = t.nodes[1];
  ASSERT_EQ(router.sysctls.size(), 2u);
  EXPECT_EQ(router.sysctls[0].key, "net.ipv4.ip_forward");
  EXPECT_EQ(router.sysctls[1].key, "net.ipv6.conf.all.forwarding");
  EXPECT_EQ(router.sysctls[1].value, "1");
  ASSERT_EQ(t.links.size(), 1u);
  const Endpoint& eth1 = t.links[0].ends[0];
  EXPECT_EQ(eth1.ifname, "eth1");
  EXPECT_EQ(eth1.mtu, 9000u);
  ASSERT_EQ(eth1.addresses.size(), 2u);
  EXPECT_EQ(eth1.addresses[1].family, Family::kIpv6);
  EXPECT_EQ(IpToString(eth1.addresses[1].Ip()), "fd00:10::10");
  ASSERT_EQ(eth1.sysctls.size(), 1u);
  EXPECT_EQ(eth1.sysctls[0].key, "net.ipv4.conf.eth1.rp_filter");
  EXPECT_EQ(eth1.sysctls[0].value, "2");
  EXPECT_EQ(t.links[0].ends[1].loc.ToString(), path + ":14:5");
}

TEST_F(TopologyLoaderTest, SeveralAddressesAndIpv6Routes) {
  std::string path = Write("t.xml", R"(<topology name="t">
  <node name="a">
    <route to="fd00:2::/64" via="fd00:1::2"/>
    <route to="default" family="ipv6" dev="e0"/>
    <route to="fd00:3::/64" via="fe80::1" dev="e0"/>
  </node>
  <node name="b"/>
  <link>
    <end node="a" name="e0" ipv4="10.0.0.1/24  10.0.1.1/24" ipv6="fd00:1::1/64"/>
    <end node="b" name="e0" mtu="1280" ipv6="fd00:1::2/64"/>
  </link>
</topology>
)");
  Topology t = LoadTopology(path);
  ASSERT_EQ(t.nodes[0].routes.size(), 3u);
  EXPECT_EQ(t.nodes[0].routes[1].family, Family::kIpv6);
  EXPECT_EQ(t.links[0].ends[0].addresses.size(), 3u);
}

TEST_F(TopologyLoaderTest, MalformedXmlShowsLineAndCaret) {
  path_ = Write("t.xml", "<topology name=\"t\">\n  <node name=\"a\">\n</topology>\n");
  EXPECT_EQ(What([&] { LoadTopology(path_); }), path_ +
                                                    ":3:3: malformed XML: Start-end tags mismatch\n"
                                                    "  </topology>\n"
                                                    "    ^");
}

TEST_F(TopologyLoaderTest, EmptyFileIsMalformed) {
  path_ = Write("t.xml", "");
  EXPECT_EQ(Errors([&] { LoadTopology(path_); }),
            Lines(path_ + ":1:1: malformed XML: No document element found"));
}

TEST_F(TopologyLoaderTest, RejectsDoctype) {
  path_ = Write("t.xml", "<!DOCTYPE topology [<!ENTITY x \"y\">]>\n<topology name=\"t\"/>\n");
  EXPECT_EQ(Errors([&] { LoadTopology(path_); }), Lines(At(1, 1, "DOCTYPE is not allowed")));
}

TEST_F(TopologyLoaderTest, WrongRootElement) {
  path_ = Write("t.xml", "<suite name=\"x\"/>\n");
  EXPECT_EQ(Errors([&] { LoadTopology(path_); }),
            Lines(At(1, 1, "expected root element <topology>, found <suite>")));
}

TEST_F(TopologyLoaderTest, MissingFile) {
  std::string path = dir_ + "/nope.xml";
  EXPECT_EQ(Errors([&] { LoadTopology(path); }),
            Lines(path + ": cannot be read: No such file or directory"));
}

TEST_F(TopologyLoaderTest, UnknownElementSuggestsClosest) {
  EXPECT_EQ(ErrorsOf("  <node name=\"a\">\n    <sysctll name=\"net.x\" value=\"1\"/>\n  </node>\n"),
            Lines(At(3, 5, "unknown element <sysctll> in <node>; did you mean <sysctl>?")));
}

TEST_F(TopologyLoaderTest, UnknownElementListsAllowed) {
  EXPECT_EQ(
      ErrorsOf("  <bogus/>\n"),
      Lines(At(2, 3, "unknown element <bogus> in <topology> (allowed: node, link, pod, ipsec)")));
}

TEST_F(TopologyLoaderTest, UnknownAttributeSuggestsClosestWithCaret) {
  path_ = Write("t.xml", "<topology name=\"t\">\n" + Pair(" mut=\"1500\"") + "</topology>\n");
  EXPECT_EQ(What([&] { LoadTopology(path_); }),
            path_ +
                ":5:29: unknown attribute 'mut' on <end>; did you mean 'mtu'?\n"
                "      <end node=\"a\" name=\"e0\" mut=\"1500\"/>\n"
                "                              ^");
}

TEST_F(TopologyLoaderTest, UnknownAttributeListsAllowed) {
  EXPECT_EQ(ErrorsOf(Pair(" address=\"x\"")),
            Lines(At(5, 29,
                     "unknown attribute 'address' on <end> (allowed: node, name, "
                     "mtu, ipv4, ipv6)")));
}

TEST_F(TopologyLoaderTest, MissingRequiredAttribute) {
  EXPECT_EQ(ErrorsOf("  <node/>\n"), Lines(At(2, 3, "<node> needs attribute 'name'")));
}

TEST_F(TopologyLoaderTest, DuplicateNode) {
  EXPECT_EQ(ErrorsOf("  <node name=\"api\"/>\n  <node name=\"api\"/>\n"),
            Lines(At(3, 3, "node 'api' is already defined at " + path_ + ":2:3")));
}

TEST_F(TopologyLoaderTest, BadNodeName) {
  EXPECT_EQ(ErrorsOf("  <node name=\"a b\"/>\n"),
            Lines(At(2, 9, "node name 'a b' must match [A-Za-z0-9_-]{1,32}")));
}

TEST_F(TopologyLoaderTest, DanglingEndNodeSuggestsClosest) {
  EXPECT_EQ(ErrorsOf("  <node name=\"api\"/>\n  <node name=\"b\"/>\n  <link>\n"
                     "    <end node=\"apj\" name=\"e0\"/>\n    <end node=\"b\" name=\"e0\"/>\n"
                     "  </link>\n"),
            Lines(At(5, 5, "node 'apj' is not defined; did you mean 'api'?")));
}

TEST_F(TopologyLoaderTest, DuplicateInterfaceInNode) {
  std::string body = Pair("") +
                     "  <link>\n    <end node=\"a\" name=\"e0\"/>\n"
                     "    <end node=\"b\" name=\"e1\"/>\n  </link>\n";
  EXPECT_EQ(ErrorsOf(body), Lines(At(9, 5,
                                     "interface 'e0' on node 'a' is already "
                                     "defined at " +
                                         path_ + ":5:5")));
}

TEST_F(TopologyLoaderTest, DuplicateAddressAcrossNodes) {
  EXPECT_EQ(ErrorsOf(Pair(" ipv6=\"fd00::1/64\"", " ipv6=\"fd00:0::1/64\"")),
            Lines(At(6, 29,
                     "address fd00::1 is already assigned to interface 'e0' on "
                     "node 'a' at " +
                         path_ + ":5:29")));
}

TEST_F(TopologyLoaderTest, MtuOutOfRange) {
  EXPECT_EQ(ErrorsOf(Pair(" mtu=\"67\"", " mtu=\"65536\"")),
            Lines(At(5, 29, "mtu 67 is out of range 68..65535"),
                  At(6, 29, "mtu 65536 is out of range 68..65535")));
  EXPECT_EQ(ErrorsOf(Pair(" mtu=\"0\"")), Lines(At(5, 29, "mtu 0 is out of range 68..65535")));
}

TEST_F(TopologyLoaderTest, MtuNotAnUnsignedInteger) {
  EXPECT_EQ(ErrorsOf(Pair(" mtu=\"15x0\"", " mtu=\"-1\"")),
            Lines(At(5, 29, "mtu=\"15x0\" is not an unsigned integer"),
                  At(6, 29, "mtu=\"-1\" is not an unsigned integer")));
}

TEST_F(TopologyLoaderTest, Ipv6NeedsMtu1280) {
  EXPECT_EQ(ErrorsOf(Pair(" mtu=\"1000\" ipv6=\"fd00::1/64\"")),
            Lines(At(5, 5,
                     "interface 'e0' on node 'a' has IPv6 addresses but mtu 1000 < "
                     "1280 (Linux removes IPv6 from such a link)")));
}

TEST_F(TopologyLoaderTest, BadAddressAndPrefix) {
  EXPECT_EQ(ErrorsOf(Pair(" ipv4=\"10.0.0.300/24\"", " ipv4=\"10.0.0.2/33\" ipv6=\"10.0.0.3/24\"")),
            Lines(At(5, 29, "ipv4=\"10.0.0.300/24\" is not an IPv4 address with prefix length"),
                  At(6, 29, "ipv4=\"10.0.0.2/33\": prefix length 33 is out of range 0..32"),
                  At(6, 48, "ipv6=\"10.0.0.3/24\" is not an IPv6 address with prefix length")));
}

TEST_F(TopologyLoaderTest, InterfaceNameTooLong) {
  EXPECT_EQ(
      ErrorsOf("  <node name=\"a\"/>\n  <link>\n"
               "    <end node=\"a\" name=\"averyveryverylong\"/>\n"
               "    <end node=\"a\" name=\"a/b\"/>\n  </link>\n"),
      Lines(At(4, 19, "interface name 'averyveryverylong' is 17 bytes; Linux allows at most 15"),
            At(5, 19, "interface name 'a/b' contains '/'")));
}

TEST_F(TopologyLoaderTest, InterfaceNameOf16Bytes) {
  EXPECT_EQ(
      ErrorsOf(Pair("", "") + "  <link>\n    <end node=\"a\" name=\"abcdefghijklmnop\"/>\n"
                              "    <end node=\"b\" name=\"abcdefghijklmno\"/>\n  </link>\n"),
      Lines(At(9, 19, "interface name 'abcdefghijklmnop' is 16 bytes; Linux allows at most 15")));
}

TEST_F(TopologyLoaderTest, RouteHostBits) {
  EXPECT_EQ(
      ErrorsOf("  <node name=\"a\">\n    <route to=\"10.0.0.1/24\" dev=\"e0\"/>\n  </node>\n"),
      Lines(At(3, 12, "route to 10.0.0.1/24 has host bits set (did you mean 10.0.0.0/24?)")));
}

TEST_F(TopologyLoaderTest, RouteGatewayDevAndSourceMustExist) {
  std::string body =
      "  <node name=\"a\">\n"
      "    <route to=\"10.0.0.0/24\" via=\"10.9.9.9\"/>\n"
      "    <route to=\"10.0.1.0/24\" dev=\"e9\"/>\n"
      "    <route to=\"10.0.2.0/24\" dev=\"e0\" src=\"10.1.1.2\"/>\n"
      "  </node>\n  <node name=\"b\"/>\n  <link>\n"
      "    <end node=\"a\" name=\"e0\" ipv4=\"10.1.1.1/24\"/>\n"
      "    <end node=\"b\" name=\"e0\" ipv4=\"10.1.1.2/24\"/>\n  </link>\n";
  EXPECT_EQ(
      ErrorsOf(body),
      Lines(At(3, 5,
               "route 10.0.0.0/24 on node 'a': gateway 10.9.9.9 is not on a "
               "subnet of any interface of 'a'"),
            At(4, 5, "route 10.0.1.0/24 on node 'a': dev 'e9' is not an interface of 'a'"),
            At(5, 5, "route 10.0.2.0/24 on node 'a': src 10.1.1.2 is not an address of 'a'")));
}

TEST_F(TopologyLoaderTest, RouteAttributeRules) {
  std::string body =
      "  <node name=\"a\">\n"
      "    <route to=\"10.0.0.0/24\" dev=\"e0\" lock=\"true\"/>\n"
      "    <route to=\"default\" dev=\"e0\"/>\n"
      "    <route to=\"10.0.1.0/24\"/>\n"
      "    <route to=\"10.0.2.0/24\" via=\"fd00::1\" mtu=\"70000\"/>\n"
      "    <route to=\"fd00::/64\" family=\"ipv4\" dev=\"e0\"/>\n"
      "  </node>\n";
  EXPECT_EQ(ErrorsOf(body),
            Lines(At(3, 38, "route 10.0.0.0/24 on node 'a': lock=\"true\" needs 'mtu'"),
                  At(4, 5, "route to default without 'via' needs attribute 'family'"),
                  At(5, 5, "route 10.0.1.0/24 on node 'a': needs 'via' or 'dev'"),
                  At(6, 29,
                     "route 10.0.2.0/24 on node 'a': gateway fd00::1 is not an "
                     "ipv4 address"),
                  At(6, 43, "mtu 70000 is out of range 68..65535"),
                  At(7, 27, "route to fd00::/64 is ipv6 but family=\"ipv4\"")));
}

TEST_F(TopologyLoaderTest, BooleansAndSysctls) {
  std::string body =
      "  <node name=\"a\" forwarding=\"yes\">\n"
      "    <sysctl name=\"ipv4.ip_forward\" value=\"1\"/>\n"
      "    <sysctl name=\"net..x\" value=\"1\"/>\n"
      "    <sysctl name=\"net.a/b\" value=\"1\"/>\n"
      "  </node>\n  <node name=\"b\"/>\n  <link>\n"
      "    <end node=\"a\" name=\"e0\"><sysctl name=\"rp_filter\" value=\"1\"/></end>\n"
      "    <end node=\"b\" name=\"e0\"/>\n  </link>\n";
  EXPECT_EQ(ErrorsOf(body), Lines(At(2, 18, "forwarding=\"yes\" must be 'true' or 'false'"),
                                  At(3, 13, "sysctl name 'ipv4.ip_forward' must start with 'net.'"),
                                  At(4, 13, "sysctl name 'net..x' has an empty component"),
                                  At(5, 13,
                                     "sysctl name 'net.a/b' has a character other than "
                                     "[A-Za-z0-9_.-]"),
                                  At(9, 37,
                                     "interface sysctl name 'rp_filter' must be 'ipv4.KEY', "
                                     "'ipv6.KEY' or 'mpls.KEY'")));
}

TEST_F(TopologyLoaderTest, LinkNeedsTwoEnds) {
  EXPECT_EQ(ErrorsOf("  <node name=\"a\"/>\n  <link kind=\"veth\">\n"
                     "    <end node=\"a\" name=\"e0\"/>\n  </link>\n"),
            Lines(At(3, 3, "<link> needs exactly 2 <end> elements, found 1")));
}

TEST_F(TopologyLoaderTest, UnknownLinkKindSuggestsAKnownOne) {
  EXPECT_EQ(ErrorsOf("  <node name=\"a\"/>\n  <link kind=\"vxlam\" node=\"a\" name=\"v\"/>\n"),
            Lines(At(3, 9,
                     "link kind 'vxlam' is not known; did you mean 'vxlan'? (known: veth, bridge, "
                     "vxlan, macvlan, vlan, ipvlan, dummy, vrf, gre, gretap, ipip, geneve, "
                     "wireguard, vti, vti6, sit, ip6tnl, ovs)")));
}

TEST_F(TopologyLoaderTest, DeviceAttributesFollowTheKindSchema) {
  std::string body =
      "  <node name=\"a\"/>\n"
      "  <link kind=\"vxlan\" node=\"a\" name=\"vx0\" vni=\"4x2\" dstport=\"70000\"\n"
      "        df=\"maybe\" remote=\"10.0.0.300\" dev=\"eth9\" mut=\"1450\"/>\n";
  EXPECT_EQ(ErrorsOf(body),
            Lines(At(3, 3, "vxlan 'vx0' on node 'a': 'eth9' is not an interface of 'a'"),
                  At(3, 42, "vni=\"4x2\" is not an unsigned integer"),
                  At(3, 52, "dstport 70000 is out of range 1..65535"),
                  At(4, 9, "vxlan 'vx0': df=\"maybe\" must be one of unset, set, inherit"),
                  At(4, 20, "vxlan 'vx0': remote=\"10.0.0.300\" is not an IP address"),
                  At(4, 51, "unknown attribute 'mut' on <link>; did you mean 'mtu'?")));
}

TEST_F(TopologyLoaderTest, DevicesLoadWithParamsFdbAndPeers) {
  std::string body =
      "  <node name=\"a\"/>\n  <node name=\"b\"/>\n"
      "  <link kind=\"veth\"><end node=\"a\" name=\"u0\" ipv4=\"10.0.0.1/24\"/>\n"
      "    <end node=\"b\" name=\"u0\" ipv4=\"10.0.0.2/24\"/></link>\n"
      "  <link kind=\"vxlan\" node=\"a\" name=\"vx0\" vni=\"42\" local=\"10.0.0.1\" dev=\"u0\">\n"
      "    <fdb dst=\"10.0.0.2\"/><fdb dst=\"10.0.0.3\"/></link>\n"
      "  <link kind=\"bridge\" node=\"a\" name=\"br0\" ports=\"vx0\" ipv4=\"10.9.0.1/24\"/>\n"
      "  <link kind=\"wireguard\" node=\"a\" name=\"wg0\" listen_port=\"51820\">\n"
      "    <peer node=\"b\" dev=\"wg0\" endpoint=\"10.0.0.2:51820\" allowed_ips=\"10.200.0.2/32\"/>\n"
      "  </link>\n"
      "  <link kind=\"wireguard\" node=\"b\" name=\"wg0\"><peer node=\"a\" dev=\"wg0\"/></link>\n";
  Topology t = LoadTopology(Write("t.xml", "<topology name=\"t\">\n" + body + "</topology>\n"));
  ASSERT_EQ(t.devices.size(), 4u);
  EXPECT_EQ(t.devices[0].params.at("vni"), "42");
  EXPECT_EQ(t.devices[0].fdb, (std::vector<std::string>{"10.0.0.2", "10.0.0.3"}));
  EXPECT_EQ(t.devices[1].DependsOn(), std::vector<std::string>{"vx0"});
  EXPECT_EQ(t.devices[2].peers.at(0).allowed_ips, std::vector<std::string>{"10.200.0.2/32"});
  EXPECT_EQ(t.FindEndpoint("a", "br0")->addresses.at(0).text, "10.9.0.1/24");
}

TEST_F(TopologyLoaderTest, ReportsEveryProblemInDocumentOrder) {
  std::string body =
      "  <node name=\"a\"/>\n"
      "  <node name=\"a\"/>\n"
      "  <link>\n"
      "    <end node=\"a\" name=\"e0\" mtu=\"9x\"/>\n"
      "    <end node=\"c\" name=\"e0\" ipv5=\"1\"/>\n"
      "  </link>\n";
  EXPECT_EQ(ErrorsOf(body),
            Lines(At(3, 3, "node 'a' is already defined at " + path_ + ":2:3"),
                  At(5, 29, "mtu=\"9x\" is not an unsigned integer"),
                  At(6, 5, "node 'c' is not defined; did you mean 'a'?"),
                  At(6, 29, "unknown attribute 'ipv5' on <end>; did you mean 'ipv4'?")));
}

TEST_F(TopologyLoaderTest, StopsAtFiftyProblems) {
  std::string body;
  for (int i = 0; i < 60; ++i)
    body += "  <node name=\"n" + std::to_string(i) + "\" bogus=\"1\"/>\n";
  std::vector<std::string> errors = ErrorsOf(body);
  ASSERT_EQ(errors.size(), 50u);
  EXPECT_EQ(errors[49],
            At(51, 20, "unknown attribute 'bogus' on <node> (allowed: name, forwarding)"));
}

}  // namespace
}  // namespace mtulab
