// Per-packet capture facts and per-echo ping facts on real kernels: the chain h1 -- r -- h2
// (bottleneck r -> h2 at 1400) and a VXLAN pair; every expected list is what the kernel's
// fragmentation, PMTU and encapsulation make of the echoes sent.
#include <stdlib.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "harness/config/loader.h"
#include "harness/probes/probe.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

CaptureStartStep Start(const std::string& name, const std::string& node, const std::string& ifname,
                       const std::string& filter) {
  return CaptureStartStep{name, Target{node + ":" + ifname, node, ifname}, filter, 262144};
}

class CaptureListsTest : public ::testing::Test, public ChainLabHolder {
 protected:
  void SetUp() override {
    MTULAB_REQUIRE_ROOT();
    BuildLab();
  }
  Facts Stop(const std::string& name) { return RunCaptureStop(ctx(), CaptureStopStep{name}); }
};

TEST_F(CaptureListsTest, RouterFragmentsListedPacketByPacket) {
  RunCaptureStart(ctx(), Start("in", "h2", "eth0", "icmp and src host 10.0.1.1"));
  Facts ping = RunPing(ctx(), MakePing("h1", "10.0.2.2", Family::kIpv4, 1472, DfMode::kDont));
  ASSERT_EQ(FactOr(ping, "ping.result"), "reply") << Dump(ping);
  Facts f = Stop("in");
  // 1500 bytes cut by r for 1400: 20 + 1376 (a multiple of 8), then 20 + 104.
  EXPECT_EQ(FactOr(f, "capture.ip_lengths"), "1396,124") << Dump(f);
  EXPECT_EQ(FactOr(f, "capture.df"), "0,0");
  EXPECT_EQ(FactOr(f, "capture.mf"), "1,0");
  EXPECT_EQ(FactOr(f, "capture.fragment_offsets"), "0,1376");
  EXPECT_EQ(FactOr(f, "capture.icmp.count"), "2");
  EXPECT_EQ(FactOr(f, "capture.icmp.ip_lengths"), "1396,124");
  EXPECT_EQ(FactOr(f, "capture.udp.count"), "0");
  const auto& ids = std::get<IntegerList>(*f.Value("capture.ip_ids"));
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0], ids[1]) << "both fragments of one datagram carry its id";
}

TEST_F(CaptureListsTest, FragNeededQuotesTheEchoCapturedBeforeIt) {
  RunCaptureStart(ctx(), Start("out", "h1", "eth0", "icmp"));
  Facts ping = RunPing(ctx(), MakePing("h1", "10.0.2.2", Family::kIpv4, 1472));
  ASSERT_EQ(FactOr(ping, "ping.result"), "frag_needed") << Dump(ping);
  Facts f = Stop("out");
  EXPECT_EQ(FactOr(f, "capture.ip_lengths"), "1500,576") << Dump(f);
  EXPECT_EQ(FactOr(f, "capture.df"), "1,0");  // the echo has DF; the router's error has not
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.inner_seen"), "true");
  const auto& ids = std::get<IntegerList>(*f.Value("capture.ip_ids"));
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(FactOr(f, "capture.icmp_frag_needed.inner_id"), std::to_string(ids[0]));
}

TEST_F(CaptureListsTest, Ipv6SenderFragmentsCarryOneFragmentHeaderId) {
  RunPing(ctx(), MakePing("h1", "fd00:2::2", Family::kIpv6, 1452, DfMode::kDo));  // learns 1400
  RunCaptureStart(ctx(), Start("in6", "h2", "eth0", "ip6[6] = 44 and src host fd00:1::1"));
  Facts ping = RunPing(ctx(), MakePing("h1", "fd00:2::2", Family::kIpv6, 1452, DfMode::kDont));
  ASSERT_EQ(FactOr(ping, "ping.result"), "reply") << Dump(ping);
  Facts f = Stop("in6");
  // 1460 bytes of ICMPv6 in 1352 + 108: 40 + 8 (fragment header) before each.
  EXPECT_EQ(FactOr(f, "capture.ip_lengths"), "1400,156") << Dump(f);
  EXPECT_EQ(FactOr(f, "capture.mf"), "1,0");
  EXPECT_EQ(FactOr(f, "capture.fragment_offsets"), "0,1352");
  EXPECT_EQ(FactOr(f, "capture.icmpv6.count"), "2");
  const auto& ids = std::get<IntegerList>(*f.Value("capture.ip_ids"));
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0], ids[1]);
  EXPECT_NE(ids[0], 0);
}

TEST_F(CaptureListsTest, PingListsEveryEcho) {
  // DF "want": echo 1 meets frag-needed (mtu 1400), then h1 fragments itself and gets replies.
  Facts f = RunPing(ctx(), MakePing("h1", "10.0.2.2", Family::kIpv4, 1450, DfMode::kWant, 3));
  EXPECT_EQ(FactOr(f, "ping.results"), "frag_needed,reply,reply") << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.mtus"), "1400,0,0");
  const auto& times = std::get<IntegerList>(*f.Value("ping.times_us"));
  ASSERT_EQ(times.size(), 3u);
  // An answer is taken only before its echo's deadline (2 s): the time says when it came.
  for (int64_t t : times) EXPECT_LT(t, 2'000'000);
}

TEST_F(CaptureListsTest, PingTimesOfTimeoutsAreTheWholeWait) {
  // Nobody has 10.0.2.9: h2's segment never answers; r's ARP fails silently within 0.3 s.
  Facts f = RunPing(ctx(), MakePing("h1", "10.0.2.9", Family::kIpv4, 56, DfMode::kDo, 2, 0.3));
  EXPECT_EQ(FactOr(f, "ping.results"), "timeout,timeout") << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.mtus"), "0,0");
  for (int64_t t : std::get<IntegerList>(*f.Value("ping.times_us"))) EXPECT_GE(t, 300'000);
}

constexpr char kVxlanTopology[] = R"(<topology name="vxpair">
  <node name="a"/>
  <node name="b"/>
  <link kind="veth">
    <end node="a" name="u0" mtu="1500" ipv4="172.16.0.1/24"/>
    <end node="b" name="u0" mtu="1500" ipv4="172.16.0.2/24"/>
  </link>
  <link kind="vxlan" node="a" name="vx" vni="4" local="172.16.0.1" remote="172.16.0.2"
        dstport="4789" mtu="9000" ipv4="10.4.0.1/24"/>
  <link kind="vxlan" node="b" name="vx" vni="4" local="172.16.0.2" remote="172.16.0.1"
        dstport="4789" mtu="9000" ipv4="10.4.0.2/24"/>
</topology>
)";

class CaptureTunnelTest : public ::testing::Test, public ChainLabHolder {
 protected:
  void SetUp() override {
    MTULAB_REQUIRE_ROOT();
    std::string dir = "/tmp/mtulab-capture-lists-XXXXXX";  // mkdtemp: a fresh 0700 directory
    ASSERT_NE(::mkdtemp(dir.data()), nullptr);
    std::ofstream(dir + "/t.xml") << kVxlanTopology;
    Topology topology = LoadTopology(dir + "/t.xml");
    std::filesystem::remove_all(dir);
    BuildLab(topology);
  }
};

TEST_F(CaptureTunnelTest, VxlanOuterAndInnerLengthsBothWays) {
  // Only VXLAN packets carrying IPv4: the tunnel devices' own IPv6 neighbour discovery stays out.
  RunCaptureStart(ctx(), Start("under", "a", "u0", "udp dst port 4789 and udp[28:2] = 0x0800"));
  Facts ping = RunPing(ctx(), MakePing("a", "10.4.0.2", Family::kIpv4, 1000));
  ASSERT_EQ(FactOr(ping, "ping.result"), "reply") << Dump(ping);
  Facts f = RunCaptureStop(ctx(), CaptureStopStep{"under"});
  EXPECT_EQ(FactOr(f, "capture.tunneled.count"), "2") << Dump(f);
  EXPECT_EQ(FactOr(f, "capture.tunneled.kinds"), "vxlan,vxlan");
  EXPECT_EQ(FactOr(f, "capture.tunneled.inner_ip_lengths"), "1028,1028");
  EXPECT_EQ(FactOr(f, "capture.tunneled.outer_ip_lengths"), "1078,1078");
  EXPECT_EQ(FactOr(f, "capture.udp.ip_lengths"), "1078,1078");
}

}  // namespace
}  // namespace mtulab::integration
