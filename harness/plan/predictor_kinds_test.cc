// The plan reads a kind's row (harness/model/link_kinds.cc): kinds added as one row are
// predicted without plan code of their own.
#include <gtest/gtest.h>

#include "harness/plan/net_model.h"
#include "harness/plan/plan_test_util.h"

namespace mtulab {
namespace {

class KindRowTest : public PlanTest {};

// ipvlan, l2 or l3: on its parent's segment like macvlan; MTU from the parent.
std::string IpvlanBody(const std::string& mode) {
  return R"(  <node name="h"/>
  <node name="peer"/>
  <link><end node="h" name="eth0" mtu="1400"/>
        <end node="peer" name="eth0" ipv4="10.1.0.2/24"/></link>
  <link kind="ipvlan" node="h" name="ipv0" parent="eth0" mode=")" +
         mode +
         R"(" ipv4="10.1.0.1/24"/>
  <link kind="ipvlan" node="h" name="ipv1" parent="eth0" mode=")" +
         mode +
         R"(" ipv4="10.1.0.3/24"/>
)";
}

TEST_F(KindRowTest, IpvlanTakesItsParentsMtuAndSegment) {
  for (const char* mode : {"l2", "l3", "l3s"}) {
    SCOPED_TRACE(mode);
    Topology t = Load(IpvlanBody(mode));
    NetModel model(t);
    MtuValue mtu = model.Mtu(*model.Find("h", "ipv0"));
    EXPECT_EQ(mtu.bytes, 1400u);
    EXPECT_EQ(mtu.why, "parent eth0 1400");
    Prediction p = PredictPath(t, "h", "peer:eth0", Family::kIpv4);
    ASSERT_TRUE(p.ok) << p.error;
    ASSERT_EQ(p.hops.size(), 2u);
    EXPECT_EQ(p.hops[0].ifname, "ipv0");
    EXPECT_EQ(p.hops[1].ifname, "eth0");
    EXPECT_EQ(p.hops[1].peer_node, "peer");
    EXPECT_EQ(p.pmtu, 1400u);
    // The way back: the peer's packet enters eth0 and is delivered to the ipvlan owning it.
    Prediction back = PredictPath(t, "peer", "10.1.0.3", Family::kIpv4);
    ASSERT_TRUE(back.ok) << back.error;
    EXPECT_EQ(back.hops.back().peer_ifname, "eth0");
  }
}

TEST_F(KindRowTest, IpvlansAreChildrenOfTheirParentLikeMacvlans) {
  Topology t = Load(IpvlanBody("l2"));
  NetModel model(t);
  EXPECT_EQ(model.Children(*model.Find("h", "eth0"), Forwarding::kParentL2).size(), 2u);
  EXPECT_TRUE(model.Children(*model.Find("h", "eth0"), Forwarding::kTagged).empty());
}

TEST_F(KindRowTest, IpvlanWithoutModeIsAcceptedAndModesAreChecked) {
  Topology t = Load(R"(  <node name="h"/>
  <node name="peer"/>
  <link><end node="h" name="eth0"/><end node="peer" name="eth0"/></link>
  <link kind="ipvlan" node="h" name="ipv0" parent="eth0"/>
)");
  ASSERT_EQ(t.devices.size(), 1u);
  EXPECT_EQ(t.devices[0].params.count("mode"), 0u);
  try {
    Load(R"(  <node name="h"/>
  <node name="peer"/>
  <link><end node="h" name="eth0"/><end node="peer" name="eth0"/></link>
  <link kind="ipvlan" node="h" name="ipv0" parent="eth0" mode="vepa"/>
)");
    FAIL() << "mode vepa accepted";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("mode=\"vepa\" must be one of"), std::string::npos)
        << e.what();
  }
}

std::string L3Body(const std::string& device) {
  return R"(  <node name="a"><route to="10.9.0.0/24" dev="x0"/></node>
  <node name="b"/>
  <link><end node="a" name="eth0" ipv4="10.1.0.1/24"/><end node="b" name="eth0" ipv4="10.1.0.2/24"/></link>
  )" + device +
         "\n";
}

TEST_F(KindRowTest, DummyIsAnL3EndpointThatReachesNothing) {
  Topology t = Load(L3Body(R"(<link kind="dummy" node="a" name="x0" ipv4="10.8.0.1/32"/>)"));
  NetModel model(t);
  MtuValue mtu = model.Mtu(*model.Find("a", "x0"));
  EXPECT_EQ(mtu.bytes, 1500u);
  EXPECT_EQ(mtu.why, "dummy default 1500");
  EXPECT_TRUE(model.Find("a", "x0")->Is(Forwarding::kL3Endpoint));
  Prediction to_b = PredictPath(t, "a", "10.1.0.2", Family::kIpv4);
  EXPECT_TRUE(to_b.ok) << to_b.error;
  Prediction p = PredictPath(t, "a", "10.9.0.5", Family::kIpv4);
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.error, "node 'a': nothing on the segment of x0 has address 10.9.0.5");
}

TEST_F(KindRowTest, VrfIsAnL3MasterTheWalkDoesNotEnter) {
  Topology t =
      Load(L3Body(R"(<link kind="vrf" node="a" name="x0" table="10" ipv4="10.8.0.1/32"/>)"));
  NetModel model(t);
  EXPECT_EQ(model.Mtu(*model.Find("a", "x0")).bytes, 65575u);
  EXPECT_TRUE(model.Find("a", "x0")->Is(Forwarding::kL3Master));
  Prediction p = PredictPath(t, "a", "10.9.0.5", Family::kIpv4);
  EXPECT_FALSE(p.ok);
  EXPECT_EQ(p.error,
            "x0 on a: vrf is an L3 master with its own routing table, which the model does not "
            "follow");
  EXPECT_THROW(Load(L3Body(R"(<link kind="vrf" node="a" name="x0"/>)")), ConfigError);
}

// ipip over FOU: 20 + 8 under a 1500 underlay; the far end must receive on encap_dport.
std::string FouBody(const std::string& b_port) {
  return R"(  <node name="a"/>
  <node name="b"/>
  <link><end node="a" name="u0" ipv4="172.16.1.1/24"/>
        <end node="b" name="u0" ipv4="172.16.1.2/24"/></link>
  <link kind="ipip" node="a" name="t" local="172.16.1.1" remote="172.16.1.2" mtu="9000"
        encap="fou" encap_dport="5556" fou_port="5555" ipv4="10.28.0.1/24"/>
  <link kind="ipip" node="b" name="t" local="172.16.1.2" remote="172.16.1.1" mtu="9000"
        encap="fou" encap_dport="5555" fou_port=")" +
         b_port + R"(" ipv4="10.28.0.2/24"/>
)";
}

TEST_F(KindRowTest, FouAddsEightToIpipAndNeedsTheFarReceivePort) {
  Topology t = Load(FouBody("5556"));
  Prediction p = PredictPath(t, "a", "b:t", Family::kIpv4);
  ASSERT_TRUE(p.ok) << p.error;
  EXPECT_EQ(p.pmtu, 1472u);
  EXPECT_EQ(p.Explain(), "pmtu 1472 = t on a (1500 underlay - 28 ipip/fou)");
  Prediction lost = PredictPath(Load(FouBody("5557")), "a", "b:t", Family::kIpv4);
  EXPECT_FALSE(lost.ok);
  EXPECT_EQ(lost.error,
            "t on a: sends fou to UDP port 5556, but t on b has no fou receive port 5556 "
            "(fou_port): the packets are dropped");
}

}  // namespace
}  // namespace mtulab
