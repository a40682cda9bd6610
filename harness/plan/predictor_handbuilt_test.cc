// The predictor on hand-written topologies: bridges, macvlan, vlan, routed overlays (measured
// on 6.18 with a scratch suite, see the commit that added UnderlayLimits), lost ICMP, errors.
#include <gtest/gtest.h>

#include "harness/plan/net_model.h"
#include "harness/plan/plan_test_util.h"

namespace mtulab {
namespace {

class HandBuiltTest : public PlanTest {};

TEST_F(HandBuiltTest, BridgePortBelowTheOthersIsASilentBottleneck) {
  Topology t = Load(R"(  <node name="h1"/>
  <node name="sw"/>
  <node name="h2"/>
  <link><end node="h1" name="eth0" ipv4="10.0.0.1/24"/><end node="sw" name="p1"/></link>
  <link><end node="sw" name="p2" mtu="1400"/><end node="h2" name="eth0" ipv4="10.0.0.2/24"/></link>
  <link kind="bridge" node="sw" name="br0" ports="p1 p2"/>
)");
  Prediction p = PredictPath(t, "h1", "10.0.0.2", Family::kIpv4);
  ASSERT_TRUE(p.ok) << p.error;
  ASSERT_EQ(p.hops.size(), 2u);
  EXPECT_TRUE(p.hops[1].bridged);
  EXPECT_EQ(p.pmtu, 1400u);
  EXPECT_EQ(BottleneckOf(p), "sw p2");
  EXPECT_TRUE(p.black_hole);
  EXPECT_EQ(p.learned_pmtu, 1500u);
  EXPECT_EQ(p.Explain(),
            "pmtu 1400 = port p2 of br0 on sw (mtu 1400: the bridge drops larger frames without "
            "ICMP); PMTUD stays at 1500: port p2 of br0 on sw drops larger packets without ICMP");
  NetModel model(t);
  EXPECT_EQ(model.Mtu(*model.Find("sw", "br0")).why, "smallest port p2 1400");
}

TEST_F(HandBuiltTest, MacvlanLeavesThroughItsParent) {
  Topology t = Load(R"(  <node name="h"/>
  <node name="peer"/>
  <link><end node="h" name="eth0" mtu="9000"/>
        <end node="peer" name="eth0" mtu="9000" ipv4="10.1.0.2/24"/></link>
  <link kind="macvlan" node="h" name="mv0" parent="eth0" mtu="1500" ipv4="10.1.0.1/24"/>
)");
  Prediction p = PredictPath(t, "h", "peer:eth0", Family::kIpv4);
  ASSERT_TRUE(p.ok) << p.error;
  ASSERT_EQ(p.hops.size(), 2u);
  EXPECT_EQ(p.hops[1].ifname, "eth0");
  EXPECT_EQ(p.hops[1].peer_node, "peer");
  EXPECT_EQ(p.Explain(), "pmtu 1500 = mv0 on h (mtu 1500)");
}

TEST_F(HandBuiltTest, VlanAddsNothingAtL3AndTheTagPicksTheReceiver) {
  std::string body = R"(  <node name="a"/>
  <node name="b"/>
  <link><end node="a" name="eth0"/><end node="b" name="eth0" mtu="1400"/></link>
  <link kind="vlan" node="a" name="v10" parent="eth0" id="10" ipv4="10.2.0.1/24"/>
  <link kind="vlan" node="b" name="v10" parent="eth0" id="ID" ipv4="10.2.0.2/24"/>
)";
  std::string same = body;
  same.replace(same.find("ID"), 2, "10");
  Prediction p = PredictPath(Load(same), "a", "10.2.0.2", Family::kIpv4);
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(p.pmtu, 1400u);
  EXPECT_EQ(p.hops.back().peer_ifname, "eth0");
  EXPECT_EQ(p.Explain(),
            "pmtu 1400 = eth0 on b (mtu 1400, receiving from eth0 on a: larger frames are "
            "dropped without ICMP); PMTUD stays at 1500: eth0 on b drops larger packets without "
            "ICMP");
  std::string other = body;
  other.replace(other.find("ID"), 2, "20");
  p = PredictPath(Load(other), "a", "10.2.0.2", Family::kIpv4);
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.error, "node 'a': nothing on the segment of v10 has address 10.2.0.2");
}

// h1 -> gw1 -> vx0 (mtu 9000 over a 1500 underlay) -> gw2 -> h2, as measured on 6.18.
std::string RoutedVxlan(const std::string& df) {
  return R"(  <node name="h1"><route to="default" via="10.1.0.1"/></node>
  <node name="gw1" forwarding="true"><route to="10.2.0.0/24" via="10.50.0.2"/></node>
  <node name="gw2" forwarding="true"><route to="10.1.0.0/24" via="10.50.0.1"/></node>
  <node name="h2"><route to="default" via="10.2.0.1"/></node>
  <link><end node="h1" name="eth0" mtu="9000" ipv4="10.1.0.2/24"/>
        <end node="gw1" name="eth0" mtu="9000" ipv4="10.1.0.1/24"/></link>
  <link><end node="gw1" name="uplink0" ipv4="172.16.0.1/24"/>
        <end node="gw2" name="uplink0" ipv4="172.16.0.2/24"/></link>
  <link><end node="gw2" name="eth0" mtu="9000" ipv4="10.2.0.1/24"/>
        <end node="h2" name="eth0" mtu="9000" ipv4="10.2.0.2/24"/></link>
  <link kind="vxlan" node="gw1" name="vx0" vni="7" local="172.16.0.1" remote="172.16.0.2")" +
         df + R"( mtu="9000" ipv4="10.50.0.1/24"/>
  <link kind="vxlan" node="gw2" name="vx0" vni="7" local="172.16.0.2" remote="172.16.0.1")" +
         df + R"( mtu="9000" ipv4="10.50.0.2/24"/>
)";
}

TEST_F(HandBuiltTest, RoutedVxlanWithDfDropsForwardedPacketsSilently) {
  // Measured: ping -s 1600 -M do h1 -> h2 times out, gw1 counts Ip.FragFails, h1 learns
  // nothing (route.pmtu 9000), a DF sweep finds 1450 by timeouts.
  Prediction p = PredictPath(Load(RoutedVxlan(" df=\"set\"")), "h1", "h2:eth0", Family::kIpv4);
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(p.pmtu, 1450u);
  EXPECT_EQ(BottleneckOf(p), "gw1 vx0");
  EXPECT_EQ(p.BottleneckLimit().kind, LimitKind::kSilent);
  EXPECT_EQ(p.learned_pmtu, 9000u);
  EXPECT_EQ(p.hops[1].encap, "vxlan");
  EXPECT_EQ(p.hops[1].overhead, 50u);
  ASSERT_EQ(p.hops[1].underlay.size(), 1u);
  EXPECT_EQ(p.hops[1].underlay[0].ifname, "uplink0");
  EXPECT_EQ(p.Explain(),
            "pmtu 1450 = vx0 on gw1 (1500 underlay - 50 vxlan: larger packets leave in DF outer "
            "packets that are dropped, no ICMP); PMTUD stays at 9000: vx0 on gw1 drops larger "
            "packets without ICMP");
}

TEST_F(HandBuiltTest, RoutedVxlanWithoutDfFragmentsTheOuterPackets) {
  // Measured: the 1600-byte DF ping is answered; gw1 counts Ip.FragOKs; a sweep up to 2000
  // finds no limit.
  Prediction p = PredictPath(Load(RoutedVxlan("")), "h1", "h2:eth0", Family::kIpv4);
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(p.pmtu, 9000u);
  EXPECT_EQ(p.hops[1].fragments_above, 1450u);
  EXPECT_EQ(p.Explain(),
            "pmtu 9000 = eth0 on h1 (mtu 9000); vx0 on gw1 fragments its outer packets above 1450");
}

TEST_F(HandBuiltTest, LocalVxlanSenderLearnsTheUnderlayLimit) {
  // Measured: gw1's first 1600-byte echo is lost, the next ones fail with EMSGSIZE mtu 1450.
  Prediction p = PredictPath(Load(RoutedVxlan(" df=\"set\"")), "gw1", "gw2:vx0", Family::kIpv4);
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(p.BottleneckLimit().kind, LimitKind::kTunnel);
  EXPECT_EQ(p.learned_pmtu, 1450u);
  EXPECT_EQ(p.Explain(), "pmtu 1450 = vx0 on gw1 (1500 underlay - 50 vxlan)");
}

constexpr char kRouter[] = R"(  <node name="a">
    <route to="default" via="10.0.1.1"/><route to="default" via="fd00:1::1"/>
  </node>
  <node name="r" forwarding="true"/>
  <node name="b">
    <route to="default" via="10.0.2.1"/><route to="default" via="fd00:2::1"/>
  </node>
  <link><end node="a" name="eth0" ipv4="10.0.1.2/24" ipv6="fd00:1::2/64"/>
        <end node="r" name="eth0" ipv4="10.0.1.1/24" ipv6="fd00:1::1/64"/></link>
  <link><end node="r" name="eth1" mtu="1400" ipv4="10.0.2.1/24" ipv6="fd00:2::1/64"/>
        <end node="b" name="eth0" mtu="1400" ipv4="10.0.2.2/24" ipv6="fd00:2::2/64"/></link>
)";

TEST_F(HandBuiltTest, IcmpFilterOnTheRouterMakesABlackHole) {
  Topology t = Load(kRouter);
  Prediction p = PredictPath(t, "a", "b:eth0", Family::kIpv4);
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(p.learned_pmtu, 1400u);
  EXPECT_EQ(p.BottleneckLimit().icmp_from, "10.0.1.1");
  t.FindNode("r")->icmp_filters.push_back(
      IcmpFilter{IcmpFilter::Hook::kOutput, "frag-needed", std::nullopt, SourceLoc{"fw", 3, 5}});
  p = PredictPath(t, "a", "b:eth0", Family::kIpv4);
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_TRUE(p.black_hole);
  EXPECT_EQ(p.BottleneckLimit().lost_cause, "icmp-filter");
  EXPECT_EQ(p.BottleneckLimit().icmp_blame.ToString(), "fw:3:5");
  EXPECT_EQ(p.Explain(),
            "pmtu 1400 = eth1 on r (mtu 1400); PMTUD stays at 1500: frag-needed from r "
            "(10.0.1.1) is dropped by an icmp-filter on r (output eth0)");
}

TEST_F(HandBuiltTest, Ipv6AndARouteMtuAtTheSender) {
  Topology t = Load(kRouter);
  Prediction p = PredictPath(t, "a", "b:eth0", Family::kIpv6);
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(p.source, "fd00:1::2");
  EXPECT_EQ(p.mss, 1340u);
  EXPECT_EQ(p.Explain(), "pmtu 1400 = eth1 on r (mtu 1400)");
  std::string error;
  Route slow;
  slow.dst = ParsePrefix("10.0.2.0/24", Family::kIpv4, error);
  slow.via = ParseIp("10.0.1.1");
  slow.mtu = 1300;
  ASSERT_TRUE(slow.dst && slow.via) << error;
  t.FindNode("a")->routes.push_back(slow);
  p = PredictPath(t, "a", "10.0.2.2", Family::kIpv4);
  EXPECT_EQ(p.Explain(), "pmtu 1300 = eth0 on a (route mtu 1300)");
  EXPECT_EQ(p.hops[0].route_mtu, 1300u);
}

TEST_F(HandBuiltTest, ReasonsWhenThereIsNoPrediction) {
  Topology t = Load(kRouter);
  auto error = [&](const std::string& from, const std::string& to, Family f) {
    Prediction p = PredictPath(t, from, to, f);
    EXPECT_FALSE(p.ok);
    return p.error;
  };
  EXPECT_EQ(error("r", "192.0.2.1", Family::kIpv4), "node 'r' has no ipv4 route to 192.0.2.1");
  EXPECT_EQ(error("x", "10.0.2.2", Family::kIpv4), "node 'x' is not defined");
  EXPECT_EQ(error("a", "10.0.1.2", Family::kIpv4), "10.0.1.2 is an address of node 'a' itself");
  EXPECT_EQ(error("a", "b:eth0x", Family::kIpv4), "'b:eth0x' names no interface");
  EXPECT_EQ(error("a", "fd00:2::2", Family::kIpv4), "fd00:2::2 is not an ipv4 address");
  EXPECT_EQ(error("a", "nowhere", Family::kIpv4), "'nowhere' is not an address or node:ifname");
  t.FindNode("r")->sysctls.clear();  // forwarding off
  EXPECT_EQ(error("a", "b:eth0", Family::kIpv4),
            "node 'r' receives the packet on eth0 but does not forward ipv4 (no "
            "forwarding=\"true\")");
}

TEST_F(HandBuiltTest, RoutingLoopIsReported) {
  Topology t =
      Load(R"(  <node name="a" forwarding="true"><route to="default" via="10.0.0.2"/></node>
  <node name="b" forwarding="true"><route to="default" via="10.0.0.1"/></node>
  <link><end node="a" name="eth0" ipv4="10.0.0.1/24"/><end node="b" name="eth0" ipv4="10.0.0.2/24"/></link>
)");
  Prediction p = PredictPath(t, "a", "192.0.2.9", Family::kIpv4);
  EXPECT_EQ(p.error, "routing loop: more than 64 hops");
}

TEST_F(HandBuiltTest, TunnelsTheModelCannotFollow) {
  Topology t = Load(R"(  <node name="a"/>
  <node name="b"/>
  <link><end node="a" name="u0" ipv4="172.16.0.1/24"/><end node="b" name="u0" ipv4="172.16.0.2/24"/></link>
  <link kind="geneve" node="a" name="gnv0" vni="5" remote="172.16.0.2" ipv4="10.5.0.1/24"/>
  <link kind="geneve" node="b" name="gnv0" vni="5" remote="172.16.0.1" ipv4="10.5.0.2/24"/>
  <link kind="wireguard" node="a" name="wg0" ipv4="10.6.0.1/24">
    <peer node="b" dev="wg0" endpoint="172.16.0.2:51820" allowed_ips="10.6.0.2/32"/>
  </link>
  <link kind="wireguard" node="b" name="wg0" listen_port="51820" ipv4="10.6.0.2/24"/>
)");
  EXPECT_EQ(PredictPath(t, "a", "10.5.0.2", Family::kIpv4).error,
            "interface gnv0 on a: geneve without mtu: the kernel derives it from a route lookup at "
            "creation, which the model does not predict; set mtu");
  EXPECT_EQ(PredictPath(t, "a", "10.6.0.3", Family::kIpv4).error,
            "wg0 on a: no peer's allowed_ips contains 10.6.0.3, so WireGuard drops the packet");
  Prediction wg = PredictPath(t, "a", "10.6.0.2", Family::kIpv4);
  ASSERT_TRUE(wg.ok) << wg.error;
  EXPECT_EQ(wg.Explain(), "pmtu 1420 = wg0 on a (WireGuard default 1420)");
  EXPECT_EQ(wg.hops[0].peer_node, "b");
}

TEST_F(HandBuiltTest, DerivedMtus) {
  Topology t = Load(R"(  <node name="a"/>
  <node name="b"/>
  <link><end node="a" name="u0" mtu="9000" ipv4="172.16.0.1/24"/><end node="b" name="u0" mtu="9000" ipv4="172.16.0.2/24"/></link>
  <link kind="vxlan" node="a" name="vx" vni="1" remote="172.16.0.2" dev="u0" mtu="9000"/>
  <link kind="vxlan" node="a" name="vy" vni="2" remote="172.16.0.2"/>
  <link kind="gre" node="a" name="gre0" local="172.16.0.1" remote="172.16.0.2"/>
  <link kind="ipip" node="a" name="ipip0" local="172.16.0.1" remote="172.16.0.2"/>
  <link kind="bridge" node="b" name="br0"/>
)");
  NetModel m(t);
  auto why = [&](const char* node, const char* ifname) {
    MtuValue v = m.Mtu(*m.Find(node, ifname));
    return std::to_string(v.bytes.value_or(0)) + " " + v.why;
  };
  EXPECT_EQ(why("a", "vx"), "8950 mtu 9000 clamped by the kernel to u0 9000 - 50 vxlan");
  EXPECT_EQ(why("a", "vy"), "1500 vxlan without dev: kernel default 1500");
  EXPECT_EQ(why("a", "gre0"),
            "1476 derived: 1500 - 24 gre, no underlay route yet when mtulab creates it");
  EXPECT_EQ(why("a", "ipip0"),
            "1480 derived: 1500 - 20 ipip, no underlay route yet when mtulab creates it");
  EXPECT_EQ(why("b", "br0"), "1500 bridge without ports: 1500");
}

// a reaches 10.9.0.2 (on b) through r1 or r2 by a multipath route; `mtu2` is r2's link to b.
std::string Multipath(const std::string& mtu2) {
  return R"(  <node name="a">
    <route to="10.9.0.0/24"><nexthop via="10.0.1.1"/><nexthop via="10.0.2.1"/></route>
  </node>
  <node name="r1" forwarding="true"><route to="10.9.0.0/24" via="10.0.3.2"/></node>
  <node name="r2" forwarding="true"><route to="10.9.0.0/24" via="10.0.4.2"/></node>
  <node name="b"/>
  <node name="c"/>
  <link><end node="a" name="e1" ipv4="10.0.1.2/24"/><end node="r1" name="e0" ipv4="10.0.1.1/24"/></link>
  <link><end node="a" name="e2" ipv4="10.0.2.2/24"/><end node="r2" name="e0" ipv4="10.0.2.1/24"/></link>
  <link><end node="r1" name="e1" mtu="1400" ipv4="10.0.3.1/24"/><end node="b" name="e1" mtu="1400" ipv4="10.0.3.2/24"/></link>
  <link><end node="r2" name="e1" mtu=")" +
         mtu2 + R"(" ipv4="10.0.4.1/24"/><end node="b" name="e2" mtu=")" + mtu2 +
         R"(" ipv4="10.0.4.2/24"/></link>
  <link><end node="b" name="e3" ipv4="10.9.0.2/24"/><end node="c" name="e0" ipv4="10.9.0.3/24"/></link>
)";
}

TEST_F(HandBuiltTest, MultipathRoutesArePredictedOnlyWhenEveryNexthopAgrees) {
  Prediction same = PredictPath(Load(Multipath("1400")), "a", "10.9.0.2", Family::kIpv4);
  ASSERT_TRUE(same.ok) << same.error;
  EXPECT_EQ(same.Explain(),
            "pmtu 1400 = e1 on r1 (mtu 1400); every nexthop of multipath route 10.9.0.0/24 "
            "nexthop via 10.0.1.1 weight 1 nexthop via 10.0.2.1 weight 1 on a agrees");
  Prediction differ = PredictPath(Load(Multipath("1500")), "a", "10.9.0.2", Family::kIpv4);
  EXPECT_FALSE(differ.ok);
  EXPECT_EQ(differ.error,
            "route 10.9.0.0/24 nexthop via 10.0.1.1 weight 1 nexthop via 10.0.2.1 weight 1 on a "
            "is multipath and its nexthops lead to different paths (a flow's hash picks one); "
            "nexthop via 10.0.1.1 on a: pmtu 1400 = e1 on r1 (mtu 1400); nexthop via 10.0.2.1 on "
            "a: pmtu 1500 = e2 on a (veth default 1500)");
}

}  // namespace
}  // namespace mtulab
