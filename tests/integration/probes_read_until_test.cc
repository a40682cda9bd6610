// RunRead and RunUntil on the chain h1 -- r -- h2: state read back without writing, and the
// expiry of a learned PMTU pinned by polling it.
#include <iostream>
#include <string>

#include <gtest/gtest.h>

#include "harness/checks/checks.h"
#include "harness/model/step_specs.h"
#include "harness/probes/probe.h"
#include "harness/sys/netns.h"
#include "harness/sys/sysctl.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

class ReadUntilTest : public ::testing::TestWithParam<Family>, public ChainLabHolder {
 protected:
  void SetUp() override {
    MTULAB_REQUIRE_ROOT();
    a_ = ChainAddresses(GetParam());
  }
  bool V4() const { return GetParam() == Family::kIpv4; }
  std::string Fam() const { return V4() ? "ipv4" : "ipv6"; }

  // <until every timeout fact=... equals=...> around a pmtu step from h1 to h2.
  UntilStep PollPmtu(const std::string& fact, const std::string& value, double every,
                     double timeout) {
    UntilStep until;
    Step inner;
    inner.body = MakePmtu("h1", a_.h2, GetParam());
    until.inner.push_back(inner);
    until.condition = Expectation{fact, Expectation::Op::kEquals, {value}, {}};
    // Typed as the loader types it (the fact's declared type), so "false" is a bool.
    const FactSpec* spec = FindFactSpec(inner, fact);
    EXPECT_NE(spec, nullptr) << fact;
    if (spec != nullptr) EXPECT_EQ(TypeExpectation(until.condition, spec->type), "");
    until.every_s = every;
    until.timeout_s = timeout;
    return until;
  }

  ChainAddrs a_;
};

TEST_P(ReadUntilTest, ReadsASysctlTheTopologySetAndLeavesItAlone) {
  BuildLab();
  std::string key = "net." + Fam() + ".route.mtu_expires";
  Facts f = RunRead(ctx(), ReadStateStep{"h1", std::nullopt, key});
  EXPECT_EQ(FactOr(f, "read.sysctl." + key), std::to_string(kChainMtuExpires)) << Dump(f);
  EXPECT_EQ(FactOr(f, "read.sysctl." + key + ".exists"), "true") << Dump(f);
  EXPECT_FALSE(f.Has("read.mtu")) << Dump(f);
  // r kept its kernel default: the read is of the node's own namespace.
  Facts r = RunRead(ctx(), ReadStateStep{"r", std::nullopt, key});
  EXPECT_EQ(FactOr(r, "read.sysctl." + key), "600") << Dump(r);
}

TEST_P(ReadUntilTest, AMissingEntryReadsAsNotExisting) {
  BuildLab();
  std::string key = "net." + Fam() + ".conf.eth0.no_such_knob";
  Facts f = RunRead(ctx(), ReadStateStep{"h1", std::nullopt, key});
  EXPECT_EQ(FactOr(f, "read.sysctl." + key + ".exists"), "false") << Dump(f);
  EXPECT_FALSE(f.Has("read.sysctl." + key)) << Dump(f);
  // A write-only entry exists, but has no value to read (and reading never flushes).
  std::string flush = "net." + Fam() + ".route.flush";
  Facts w = RunRead(ctx(), ReadStateStep{"h1", std::nullopt, flush});
  EXPECT_EQ(FactOr(w, "read.sysctl." + flush + ".exists"), "true") << Dump(w);
  EXPECT_FALSE(w.Has("read.sysctl." + flush)) << Dump(w);
}

TEST_P(ReadUntilTest, ReadsAnInterfacesAddressesMtuAndState) {
  BuildLab();
  Facts f = RunRead(ctx(), ReadStateStep{"h2", "eth0", std::nullopt});
  EXPECT_EQ(FactOr(f, "read.mtu"), std::to_string(kBottleneckMtu)) << Dump(f);
  EXPECT_EQ(FactOr(f, "read.up"), "true") << Dump(f);
  EXPECT_EQ(FactOr(f, "read.addr.ipv4.count"), "2") << Dump(f);
  EXPECT_EQ(FactOr(f, "read.addr.ipv4.first"), "10.0.2.2") << Dump(f);
  EXPECT_EQ(FactOr(f, "read.addr.ipv6.global.count"), "2") << Dump(f);
  // In the kernel's order, as ip addr show lists them: IPv6 newest first.
  EXPECT_EQ(FactOr(f, "read.addr.ipv6.global"), "fd00:2::3") << Dump(f);
  std::optional<int64_t> ll = ParseInteger(FactOr(f, "read.addr.ipv6.link_local.count"));
  ASSERT_TRUE(ll.has_value()) << Dump(f);
  EXPECT_EQ(FactOr(f, "read.addr.ipv6.count"), std::to_string(2 + *ll)) << Dump(f);
  if (*ll > 0) EXPECT_EQ(FactOr(f, "read.addr.ipv6.link_local").rfind("fe80::", 0), 0u);
}

// mtu_expires=2: the exception learned from the frag-needed / packet-too-big is gone 2 s
// later. A lookup ignores an expired exception, so the 0.1 s poll is the resolution.
TEST_P(ReadUntilTest, UntilPinsTheExpiryOfALearnedPmtu) {
  BuildLab();
  {
    ScopedNetnsEnter in(lab().node("h1").ns);
    WriteSysctl("net." + Fam() + ".route.mtu_expires", "2");
  }
  ctx().satisfies = Satisfies;
  Facts ping = RunPing(ctx(), MakePing("h1", a_.h2, GetParam(), 1450));
  ASSERT_EQ(FactOr(ping, "ping.result"), V4() ? "frag_needed" : "packet_too_big") << Dump(ping);
  Facts f = RunUntil(ctx(), PollPmtu("route.exception", "false", 0.1, 8));
  EXPECT_EQ(FactOr(f, "until.held"), "true") << Dump(f);
  EXPECT_EQ(FactOr(f, "route.exception"), "false") << Dump(f);
  if (V4()) EXPECT_EQ(FactOr(f, "route.pmtu"), "1500") << Dump(f);
  std::optional<int64_t> ms = ParseInteger(FactOr(f, "until.ms"));
  ASSERT_TRUE(ms.has_value()) << Dump(f);
  std::cout << "expiry of a learned " << Fam() << " PMTU with mtu_expires=2: until.ms=" << *ms
            << " polls=" << FactOr(f, "until.polls") << "\n";
  EXPECT_GE(*ms, 1800) << Dump(f);
  EXPECT_LE(*ms, 2200) << Dump(f);
}

TEST_P(ReadUntilTest, UntilTimesOutWithTheLastPollsFacts) {
  BuildLab();
  ctx().satisfies = Satisfies;
  Facts f = RunUntil(ctx(), PollPmtu("route.pmtu", "9999", 0.1, 0.3));
  EXPECT_EQ(FactOr(f, "until.held"), "false") << Dump(f);
  EXPECT_EQ(FactOr(f, "until.polls"), "4") << Dump(f);  // at 0, 0.1, 0.2 and 0.3 s
  EXPECT_EQ(FactOr(f, "route.pmtu"), "1500") << Dump(f);
  std::optional<int64_t> ms = ParseInteger(FactOr(f, "until.ms"));
  ASSERT_TRUE(ms.has_value()) << Dump(f);
  EXPECT_GE(*ms, 300) << Dump(f);
  EXPECT_LE(*ms, 500) << Dump(f);
}

INSTANTIATE_TEST_SUITE_P(Families, ReadUntilTest, ::testing::Values(Family::kIpv4, Family::kIpv6),
                         FamilyParamName);

}  // namespace
}  // namespace mtulab::integration
