// Routes built by Lab::Build, checked with RTM_GETROUTE (Rtnl::GetRoute) and the kernel's
// route tables, for IPv4 and IPv6.
#include <arpa/inet.h>

#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/sys/netns.h"
#include "harness/sys/sysctl.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

/// Addresses and values of the route table of node a, per family.
struct RoutePlan {
  std::string gateway;     // b on big
  std::string other_src;   // a's address on def (not what source selection picks via big)
  std::string prefix_fmt;  // prefix N: printf-style with one %d
  std::string probe_fmt;   // an address inside prefix N
  std::string default_probe;
  uint32_t locked_mtu, unlocked_mtu;
};

RoutePlan PlanFor(Family f) {
  if (f == Family::kIpv4) {
    return {"10.1.1.2", "10.2.2.1", "10.5%d.0.0/24", "10.5%d.0.7", "10.99.0.1", 800, 1300};
  }
  return {"fd00:11::2", "fd00:12::1", "fd00:5%d::/64", "fd00:5%d::7", "fd00:99::1", 1300, 1400};
}

std::string Format(const std::string& fmt, int n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt.c_str(), n);
  return buf;
}

///   a big 10.1.1.1/24 fd00:11::1/64 ------- 10.1.1.2/24 fd00:11::2/64 bbig b
///   a def 10.2.2.1/24 fd00:12::1/64 ------- 10.2.2.2/24 fd00:12::2/64 bdef b
/// Routes of a, per family (N: the prefix number of PlanFor):
///   default via GW | 0 via GW | 1 dev def | 2 via GW src OTHER | 3 via GW mtu lock M
///   4 via GW advmss 1200 | 5 via GW mtu M' | 6 via GW metric 20 + 6 dev def metric 10
Topology RoutedTopology() {
  Topology t;
  t.name = "routes";
  const Family v4 = Family::kIpv4, v6 = Family::kIpv6;
  t.links.push_back(MakeLink(
      MakeEnd("a", "big", std::nullopt, {Addr(v4, "10.1.1.1/24"), Addr(v6, "fd00:11::1/64")}),
      MakeEnd("b", "bbig", std::nullopt, {Addr(v4, "10.1.1.2/24"), Addr(v6, "fd00:11::2/64")})));
  t.links.push_back(MakeLink(
      MakeEnd("a", "def", std::nullopt, {Addr(v4, "10.2.2.1/24"), Addr(v6, "fd00:12::1/64")}),
      MakeEnd("b", "bdef", std::nullopt, {Addr(v4, "10.2.2.2/24"), Addr(v6, "fd00:12::2/64")})));
  Node a{"a", {}, {}, {}};
  for (Family f : {v4, v6}) {
    RoutePlan p = PlanFor(f);
    auto prefix = [&](int n) { return Format(p.prefix_fmt, n); };
    a.routes.push_back(MakeRoute(f, "default", p.gateway));
    a.routes.push_back(MakeRoute(f, prefix(0), p.gateway));
    a.routes.push_back(MakeRoute(f, prefix(1), std::nullopt, "def"));
    Route src = MakeRoute(f, prefix(2), p.gateway);
    src.src = TestIp(p.other_src);
    Route locked = MakeRoute(f, prefix(3), p.gateway);
    locked.mtu = p.locked_mtu;
    locked.mtu_lock = true;
    Route advmss = MakeRoute(f, prefix(4), p.gateway);
    advmss.advmss = 1200;
    Route unlocked = MakeRoute(f, prefix(5), p.gateway);
    unlocked.mtu = p.unlocked_mtu;
    Route far = MakeRoute(f, prefix(6), p.gateway);
    far.metric = 20;
    Route near = MakeRoute(f, prefix(6), std::nullopt, "def");
    near.metric = 10;
    for (const Route& r : {src, locked, advmss, unlocked, far, near}) a.routes.push_back(r);
  }
  t.nodes = {a, Node{"b", {}, {}, {}}};
  return t;
}

/// "dev metric M" of every main-table entry for network `dst` (as text), from
/// /proc/net/route or /proc/net/ipv6_route of the calling thread's namespace, sorted.
std::vector<std::string> TableEntries(Family f, const std::string& dst) {
  std::vector<std::string> out;
  bool v4 = f == Family::kIpv4;
  std::istringstream in(ReadFile(v4 ? "/proc/thread-self/net/route"
                                    : "/proc/thread-self/net/ipv6_route"));
  for (std::string line; std::getline(in, line);) {
    std::istringstream w(line);
    std::vector<std::string> c;
    for (std::string x; w >> x;) c.push_back(x);
    unsigned char bytes[16] = {};
    std::string dev, metric;
    if (v4 && c.size() >= 8 && c[0] != "Iface") {
      uint32_t raw = static_cast<uint32_t>(std::strtoul(c[1].c_str(), nullptr, 16));
      std::memcpy(bytes, &raw, 4);  // printed from the raw __be32 in host order
      dev = c[0];
      metric = c[6];
    } else if (!v4 && c.size() == 10) {
      for (int i = 0; i < 16; ++i) bytes[i] = std::stoi(c[0].substr(2 * i, 2), nullptr, 16);
      dev = c[9];
      metric = std::to_string(std::strtoul(c[5].c_str(), nullptr, 16));
    } else {
      continue;
    }
    char text[INET6_ADDRSTRLEN] = {};
    ::inet_ntop(v4 ? AF_INET : AF_INET6, bytes, text, sizeof text);
    if (text == dst) out.push_back(dev + " metric " + metric);
  }
  std::sort(out.begin(), out.end());
  return out;
}

class LabRoutesTest : public ::testing::TestWithParam<Family> {
 protected:
  void SetUp() override {
    MTULAB_REQUIRE_ROOT();
    lab_ = Lab::Build(RoutedTopology());
    plan_ = PlanFor(GetParam());
  }
  /// RTM_GETROUTE from node a for the probe address of prefix `n`.
  RouteAnswer Get(int n) { return Get(Format(plan_.probe_fmt, n)); }
  RouteAnswer Get(const std::string& address) {
    return lab_->node("a").rtnl.GetRoute(GetParam(), address);
  }
  int Index(const std::string& ifname) { return lab_->IfIndex("a", ifname); }

  std::unique_ptr<Lab> lab_;
  RoutePlan plan_;
};

TEST_P(LabRoutesTest, DefaultRouteGoesViaTheGateway) {
  RouteAnswer r = Get(plan_.default_probe);
  EXPECT_EQ(r.gateway, plan_.gateway);
  EXPECT_EQ(r.oif, Index("big"));
  EXPECT_FALSE(r.mtu.has_value());
  EXPECT_EQ(r.expires_ticks, 0);
}

TEST_P(LabRoutesTest, PrefixViaGatewayResolvesItsDevice) {
  RouteAnswer r = Get(0);
  EXPECT_EQ(r.gateway, plan_.gateway);
  EXPECT_EQ(r.oif, Index("big"));
}

TEST_P(LabRoutesTest, DevOnlyRouteHasNoGateway) {
  RouteAnswer r = Get(1);
  EXPECT_EQ(r.oif, Index("def"));
  EXPECT_FALSE(r.gateway.has_value()) << *r.gateway;
}

TEST_P(LabRoutesTest, SrcBecomesThePreferredSource) {
  EXPECT_EQ(Get(2).prefsrc, plan_.other_src);
  // Without src, the address of the egress interface is chosen: src really decided it.
  EXPECT_NE(Get(0).prefsrc, plan_.other_src);
}

TEST_P(LabRoutesTest, LowerMetricWins) {
  RouteAnswer r = Get(6);
  EXPECT_EQ(r.oif, Index("def"));
  EXPECT_FALSE(r.gateway.has_value());
  ScopedNetnsEnter in(lab_->node("a").ns);
  std::string network = Format(plan_.prefix_fmt, 6);
  network = network.substr(0, network.find('/'));
  EXPECT_EQ(TableEntries(GetParam(), network),
            (std::vector<std::string>{"big metric 20", "def metric 10"}));
}

TEST_P(LabRoutesTest, RouteMtuWithoutLock) {
  RouteAnswer r = Get(5);
  EXPECT_EQ(r.mtu, plan_.unlocked_mtu);
  EXPECT_FALSE(r.mtu_locked);
  EXPECT_EQ(r.expires_ticks, 0);
}

TEST_P(LabRoutesTest, RouteMtuLock) {
  RouteAnswer r = Get(3);
  EXPECT_EQ(r.mtu, plan_.locked_mtu);
  EXPECT_TRUE(r.mtu_locked);
  EXPECT_EQ(r.gateway, plan_.gateway);
}

TEST_P(LabRoutesTest, Advmss) {
  RouteAnswer r = Get(4);
  EXPECT_EQ(r.advmss, 1200u);
  EXPECT_FALSE(r.mtu.has_value());
  EXPECT_FALSE(Get(0).advmss.has_value());
}

INSTANTIATE_TEST_SUITE_P(Families, LabRoutesTest,
                         ::testing::Values(Family::kIpv4, Family::kIpv6), FamilyParamName);

}  // namespace
}  // namespace mtulab::integration
