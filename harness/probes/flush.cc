// Drops a node's cached PMTU exceptions, like `ip route flush cache`.
#include "harness/probes/probe.h"
#include "harness/sys/netns.h"
#include "harness/sys/sysctl.h"

namespace mtulab {

Facts RunFlush(ProbeContext& ctx, const FlushStep& step) {
  LabNode& node = ctx.lab.node(step.node);
  Facts f;
  if (!step.family || *step.family == Family::kIpv4) {
    // Bumps the namespace's route and exception generation ids: every IPv4 exception is gone.
    ScopedNetnsEnter in(node.ns);
    WriteSysctl("net.ipv4.route.flush", "-1");
  }
  if (!step.family || *step.family == Family::kIpv6) {
    // The IPv6 flush sysctl only runs garbage collection; delete each exception instead.
    f.Set("flush.ipv6_removed", node.rtnl.FlushIpv6Exceptions());
  }
  return f;
}

}  // namespace mtulab
