// <rule> built by the Lab, and tos= on ping / udp / pmtu: a rule by dsfield sends the marked
// traffic over another router, the router's frag-needed comes from that path, and the PMTU
// exception lands on the route the rule chose (read back with the same tos).
#include <gtest/gtest.h>

#include "harness/probes/probe.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

///        +-- eth1 2000 10.0.1.0/24 -- r1 -- e9 1400 10.0.3.0/24 --+
///   h1 --+                                                          +-- b 10.0.9.1
///        +-- eth2 2000 10.0.2.0/24 -- r2 -- e9 1500 10.0.4.0/24 --+
/// h1: main 10.0.9.1 via r2; table 100: 10.0.9.1 via r1; rule dsfield 0x04 lookup 100.
/// b never answers (it has no route back): only the routers' ICMP errors matter.
Topology DscpTopology(bool with_rule) {
  Topology t;
  t.name = "dscp";
  const Family v4 = Family::kIpv4;
  Node h1{"h1", {}, {}, {}};
  Route marked = MakeRoute(v4, "10.0.9.1/32", "10.0.1.2");
  marked.table = 100;
  h1.routes = {MakeRoute(v4, "10.0.9.1/32", "10.0.2.2"), marked};
  if (with_rule) h1.rules = {Rule{.family = v4, .dsfield = 0x04, .table = 100}};
  std::vector<Sysctl> fwd = {{"net.ipv4.ip_forward", "1", {}}};
  Node r1{"r1", fwd, {MakeRoute(v4, "10.0.9.1/32", "10.0.3.1")}, {}};
  Node r2{"r2", fwd, {MakeRoute(v4, "10.0.9.1/32", "10.0.4.1")}, {}};
  t.nodes = {h1, r1, r2, Node{"b", {}, {}, {}}};
  t.links.push_back(MakeLink(MakeEnd("h1", "eth1", 2000, {Addr(v4, "10.0.1.1/24")}),
                             MakeEnd("r1", "e0", 2000, {Addr(v4, "10.0.1.2/24")})));
  t.links.push_back(MakeLink(MakeEnd("h1", "eth2", 2000, {Addr(v4, "10.0.2.1/24")}),
                             MakeEnd("r2", "e0", 2000, {Addr(v4, "10.0.2.2/24")})));
  t.links.push_back(
      MakeLink(MakeEnd("r1", "e9", 1400, {Addr(v4, "10.0.3.2/24")}),
               MakeEnd("b", "e1", 1400, {Addr(v4, "10.0.3.1/24"), Addr(v4, "10.0.9.1/32")})));
  t.links.push_back(MakeLink(MakeEnd("r2", "e9", 1500, {Addr(v4, "10.0.4.2/24")}),
                             MakeEnd("b", "e2", 1500, {Addr(v4, "10.0.4.1/24")})));
  return t;
}

class PolicyRuleTest : public ::testing::Test, public ChainLabHolder {
 protected:
  void SetUp() override { MTULAB_REQUIRE_ROOT(); }
  Facts Ping(std::optional<uint8_t> tos) {
    PingStep s = MakePing("h1", "10.0.9.1", Family::kIpv4, 1972, DfMode::kWant);
    s.tos = tos;
    return RunPing(ctx(), s);
  }
  Facts Pmtu(std::optional<uint8_t> tos) {
    PmtuStep s = MakePmtu("h1", "10.0.9.1", Family::kIpv4);
    s.tos = tos;
    return RunPmtu(ctx(), s);
  }
};

TEST_F(PolicyRuleTest, TheRuleChoosesTheRouteForMarkedLookups) {
  BuildLab(DscpTopology(true));
  EXPECT_EQ(FactOr(Pmtu(0x04), "route.gateway"), "10.0.1.2");
  EXPECT_EQ(FactOr(Pmtu(0x06), "route.gateway"), "10.0.1.2");  // ECN bits ignored
  EXPECT_EQ(FactOr(Pmtu(std::nullopt), "route.gateway"), "10.0.2.2");
  EXPECT_EQ(FactOr(Pmtu(0x08), "route.gateway"), "10.0.2.2");
}

TEST_F(PolicyRuleTest, MarkedEchoesLearnThePathTheRuleChose) {
  BuildLab(DscpTopology(true));
  Facts marked = Ping(0x06);  // DSCP 0x04 with ECT(0): still the rule's
  EXPECT_EQ(FactOr(marked, "ping.result"), "frag_needed") << Dump(marked);
  EXPECT_EQ(FactOr(marked, "ping.mtu"), "1400") << Dump(marked);
  EXPECT_EQ(FactOr(marked, "ping.icmp_from"), "10.0.1.2") << Dump(marked);
  Facts plain = Ping(std::nullopt);
  EXPECT_EQ(FactOr(plain, "ping.mtu"), "1500") << Dump(plain);
  EXPECT_EQ(FactOr(plain, "ping.icmp_from"), "10.0.2.2") << Dump(plain);
  // Two exceptions for one destination, one per route: each lookup finds its own.
  Facts via_r1 = Pmtu(0x04);
  EXPECT_EQ(FactOr(via_r1, "route.exception"), "true") << Dump(via_r1);
  EXPECT_EQ(FactOr(via_r1, "route.pmtu"), "1400") << Dump(via_r1);
  Facts via_r2 = Pmtu(std::nullopt);
  EXPECT_EQ(FactOr(via_r2, "route.pmtu"), "1500") << Dump(via_r2);
}

TEST_F(PolicyRuleTest, UdpWithTosIsRoutedByTheRule) {
  BuildLab(DscpTopology(true));
  UdpStep udp;
  udp.from = "h1";
  udp.to = Target{"10.0.9.1", std::nullopt, std::nullopt};
  udp.family = Family::kIpv4;
  udp.size = 1972;
  udp.df = DfMode::kDo;
  udp.tos = 0x04;
  Facts f = RunUdp(ctx(), udp);
  EXPECT_EQ(FactOr(f, "udp.icmp"), "frag_needed") << Dump(f);
  EXPECT_EQ(FactOr(f, "udp.mtu"), "1400") << Dump(f);
  EXPECT_EQ(FactOr(f, "udp.icmp_from"), "10.0.1.2") << Dump(f);
  EXPECT_EQ(FactOr(Pmtu(0x04), "route.pmtu"), "1400");
}

TEST_F(PolicyRuleTest, WithoutTheRuleTheTosChangesNothing) {
  BuildLab(DscpTopology(false));
  Facts marked = Ping(0x04);
  EXPECT_EQ(FactOr(marked, "ping.mtu"), "1500") << Dump(marked);
  EXPECT_EQ(FactOr(marked, "ping.icmp_from"), "10.0.2.2") << Dump(marked);
  EXPECT_EQ(FactOr(Pmtu(0x04), "route.gateway"), "10.0.2.2");
}

}  // namespace
}  // namespace mtulab::integration
