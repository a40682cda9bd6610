#include <stdexcept>
#include <variant>

#include "harness/model/step_specs.h"
#include "harness/probes/probe.h"

namespace mtulab {
namespace {

// The runner of each StepBody alternative, in variant order, as the step files register
// them (MTULAB_REGISTER_STEP_RUNNER); `count` catches a kind registered twice.
struct RunnerSlot {
  StepRunner run = nullptr;
  int count = 0;
};

std::vector<RunnerSlot>& Runners() {
  static std::vector<RunnerSlot> runners(std::variant_size_v<StepBody>);
  return runners;
}

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
                             "', which its row in harness/model/step_<kind>.cc does not declare");
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

StepRunnerRegistration::StepRunnerRegistration(size_t index, StepRunner run) {
  RunnerSlot& slot = Runners().at(index);
  slot.run = run;
  ++slot.count;
}

std::vector<std::string> StepRunnerProblems() {
  std::vector<std::string> problems;
  const std::vector<StepSpec>& specs = StepSpecs();
  for (size_t i = 0; i < specs.size(); ++i) {
    int count = Runners()[i].count;
    if (count == 0) problems.push_back("step kind '" + specs[i].name + "' has no runner");
    if (count > 1) {
      problems.push_back("step kind '" + specs[i].name + "' has " + std::to_string(count) +
                         " runners");
    }
  }
  return problems;
}

Facts RunStep(ProbeContext& ctx, const Step& step) {
  const RunnerSlot& slot = Runners().at(step.body.index());
  if (slot.count != 1) {
    throw std::logic_error(step.Describe() + ": its kind needs exactly one runner (" +
                           std::to_string(slot.count) + " registered)");
  }
  Facts facts = slot.run(ctx, step.body);
  CheckDeclared(step, facts);
  return facts;
}

}  // namespace mtulab
