// A multipath route built by the Lab, read back per path with RunPmtu's oif: each nexthop
// answers with its own gateway and device.
#include <gtest/gtest.h>

#include "harness/probes/probe.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

///        +-- eth1 10.0.1.0/24 -- r1 --+
///   h1 --+                              (no far side: only the route lookup matters)
///        +-- eth2 10.0.2.0/24 -- r2 --+
/// h1: 192.168.88.88/32 nexthop via 10.0.1.2 nexthop via 10.0.2.2 (and the IPv6 twin).
Topology TwoPathTopology() {
  Topology t;
  t.name = "two-path";
  const Family v4 = Family::kIpv4, v6 = Family::kIpv6;
  Node h1{"h1", {}, {}, {}};
  Route r4 = MakeRoute(v4, "192.168.88.88/32", std::nullopt);
  r4.nexthops = {Nexthop{TestIp("10.0.1.2"), std::nullopt, 1, {}},
                 Nexthop{TestIp("10.0.2.2"), "eth2", 2, {}}};
  Route r6 = MakeRoute(v6, "fd00:88::/64", std::nullopt);
  r6.nexthops = {Nexthop{TestIp("fd00:1::2"), "eth1", 1, {}},
                 Nexthop{TestIp("fd00:2::2"), "eth2", 1, {}}};
  h1.routes = {r4, r6};
  t.nodes = {h1, Node{"r1", {}, {}, {}}, Node{"r2", {}, {}, {}}};
  t.links.push_back(MakeLink(
      MakeEnd("h1", "eth1", std::nullopt, {Addr(v4, "10.0.1.1/24"), Addr(v6, "fd00:1::1/64")}),
      MakeEnd("r1", "eth0", std::nullopt, {Addr(v4, "10.0.1.2/24"), Addr(v6, "fd00:1::2/64")})));
  t.links.push_back(MakeLink(
      MakeEnd("h1", "eth2", std::nullopt, {Addr(v4, "10.0.2.1/24"), Addr(v6, "fd00:2::1/64")}),
      MakeEnd("r2", "eth0", std::nullopt, {Addr(v4, "10.0.2.2/24"), Addr(v6, "fd00:2::2/64")})));
  return t;
}

class MultipathTest : public ::testing::TestWithParam<Family>, public ChainLabHolder {
 protected:
  void SetUp() override { MTULAB_REQUIRE_ROOT(); }
  bool V4() const { return GetParam() == Family::kIpv4; }
  std::string Dst() const { return V4() ? "192.168.88.88" : "fd00:88::1"; }
  Facts Via(const std::string& oif) {
    PmtuStep s = MakePmtu("h1", Dst(), GetParam());
    s.oif = oif;
    return RunPmtu(ctx(), s);
  }
};

TEST_P(MultipathTest, EachNexthopAnswersForItsInterface) {
  BuildLab(TwoPathTopology());
  Facts one = Via("eth1");
  EXPECT_EQ(FactOr(one, "route.dev"), "eth1") << Dump(one);
  EXPECT_EQ(FactOr(one, "route.gateway"), V4() ? "10.0.1.2" : "fd00:1::2") << Dump(one);
  Facts two = Via("eth2");
  EXPECT_EQ(FactOr(two, "route.dev"), "eth2") << Dump(two);
  EXPECT_EQ(FactOr(two, "route.gateway"), V4() ? "10.0.2.2" : "fd00:2::2") << Dump(two);
  Facts any = RunPmtu(ctx(), MakePmtu("h1", Dst(), GetParam()));
  EXPECT_TRUE(FactOr(any, "route.dev") == "eth1" || FactOr(any, "route.dev") == "eth2")
      << Dump(any);
}

INSTANTIATE_TEST_SUITE_P(Families, MultipathTest, ::testing::Values(Family::kIpv4, Family::kIpv6),
                         FamilyParamName);

}  // namespace
}  // namespace mtulab::integration
