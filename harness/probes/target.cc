#include <cerrno>
#include <vector>

#include "harness/model/values.h"
#include "harness/probes/probe.h"
#include "harness/sys/sys_error.h"

namespace mtulab {

ResolvedTarget ResolveTarget(const Topology& topology, const Target& target,
                             std::optional<Family> family) {
  if (!target.node) {
    if (!target.ip) ThrowErrno("resolving " + target.text + ": not an address", EINVAL);
    return {family.value_or(target.ip->family), target.text, *target.ip};
  }
  Family f = family.value_or(Family::kIpv4);
  const Endpoint* e = topology.FindEndpoint(*target.node, *target.ifname);
  const Address* a = e ? e->FirstAddress(f) : nullptr;
  if (a == nullptr) {
    ThrowErrno("resolving " + target.text + ": no " + FamilyName(f) + " address", EADDRNOTAVAIL);
  }
  return {f, IpToString(a->Ip()), a->Ip()};
}

std::vector<std::string> NodesWith(const Topology& topology, const IpAddr& ip) {
  std::vector<std::string> owners;
  for (const Node& node : topology.nodes) {
    bool owns = false;
    for (const Endpoint* e : topology.EndpointsOf(node.name)) {
      for (const Address& a : e->addresses) owns = owns || a.Ip() == ip;
    }
    if (owns) owners.push_back(node.name);
  }
  return owners;
}

std::string TargetNode(const Topology& topology, const Target& target,
                       const ResolvedTarget& resolved) {
  if (target.node) return *target.node;
  if (resolved.ip.family != resolved.family) {
    ThrowErrno("finding the node of " + resolved.address + ": not an address", EINVAL);
  }
  std::vector<std::string> owners = NodesWith(topology, resolved.ip);
  if (owners.size() == 1) return owners.front();
  std::string why = owners.empty() ? "no node has this address"
                                   : "several nodes have it (" + owners[0] + ", " + owners[1] +
                                         "): write node:ifname";
  ThrowErrno("finding the node of " + resolved.address + ": " + why, EADDRNOTAVAIL);
}

void SetWithDelta(ProbeContext& ctx, Facts& facts, const std::string& key, const std::string& name,
                  int64_t value) {
  int64_t& previous = ctx.previous.try_emplace(key, 0).first->second;
  facts.Set(name, value);
  facts.Set(name + ".delta", value - previous);
  previous = value;
}

}  // namespace mtulab
