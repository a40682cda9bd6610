// mtulab lint findings as exact strings, one topology per check.
#include "harness/plan/lint.h"

#include <gtest/gtest.h>

#include "harness/plan/plan_test_util.h"

namespace mtulab {
namespace {

class LintTest : public PlanTest {
 protected:
  // Every finding, formatted, with the temp directory shown as "DIR".
  std::vector<std::string> Format(const std::vector<Finding>& findings) {
    std::vector<std::string> out;
    for (const Finding& f : findings) out.push_back(Strip(f.Format()));
    return out;
  }
  std::vector<std::string> Findings(const Topology& t) { return Format(LintTopology(t)); }
  std::string Strip(std::string text) {
    for (size_t at; (at = text.find(dir_)) != std::string::npos;) {
      text.replace(at, dir_.size(), "DIR");
    }
    return text;
  }
};

TEST_F(LintTest, VethEndsThatDisagreeOnMtu) {
  Topology t = Load(R"(  <node name="a"/>
  <node name="b"/>
  <link>
    <end node="a" name="eth0" mtu="9000" ipv4="10.0.0.1/24"/>
    <end node="b" name="eth0" mtu="1500" ipv4="10.0.0.2/24"/>
  </link>
)");
  EXPECT_EQ(Findings(t),
            Lines("DIR/t.xml:4:3: error: veth eth0 on a (mtu 9000) and eth0 on b (mtu 1500) "
                  "disagree on MTU [mtu-mismatch]\n"
                  "  on the wire: packets of 1501..9000 bytes that a sends through eth0 are "
                  "dropped by eth0 on b without ICMP (a veth, like a switch port, drops frames "
                  "above the receiver's MTU): a black hole in that direction\n"
                  "  fix: give both ends the same MTU: mtu=\"1500\" on eth0 on a, or "
                  "mtu=\"9000\" on both\n"));
}

TEST_F(LintTest, BridgeAndPortsThatDisagree) {
  Topology t = Load(R"(  <node name="h1"/>
  <node name="sw"/>
  <node name="h2"/>
  <link><end node="h1" name="eth0" mtu="1400" ipv4="10.0.0.1/24"/><end node="sw" name="p1" mtu="1400"/></link>
  <link><end node="sw" name="p2"/><end node="h2" name="eth0" ipv4="10.0.0.2/24"/></link>
  <link kind="bridge" node="sw" name="br0" ports="p1 p2"/>
)");
  EXPECT_EQ(Findings(t),
            Lines("DIR/t.xml:7:3: error: bridge br0 on sw (mtu 1400) and its ports (p1 1400, p2 "
                  "1500) disagree on MTU [mtu-mismatch]\n"
                  "  on the wire: frames above 1400 bytes that the bridge forwards or sends "
                  "through its 1400-byte port are dropped without ICMP: a black hole for them\n"
                  "  fix: give the bridge and every port one MTU (1400, or 1500 on all)\n"));
}

TEST_F(LintTest, Ipv6OnAnInterfaceWhoseDerivedMtuIsBelow1280) {
  Topology t = Load(R"(  <node name="a"/>
  <node name="b"/>
  <link><end node="a" name="u0" mtu="1300" ipv4="172.16.0.1/24"/><end node="b" name="u0" mtu="1300" ipv4="172.16.0.2/24"/></link>
  <link kind="vxlan" node="a" name="vx0" vni="1" remote="172.16.0.2" dev="u0" ipv6="fd00::1/64"/>
)");
  EXPECT_EQ(Findings(t),
            Lines("DIR/t.xml:5:3: error: vx0 on a has IPv6 addresses, but its MTU will be 1250 "
                  "(derived: u0 1300 - 50 vxlan), below IPv6's minimum of 1280 [ipv6-min-mtu]\n"
                  "  on the wire: Linux turns IPv6 off on an interface below 1280: its IPv6 "
                  "addresses are removed and IPv6 traffic through it has no route\n"
                  "  fix: give vx0 an MTU of at least 1280 (its lower device at least 1280 plus "
                  "the overhead)\n"));
}

// gw1 routes h1's traffic into vx0 (mtu 9000) over a 1500 underlay.
constexpr char kRoutedVxlan[] = R"(  <node name="h1"><route to="default" via="10.1.0.1"/></node>
  <node name="gw1" forwarding="true"><route to="10.2.0.0/24" via="10.50.0.2"/></node>
  <node name="gw2" forwarding="true"><route to="10.1.0.0/24" via="10.50.0.1"/></node>
  <node name="h2"><route to="default" via="10.2.0.1"/></node>
  <link><end node="h1" name="eth0" mtu="9000" ipv4="10.1.0.2/24"/>
        <end node="gw1" name="eth0" mtu="9000" ipv4="10.1.0.1/24"/></link>
  <link><end node="gw1" name="uplink0" ipv4="172.16.0.1/24"/>
        <end node="gw2" name="uplink0" ipv4="172.16.0.2/24"/></link>
  <link><end node="gw2" name="eth0" mtu="9000" ipv4="10.2.0.1/24"/>
        <end node="h2" name="eth0" mtu="9000" ipv4="10.2.0.2/24"/></link>
  <link kind="vxlan" node="gw1" name="vx0" vni="7" remote="172.16.0.2" df="set" mtu="9000"
        ipv4="10.50.0.1/24"/>
  <link kind="vxlan" node="gw2" name="vx0" vni="7" remote="172.16.0.1" dev="uplink0" mtu="1500"
        ipv4="10.50.0.2/24"/>
)";

TEST_F(LintTest, OverlayAboveItsUnderlay) {
  std::vector<std::string> f = Findings(Load(kRoutedVxlan));
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0],
            "DIR/t.xml:12:3: error: vxlan vx0 on gw1 has mtu 9000, but its underlay path to "
            "172.16.0.2 carries 1500 (bottleneck uplink0 on gw1): 9000 + 50 vxlan > 1500 "
            "[overlay-mtu]\n"
            "  on the wire: a local sender loses its first inner packet of 1451+ bytes (the "
            "overlay only lowers the route's PMTU), then learns 1450; packets gw1 routes into vx0 "
            "are encapsulated anyway and dropped in DF outer packets, with no ICMP to their sender "
            "(measured on 6.18): a black hole\n"
            "  fix: set mtu=\"1450\" on vx0 (and on its peer), or raise the underlay path to "
            "9050\n");
  EXPECT_EQ(f[1],
            "DIR/t.xml:14:3: warning: vxlan vx0 on gw2 asks for mtu 1500, above what its dev "
            "allows: mtu 1500 clamped by the kernel to uplink0 1500 - 50 vxlan [overlay-mtu]\n"
            "  on the wire: the interface carries 1450, not 1500 (measured: the kernel clamps "
            "without an error)\n"
            "  fix: set mtu=\"1450\", or raise dev's MTU\n");
}

TEST_F(LintTest, WireguardAboveItsUnderlayFragments) {
  Topology t = Load(R"(  <node name="a"/>
  <node name="b"/>
  <link><end node="a" name="u0" ipv4="172.16.0.1/24"/><end node="b" name="u0" ipv4="172.16.0.2/24"/></link>
  <link kind="wireguard" node="a" name="wg0" mtu="1500" ipv4="10.6.0.1/24">
    <peer node="b" dev="wg0" endpoint="172.16.0.2:51820" allowed_ips="10.6.0.0/24"/>
  </link>
  <link kind="wireguard" node="b" name="wg0" listen_port="51820" mtu="1440" ipv4="10.6.0.2/24"/>
)");
  EXPECT_EQ(Findings(t),
            Lines("DIR/t.xml:5:3: warning: wireguard wg0 on a has mtu 1500, but its underlay path "
                  "to 172.16.0.2 carries 1500 (bottleneck u0 on a): 1500 + 60 wireguard > 1500 "
                  "[overlay-mtu]\n"
                  "  on the wire: inner packets of 1441+ bytes cross as fragmented outer packets "
                  "(WireGuard never refuses them): twice the packets, reassembly at the far end, "
                  "and a lost first packet where a smaller hop further away answers an outer DF\n"
                  "  fix: set mtu=\"1440\" on wg0 (and on its peer), or raise the underlay path "
                  "to 1560\n"));
}

// The seed 003 trap: ceos answers api from its management address, which api reaches only
// through mgmt0, and api filters strictly.
std::string Svi(const std::string& vlan20_mtu, const std::string& rp_filter) {
  return R"(  <node name="api">
    <sysctl name="net.ipv4.conf.all.rp_filter" value=")" +
         rp_filter + R"("/>
    <route to="10.10.20.0/24" via="10.10.10.1"/>
  </node>
  <node name="ceos" forwarding="true">
    <route to="10.10.10.10/32" dev="vlan10" src="172.20.20.2"/>
  </node>
  <node name="w"><route to="default" via="10.10.20.1"/></node>
  <link><end node="api" name="eth1" mtu="9000" ipv4="10.10.10.10/24"/>
        <end node="ceos" name="vlan10" mtu="9000" ipv4="10.10.10.1/24"/></link>
  <link><end node="ceos" name="vlan20" mtu=")" +
         vlan20_mtu + R"(" ipv4="10.10.20.1/24"/>
        <end node="w" name="eth1" mtu=")" +
         vlan20_mtu + R"(" ipv4="10.10.20.20/24"/></link>
  <link><end node="api" name="mgmt0" ipv4="172.20.20.10/24"/>
        <end node="ceos" name="mgmt0" ipv4="172.20.20.2/24"/></link>
)";
}

TEST_F(LintTest, IcmpSourcedFromAnAddressAStrictRpFilterDrops) {
  EXPECT_EQ(
      Findings(Load(Svi("1500", "1"))),
      Lines("DIR/t.xml:7:5: error: ceos's ICMP errors toward api (10.10.10.10) come from "
            "172.20.20.2 (the src of its route 10.10.10.10/32 dev vlan10 src 172.20.20.2) and "
            "never arrive: frag-needed from ceos (172.20.20.2) is dropped by api's strict "
            "rp_filter on eth1 (api reaches 172.20.20.2 via mgmt0) [icmp-source]\n"
            "  on the wire: packets from api to 10.10.20.20 above 1500 bytes (vlan20 on ceos "
            "(mtu 1500)) get a frag-needed that never arrives: a PMTU discovery black hole; "
            "large DF packets (a TLS certificate, full-size TCP segments) vanish while small "
            "ones pass\n"
            "  fix: set net.ipv4.icmp_errors_use_inbound_ifaddr=1 on ceos (ICMP from the "
            "address the packet came in on), or send its ICMP from an address api routes back "
            "the same way, or use rp_filter=2 (loose) on api\n"));
  std::vector<std::string> latent = Findings(Load(Svi("9000", "1")));
  ASSERT_EQ(latent.size(), 1u);
  EXPECT_EQ(latent[0].substr(0, latent[0].find('\n')),
            "DIR/t.xml:7:5: warning: ceos's ICMP errors toward api (10.10.10.10) come from "
            "172.20.20.2 (the src of its route 10.10.10.10/32 dev vlan10 src 172.20.20.2) and "
            "never arrive: frag-needed from ceos (172.20.20.2) is dropped by api's strict "
            "rp_filter on eth1 (api reaches 172.20.20.2 via mgmt0) [icmp-source]");
  EXPECT_EQ(Findings(Load(Svi("1500", "2"))), Lines());
}

TEST_F(LintTest, MssClampAboveThePathBack) {
  Topology t = Load(R"(  <node name="a"><route to="default" via="10.0.1.1"/></node>
  <node name="r" forwarding="true"/>
  <node name="b"><route to="default" via="10.0.2.1"/></node>
  <link><end node="a" name="eth0" ipv4="10.0.1.2/24"/><end node="r" name="eth0" ipv4="10.0.1.1/24"/></link>
  <link><end node="r" name="eth1" mtu="1400" ipv4="10.0.2.1/24"/><end node="b" name="eth0" mtu="1400" ipv4="10.0.2.2/24"/></link>
)");
  // In code: the <mss-clamp> reader belongs to the firewall work.
  t.FindNode("r")->mss_clamps.push_back(
      MssClamp{"eth1", 1460, Family::kIpv4, SourceLoc{"fw.xml", 9, 5}});
  EXPECT_EQ(Findings(t),
            Lines("fw.xml:9:5: warning: the MSS clamp on r (mss 1460) leaves SYNs from a to "
                  "10.0.2.2 at MSS 1460, above what the path back from b carries: 1400 (eth0 on "
                  "b (mtu 1400)) - 40 = 1360 [mss-clamp]\n"
                  "  on the wire: b sends a full segments of 1500 bytes, which only cross if PMTU "
                  "discovery works\n"
                  "  fix: clamp to 1360: mss=\"1360\"\n"));
  t.FindNode("r")->mss_clamps[0].mss = 1360;
  EXPECT_EQ(Findings(t), Lines());
}

TEST_F(LintTest, MssClampToTheRouteMtuMissesAFartherBottleneck) {
  Topology t = Load(R"(  <node name="a"><route to="default" via="10.0.1.1"/></node>
  <node name="r" forwarding="true"><route to="default" via="10.0.2.2"/></node>
  <node name="r2" forwarding="true"><route to="10.0.1.0/24" via="10.0.2.1"/></node>
  <node name="b"><route to="default" via="10.0.3.1"/></node>
  <link><end node="a" name="eth0" ipv4="10.0.1.2/24"/><end node="r" name="eth0" ipv4="10.0.1.1/24"/></link>
  <link><end node="r" name="eth1" ipv4="10.0.2.1/24"/><end node="r2" name="eth0" ipv4="10.0.2.2/24"/></link>
  <link><end node="r2" name="eth1" mtu="1400" ipv4="10.0.3.1/24"/><end node="b" name="eth0" mtu="1400" ipv4="10.0.3.2/24"/></link>
)");
  t.FindNode("r")->mss_clamps.push_back(
      MssClamp{"eth1", std::nullopt, std::nullopt, SourceLoc{"fw.xml", 4, 5}});
  std::vector<std::string> f = Findings(t);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].substr(0, f[0].find('\n')),
            "fw.xml:4:5: warning: the MSS clamp on r (route MTU of eth1 - 40) leaves SYNs from a "
            "to 10.0.3.2 at MSS 1460, above what the path back from b carries: 1400 (eth0 on b "
            "(mtu 1400)) - 40 = 1360 [mss-clamp]");
}

TEST_F(LintTest, LockedRouteMtu) {
  Topology t = Load(R"(  <node name="a">
    <route to="10.0.2.0/24" via="10.0.1.1" mtu="1400" lock="true"/>
    <route to="fd00:2::/64" via="fd00:1::1" mtu="1400" lock="true"/>
  </node>
  <node name="r" forwarding="true"/>
  <node name="b"><route to="default" via="10.0.2.1"/><route to="default" via="fd00:2::1"/></node>
  <link><end node="a" name="eth0" ipv4="10.0.1.2/24" ipv6="fd00:1::2/64"/>
        <end node="r" name="eth0" ipv4="10.0.1.1/24" ipv6="fd00:1::1/64"/></link>
  <link><end node="r" name="eth1" mtu="1300" ipv4="10.0.2.1/24" ipv6="fd00:2::1/64"/>
        <end node="b" name="eth0" mtu="1300" ipv4="10.0.2.2/24" ipv6="fd00:2::2/64"/></link>
)");
  EXPECT_EQ(Findings(t),
            Lines("DIR/t.xml:3:5: warning: route 10.0.2.0/24 via 10.0.1.1 mtu lock 1400 on a "
                  "locks its MTU: path MTU discovery is off for it [mtu-lock]\n"
                  "  on the wire: packets up to 1400 bytes leave without DF and are fragmented "
                  "where the path carries only 1300 (eth1 on r (mtu 1300))\n"
                  "  fix: drop lock=\"true\" (mtu 1400 stays a ceiling that PMTU discovery can "
                  "lower), or set mtu=\"1300\"\n",
                  "DIR/t.xml:4:5: error: route fd00:2::/64 via fd00:1::1 mtu lock 1400 on a "
                  "locks its MTU: path MTU discovery is off for it [mtu-lock]\n"
                  "  on the wire: Packet Too Big cannot lower a locked route: IPv6 packets above "
                  "1300 vanish (eth1 on r (mtu 1300))\n"
                  "  fix: drop lock=\"true\" (mtu 1400 stays a ceiling that PMTU discovery can "
                  "lower), or set mtu=\"1300\"\n"));
}

TEST_F(LintTest, SuiteFindingsNameTheCasesAndPointAtTheOverride) {
  Load(R"(  <node name="a"/>
  <node name="b"/>
  <link><end node="a" name="eth0" ipv4="10.0.0.1/24"/><end node="b" name="eth0" ipv4="10.0.0.2/24"/></link>
)");
  std::string suite = Write("s.xml", R"(<suite name="s" topology="t.xml">
  <case name="plain"><ping from="a" to="b:eth0"><expect fact="ping.result" equals="reply"/></ping></case>
  <case name="low">
    <override><mtu node="b" dev="eth0" value="1400"/></override>
    <ping from="a" to="b:eth0"><expect fact="ping.result" equals="reply"/></ping>
  </case>
  <case name="low_too">
    <override><mtu node="b" dev="eth0" value="1400"/></override>
    <ping from="a" to="b:eth0"><expect fact="ping.result" equals="reply"/></ping>
  </case>
</suite>
)");
  std::vector<std::string> f = Format(LintSuite(LoadPredictedSuite(suite)));
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0],
            "DIR/s.xml:4:15: error: veth eth0 on a (mtu 1500) and eth0 on b (mtu 1400) disagree "
            "on MTU [mtu-mismatch]\n"
            "  on the wire: packets of 1401..1500 bytes that a sends through eth0 are dropped by "
            "eth0 on b without ICMP (a veth, like a switch port, drops frames above the "
            "receiver's MTU): a black hole in that direction\n"
            "  fix: give both ends the same MTU: mtu=\"1400\" on eth0 on a, or mtu=\"1500\" on "
            "both\n"
            "  in cases: low\n");
  EXPECT_EQ(f[1].substr(0, f[1].find(':', 10)), "DIR/s.xml:8");
}

// Each finding of the seed files on one line: file, check, severity, where, what, cases.
std::vector<std::string> SeedFindings() {
  std::vector<std::string> got;
  for (const char* file : {"topologies/seed000_liqo.xml", "topologies/seed001_midonet.xml",
                           "topologies/seed001_midonet_gre.xml", "topologies/seed002_overheads.xml",
                           "topologies/seed003_calico.xml", "topologies/seed003_vlan_svi.xml",
                           "topologies/seed004_pmtu.xml", "suites/seed000_liqo.xml",
                           "suites/seed001_midonet.xml", "suites/seed001_midonet_gre.xml",
                           "suites/seed002_fragmentation.xml", "suites/seed003_calico.xml",
                           "suites/seed003_vlan_svi.xml", "suites/seed004_linux_pmtu.xml"}) {
    bool suite = std::string(file).rfind("suites/", 0) == 0;
    std::string path = Shipped(file);
    for (const Finding& f :
         suite ? LintSuite(LoadPredictedSuite(path)) : LintTopology(LoadTopology(path))) {
      std::string cases;
      for (const std::string& c : f.cases) cases += " " + c;
      std::string at = f.loc.file.substr(f.loc.file.rfind('/') + 1);
      got.push_back(std::string(file) + ": " + f.check + " " + SeverityName(f.severity) + " at " +
                    at + " " + f.message.substr(0, f.message.find(" (")) + cases);
    }
  }
  return got;
}

// The seed files' findings (file, check, severity, cases). All are real and intended: the
// suites reproduce these incidents (README "Predict and lint").
TEST(LintShippedTest, SeedFilesFindingsAreTheKnownOnes) {
  EXPECT_EQ(SeedFindings(),
            Lines("topologies/seed002_overheads.xml: overlay-mtu warning at seed002_overheads.xml "
                  "vxlan vx4 on a has mtu 9000, but its underlay path to 172.16.0.2 carries 1500",
                  "topologies/seed002_overheads.xml: overlay-mtu warning at seed002_overheads.xml "
                  "vxlan vx4 on b has mtu 9000, but its underlay path to 172.16.0.1 carries 1500",
                  "topologies/seed002_overheads.xml: overlay-mtu warning at seed002_overheads.xml "
                  "vxlan vx6 on a has mtu 9000, but its underlay path to fd00:16::2 carries 1500",
                  "topologies/seed002_overheads.xml: overlay-mtu warning at seed002_overheads.xml "
                  "vxlan vx6 on b has mtu 9000, but its underlay path to fd00:16::1 carries 1500",
                  "topologies/seed002_overheads.xml: overlay-mtu warning at seed002_overheads.xml "
                  "wireguard wg4 on a has mtu 1500, but its underlay path to 172.16.0.2 carries "
                  "1500",
                  "topologies/seed002_overheads.xml: overlay-mtu warning at seed002_overheads.xml "
                  "wireguard wg4 on b has mtu 1500, but its underlay path to 172.16.0.1 carries "
                  "1500",
                  "topologies/seed002_overheads.xml: overlay-mtu warning at seed002_overheads.xml "
                  "wireguard wg6 on a has mtu 1500, but its underlay path to fd00:16::2 carries "
                  "1500",
                  "topologies/seed002_overheads.xml: overlay-mtu warning at seed002_overheads.xml "
                  "wireguard wg6 on b has mtu 1500, but its underlay path to fd00:16::1 carries "
                  "1500",
                  "suites/seed000_liqo.xml: overlay-mtu warning at seed000_liqo.xml wireguard "
                  "liqo.wg on gw1 has mtu 1500, but its underlay path to 172.16.2.1 carries 1500 "
                  "underlay_1500_wg_1500_fragments_outer",
                  "suites/seed000_liqo.xml: overlay-mtu warning at seed000_liqo.xml wireguard "
                  "liqo.wg on gw2 has mtu 1500, but its underlay path to 172.16.1.1 carries 1500 "
                  "underlay_1500_wg_1500_fragments_outer",
                  "suites/seed000_liqo.xml: overlay-mtu warning at seed000_liqo.xml wireguard "
                  "liqo.wg on gw1 has mtu 1440, but its underlay path to 172.16.2.1 carries 1400 "
                  "aks_1400_path_wg_1440_loses_first_packet "
                  "aks_1400_path_kernel_wg_1440_router_fragments",
                  "suites/seed000_liqo.xml: overlay-mtu warning at seed000_liqo.xml wireguard "
                  "liqo.wg on gw2 has mtu 1440, but its underlay path to 172.16.1.1 carries 1400 "
                  "aks_1400_path_wg_1440_loses_first_packet "
                  "aks_1400_path_kernel_wg_1440_router_fragments",
                  "suites/seed003_vlan_svi.xml: mtu-mismatch error at seed003_vlan_svi.xml veth "
                  "vlan20 on ceos svi_1500_frag_needed_then_restored",
                  "suites/seed003_vlan_svi.xml: mtu-mismatch error at seed003_vlan_svi.xml veth "
                  "vlan20 on ceos ipv6_svi_1500_packet_too_big",
                  "suites/seed003_vlan_svi.xml: mtu-mismatch error at seed003_vlan_svi.xml veth "
                  "vlan20 on ceos rpf_strict_drops_mgmt_sourced_icmp",
                  "suites/seed003_vlan_svi.xml: icmp-source error at seed003_vlan_svi.xml ceos's "
                  "ICMP errors toward api rpf_strict_drops_mgmt_sourced_icmp",
                  "suites/seed003_vlan_svi.xml: mtu-mismatch error at seed003_vlan_svi.xml veth "
                  "vlan20 on ceos rpf_loose_learns_1500_from_mgmt",
                  "suites/seed003_vlan_svi.xml: mtu-mismatch error at seed003_vlan_svi.xml veth "
                  "vlan20 on ceos rpf_strict_with_inbound_ifaddr_on_switch",
                  "suites/seed004_linux_pmtu.xml: mtu-lock warning at seed004_linux_pmtu.xml route "
                  "10.9.0.0/16 via 10.3.0.254 mtu lock 800 on vm locks its MTU: path MTU discovery "
                  "is off for it route_mtu_lock_800"));
}

// Every shipped file lints without a crash; a finding always says what and how to fix.
TEST(LintShippedTest, EveryShippedFileLints) {
  for (const char* dir : {"topologies", "suites"}) {
    for (const std::string& file : ListXmlFiles(Shipped(dir))) {
      bool suite = std::string(dir) == "suites";
      for (const Finding& f :
           suite ? LintSuite(LoadPredictedSuite(file)) : LintTopology(LoadTopology(file))) {
        EXPECT_GT(f.loc.line, 0) << file << ": " << f.message;
        EXPECT_FALSE(f.wire.empty() || f.fix.empty() || f.check.empty()) << f.Format();
      }
    }
  }
}

}  // namespace
}  // namespace mtulab
