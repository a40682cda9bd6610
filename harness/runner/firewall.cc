#include "harness/runner/firewall.h"

#include <algorithm>
#include <cerrno>
#include <mutex>
#include <vector>

#include "harness/runner/firewall_iptables.h"
#include "harness/sys/nftables.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

using Hook = IcmpFilter::Hook;

const char* HookName(Hook hook) {
  switch (hook) {
    case Hook::kInput:
      return "input";
    case Hook::kForward:
      return "forward";
    case Hook::kOutput:
      break;
  }
  return "output";
}

// The rule bodies (after "add rule inet mtulab CHAIN") of one ICMP filter.
std::vector<std::string> IcmpRules(const IcmpFilter& f) {
  std::string match;
  if (f.dev) {
    match = std::string(f.hook == Hook::kInput ? "iifname" : "oifname") + " \"" + *f.dev + "\" ";
  }
  if (f.drop == "all") {
    // Every ICMP and ICMPv6 packet, echo and neighbour discovery included (an IPv6 node
    // filtered so cannot resolve or answer neighbours: the classic "block all ICMP" trap).
    return {match + "meta l4proto icmp drop", match + "meta l4proto ipv6-icmp drop"};
  }
  if (f.drop == "errors") {
    // The types icmp_is_err() and icmpv6_is_err() (types below 128) call errors.
    return {match + "icmp type { destination-unreachable, source-quench, time-exceeded, "
                    "parameter-problem } drop",
            match + "icmpv6 type { destination-unreachable, packet-too-big, time-exceeded, "
                    "parameter-problem } drop"};
  }
  return {match + "icmp type destination-unreachable icmp code frag-needed drop",
          match + "icmpv6 type packet-too-big drop"};
}

std::string MssRule(const MssClamp& c) {
  std::string rule;
  if (c.dev) rule += "oifname \"" + *c.dev + "\" ";
  if (c.family) rule += std::string("meta nfproto ") + FamilyName(*c.family) + " ";
  rule += "tcp flags syn tcp option maxseg size set ";
  // rt mtu: min(MTU of the route out, MTU of the route back to the source) - 40 (IPv6: 60).
  rule += c.mss ? std::to_string(*c.mss) : "rt mtu";
  return rule;
}

bool IsNft(const MssClamp& c) { return c.backend == MssClamp::Backend::kNftables; }

bool HasNftRules(const Node& node) {
  return !node.icmp_filters.empty() ||
         std::any_of(node.mss_clamps.begin(), node.mss_clamps.end(), IsNft);
}

}  // namespace

std::string FirewallRuleset(const Node& node) {
  if (!HasNftRules(node)) return "";
  const std::string table = std::string("inet ") + kFirewallTable;
  std::string out = "add table " + table + "\n";
  for (Hook hook : {Hook::kInput, Hook::kForward, Hook::kOutput}) {
    std::vector<std::string> rules;
    for (const IcmpFilter& f : node.icmp_filters) {
      if (f.hook != hook) continue;
      for (std::string& r : IcmpRules(f)) rules.push_back(std::move(r));
    }
    if (hook == Hook::kForward) {
      for (const MssClamp& c : node.mss_clamps) {
        if (IsNft(c)) rules.push_back(MssRule(c));
      }
    }
    if (rules.empty()) continue;
    const std::string chain = HookName(hook);
    out += "add chain " + table + " " + chain + " { type filter hook " + chain +
           " priority filter; policy accept; }\n";
    for (const std::string& r : rules) out += "add rule " + table + " " + chain + " " + r + "\n";
  }
  return out;
}

void ApplyFirewall(const Node& node, const Netns& ns) {
  std::string ruleset = FirewallRuleset(node);
  if (!ruleset.empty()) {
    ScopedNetnsEnter in(ns);
    NftContext nft("node '" + node.name + "'");
    nft.Run(ruleset);
  }
  ApplyIptablesMss(node, ns);
}

std::string FirewallMissingFeature(const Topology& topology) {
  if (std::string missing = IptablesMissingFeature(topology); !missing.empty()) return missing;
  bool needed = false;
  for (const Node& n : topology.nodes) needed = needed || HasNftRules(n);
  if (!needed) return "";
  static std::once_flag once;
  static std::string reason;
  std::call_once(once, [] {
    // Every rule form mtulab writes; dev names need not exist for iifname/oifname.
    Node probe;
    probe.name = "probe";
    for (Hook hook : {Hook::kInput, Hook::kForward, Hook::kOutput}) {
      probe.icmp_filters.push_back(IcmpFilter{hook, "frag-needed", "x0", {}});
      probe.icmp_filters.push_back(IcmpFilter{hook, "errors", std::nullopt, {}});
      probe.icmp_filters.push_back(IcmpFilter{hook, "all", "x1", {}});
    }
    probe.mss_clamps.push_back(MssClamp{"x0", std::nullopt, Family::kIpv4, {}});
    probe.mss_clamps.push_back(MssClamp{std::nullopt, 1360u, std::nullopt, {}});
    try {
      ApplyFirewall(probe, Netns::Create());
    } catch (const SysError& e) {
      // Only an unsupported table, chain or expression is the kernel's; anything else (a
      // libnftables problem) is left for the build to report as an error, never a skip.
      int code = e.error_code();
      if (code == EOPNOTSUPP || code == ENOENT || code == EPROTONOSUPPORT ||
          code == EAFNOSUPPORT) {
        reason = std::string("kernel lacks nftables support for icmp-filter / mss-clamp (") +
                 e.what() + ")";
      }
    }
  });
  return reason;
}

}  // namespace mtulab
