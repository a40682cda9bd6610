// <route-replace>: a node's route added or replaced mid-case. Its row of the step registry:
// element, attributes, help, reader, description and facts. Its runner: harness/probes/mutate.cc.
#include "harness/model/step_row.h"

namespace mtulab {
namespace {

using step_row::Fact, step_row::kText, step_row::kState, step_row::kConfig;

RouteReplaceStep ReadRouteReplace(StepInput& in) {
  RouteReplaceStep replace;
  replace.node = ReadNodeRef(in, "node");
  if (std::optional<Route> route = in.ReadRoute(replace.node)) {
    replace.route = *route;
    if (route->dev) CheckDevRef(in, "dev", replace.node, *route->dev);
  }
  return replace;
}

std::string DescribeRouteReplace(const RouteReplaceStep& s) {
  return "route-replace " + s.node + " " + s.route.Describe();
}

// Expecting route_replace.result, .errno or .error takes a kernel refusal as a fact.
void LoadedRouteReplace(Step& step) {
  std::get<RouteReplaceStep>(step.body).refusal_is_fact =
      ExpectsRefusalFacts(step, "route_replace");
}

}  // namespace

StepSpec RouteReplaceStep::Row() {
  return {.name = "route-replace",
          .attrs = {"node", "to", "family", "via", "dev", "src", "metric", "mtu", "lock", "advmss",
                    "mpls"},
          .help = "add or replace a node's route mid-case, like ip route replace",
          .facts = {Fact("route_replace.route", kText, "", kConfig, "the route as sent"),
                    Fact("route_replace.result", kText, "", kState,
                         "ok or refused: the kernel's answer; only when the step expects a "
                         "route_replace.result/.errno/.error fact (else a refusal is an error)"),
                    Fact("route_replace.errno", kText, "", kState,
                         "the kernel's refusal as a symbolic errno (ENETUNREACH, EINVAL...)"),
                    Fact("route_replace.error", kText, "", kState, "the refusal's message")},
          .read = StepReader<RouteReplaceStep, ReadRouteReplace>,
          .describe = StepDescriber<RouteReplaceStep, DescribeRouteReplace>,
          .loaded = LoadedRouteReplace,
          .changes_state = true};
}

}  // namespace mtulab
