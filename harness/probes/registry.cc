#include <iterator>
#include <stdexcept>
#include <variant>

#include "harness/model/step_specs.h"
#include "harness/probes/probe.h"

namespace mtulab {
namespace {

// One runner per StepBody alternative, in variant order (the rows of model/step_specs.h):
// RunAs<I, F> does not compile when F runs another kind than alternative I.
using Runner = Facts (*)(ProbeContext&, const StepBody&);

template <size_t I, auto kRun>
Facts RunAs(ProbeContext& ctx, const StepBody& body) {
  return kRun(ctx, std::get<I>(body));
}

constexpr Runner kRunners[] = {
    RunAs<0, RunPing>,         RunAs<1, RunPmtu>,        RunAs<2, RunCounter>,
    RunAs<3, RunLinkRead>,     RunAs<4, RunSet>,         RunAs<5, RunFlush>,
    RunAs<6, RunWait>,         RunAs<7, RunSweep>,       RunAs<8, RunEncap>,
    RunAs<9, RunTcp>,          RunAs<10, RunUdp>,        RunAs<11, RunCaptureStart>,
    RunAs<12, RunCaptureStop>, RunAs<13, RunDeleteLink>, RunAs<14, RunRouteReplace>,
    RunAs<15, RunRead>,        RunAs<16, RunUntil>,      RunAs<17, RunCni>,
};
static_assert(std::size(kRunners) == std::variant_size_v<StepBody>,
              "every StepBody alternative needs exactly one runner");

// A fact the registry does not declare could not be expected (the loader rejects it) and
// would be missing from the docs: the probes and the registry must not drift apart.
// The value must have the type the row declares (an address set as text is parsed here, once).
void CheckDeclared(const Step& step, Facts& facts) {
  std::vector<std::string> names;
  for (const auto& [name, value] : facts.All()) names.push_back(name);
  for (const std::string& name : names) {
    const FactSpec* spec = FindFactSpec(step, name);
    if (spec == nullptr) {
      throw std::logic_error(step.Describe() + " produced fact '" + name +
                             "', which its row in harness/model/step_rows_*.cc does not declare");
    }
    std::string problem = facts.Conform(name, spec->type);
    if (!problem.empty()) {
      throw std::logic_error(step.Describe() + " produced fact '" + name + "' = '" +
                             *facts.Get(name) + "', which " + problem + " but its row declares " +
                             FactTypeName(spec->type));
    }
  }
}

}  // namespace

Facts RunStep(ProbeContext& ctx, const Step& step) {
  Facts facts = kRunners[step.body.index()](ctx, step.body);
  CheckDeclared(step, facts);
  return facts;
}

}  // namespace mtulab
