#include "harness/runner/firewall.h"

#include <gtest/gtest.h>

namespace mtulab {
namespace {

using Hook = IcmpFilter::Hook;

constexpr char kTable[] = "add table inet mtulab\n";

std::string Chain(const std::string& hook) {
  return "add chain inet mtulab " + hook + " { type filter hook " + hook +
         " priority filter; policy accept; }\n";
}

Node WithFilter(Hook hook, const std::string& drop, std::optional<std::string> dev) {
  Node n;
  n.name = "r";
  n.icmp_filters.push_back(IcmpFilter{hook, drop, std::move(dev), {}});
  return n;
}

Node WithClamp(std::optional<std::string> dev, std::optional<uint32_t> mss,
               std::optional<Family> family) {
  Node n;
  n.name = "r";
  n.mss_clamps.push_back(MssClamp{std::move(dev), mss, family, {}});
  return n;
}

TEST(FirewallRulesetTest, NothingForANodeWithoutFiltersOrClamps) {
  Node n;
  n.name = "r";
  EXPECT_EQ(FirewallRuleset(n), "");
}

TEST(FirewallRulesetTest, OutputFragNeeded) {
  EXPECT_EQ(FirewallRuleset(WithFilter(Hook::kOutput, "frag-needed", std::nullopt)),
            std::string(kTable) + Chain("output") +
                "add rule inet mtulab output icmp type destination-unreachable icmp code "
                "frag-needed drop\n"
                "add rule inet mtulab output icmpv6 type packet-too-big drop\n");
}

TEST(FirewallRulesetTest, InputFilterMatchesTheIncomingInterface) {
  EXPECT_EQ(FirewallRuleset(WithFilter(Hook::kInput, "frag-needed", "eth1")),
            std::string(kTable) + Chain("input") +
                "add rule inet mtulab input iifname \"eth1\" icmp type destination-unreachable "
                "icmp code frag-needed drop\n"
                "add rule inet mtulab input iifname \"eth1\" icmpv6 type packet-too-big drop\n");
}

TEST(FirewallRulesetTest, ForwardAndOutputFiltersMatchTheOutgoingInterface) {
  EXPECT_EQ(FirewallRuleset(WithFilter(Hook::kForward, "frag-needed", "eth2")),
            std::string(kTable) + Chain("forward") +
                "add rule inet mtulab forward oifname \"eth2\" icmp type destination-unreachable "
                "icmp code frag-needed drop\n"
                "add rule inet mtulab forward oifname \"eth2\" icmpv6 type packet-too-big drop\n");
  EXPECT_EQ(FirewallRuleset(WithFilter(Hook::kOutput, "frag-needed", "eth2")),
            std::string(kTable) + Chain("output") +
                "add rule inet mtulab output oifname \"eth2\" icmp type destination-unreachable "
                "icmp code frag-needed drop\n"
                "add rule inet mtulab output oifname \"eth2\" icmpv6 type packet-too-big drop\n");
}

TEST(FirewallRulesetTest, ErrorsDropsEveryIcmpErrorType) {
  EXPECT_EQ(FirewallRuleset(WithFilter(Hook::kForward, "errors", std::nullopt)),
            std::string(kTable) + Chain("forward") +
                "add rule inet mtulab forward icmp type { destination-unreachable, "
                "source-quench, time-exceeded, parameter-problem } drop\n"
                "add rule inet mtulab forward icmpv6 type { destination-unreachable, "
                "packet-too-big, time-exceeded, parameter-problem } drop\n");
}

TEST(FirewallRulesetTest, AllDropsEveryIcmpPacket) {
  EXPECT_EQ(FirewallRuleset(WithFilter(Hook::kOutput, "all", "eth1")),
            std::string(kTable) + Chain("output") +
                "add rule inet mtulab output oifname \"eth1\" meta l4proto icmp drop\n"
                "add rule inet mtulab output oifname \"eth1\" meta l4proto ipv6-icmp drop\n");
  EXPECT_EQ(FirewallRuleset(WithFilter(Hook::kInput, "all", std::nullopt)),
            std::string(kTable) + Chain("input") +
                "add rule inet mtulab input meta l4proto icmp drop\n"
                "add rule inet mtulab input meta l4proto ipv6-icmp drop\n");
}

TEST(FirewallRulesetTest, MssClampToTheRoute) {
  EXPECT_EQ(FirewallRuleset(WithClamp(std::nullopt, std::nullopt, std::nullopt)),
            std::string(kTable) + Chain("forward") +
                "add rule inet mtulab forward tcp flags syn tcp option maxseg size set rt mtu\n");
}

TEST(FirewallRulesetTest, MssClampFixedOnADeviceAndFamily) {
  EXPECT_EQ(FirewallRuleset(WithClamp("tun0", 1360u, Family::kIpv6)),
            std::string(kTable) + Chain("forward") +
                "add rule inet mtulab forward oifname \"tun0\" meta nfproto ipv6 tcp flags syn "
                "tcp option maxseg size set 1360\n");
  EXPECT_EQ(FirewallRuleset(WithClamp(std::nullopt, 1200u, Family::kIpv4)),
            std::string(kTable) + Chain("forward") +
                "add rule inet mtulab forward meta nfproto ipv4 tcp flags syn tcp option maxseg "
                "size set 1200\n");
}

TEST(FirewallRulesetTest, ChainsInHookOrderFiltersBeforeClampsInDeclarationOrder) {
  Node n = WithClamp("tun0", std::nullopt, std::nullopt);
  n.icmp_filters = {IcmpFilter{Hook::kOutput, "errors", std::nullopt, {}},
                    IcmpFilter{Hook::kForward, "frag-needed", "tun0", {}},
                    IcmpFilter{Hook::kInput, "frag-needed", std::nullopt, {}},
                    IcmpFilter{Hook::kForward, "frag-needed", "eth1", {}}};
  EXPECT_EQ(
      FirewallRuleset(n),
      std::string(kTable) + Chain("input") +
          "add rule inet mtulab input icmp type destination-unreachable icmp code frag-needed "
          "drop\n"
          "add rule inet mtulab input icmpv6 type packet-too-big drop\n" +
          Chain("forward") +
          "add rule inet mtulab forward oifname \"tun0\" icmp type destination-unreachable icmp "
          "code frag-needed drop\n"
          "add rule inet mtulab forward oifname \"tun0\" icmpv6 type packet-too-big drop\n"
          "add rule inet mtulab forward oifname \"eth1\" icmp type destination-unreachable icmp "
          "code frag-needed drop\n"
          "add rule inet mtulab forward oifname \"eth1\" icmpv6 type packet-too-big drop\n"
          "add rule inet mtulab forward oifname \"tun0\" tcp flags syn tcp option maxseg size "
          "set rt mtu\n" +
          Chain("output") +
          "add rule inet mtulab output icmp type { destination-unreachable, source-quench, "
          "time-exceeded, parameter-problem } drop\n"
          "add rule inet mtulab output icmpv6 type { destination-unreachable, packet-too-big, "
          "time-exceeded, parameter-problem } drop\n");
}

TEST(FirewallMissingFeatureTest, NothingToProbeWithoutFiltersOrClamps) {
  Topology t;
  t.nodes.push_back(Node{});
  t.nodes[0].name = "a";
  EXPECT_EQ(FirewallMissingFeature(t), "");
}

}  // namespace
}  // namespace mtulab
