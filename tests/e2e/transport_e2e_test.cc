// <tcp> and <udp> through the real binary: a small suite written into a temp dir, judged by
// the JUnit verdicts; a PMTU black hole must cost its stall time, not its timeout.
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <pugixml.hpp>
#include <string>

#include "tests/e2e/e2e_util.h"

namespace mtulab::e2e {
namespace {

// client (9000) -- (1500) r0  r  r1 (9000) -- (9000) server, plus r m0 -- m0 server (1500).
// r sources its ICMP to the server from 172.16.0.1, reachable for the server only via m0.
constexpr char kTopology[] = R"(<topology name="bh">
  <node name="client">
    <route to="10.20.2.0/24" via="10.20.1.254"/>
    <route to="fd00:22::/64" via="fd00:21::254"/>
  </node>
  <node name="r" forwarding="true">
    <route to="10.20.2.2/32" dev="r1" src="172.16.0.1"/>
  </node>
  <node name="server">
    <route to="10.20.1.0/24" via="10.20.2.254"/>
    <route to="fd00:21::/64" via="fd00:22::254"/>
  </node>
  <link>
    <end node="client" name="c0" mtu="9000" ipv4="10.20.1.1/24" ipv6="fd00:21::1/64"/>
    <end node="r" name="r0" mtu="1500" ipv4="10.20.1.254/24" ipv6="fd00:21::254/64"/>
  </link>
  <link>
    <end node="r" name="r1" mtu="9000" ipv4="10.20.2.254/24" ipv6="fd00:22::254/64"/>
    <end node="server" name="s0" mtu="9000" ipv4="10.20.2.2/24" ipv6="fd00:22::2/64"/>
  </link>
  <link>
    <end node="r" name="m0" mtu="1500" ipv4="172.16.0.1/24"/>
    <end node="server" name="m0" mtu="1500" ipv4="172.16.0.2/24"/>
  </link>
</topology>
)";

constexpr char kSuite[] = R"(<suite name="transport" topology="bh.xml">
  <case name="tls_black_hole_stalls">
    <override><sysctl node="server" name="net.ipv4.conf.all.rp_filter" value="1"/></override>
    <tcp from="client" to="server:s0" request="517" response="65536" stall="1" timeout="30">
      <expect fact="tcp.result" equals="stalled"/>
      <expect fact="tcp.stalled" equals="true"/>
      <expect fact="tcp.connected" equals="true"/>
      <expect fact="tcp.request_bytes" equals="517"/>
      <expect fact="tcp.response_bytes" equals="0"/>
      <expect fact="tcp.server.pmtu" equals="9000"/>
    </tcp>
    <udp from="server" to="client:c0" size="2000" df="do" timeout="0.2">
      <expect fact="udp.result" equals="sent"/>
      <expect fact="udp.received" equals="0"/>
      <expect fact="udp.icmp" is="absent"/>
      <expect fact="udp.path_mtu" equals="9000"/>
    </udp>
    <counter node="server" name="TcpExt.IPReversePathFilter">
      <expect fact="counter.TcpExt.IPReversePathFilter" at_least="2"/>
    </counter>
  </case>
  <case name="tls_black_hole_expected_to_complete">
    <override><sysctl node="server" name="net.ipv4.conf.all.rp_filter" value="1"/></override>
    <tcp from="client" to="server:s0" request="517" response="65536" stall="1" timeout="30">
      <expect fact="tcp.result" equals="completed"/>
    </tcp>
  </case>
  <case name="tls_loose_rp_filter_completes">
    <override><sysctl node="server" name="net.ipv4.conf.all.rp_filter" value="2"/></override>
    <udp from="server" to="client:c0" size="2000" df="do" timeout="0.3">
      <expect fact="udp.result" equals="sent"/>
      <expect fact="udp.icmp" equals="frag_needed"/>
      <expect fact="udp.icmp_from" equals="172.16.0.1"/>
      <expect fact="udp.mtu" equals="1500"/>
    </udp>
    <tcp from="client" to="server:s0" request="517" response="65536" stall="2">
      <expect fact="tcp.result" equals="completed"/>
      <expect fact="tcp.response_bytes" equals="65536"/>
      <expect fact="tcp.server.pmtu" equals="1500"/>
      <expect fact="tcp.server.snd_mss" equals="1448"/>
      <expect fact="tcp.client.advmss" equals="8948"/>
    </tcp>
  </case>
  <case name="ipv6_datagrams_then_mebibyte">
    <udp from="server" to="client:c0" family="ipv6" size="2000" df="do">
      <expect fact="udp.result" equals="sent"/>
      <expect fact="udp.icmp" equals="packet_too_big"/>
      <expect fact="udp.mtu" equals="1500"/>
      <expect fact="udp.received" equals="0"/>
    </udp>
    <udp from="server" to="client:c0" family="ipv6" size="2000" df="do">
      <expect fact="udp.result" equals="emsgsize"/>
      <expect fact="udp.mtu" equals="1500"/>
    </udp>
    <tcp from="client" to="server:s0" family="ipv6" request="1048576" response="1048576">
      <expect fact="tcp.result" equals="completed"/>
      <expect fact="tcp.request_bytes" equals="1048576"/>
      <expect fact="tcp.response_bytes" equals="1048576"/>
      <expect fact="tcp.throughput_mbps" at_least="1"/>
      <expect fact="tcp.server.snd_mss" equals="1428"/>
    </tcp>
  </case>
  <case name="udp_local_limits">
    <udp from="r" to="172.16.0.2" size="2000" df="do">
      <expect fact="udp.result" equals="emsgsize"/>
      <expect fact="udp.mtu" equals="1500"/>
      <expect fact="udp.receiver" equals="server"/>
    </udp>
    <udp from="r" to="172.16.0.2" size="2000" df="dont" count="3">
      <expect fact="udp.result" equals="sent"/>
      <expect fact="udp.received" equals="3"/>
      <expect fact="udp.received_size" equals="2000"/>
    </udp>
  </case>
</suite>
)";

class TransportE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    before_ = TakeSnapshot();
  }
  void TearDown() override {
    if (::geteuid() != 0) return;
    HostSnapshot after = TakeSnapshot();
    EXPECT_EQ(after.pinned, before_.pinned) << "a /run/netns entry was left behind";
    EXPECT_EQ(after.host_links, before_.host_links) << "the host's links changed";
    EXPECT_EQ(after.open_fds, before_.open_fds) << "the test leaked a file descriptor";
    EXPECT_TRUE(after.children.empty()) << "a child process is still running";
  }
  HostSnapshot before_;
};

/// testcase name -> its time attribute (seconds).
std::map<std::string, double> CaseTimes(const std::string& junit) {
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_file(junit.c_str()));
  std::map<std::string, double> times;
  for (pugi::xpath_node n : doc.select_nodes("//testcase")) {
    times[n.node().attribute("name").value()] = n.node().attribute("time").as_double(-1);
  }
  return times;
}

TEST_F(TransportE2eTest, VerdictsOfTransfersAndDatagrams) {
  TempDir dir;
  WriteFile(dir.path() + "/bh.xml", kTopology);
  WriteFile(dir.path() + "/transport.xml", kSuite);
  auto start = std::chrono::steady_clock::now();
  ProcessResult r = RunMtulab({"run", "transport.xml", "--junit", "j.xml"}, dir.path());
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.exit_code, 1) << "one case is written to fail\n" << r.out << r.err;

  std::map<std::string, JunitCase> cases;
  for (JunitCase& c : ParseJunit(dir.path() + "/j.xml")) cases[c.name] = c;
  ASSERT_EQ(cases.size(), 5u) << r.out;
  for (const char* name : {"tls_black_hole_stalls", "tls_loose_rp_filter_completes",
                           "ipv6_datagrams_then_mebibyte", "udp_local_limits"}) {
    EXPECT_EQ(cases[name].outcome, "pass") << name << ": " << cases[name].message << "\n"
                                           << cases[name].body << cases[name].system_out;
  }
  const JunitCase& failed = cases["tls_black_hole_expected_to_complete"];
  EXPECT_EQ(failed.outcome, "failure") << failed.system_out;
  EXPECT_NE((failed.message + failed.body).find("tcp.result"), std::string::npos)
      << failed.message << failed.body;
  EXPECT_NE(failed.system_out.find("tcp.result=stalled"), std::string::npos) << failed.system_out;
  EXPECT_NE(failed.system_out.find("tcp.request_bytes=517"), std::string::npos);

  // Each black-hole case ends about one stall time (1 s) after its last progress, not at
  // its 30 s timeout: bounded generously by the stall (+ 0.2 s of udp) plus building a
  // three-node lab.
  std::map<std::string, double> times = CaseTimes(dir.path() + "/j.xml");
  for (const char* name : {"tls_black_hole_stalls", "tls_black_hole_expected_to_complete"}) {
    EXPECT_GE(times[name], 1.0) << name;
    EXPECT_LT(times[name], 1.0 + 8.0) << name;
  }
  EXPECT_LT(wall, 30.0) << "no case may have waited for its 30 s timeout";
}

}  // namespace
}  // namespace mtulab::e2e
