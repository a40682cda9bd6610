// RunPmtu, RunCounter, RunLinkRead, RunSet and RunFlush on the chain h1 -- r -- h2:
// facts about the state the kernel keeps, read back after traffic.
#include <string>

#include <gtest/gtest.h>

#include "harness/probes/probe.h"
#include "harness/sys/netns.h"
#include "harness/sys/sys_error.h"
#include "harness/sys/sysctl.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

class StateProbeTest : public ::testing::TestWithParam<Family>, public ChainLabHolder {
 protected:
  void SetUp() override {
    MTULAB_REQUIRE_ROOT();
    a_ = ChainAddresses(GetParam());
  }
  bool V4() const { return GetParam() == Family::kIpv4; }
  /// A DF ping from h1 too big for the bottleneck: leaves a PMTU exception on h1.
  void LearnPmtu(const std::string& to) {
    Facts f = RunPing(ctx(), MakePing("h1", to, GetParam(), 1450));
    ASSERT_EQ(FactOr(f, "ping.result"), V4() ? "frag_needed" : "packet_too_big") << Dump(f);
  }
  Facts Pmtu(const std::string& to) { return RunPmtu(ctx(), MakePmtu("h1", to, GetParam())); }

  ChainAddrs a_;
};

TEST_P(StateProbeTest, PmtuWithoutExceptionIsTheDeviceMtu) {
  BuildLab();
  Facts f = Pmtu(a_.h2);
  EXPECT_EQ(FactOr(f, "route.exception"), "false") << Dump(f);
  EXPECT_EQ(FactOr(f, "route.pmtu"), "1500") << Dump(f);
  EXPECT_EQ(FactOr(f, "route.mtu_source"), "device");
  EXPECT_EQ(FactOr(f, "route.locked"), "false");
  EXPECT_EQ(FactOr(f, "route.dev"), "eth0");
  EXPECT_EQ(FactOr(f, "route.gateway"), a_.r_in);
  EXPECT_EQ(FactOr(f, "route.src"), a_.h1);
  EXPECT_FALSE(f.Has("route.expires_s")) << Dump(f);
}

TEST_P(StateProbeTest, PmtuAfterTooBigIsAnExpiringException) {
  BuildLab();
  LearnPmtu(a_.h2);
  Facts f = Pmtu(a_.h2);
  EXPECT_EQ(FactOr(f, "route.exception"), "true") << Dump(f);
  EXPECT_EQ(FactOr(f, "route.pmtu"), std::to_string(kBottleneckMtu)) << Dump(f);
  EXPECT_EQ(FactOr(f, "route.mtu_source"), "exception");
  EXPECT_EQ(FactOr(f, "route.locked"), "false");
  EXPECT_EQ(FactOr(f, "route.dev"), "eth0");
  EXPECT_EQ(FactOr(f, "route.gateway"), a_.r_in);
  // h1's route/mtu_expires bounds the expiry: the node sysctl reached the kernel.
  std::optional<int64_t> expires = ParseInteger(FactOr(f, "route.expires_s"));
  ASSERT_TRUE(expires.has_value()) << Dump(f);
  EXPECT_LE(*expires, kChainMtuExpires);
  EXPECT_GE(*expires, kChainMtuExpires - 10);
}

TEST_P(StateProbeTest, PmtuOfALockedRouteMtu) {
  Topology t = ChainTopology();
  Route locked = MakeRoute(GetParam(), V4() ? "10.0.2.0/24" : "fd00:2::/64", a_.r_in);
  locked.mtu = 1300;
  locked.mtu_lock = true;
  t.FindNode("h1")->routes.push_back(locked);
  BuildLab(t);
  Facts f = Pmtu(a_.h2);
  EXPECT_EQ(FactOr(f, "route.exception"), "false") << Dump(f);
  EXPECT_EQ(FactOr(f, "route.pmtu"), "1300") << Dump(f);
  EXPECT_EQ(FactOr(f, "route.mtu_source"), "route");
  EXPECT_EQ(FactOr(f, "route.locked"), "true");
}

TEST_P(StateProbeTest, CounterDeltaCountsOneEcho) {
  BuildLab();
  std::string name = V4() ? "Icmp.InEchos" : "Icmp6InEchos";
  CounterStep read{"h2", {name}};
  Facts before = RunCounter(ctx(), read);
  EXPECT_EQ(FactOr(before, "counter." + name), "0") << Dump(before);
  EXPECT_EQ(FactOr(before, "counter." + name + ".delta"), "0") << "first read counts from 0";
  Facts ping = RunPing(ctx(), MakePing("h1", a_.h2, GetParam(), 56));
  ASSERT_EQ(FactOr(ping, "ping.result"), "reply") << Dump(ping);
  Facts after = RunCounter(ctx(), read);
  EXPECT_EQ(FactOr(after, "counter." + name), "1") << Dump(after);
  EXPECT_EQ(FactOr(after, "counter." + name + ".delta"), "1") << Dump(after);
}

// The kernel prints per-type ICMP counters (snmp "IcmpMsg: InType8 ...", snmp6
// "Icmp6InType128") only once they are non-zero. A suite expecting such a counter to be 0, or
// reading it before the traffic for a delta, must still get a value: it is 0, not unknown.
TEST_P(StateProbeTest, PerTypeIcmpCounterReadsZeroBeforeAnyTraffic) {
  BuildLab();
  std::string name = V4() ? "IcmpMsg.InType8" : "Icmp6InType128";
  CounterStep read{"h2", {name}};
  Facts before;
  try {
    before = RunCounter(ctx(), read);
  } catch (const SysError& e) {
    ADD_FAILURE() << "BUG: a per-type ICMP counter that is still 0 cannot be read: " << e.what();
  }
  EXPECT_EQ(FactOr(before, "counter." + name), "0") << Dump(before);
  Facts ping = RunPing(ctx(), MakePing("h1", a_.h2, GetParam(), 56));
  ASSERT_EQ(FactOr(ping, "ping.result"), "reply") << Dump(ping);
  Facts after = RunCounter(ctx(), read);
  EXPECT_EQ(FactOr(after, "counter." + name), "1") << Dump(after);
  EXPECT_EQ(FactOr(after, "counter." + name + ".delta"), "1") << Dump(after);
}

TEST_P(StateProbeTest, TooBigCounterOnTheSender) {
  BuildLab();
  std::string name = V4() ? "Icmp.InDestUnreachs" : "Icmp6InPktTooBigs";
  Facts before = RunCounter(ctx(), CounterStep{"h1", {name}});
  LearnPmtu(a_.h2);
  Facts after = RunCounter(ctx(), CounterStep{"h1", {name}});
  EXPECT_EQ(FactOr(after, "counter." + name + ".delta"), "1") << Dump(before) << Dump(after);
}

TEST_P(StateProbeTest, LinkFactsAndTxDeltaAfterAPing) {
  BuildLab();
  LinkStep eth0{"h1", "eth0"};
  Facts first = RunLinkRead(ctx(), eth0);
  EXPECT_EQ(FactOr(first, "link.mtu"), "1500") << Dump(first);
  EXPECT_EQ(FactOr(first, "link.up"), "true");
  EXPECT_EQ(FactOr(first, "link.carrier"), "true");
  EXPECT_EQ(FactOr(first, "link.tx_packets.delta"), FactOr(first, "link.tx_packets"));
  Facts ping = RunPing(ctx(), MakePing("h1", a_.h2, GetParam(), 56, DfMode::kDo, 2));
  ASSERT_EQ(FactOr(ping, "ping.replies"), "2") << Dump(ping);
  Facts second = RunLinkRead(ctx(), eth0);
  std::optional<int64_t> tx = ParseInteger(FactOr(second, "link.tx_packets.delta"));
  std::optional<int64_t> rx = ParseInteger(FactOr(second, "link.rx_packets.delta"));
  ASSERT_TRUE(tx && rx) << Dump(second);
  EXPECT_GE(*tx, 2) << Dump(second);  // two echoes, plus any neighbour discovery
  EXPECT_GE(*rx, 2) << Dump(second);
  EXPECT_LE(*tx, 6) << Dump(second);
  Facts bottleneck = RunLinkRead(ctx(), LinkStep{"r", "eth2"});
  EXPECT_EQ(FactOr(bottleneck, "link.mtu"), std::to_string(kBottleneckMtu));
}

TEST_P(StateProbeTest, FlushOfTheFamilyDropsItsExceptions) {
  BuildLab();
  LearnPmtu(a_.h2);
  LearnPmtu(a_.h2_second);
  ASSERT_EQ(FactOr(Pmtu(a_.h2_second), "route.exception"), "true");
  Facts flush = RunFlush(ctx(), FlushStep{"h1", GetParam()});
  if (V4()) {
    EXPECT_FALSE(flush.Has("flush.ipv6_removed")) << Dump(flush);
  } else {
    EXPECT_EQ(FactOr(flush, "flush.ipv6_removed"), "2") << Dump(flush);
  }
  for (const std::string& to : {a_.h2, a_.h2_second}) {
    Facts f = Pmtu(to);
    EXPECT_EQ(FactOr(f, "route.exception"), "false") << to << " " << Dump(f);
    EXPECT_EQ(FactOr(f, "route.pmtu"), "1500") << to << " " << Dump(f);
  }
  Facts again = RunFlush(ctx(), FlushStep{"h1", GetParam()});
  if (!V4()) {
    EXPECT_EQ(FactOr(again, "flush.ipv6_removed"), "0") << Dump(again);
  }
}

TEST_P(StateProbeTest, FlushOfTheOtherFamilyKeepsTheException) {
  BuildLab();
  LearnPmtu(a_.h2);
  Family other = V4() ? Family::kIpv6 : Family::kIpv4;
  Facts flush = RunFlush(ctx(), FlushStep{"h1", other});
  if (V4()) {
    EXPECT_EQ(FactOr(flush, "flush.ipv6_removed"), "0") << Dump(flush);
  }
  Facts f = Pmtu(a_.h2);
  EXPECT_EQ(FactOr(f, "route.exception"), "true") << Dump(f);
  EXPECT_EQ(FactOr(f, "route.pmtu"), std::to_string(kBottleneckMtu));
}

TEST_P(StateProbeTest, FlushOfBothFamilies) {
  BuildLab();
  LearnPmtu(a_.h2);
  Facts flush = RunFlush(ctx(), FlushStep{"h1", std::nullopt});
  EXPECT_EQ(FactOr(flush, "flush.ipv6_removed"), V4() ? "0" : "1") << Dump(flush);
  EXPECT_EQ(FactOr(Pmtu(a_.h2), "route.exception"), "false");
}

INSTANTIATE_TEST_SUITE_P(Families, StateProbeTest,
                         ::testing::Values(Family::kIpv4, Family::kIpv6), FamilyParamName);

class Ipv4StateProbeTest : public ::testing::Test, public ChainLabHolder {
 protected:
  void SetUp() override { MTULAB_REQUIRE_ROOT(); }
};

TEST_F(Ipv4StateProbeTest, TooBigUnderMinPmtuLocksTheExceptionAtMinPmtu) {
  Topology t = ChainTopology();
  t.FindNode("h1")->sysctls.push_back(Sysctl{"net.ipv4.route.min_pmtu", "1450", {}});
  BuildLab(t);
  Facts ping = RunPing(ctx(), MakePing("h1", "10.0.2.2", Family::kIpv4, 1450));
  ASSERT_EQ(FactOr(ping, "ping.result"), "frag_needed") << Dump(ping);
  Facts f = RunPmtu(ctx(), MakePmtu("h1", "10.0.2.2", Family::kIpv4));
  EXPECT_EQ(FactOr(f, "route.exception"), "true") << Dump(f);
  EXPECT_EQ(FactOr(f, "route.pmtu"), "1450") << Dump(f);
  EXPECT_EQ(FactOr(f, "route.locked"), "true") << Dump(f);
}

TEST_F(Ipv4StateProbeTest, UnknownCounterThrowsWithASuggestion) {
  BuildLab();
  try {
    RunCounter(ctx(), CounterStep{"h2", {"Icmp.InEchoz"}});
    FAIL() << "RunCounter did not throw";
  } catch (const SysError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("no counter 'Icmp.InEchoz'"), std::string::npos) << what;
    EXPECT_NE(what.find("did you mean Icmp.InEchos?"), std::string::npos) << what;
    EXPECT_NE(what.find("node 'h2'"), std::string::npos) << what;
  }
}

TEST_F(Ipv4StateProbeTest, SetSysctlIsReadBackInsideTheNode) {
  BuildLab();
  SetStep step{"r", std::nullopt, std::nullopt, Sysctl{"net.ipv4.conf.eth1.rp_filter", "2", {}}};
  Facts f = RunSet(ctx(), step);
  EXPECT_EQ(FactOr(f, "sysctl.net.ipv4.conf.eth1.rp_filter"), "2") << Dump(f);
  ScopedNetnsEnter in(lab().node("r").ns);
  EXPECT_EQ(ReadSysctl("net.ipv4.conf.eth1.rp_filter"), "2");
  EXPECT_EQ(ReadSysctl("net.ipv4.conf.eth2.rp_filter"), "0");
}

}  // namespace
}  // namespace mtulab::integration
