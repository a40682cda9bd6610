// <delete-link> and <route-replace>: change the built topology mid-case, as pmtu.sh's cleanup
// and route_change tests do with `ip link del` and `ip route change`.
#include <chrono>

#include "harness/probes/probe.h"

namespace mtulab {
namespace {

// Forgets the indexes of interfaces the kernel removed with the deleted one (a veth's peer,
// devices stacked on it), so that later steps naming them fail instead of using a stale index.
void ForgetDeletedLinks(LabView& lab) {
  for (const Node& n : lab.topology().nodes) {
    LabNode& node = lab.node(n.name);
    for (auto it = node.ifindex.begin(); it != node.ifindex.end();) {
      it = node.rtnl.LinkExists(it->second) ? std::next(it) : node.ifindex.erase(it);
    }
  }
}

}  // namespace

Facts RunDeleteLink(ProbeContext& ctx, const DeleteLinkStep& step) {
  int index = ctx.lab.IfIndex(step.node, step.dev);
  LabNode& node = ctx.lab.node(step.node);
  const auto start = std::chrono::steady_clock::now();
  node.rtnl.DeleteLink(index, step.dev);
  const auto took = std::chrono::steady_clock::now() - start;
  Facts f;
  f.Set("delete.ms",
        static_cast<int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(took).count()));
  f.SetBool("delete.gone", !node.rtnl.LinkExists(index));
  ForgetDeletedLinks(ctx.lab);
  return f;
}
MTULAB_REGISTER_STEP_RUNNER(DeleteLinkStep, RunDeleteLink);

Facts RunRouteReplace(ProbeContext& ctx, const RouteReplaceStep& step) {
  LabNode& node = ctx.lab.node(step.node);
  int index = step.route.dev ? ctx.lab.IfIndex(step.node, *step.route.dev) : 0;
  Facts f;
  TryKernelChange(step.refusal_is_fact, "route_replace", f, [&] {
    node.rtnl.ReplaceRoute(RouteRequest{&step.route, index});
  });
  f.Set("route_replace.route", step.route.Describe());
  return f;
}
MTULAB_REGISTER_STEP_RUNNER(RouteReplaceStep, RunRouteReplace);

}  // namespace mtulab
