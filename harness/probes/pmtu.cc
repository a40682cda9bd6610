// The route and PMTU cache entry for a destination, as `ip route get` shows it.
#include <unistd.h>

#include "harness/probes/probe.h"

namespace mtulab {

Facts RunPmtu(ProbeContext& ctx, const PmtuStep& step) {
  ResolvedTarget target = ResolveTarget(ctx.lab.topology(), step.to, step.family);
  LabNode& node = ctx.lab.node(step.from);
  int oif = step.oif ? ctx.lab.IfIndex(step.from, *step.oif) : 0;
  RouteAnswer r = node.rtnl.GetRoute(target.family, target.address, oif, step.tos.value_or(0));
  Facts f;
  f.Set("route.target", target.address);
  // The kernel reports a learned PMTU with a running expiry; a route's own `mtu` metric has
  // none (expires 0). Both arrive as RTAX_MTU.
  bool exception = r.expires_ticks > 0;
  f.SetBool("route.exception", exception);
  f.SetBool("route.locked", r.mtu_locked);
  if (exception) {
    f.Set("route.expires_s", static_cast<int64_t>(r.expires_ticks / sysconf(_SC_CLK_TCK)));
  }
  LinkState dev{};
  if (r.oif != 0) {
    dev = node.rtnl.GetLink(r.oif);
    f.Set("route.dev", dev.name);
  }
  if (r.mtu) {
    f.Set("route.pmtu", *r.mtu);
    f.Set("route.mtu_source", exception ? "exception" : "route");
  } else if (r.oif != 0) {
    f.Set("route.pmtu", dev.mtu);
    f.Set("route.mtu_source", "device");
  }
  if (r.gateway) f.Set("route.gateway", *r.gateway);
  if (r.prefsrc) f.Set("route.src", *r.prefsrc);
  if (r.advmss) f.Set("route.advmss", *r.advmss);
  return f;
}
MTULAB_REGISTER_STEP_RUNNER(PmtuStep, RunPmtu);

}  // namespace mtulab
