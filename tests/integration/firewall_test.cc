// ICMP filters on real namespaces: what a DF ping observes with and without them, and the
// libnftables wrapper's errors and resource use.
#include <gtest/gtest.h>

#include "harness/probes/probe.h"
#include "harness/runner/firewall.h"
#include "harness/sys/nftables.h"
#include "harness/sys/sys_error.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

using Hook = IcmpFilter::Hook;

///   h1 eth0 ------ eth1 fw eth2 ------ eth3 r eth2 ------ eth0 h2
///      10.0.1.1   10.0.1.254  10.0.3.1   10.0.3.254  10.0.2.254  10.0.2.2
///      fd00:1::1  fd00:1::254 fd00:3::1  fd00:3::254 fd00:2::254 fd00:2::2
///      1500                                          1400        1400
/// The chain with a second router, fw, between h1 and r: r's errors to h1 cross fw.
Topology FourNodeTopology() {
  Topology t = ChainTopology();
  const Family v4 = Family::kIpv4, v6 = Family::kIpv6;
  t.links[0].ends[1].node = "fw";
  Node fw{"fw", t.FindNode("r")->sysctls, {}, {}};
  fw.routes = {MakeRoute(v4, "default", "10.0.3.254"), MakeRoute(v6, "default", "fd00:3::254")};
  t.nodes.insert(t.nodes.begin() + 1, fw);
  t.FindNode("r")->routes = {MakeRoute(v4, "10.0.1.0/24", "10.0.3.1"),
                             MakeRoute(v6, "fd00:1::/64", "fd00:3::1")};
  t.links.push_back(MakeLink(
      MakeEnd("fw", "eth2", std::nullopt, {Addr(v4, "10.0.3.1/24"), Addr(v6, "fd00:3::1/64")}),
      MakeEnd("r", "eth3", std::nullopt,
              {Addr(v4, "10.0.3.254/24"), Addr(v6, "fd00:3::254/64")})));
  return t;
}

class IcmpFilterTest : public ::testing::TestWithParam<Family>, public ChainLabHolder {
 protected:
  void SetUp() override {
    MTULAB_REQUIRE_ROOT();
    a_ = ChainAddresses(GetParam());
  }
  bool V4() const { return GetParam() == Family::kIpv4; }
  std::string TooBig() const { return V4() ? "frag_needed" : "packet_too_big"; }

  /// Builds `topology` with `filter` on `node` and sends one DF echo too big for r -> h2.
  Facts PingWith(Topology topology, const std::string& node, std::optional<IcmpFilter> filter,
                 std::optional<uint32_t> ttl = std::nullopt) {
    if (filter) topology.FindNode(node)->icmp_filters.push_back(*filter);
    BuildLab(topology);
    PingStep ping = MakePing("h1", a_.h2, GetParam(), ttl ? 56 : 1450, DfMode::kDo, 1, 0.5);
    ping.ttl = ttl;
    return RunPing(ctx(), ping);
  }
  /// How many errors of the too-big kind `node` has sent since its namespace was made.
  std::string TooBigSent(const std::string& node) {
    std::string name = V4() ? "Icmp.OutDestUnreachs" : "Icmp6OutPktTooBigs";
    return FactOr(RunCounter(ctx(), CounterStep{node, {name}}), "counter." + name);
  }

  ChainAddrs a_;
};

IcmpFilter Filter(Hook hook, const std::string& drop = "frag-needed",
                  std::optional<std::string> dev = std::nullopt) {
  return IcmpFilter{hook, drop, std::move(dev), {}};
}

TEST_P(IcmpFilterTest, WithoutAFilterTheTooBigErrorArrives) {
  Facts f = PingWith(ChainTopology(), "r", std::nullopt);
  EXPECT_EQ(FactOr(f, "ping.result"), TooBig()) << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.mtu"), std::to_string(kBottleneckMtu)) << Dump(f);
}

TEST_P(IcmpFilterTest, OutputFilterOnTheRouterMakesTheErrorATimeout) {
  Facts f = PingWith(ChainTopology(), "r", Filter(Hook::kOutput));
  EXPECT_EQ(FactOr(f, "ping.result"), "timeout") << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.errors"), "0") << Dump(f);
  // The router did answer: the filter dropped its error after the ICMP layer counted it.
  EXPECT_EQ(TooBigSent("r"), "1");
  Facts route = RunPmtu(ctx(), MakePmtu("h1", a_.h2, GetParam()));
  EXPECT_EQ(FactOr(route, "route.exception"), "false") << Dump(route);
}

TEST_P(IcmpFilterTest, OutputFilterOnAnotherInterfaceLetsTheErrorThrough) {
  Facts f = PingWith(ChainTopology(), "r", Filter(Hook::kOutput, "frag-needed", "eth2"));
  EXPECT_EQ(FactOr(f, "ping.result"), TooBig()) << Dump(f);
}

TEST_P(IcmpFilterTest, FragNeededFilterLetsOtherErrorsThrough) {
  Facts f = PingWith(ChainTopology(), "r", Filter(Hook::kOutput), 1);
  EXPECT_EQ(FactOr(f, "ping.result"), "icmp_error") << Dump(f);
  EXPECT_EQ(FactOr(f, "ping.icmp_type"), V4() ? "11" : "3") << Dump(f);  // time exceeded
}

TEST_P(IcmpFilterTest, ErrorsFilterDropsTimeExceededToo) {
  Facts f = PingWith(ChainTopology(), "r", Filter(Hook::kOutput, "errors"), 1);
  EXPECT_EQ(FactOr(f, "ping.result"), "timeout") << Dump(f);
  f = RunPing(ctx(), MakePing("h1", a_.h2, GetParam(), 1450, DfMode::kDo, 1, 0.5));
  EXPECT_EQ(FactOr(f, "ping.result"), "timeout") << Dump(f);
}

// "errors" leaves echo alone; "all" drops the router's echo replies as well, and its IPv6
// neighbour advertisements with them, so over IPv6 even the traffic it forwards stops
// (h1 cannot resolve r); over IPv4 (ARP is not ICMP) forwarding goes on.
TEST_P(IcmpFilterTest, AllDropsEveryIcmpTheRouterSends) {
  BuildLab([] {
    Topology t = ChainTopology();
    t.FindNode("r")->icmp_filters.push_back(Filter(Hook::kOutput, "errors"));
    return t;
  }());
  Facts echo = RunPing(ctx(), MakePing("h1", a_.r_in, GetParam(), 56, DfMode::kDo, 1, 0.5));
  EXPECT_EQ(FactOr(echo, "ping.result"), "reply") << Dump(echo);

  Topology all = ChainTopology();
  all.FindNode("r")->icmp_filters.push_back(Filter(Hook::kOutput, "all"));
  BuildLab(all);
  echo = RunPing(ctx(), MakePing("h1", a_.r_in, GetParam(), 56, DfMode::kDo, 1, 0.5));
  EXPECT_EQ(FactOr(echo, "ping.result"), "timeout") << Dump(echo);
  Facts through = RunPing(ctx(), MakePing("h1", a_.h2, GetParam(), 56, DfMode::kDo, 1, 0.5));
  EXPECT_EQ(FactOr(through, "ping.result"), V4() ? "reply" : "timeout") << Dump(through);
  Facts big = RunPing(ctx(), MakePing("h1", a_.h2, GetParam(), 1450, DfMode::kDo, 1, 0.5));
  EXPECT_EQ(FactOr(big, "ping.result"), "timeout") << Dump(big);
}

TEST_P(IcmpFilterTest, InputFilterOnTheSenderDropsTheError) {
  Facts f = PingWith(ChainTopology(), "h1", Filter(Hook::kInput, "frag-needed", "eth0"));
  EXPECT_EQ(FactOr(f, "ping.result"), "timeout") << Dump(f);
  EXPECT_EQ(TooBigSent("r"), "1");
}

TEST_P(IcmpFilterTest, ForwardFilterDropsErrorsLeavingTowardTheSender) {
  Facts f = PingWith(FourNodeTopology(), "fw", std::nullopt);
  EXPECT_EQ(FactOr(f, "ping.result"), TooBig()) << Dump(f);
  f = PingWith(FourNodeTopology(), "fw", Filter(Hook::kForward, "frag-needed", "eth1"));
  EXPECT_EQ(FactOr(f, "ping.result"), "timeout") << Dump(f);
  EXPECT_EQ(TooBigSent("r"), "1");
  f = PingWith(FourNodeTopology(), "fw", Filter(Hook::kForward, "frag-needed", "eth2"));
  EXPECT_EQ(FactOr(f, "ping.result"), TooBig()) << "oifname eth2 is the other way\n" << Dump(f);
}

INSTANTIATE_TEST_SUITE_P(Families, IcmpFilterTest,
                         ::testing::Values(Family::kIpv4, Family::kIpv6), FamilyParamName);

class NftablesTest : public ::testing::Test {
 protected:
  void SetUp() override { MTULAB_REQUIRE_ROOT(); }
  /// `commands` run in a fresh namespace; returns the SysError text, or "ok: " + output.
  static std::string RunIn(const Netns& ns, const std::string& commands) {
    ScopedNetnsEnter in(ns);
    try {
      return "ok: " + NftContext("node 'x'").Run(commands);
    } catch (const SysError& e) {
      return std::string(e.what()) + " [" + std::to_string(e.error_code()) + "]";
    }
  }
};

TEST_F(NftablesTest, KernelRefusalNamesTheNodeAndTheCommandAndAppliesNothing) {
  Netns ns = Netns::Create();
  EXPECT_EQ(RunIn(ns,
                  "add table inet mtulab\n"
                  "add chain inet mtulab input { type filter hook input priority filter; }\n"
                  "add rule inet mtulab input icmpv6 type packet-too-big drop\n"
                  "add rule inet mtulab input tcp flags syn tcp option maxseg size set rt mtu\n"),
            "applying nftables in node 'x': add rule inet mtulab input tcp flags syn tcp option "
            "maxseg size set rt mtu: Could not process rule: Operation not supported [" +
                std::to_string(EOPNOTSUPP) + "]");
  EXPECT_EQ(RunIn(ns, "list ruleset"), "ok: ") << "one transaction: nothing was applied";
}

TEST_F(NftablesTest, SyntaxErrorNamesTheLine) {
  Netns ns = Netns::Create();
  EXPECT_EQ(RunIn(ns, "add table inet mtulab\nadd rule inet mtulab input icmp type bogus drop\n"),
            "applying nftables in node 'x': add rule inet mtulab input icmp type bogus drop: "
            "Could not parse ICMP type [" + std::to_string(EINVAL) + "]");
}

TEST_F(NftablesTest, ApplyFirewallWritesTheRulesetIntoTheNodesNamespaceOnly) {
  Node node;
  node.name = "r";
  node.icmp_filters.push_back(Filter(Hook::kOutput));
  node.mss_clamps.push_back(MssClamp{"eth2", 1360u, std::nullopt, {}});
  Netns ns = Netns::Create();
  ApplyFirewall(node, ns);
  std::string listed = RunIn(ns, "list ruleset");
  EXPECT_NE(listed.find("icmp type destination-unreachable icmp code frag-needed drop"),
            std::string::npos) << listed;
  EXPECT_NE(listed.find("oifname \"eth2\" tcp flags syn tcp option maxseg size set 1360"),
            std::string::npos) << listed;
  EXPECT_EQ(RunIn(Netns::Create(), "list ruleset"), "ok: ");
}

TEST_F(NftablesTest, ContextsLeaveNoFdBehind) {
  Netns ns = Netns::Create();
  size_t before = DirEntries("/proc/self/fd").size();
  for (int i = 0; i < 5; ++i) {
    RunIn(ns, "add table inet t" + std::to_string(i) + "\nlist ruleset\n");
    RunIn(ns, "add rule inet nope c drop\nadd table inet z\n");  // fails, with the dry runs
  }
  EXPECT_EQ(DirEntries("/proc/self/fd").size(), before);
}

TEST_F(NftablesTest, ThisKernelHasEverythingTheFirewallNeeds) {
  Topology t = ChainTopology();
  t.FindNode("r")->mss_clamps.push_back(MssClamp{});
  EXPECT_EQ(FirewallMissingFeature(t), "");
}

}  // namespace
}  // namespace mtulab::integration
