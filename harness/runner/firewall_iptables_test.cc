// The iptables backend of <mss-clamp>: the argv built from the model, and which clamps it
// leaves to nftables.
#include "harness/runner/firewall_iptables.h"

#include <gtest/gtest.h>

#include "harness/runner/firewall.h"

namespace mtulab {
namespace {

using Backend = MssClamp::Backend;
using Argv = std::vector<std::string>;

const IptablesPrograms kPrograms{"/sbin/ipt4", "/sbin/ipt6"};

MssClamp Clamp(std::optional<std::string> dev, std::optional<uint32_t> mss,
               std::optional<Family> family, Backend backend = Backend::kIptables) {
  return MssClamp{std::move(dev), mss, family, {}, backend};
}

Node NodeWith(std::vector<MssClamp> clamps) {
  Node n;
  n.name = "r";
  n.mss_clamps = std::move(clamps);
  return n;
}

Argv Head(const std::string& program) {
  return {program, "-w",  "-t",          "mangle",  "-A", "FORWARD",
          "-p",    "tcp", "--tcp-flags", "SYN,RST", "SYN"};
}

Argv Plus(Argv a, const Argv& tail) {
  a.insert(a.end(), tail.begin(), tail.end());
  return a;
}

TEST(IptablesMssArgvsTest, PmtuClampOfBothFamiliesIsOneRulePerProgram) {
  Argv tail = {"-j", "TCPMSS", "--clamp-mss-to-pmtu"};
  EXPECT_EQ(
      IptablesMssArgvs(NodeWith({Clamp(std::nullopt, std::nullopt, std::nullopt)}), kPrograms),
      (std::vector<Argv>{Plus(Head("/sbin/ipt4"), tail), Plus(Head("/sbin/ipt6"), tail)}));
}

TEST(IptablesMssArgvsTest, FixedClampOnADeviceAndFamily) {
  EXPECT_EQ(IptablesMssArgvs(NodeWith({Clamp("tun0", 1360u, Family::kIpv4)}), kPrograms),
            (std::vector<Argv>{
                Plus(Head("/sbin/ipt4"), {"-o", "tun0", "-j", "TCPMSS", "--set-mss", "1360"})}));
  EXPECT_EQ(IptablesMssArgvs(NodeWith({Clamp("tun0", std::nullopt, Family::kIpv6)}), kPrograms),
            (std::vector<Argv>{
                Plus(Head("/sbin/ipt6"), {"-o", "tun0", "-j", "TCPMSS", "--clamp-mss-to-pmtu"})}));
}

TEST(IptablesMssArgvsTest, NftablesClampsAreLeftToTheRuleset) {
  Node n = NodeWith({Clamp("eth1", 1300u, Family::kIpv4, Backend::kNftables),
                     Clamp("tun0", 1360u, Family::kIpv6)});
  EXPECT_EQ(IptablesMssArgvs(n, kPrograms),
            (std::vector<Argv>{
                Plus(Head("/sbin/ipt6"), {"-o", "tun0", "-j", "TCPMSS", "--set-mss", "1360"})}));
  // The nftables ruleset has the nftables clamp and nothing of the iptables one.
  std::string ruleset = FirewallRuleset(n);
  EXPECT_NE(ruleset.find("oifname \"eth1\" meta nfproto ipv4 tcp flags syn tcp option maxseg "
                         "size set 1300"),
            std::string::npos)
      << ruleset;
  EXPECT_EQ(ruleset.find("tun0"), std::string::npos) << ruleset;
}

TEST(IptablesMssArgvsTest, NoRuleAndNoRulesetWithoutIptablesClamps) {
  Node n = NodeWith({Clamp(std::nullopt, 1300u, std::nullopt, Backend::kNftables)});
  EXPECT_TRUE(IptablesMssArgvs(n, kPrograms).empty());
  EXPECT_TRUE(IptablesMssArgvs(NodeWith({}), kPrograms).empty());
  EXPECT_EQ(FirewallRuleset(NodeWith({Clamp(std::nullopt, 1300u, std::nullopt)})), "");
}

TEST(IptablesMissingFeatureTest, NothingToFindWithoutIptablesClamps) {
  Topology t;
  t.nodes.push_back(NodeWith({Clamp(std::nullopt, 1300u, std::nullopt, Backend::kNftables)}));
  EXPECT_EQ(IptablesMissingFeature(t), "");
}

TEST(IptablesMissingFeatureTest, AMissingProgramNamesThePathSearched) {
  Topology t;
  t.nodes.push_back(NodeWith({Clamp(std::nullopt, 1300u, Family::kIpv6)}));
  const char* old = std::getenv("PATH");
  std::string saved = old ? old : "";
  ::setenv("PATH", "/nonexistent-mtulab-dir", 1);
  std::string reason = IptablesMissingFeature(t);
  ::setenv("PATH", saved.c_str(), 1);
  EXPECT_EQ(reason,
            "ip6tables-legacy not found (mss-clamp backend=\"iptables\"; Debian package "
            "iptables): searched PATH=/nonexistent-mtulab-dir");
}

}  // namespace
}  // namespace mtulab
