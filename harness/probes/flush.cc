// Drops a node's cached PMTU exceptions, like `ip route flush cache`, after counting them like
// `ip route list cache | wc -l`.
#include "harness/probes/probe.h"
#include "harness/sys/netns.h"
#include "harness/sys/sysctl.h"

namespace mtulab {

Facts RunFlush(ProbeContext& ctx, const FlushStep& step) {
  LabNode& node = ctx.lab.node(step.node);
  Facts f;
  if (!step.family || *step.family == Family::kIpv4) {
    f.Set("flush.ipv4_listed", node.rtnl.ListExceptions(Family::kIpv4));
    // Bumps the namespace's route and exception generation ids: every IPv4 exception is gone.
    ScopedNetnsEnter in(node.ns);
    WriteSysctl("net.ipv4.route.flush", "-1");
  }
  if (!step.family || *step.family == Family::kIpv6) {
    // The IPv6 flush sysctl only runs garbage collection; delete each exception instead.
    int removed = node.rtnl.FlushIpv6Exceptions();
    f.Set("flush.ipv6_listed", removed);
    f.Set("flush.ipv6_removed", removed);
  }
  return f;
}
MTULAB_REGISTER_STEP_RUNNER(FlushStep, RunFlush);

}  // namespace mtulab
