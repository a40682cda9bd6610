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
    RunAs<15, RunRead>,        RunAs<16, RunUntil>,
};
static_assert(std::size(kRunners) == std::variant_size_v<StepBody>,
              "every StepBody alternative needs exactly one runner");

// A fact the registry does not declare could not be expected (the loader rejects it) and
// would be missing from the docs: the probes and the registry must not drift apart.
void CheckDeclared(const Step& step, const Facts& facts) {
  for (const auto& [name, value] : facts.All()) {
    if (FindFactSpec(step, name) == nullptr) {
      throw std::logic_error(step.Describe() + " produced fact '" + name +
                             "', which its row in harness/model/step_rows_*.cc does not declare");
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
