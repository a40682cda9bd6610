// The pure parts of the transport probes: the stall/timeout clock, throughput, result names,
// socket addresses and the node that owns a target address.
#include "harness/probes/transport_util.h"

#include <arpa/inet.h>
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <time.h>  // struct timespec, before <linux/errqueue.h>

#include <cerrno>
#include <limits>

#include <gtest/gtest.h>

#include "harness/probes/probe.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

using Clock = TransferClock::Clock;
using std::chrono::milliseconds;

const Clock::time_point kT0{};

TEST(TransferClockTest, OnlyTheTimeoutAppliesBeforeTheFirstProgress) {
  TransferClock c(kT0, milliseconds(1000), milliseconds(100));
  EXPECT_EQ(c.Check(kT0 + milliseconds(500)), TransferClock::State::kRunning);
  EXPECT_EQ(c.PollTimeoutMs(kT0 + milliseconds(500)), 500);
  EXPECT_EQ(c.Check(kT0 + milliseconds(1000)), TransferClock::State::kTimedOut);
  EXPECT_FALSE(c.armed());
}

TEST(TransferClockTest, StallsWhenNothingMovedForTheStallTime) {
  TransferClock c(kT0, milliseconds(10000), milliseconds(300));
  c.Progress(kT0 + milliseconds(50));
  c.Progress(kT0 + milliseconds(200));
  EXPECT_EQ(c.Check(kT0 + milliseconds(499)), TransferClock::State::kRunning);
  EXPECT_EQ(c.PollTimeoutMs(kT0 + milliseconds(400)), 100);
  EXPECT_EQ(c.Check(kT0 + milliseconds(500)), TransferClock::State::kStalled);
  EXPECT_EQ(c.first_progress(), kT0 + milliseconds(50));
  EXPECT_EQ(c.last_progress(), kT0 + milliseconds(200));
}

TEST(TransferClockTest, ProgressPostponesTheStallButNotTheTimeout) {
  TransferClock c(kT0, milliseconds(1000), milliseconds(300));
  for (int t = 0; t <= 1000; t += 100) c.Progress(kT0 + milliseconds(t));
  EXPECT_EQ(c.Check(kT0 + milliseconds(1000)), TransferClock::State::kTimedOut);
  EXPECT_EQ(c.PollTimeoutMs(kT0 + milliseconds(900)), 100) << "the timeout comes first";
}

TEST(TransferClockTest, AStallWinsOverATimeoutAtTheSameMoment) {
  TransferClock c(kT0, milliseconds(1000), milliseconds(500));
  c.Progress(kT0 + milliseconds(500));
  EXPECT_EQ(c.Check(kT0 + milliseconds(1000)), TransferClock::State::kStalled);
}

TEST(TransferClockTest, PollTimeoutRoundsUpAndNeverGoesNegative) {
  TransferClock c(kT0, std::chrono::microseconds(1500), milliseconds(100));
  EXPECT_EQ(c.PollTimeoutMs(kT0), 2) << "1.5 ms must not wake the poll early";
  EXPECT_EQ(c.PollTimeoutMs(kT0 + milliseconds(5)), 0);
  TransferClock forever(kT0, Clock::duration::max() / 2, Clock::duration::max() / 2);
  EXPECT_EQ(forever.PollTimeoutMs(kT0), 1 << 30);
}

TEST(TransferMathTest, MegabitsPerSecondRoundsDown) {
  EXPECT_EQ(MegabitsPerSecond(125'000'000, std::chrono::seconds(1)), 1000);
  EXPECT_EQ(MegabitsPerSecond(1 << 20, milliseconds(1)), 8388);  // 8388.608
  EXPECT_EQ(MegabitsPerSecond(100, std::chrono::seconds(1)), 0);
  EXPECT_EQ(MegabitsPerSecond(1000, Clock::duration::zero()), 0);
  EXPECT_EQ(MegabitsPerSecond(uint64_t{1} << 30, std::chrono::nanoseconds(1)), 8'589'934'592'000LL)
      << "no overflow for 1 GiB in 1 ns";
}

TEST(TransferMathTest, DurationsFromSeconds) {
  EXPECT_EQ(WholeMilliseconds(SecondsToDuration(2.5)), 2500);
  EXPECT_EQ(WholeMilliseconds(SecondsToDuration(0.0019)), 1);
}

TEST(TransferNamesTest, TcpErrnoResults) {
  EXPECT_STREQ(TcpErrnoResult(ECONNREFUSED), "refused");
  EXPECT_STREQ(TcpErrnoResult(ENETUNREACH), "unreachable");
  EXPECT_STREQ(TcpErrnoResult(EHOSTUNREACH), "unreachable");
  EXPECT_STREQ(TcpErrnoResult(ETIMEDOUT), "timeout");
  EXPECT_STREQ(TcpErrnoResult(ECONNRESET), "reset");
  EXPECT_STREQ(TcpErrnoResult(EPIPE), "reset");
  EXPECT_STREQ(TcpErrnoResult(EINVAL), "error");
}

TEST(TransferNamesTest, PmtudValues) {
  EXPECT_EQ(PmtudValue(DfMode::kDefault, Family::kIpv4), -1);
  EXPECT_EQ(PmtudValue(DfMode::kDo, Family::kIpv4), IP_PMTUDISC_DO);
  EXPECT_EQ(PmtudValue(DfMode::kDont, Family::kIpv6), IPV6_PMTUDISC_DONT);
  EXPECT_EQ(PmtudValue(DfMode::kProbe, Family::kIpv6), IPV6_PMTUDISC_PROBE);
  EXPECT_EQ(PmtudValue(DfMode::kWant, Family::kIpv4), IP_PMTUDISC_WANT);
}

// The error-queue layout: a sock_extended_err, then the offender's address.
TEST(TransferNamesTest, OffenderTextReadsTheAddressAfterTheError) {
  constexpr size_t kSize = sizeof(sock_extended_err) + sizeof(sockaddr_in6);
  alignas(sock_extended_err) unsigned char v4[kSize] = {};
  auto* in = reinterpret_cast<sockaddr_in*>(v4 + sizeof(sock_extended_err));
  in->sin_family = AF_INET;
  ::inet_pton(AF_INET, "172.20.20.2", &in->sin_addr);
  EXPECT_EQ(OffenderText(reinterpret_cast<sock_extended_err*>(v4)), "172.20.20.2");
  alignas(sock_extended_err) unsigned char v6[kSize] = {};
  auto* in6 = reinterpret_cast<sockaddr_in6*>(v6 + sizeof(sock_extended_err));
  in6->sin6_family = AF_INET6;
  ::inet_pton(AF_INET6, "fd00::1", &in6->sin6_addr);
  EXPECT_EQ(OffenderText(reinterpret_cast<sock_extended_err*>(v6)), "fd00::1");
  alignas(sock_extended_err) unsigned char none[kSize] = {};
  EXPECT_EQ(OffenderText(reinterpret_cast<sock_extended_err*>(none)), "");
}

TEST(TransferAddressTest, PortsAndText) {
  SockAddr v4 = WithPort(MakeSockAddr({Family::kIpv4, "10.0.0.1", *ParseIp("10.0.0.1")}), 5001);
  EXPECT_EQ(ntohs(reinterpret_cast<const sockaddr_in*>(&v4.ss)->sin_port), 5001);
  SockAddr v6 = WithPort(MakeSockAddr({Family::kIpv6, "fd00::1", *ParseIp("fd00::1")}), 5002);
  EXPECT_EQ(ntohs(reinterpret_cast<const sockaddr_in6*>(&v6.ss)->sin6_port), 5002);
  EXPECT_EQ(HostPort({Family::kIpv4, "10.0.0.1", *ParseIp("10.0.0.1")}, 7), "10.0.0.1:7");
  EXPECT_EQ(HostPort({Family::kIpv6, "fd00::1", *ParseIp("fd00::1")}, 7), "[fd00::1]:7");
  // An address of the other family (or none at all) is refused, never sent to 0.0.0.0.
  EXPECT_THROW(MakeSockAddr({Family::kIpv4, "fd00::1", *ParseIp("fd00::1")}), SysError);
}

Topology OwnersTopology() {
  Topology t;
  t.nodes = {Node{"a"}, Node{"b"}, Node{"c"}};
  Link l;
  l.ends[0].node = "a";
  l.ends[0].ifname = "x";
  l.ends[0].addresses = {{Family::kIpv4, "10.0.0.1/24", {}}, {Family::kIpv6, "fd00::1/64", {}}};
  l.ends[1].node = "b";
  l.ends[1].ifname = "y";
  l.ends[1].addresses = {{Family::kIpv4, "10.0.0.2/24", {}}, {Family::kIpv4, "10.0.9.9/24", {}}};
  t.links.push_back(l);
  Device d;
  d.kind = "bridge";
  d.end.node = "c";
  d.end.ifname = "br0";
  d.end.addresses = {{Family::kIpv4, "10.0.9.9/24", {}}, {Family::kIpv4, "10.0.3.3/24", {}}};
  t.devices.push_back(d);
  return t;
}

std::string NodeOf(const Topology& t, const std::string& address) {
  Target target{address, std::nullopt, std::nullopt};
  return TargetNode(t, target, ResolveTarget(t, target, std::nullopt));
}

TEST(TargetNodeTest, TheNodeOwningTheAddress) {
  Topology t = OwnersTopology();
  EXPECT_EQ(NodeOf(t, "10.0.0.1"), "a");
  EXPECT_EQ(NodeOf(t, "10.0.0.2"), "b");
  EXPECT_EQ(NodeOf(t, "10.0.3.3"), "c") << "device addresses count";
  EXPECT_EQ(NodeOf(t, "fd00:0:0::1"), "a") << "compared as addresses, not text";
  Target named{"b:y", "b", "y"};
  EXPECT_EQ(TargetNode(t, named, ResolveTarget(t, named, std::nullopt)), "b");
}

TEST(TargetNodeTest, NoOwnerOrSeveralOwnersAreErrors) {
  Topology t = OwnersTopology();
  try {
    NodeOf(t, "10.0.0.77");
    FAIL();
  } catch (const SysError& e) {
    EXPECT_STREQ(e.what(),
                 "finding the node of 10.0.0.77: no node has this address: "
                 "Cannot assign requested address");
  }
  try {
    NodeOf(t, "10.0.9.9");
    FAIL();
  } catch (const SysError& e) {
    EXPECT_STREQ(e.what(),
                 "finding the node of 10.0.9.9: several nodes have it (b, c): write "
                 "node:ifname: Cannot assign requested address");
  }
}

}  // namespace
}  // namespace mtulab
