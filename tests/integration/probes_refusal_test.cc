// A <set> or <route-replace> whose expected outcome is the kernel's refusal (issue 12 item 4):
// with refusal_is_fact the kernel's errno becomes set.result / set.errno facts; without it the
// refusal stays an error of the case. On the chain h1 -- r -- h2 with a vxlan on h1's eth0.
#include <cerrno>
#include <string>

#include <gtest/gtest.h>

#include "harness/probes/probe.h"
#include "harness/sys/sys_error.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

// The chain plus vx0 on h1 over eth0 (1500, IPv4 underlay): the kernel derives 1450 and
// refuses anything above it.
Topology ChainWithVxlan() {
  Topology t = ChainTopology();
  Device vx;
  vx.kind = "vxlan";
  vx.end = MakeEnd("h1", "vx0", std::nullopt, {Addr(Family::kIpv4, "10.7.0.1/24")});
  vx.params = {{"vni", "7"},
               {"local", "10.0.1.1"},
               {"remote", "10.0.1.254"},
               {"dev", "eth0"},
               {"dstport", "4789"}};
  t.devices.push_back(vx);
  return t;
}

SetStep SetMtu(const std::string& node, const std::string& dev, uint32_t mtu, bool as_fact) {
  SetStep s{node, dev, mtu, std::nullopt};
  s.refusal_is_fact = as_fact;
  return s;
}

class RefusalTest : public ::testing::Test, public ChainLabHolder {
 protected:
  void SetUp() override {
    MTULAB_REQUIRE_ROOT();
    BuildLab(ChainWithVxlan());
  }
};

TEST_F(RefusalTest, VxlanMtuAboveItsLowerDeviceIsRefusedWithEinval) {
  Facts f = RunSet(ctx(), SetMtu("h1", "vx0", 1451, true));
  EXPECT_EQ(FactOr(f, "set.result"), "refused") << Dump(f);
  EXPECT_EQ(FactOr(f, "set.errno"), "EINVAL") << Dump(f);
  EXPECT_EQ(FactOr(f, "set.error"), "setting mtu 1451 on 'vx0' in node 'h1': Invalid argument");
  EXPECT_EQ(FactOr(f, "link.mtu"), "1450") << Dump(f);  // what the kernel kept
}

TEST_F(RefusalTest, AnMtuTheKernelAcceptsIsOk) {
  Facts f = RunSet(ctx(), SetMtu("h1", "vx0", 1400, true));
  EXPECT_EQ(FactOr(f, "set.result"), "ok") << Dump(f);
  EXPECT_FALSE(f.Has("set.errno")) << Dump(f);
  EXPECT_FALSE(f.Has("set.error")) << Dump(f);
  EXPECT_EQ(FactOr(f, "link.mtu"), "1400") << Dump(f);
}

TEST_F(RefusalTest, WithoutTheExpectationARefusalStaysAnError) {
  try {
    RunSet(ctx(), SetMtu("h1", "vx0", 1451, false));
    FAIL() << "no error";
  } catch (const SysError& e) {
    EXPECT_EQ(e.error_code(), EINVAL);
  }
  Facts ok = RunSet(ctx(), SetMtu("h1", "vx0", 1400, false));
  EXPECT_FALSE(ok.Has("set.result")) << Dump(ok);  // no opt-in: no new facts either
}

TEST_F(RefusalTest, ARefusedSysctlReadsBackTheValueItKept) {
  SetStep s{"h1", std::nullopt, std::nullopt, Sysctl{"net.ipv4.route.min_adv_mss", "x", {}}};
  s.refusal_is_fact = true;
  Facts f = RunSet(ctx(), s);
  EXPECT_EQ(FactOr(f, "set.result"), "refused") << Dump(f);
  EXPECT_EQ(FactOr(f, "set.errno"), "EINVAL") << Dump(f);
  EXPECT_EQ(FactOr(f, "sysctl.net.ipv4.route.min_adv_mss"), "256") << Dump(f);
}

TEST_F(RefusalTest, ARouteViaAnUnreachableGatewayIsRefused) {
  RouteReplaceStep s{"h1", MakeRoute(Family::kIpv4, "default", "10.0.9.9")};
  s.refusal_is_fact = true;
  Facts f = RunRouteReplace(ctx(), s);
  EXPECT_EQ(FactOr(f, "route_replace.result"), "refused") << Dump(f);
  EXPECT_EQ(FactOr(f, "route_replace.errno"), "ENETUNREACH") << Dump(f);
  s.route.via = TestIp("10.0.1.254");
  Facts ok = RunRouteReplace(ctx(), s);
  EXPECT_EQ(FactOr(ok, "route_replace.result"), "ok") << Dump(ok);
  s.refusal_is_fact = false;
  s.route.via = TestIp("10.0.9.9");
  EXPECT_THROW(RunRouteReplace(ctx(), s), SysError);
}

}  // namespace
}  // namespace mtulab::integration
