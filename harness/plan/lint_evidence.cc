// The "evidence" check: cases whose expectations show nothing about the kernel's behaviour
// (issue 12), judged by the provenance the step registry gives each fact.
#include <algorithm>

#include "harness/model/step_specs.h"
#include "harness/plan/lint_internal.h"

namespace mtulab {
namespace {

std::string List(const std::vector<std::string>& facts) {
  std::string out;
  for (const std::string& f : facts) out += (out.empty() ? "" : ", ") + f;
  return out;
}

Finding EvidenceFinding(const Case& c, bool state, const std::vector<std::string>& facts) {
  Finding f;
  f.loc = c.loc;
  f.severity = Severity::kWarning;
  f.check = "evidence";
  f.cases = {c.name};
  if (!state) {
    f.message = "case '" + c.name + "' expects only what mtulab itself set and read back (" +
                List(facts) + ")";
    f.wire = "nothing is observed: config facts report what mtulab configured, so the case "
             "passes whatever packets and the kernel do";
  } else {
    f.message = "case '" + c.name + "' expects only kernel state (" + List(facts) +
                ") and sends no traffic of its own";
    f.wire = "no packet of the case crosses the path, so the expectations could hold before "
             "the case did anything";
  }
  f.fix = "expect a traffic fact (ping.result, tcp.completed, capture.*), or read the state "
          "after a ping, sweep, encap, tcp or udp step";
  return f;
}

}  // namespace

void CheckEvidence(const Suite& suite, std::vector<Finding>& out) {
  for (const Case& c : suite.cases) {
    bool traffic = false, state = false, sends = false;
    std::vector<std::string> facts;
    for (const Step& step : c.steps) {
      sends = sends || SpecOf(step.body).sends_traffic;
      for (const Expectation& x : step.expects) {
        const FactSpec* spec = FindFactSpec(step, x.fact);
        if (spec == nullptr) continue;  // the loader rejects it
        traffic = traffic || spec->provenance == Provenance::kTraffic;
        state = state || spec->provenance == Provenance::kState;
        if (std::find(facts.begin(), facts.end(), x.fact) == facts.end()) facts.push_back(x.fact);
      }
    }
    if (facts.empty() || traffic || (state && sends)) continue;
    out.push_back(EvidenceFinding(c, state, facts));
  }
}

}  // namespace mtulab
