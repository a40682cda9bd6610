// `mtulab lint` through the real binary: shipped files, a file with every kind of finding,
// exit codes. Lint needs no root, so nothing here skips without it.
#include <gtest/gtest.h>

#include "tests/e2e/e2e_util.h"

namespace mtulab::e2e {
namespace {

// Lines of `text` that start with `prefix`.
std::vector<std::string> LinesStarting(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (line.rfind(prefix, 0) == 0) out.push_back(line);
    start = end + 1;
  }
  return out;
}

// One topology with each kind of finding (line numbers matter: the test names them).
constexpr char kEveryFinding[] = R"(<topology name="every">
  <node name="api">
    <sysctl name="net.ipv4.conf.all.rp_filter" value="1"/>
    <route to="10.10.20.0/24" via="10.10.10.1"/>
  </node>
  <node name="ceos" forwarding="true">
    <route to="10.10.10.10/32" dev="vlan10" src="172.20.20.2"/>
    <mss-clamp dev="vlan20" mss="8960"/>
  </node>
  <node name="w">
    <route to="default" via="10.10.20.1" mtu="1400" lock="true"/>
  </node>
  <node name="x"/>
  <node name="y"/>
  <node name="g1"/>
  <node name="g2"/>
  <link><end node="api" name="eth1" mtu="9000" ipv4="10.10.10.10/24"/>
        <end node="ceos" name="vlan10" mtu="9000" ipv4="10.10.10.1/24"/></link>
  <link><end node="ceos" name="vlan20" mtu="1500" ipv4="10.10.20.1/24"/>
        <end node="w" name="eth1" mtu="1500" ipv4="10.10.20.20/24"/></link>
  <link><end node="api" name="mgmt0" ipv4="172.20.20.10/24"/>
        <end node="ceos" name="mgmt0" ipv4="172.20.20.2/24"/></link>
  <link><end node="x" name="eth0" mtu="9000" ipv4="10.1.0.1/24"/>
        <end node="y" name="eth0" mtu="1500" ipv4="10.1.0.2/24"/></link>
  <link><end node="g1" name="u0" mtu="1300" ipv4="172.16.0.1/24"/>
        <end node="g2" name="u0" mtu="1300" ipv4="172.16.0.2/24"/></link>
  <link kind="wireguard" node="g1" name="wg0" mtu="1300" ipv4="10.6.0.1/24">
    <peer node="g2" dev="wg0" endpoint="172.16.0.2:51820" allowed_ips="10.6.0.0/24"/>
  </link>
  <link kind="wireguard" node="g2" name="wg0" listen_port="51820" mtu="1240" ipv4="10.6.0.2/24"/>
  <link kind="vxlan" node="g1" name="vx0" vni="9" remote="172.16.0.2" dev="u0"
        ipv6="fd00:9::1/64"/>
</topology>
)";

TEST(LintE2eTest, EveryKindOfFindingWithItsPlaceAndExitOne) {
  TempDir dir;
  WriteFile(dir.path() + "/every.xml", kEveryFinding);
  ProcessResult r = RunMtulab({"lint", "every.xml"}, dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(
      LinesStarting(r.out, "every.xml:"),
      std::vector<std::string>(
          {"every.xml:7:5: error: ceos's ICMP errors toward api (10.10.10.10) come from "
           "172.20.20.2 (the src of its route 10.10.10.10/32 dev vlan10 src 172.20.20.2) and "
           "never arrive: frag-needed from ceos (172.20.20.2) is dropped by api's strict "
           "rp_filter on eth1 (api reaches 172.20.20.2 via mgmt0) [icmp-source]",
           "every.xml:8:5: warning: the MSS clamp on ceos (mss 8960) leaves SYNs from api to "
           "10.10.20.20 at MSS 8960, above what the path back from w carries: 1400 (eth1 on w "
           "(route mtu lock 1400)) - 40 = 1360 [mss-clamp]",
           "every.xml:11:5: warning: route default via 10.10.20.1 mtu lock 1400 on w locks its "
           "MTU: path MTU discovery is off for it [mtu-lock]",
           "every.xml:23:3: error: veth eth0 on x (mtu 9000) and eth0 on y (mtu 1500) disagree "
           "on MTU [mtu-mismatch]",
           "every.xml:27:3: warning: wireguard wg0 on g1 has mtu 1300, but its underlay path to "
           "172.16.0.2 carries 1300 (bottleneck u0 on g1): 1300 + 60 wireguard > 1300 "
           "[overlay-mtu]",
           "every.xml:31:3: error: vx0 on g1 has IPv6 addresses, but its MTU will be 1250 "
           "(derived: u0 1300 - 50 vxlan), below IPv6's minimum of 1280 [ipv6-min-mtu]"}));
  EXPECT_NE(r.out.find("  fix: "), std::string::npos);
  EXPECT_NE(r.out.find("  on the wire: "), std::string::npos);
  EXPECT_EQ(LinesStarting(r.out, "mtulab lint:"),
            std::vector<std::string>({"mtulab lint: 3 errors, 3 warnings"}));
}

TEST(LintE2eTest, ShippedSviSuiteShowsTheSeed003Trap) {
  TempDir dir;
  CopyShippedFiles(dir.path());
  ProcessResult r = RunMtulab(
      {"lint", "suites/seed003_vlan_svi.xml", "topologies/seed003_vlan_svi.xml"}, dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("[icmp-source]\n"
                       "  on the wire: packets from api to 10.10.20.20 above 1500 bytes (vlan20 "
                       "on ceos (mtu 1500)) get a frag-needed that never arrives: a PMTU "
                       "discovery black hole; large DF packets (a TLS certificate, full-size TCP "
                       "segments) vanish while small ones pass\n"
                       "  fix: set net.ipv4.icmp_errors_use_inbound_ifaddr=1 on ceos (ICMP from "
                       "the address the packet came in on), or send its ICMP from an address api "
                       "routes back the same way, or use rp_filter=2 (loose) on api\n"
                       "  in cases: rpf_strict_drops_mgmt_sourced_icmp\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("topologies/seed003_vlan_svi.xml: no findings\n"), std::string::npos);
  EXPECT_EQ(LinesStarting(r.out, "mtulab lint:"),
            std::vector<std::string>({"mtulab lint: 6 errors, 0 warnings"}));
}

TEST(LintE2eTest, WarningsAloneExitZeroUnlessStrict) {
  TempDir dir;
  CopyShippedFiles(dir.path());
  ProcessResult r = RunMtulab({"lint", "suites/seed004_linux_pmtu.xml"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("warning: route 10.9.0.0/16 via 10.3.0.254 mtu lock 800 on vm locks its "
                       "MTU: path MTU discovery is off for it [mtu-lock]"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(RunMtulab({"lint", "--strict", "suites/seed004_linux_pmtu.xml"}, dir.path()).exit_code,
            1);
  r = RunMtulab({"lint", "--strict", "topologies/seed004_pmtu.xml"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "topologies/seed004_pmtu.xml: no findings\nmtulab lint: 0 errors, 0 warnings\n");
}

TEST(LintE2eTest, EveryShippedFileLints) {
  TempDir dir;
  CopyShippedFiles(dir.path());
  ProcessResult r = RunMtulab(
      {"lint", "topologies/seed000_liqo.xml", "topologies/seed001_midonet.xml",
       "topologies/seed002_overheads.xml", "topologies/seed003_calico.xml",
       "suites/seed000_liqo.xml", "suites/seed001_midonet.xml", "suites/seed002_fragmentation.xml",
       "suites/seed003_calico.xml", "suites/seed003_vlan_svi.xml", "suites/seed004_linux_pmtu.xml"},
      dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(LinesStarting(r.out, "mtulab lint:"),
            std::vector<std::string>({"mtulab lint: 6 errors, 13 warnings"}));
}

TEST(LintE2eTest, UnreadableOrInvalidInputExitsTwo) {
  TempDir dir;
  CopyShippedFiles(dir.path());
  WriteFile(dir.path() + "/bad.xml",
            "<topology name=\"b\"><node name=\"a\" mtu=\"9\"/></topology>\n");
  ProcessResult r =
      RunMtulab({"lint", "missing.xml", "bad.xml", "topologies/seed004_pmtu.xml"}, dir.path());
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("missing.xml"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad.xml:1:35: unknown attribute 'mtu' on <node>"), std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("topologies/seed004_pmtu.xml: no findings"), std::string::npos);
  r = RunMtulab({"lint"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "mtulab lint: name at least one file (see `mtulab lint --help`)\n");
  r = RunMtulab({"lint", "--help"}, dir.path());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Exit codes: 0 no error finding"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace mtulab::e2e
