#include "harness/model/suite.h"

#include <gtest/gtest.h>

namespace mtulab {
namespace {

Expectation Expect(const std::string& fact, Expectation::Op op,
                   std::vector<std::string> values = {}) {
  Expectation e;
  e.fact = fact;
  e.op = op;
  e.values = std::move(values);
  return e;
}

Step MakeStep(int index, StepBody body) {
  Step s;
  s.index = index;
  s.body = std::move(body);
  return s;
}

TEST(ExpectationDescribeTest, EveryOp) {
  using Op = Expectation::Op;
  EXPECT_EQ(Expect("ping.mtu", Op::kEquals, {"1500"}).Describe(), "ping.mtu = 1500");
  EXPECT_EQ(Expect("route.expires_s", Op::kAtLeast, {"1"}).Describe(), "route.expires_s >= 1");
  EXPECT_EQ(Expect("route.expires_s", Op::kAtMost, {"600"}).Describe(),
            "route.expires_s <= 600");
  EXPECT_EQ(Expect("ping.result", Op::kOneOf, {"reply", "timeout"}).Describe(),
            "ping.result one of {reply, timeout}");
  EXPECT_EQ(Expect("route.pmtu", Op::kPresent).Describe(), "route.pmtu present");
  EXPECT_EQ(Expect("route.pmtu", Op::kAbsent).Describe(), "route.pmtu absent");
  EXPECT_EQ(Expect("until.ms", Op::kBetween, {"1800", "2200"}).Describe(),
            "until.ms in [1800, 2200]");
  EXPECT_STREQ(Expect("until.ms", Op::kBetween, {"1", "2"}).Attribute(), "between");
}

TEST(DfModeNameTest, EveryMode) {
  EXPECT_STREQ(DfModeName(DfMode::kDefault), "default");
  EXPECT_STREQ(DfModeName(DfMode::kDo), "do");
  EXPECT_STREQ(DfModeName(DfMode::kWant), "want");
  EXPECT_STREQ(DfModeName(DfMode::kDont), "dont");
  EXPECT_STREQ(DfModeName(DfMode::kProbe), "probe");
}

TEST(StepDescribeTest, Ping) {
  PingStep p;
  p.from = "api";
  p.to.text = "worker3:eth1";
  p.family = Family::kIpv4;
  p.size = 8900;
  p.df = DfMode::kDo;
  Step s = MakeStep(2, p);
  EXPECT_STREQ(s.Kind(), "ping");
  EXPECT_EQ(s.Describe(), "step 2 ping api -> worker3:eth1 ipv4 size 8900 df=do count 1");
}

TEST(StepDescribeTest, PingWithoutFamilyWithTtl) {
  PingStep p;
  p.from = "api";
  p.to.text = "fd00:20::20";
  p.count = 3;
  p.ttl = 2;
  EXPECT_EQ(MakeStep(1, p).Describe(),
            "step 1 ping api -> fd00:20::20 size 56 df=default count 3 ttl 2");
}

TEST(StepDescribeTest, Pmtu) {
  PmtuStep p;
  p.from = "api";
  p.to.text = "10.10.20.20";
  Step s = MakeStep(3, p);
  EXPECT_STREQ(s.Kind(), "pmtu");
  EXPECT_EQ(s.Describe(), "step 3 pmtu api -> 10.10.20.20");
  p.family = Family::kIpv6;
  EXPECT_EQ(MakeStep(3, p).Describe(), "step 3 pmtu api -> 10.10.20.20 ipv6");
}

TEST(StepDescribeTest, Counter) {
  Step s = MakeStep(4, CounterStep{"api", {"TcpExt.IPReversePathFilter"}});
  EXPECT_STREQ(s.Kind(), "counter");
  EXPECT_EQ(s.Describe(), "step 4 counter api TcpExt.IPReversePathFilter");
  EXPECT_EQ(MakeStep(4, CounterStep{"api", {"A.B", "Icmp6InPktTooBigs"}}).Describe(),
            "step 4 counter api A.B Icmp6InPktTooBigs");
}

TEST(StepDescribeTest, Link) {
  Step s = MakeStep(5, LinkStep{"api", "eth1"});
  EXPECT_STREQ(s.Kind(), "link");
  EXPECT_EQ(s.Describe(), "step 5 link api eth1");
}

TEST(StepDescribeTest, SetMtuAndSysctl) {
  SetStep mtu;
  mtu.node = "router";
  mtu.dev = "vlan20";
  mtu.mtu = 9000;
  Step s = MakeStep(6, mtu);
  EXPECT_STREQ(s.Kind(), "set");
  EXPECT_EQ(s.Describe(), "step 6 set router vlan20 mtu 9000");
  SetStep sysctl;
  sysctl.node = "api";
  sysctl.sysctl = Sysctl{"net.ipv4.conf.all.rp_filter", "1", {}};
  EXPECT_EQ(MakeStep(7, sysctl).Describe(), "step 7 set api net.ipv4.conf.all.rp_filter=1");
}

TEST(StepDescribeTest, FlushAndWait) {
  Step flush = MakeStep(8, FlushStep{"api", Family::kIpv4});
  EXPECT_STREQ(flush.Kind(), "flush");
  EXPECT_EQ(flush.Describe(), "step 8 flush api ipv4");
  EXPECT_EQ(MakeStep(8, FlushStep{"api", std::nullopt}).Describe(), "step 8 flush api");
  Step wait = MakeStep(9, WaitStep{0.5});
  EXPECT_STREQ(wait.Kind(), "wait");
  EXPECT_EQ(wait.Describe(), "step 9 wait 0.5s");
  EXPECT_EQ(MakeStep(9, WaitStep{2}).Describe(), "step 9 wait 2s");
}

}  // namespace
}  // namespace mtulab
