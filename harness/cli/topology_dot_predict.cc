// PredictedBottlenecks(): the predictor's view of a suite's probes, for the topology picture.
#include "harness/cli/topology_dot_predict.h"

#include <set>
#include <variant>

#include "harness/plan/predictor.h"

namespace mtulab {

std::vector<DotHighlight> PredictedBottlenecks(const Suite& suite) {
  std::vector<DotHighlight> out;
  std::set<std::string> seen;
  auto probe = [&](const std::string& from, const Target& to, std::optional<Family> family) {
    Family f = family.value_or(Family::kIpv4);
    std::string what = from + " -> " + to.text + " " + FamilyName(f);
    if (!seen.insert(what).second) return;
    Prediction p = PredictPath(suite.topology, from, to.text, f);
    if (!p.ok || p.bottleneck >= p.hops.size()) return;
    const PathHop& hop = p.hops[p.bottleneck];
    out.push_back(DotHighlight{hop.node, hop.ifname, what + ": " + p.Explain()});
  };
  for (const Case& c : suite.cases) {
    for (const Step& step : c.steps) {
      std::visit(
          [&](const auto& s) {
            if constexpr (requires { s.from; s.to.text; s.family; }) probe(s.from, s.to, s.family);
          },
          step.body);
    }
  }
  return out;
}

}  // namespace mtulab
