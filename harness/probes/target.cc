#include <arpa/inet.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "harness/probes/probe.h"
#include "harness/sys/sys_error.h"

namespace mtulab {

ResolvedTarget ResolveTarget(const Topology& topology, const Target& target,
                             std::optional<Family> family) {
  if (!target.node) {
    unsigned char buf[16];
    bool v6 = ::inet_pton(AF_INET6, target.text.c_str(), buf) == 1;
    return {family.value_or(v6 ? Family::kIpv6 : Family::kIpv4), target.text};
  }
  Family f = family.value_or(Family::kIpv4);
  const Endpoint* e = topology.FindEndpoint(*target.node, *target.ifname);
  const Address* a = e ? e->FirstAddress(f) : nullptr;
  if (a == nullptr) {
    ThrowErrno("resolving " + target.text + ": no " + FamilyName(f) + " address", EADDRNOTAVAIL);
  }
  return {f, a->Ip()};
}

std::string TargetNode(const Topology& topology, const Target& target,
                       const ResolvedTarget& resolved) {
  if (target.node) return *target.node;
  // Compared as binary addresses: "fd00:0::1" and "fd00::1" are the same host.
  int af = resolved.family == Family::kIpv4 ? AF_INET : AF_INET6;
  unsigned char want[16] = {}, have[16] = {};
  if (::inet_pton(af, resolved.address.c_str(), want) != 1) {
    ThrowErrno("finding the node of " + resolved.address + ": not an address", EINVAL);
  }
  std::vector<std::string> owners;
  for (const Node& node : topology.nodes) {
    for (const Endpoint* e : topology.EndpointsOf(node.name)) {
      bool owns = false;
      for (const Address& a : e->addresses) {
        owns = owns || (a.family == resolved.family &&
                        ::inet_pton(af, a.Ip().c_str(), have) == 1 &&
                        std::memcmp(want, have, sizeof want) == 0);
      }
      if (owns && (owners.empty() || owners.back() != node.name)) owners.push_back(node.name);
    }
  }
  if (owners.size() == 1) return owners.front();
  std::string why = owners.empty() ? "no node has this address"
                                   : "several nodes have it (" + owners[0] + ", " + owners[1] +
                                         "): write node:ifname";
  ThrowErrno("finding the node of " + resolved.address + ": " + why, EADDRNOTAVAIL);
}

void SetWithDelta(ProbeContext& ctx, Facts& facts, const std::string& key,
                  const std::string& name, int64_t value) {
  int64_t& previous = ctx.previous.try_emplace(key, 0).first->second;
  facts.Set(name, value);
  facts.Set(name + ".delta", value - previous);
  previous = value;
}

}  // namespace mtulab
