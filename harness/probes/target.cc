#include <arpa/inet.h>

#include <cerrno>

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

void SetWithDelta(ProbeContext& ctx, Facts& facts, const std::string& key,
                  const std::string& name, int64_t value) {
  int64_t& previous = ctx.previous.try_emplace(key, 0).first->second;
  facts.Set(name, value);
  facts.Set(name + ".delta", value - previous);
  previous = value;
}

}  // namespace mtulab
