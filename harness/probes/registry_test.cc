#include <gtest/gtest.h>

#include <stdexcept>

#include "harness/model/step_specs.h"
#include "harness/probes/probe.h"
#include "harness/sys/ethtool.h"

namespace mtulab {
namespace {

// The registry (model, no kernel) names the offload groups the ethtool layer implements.
TEST(StepRegistryTest, OffloadGroupsAreTheEthtoolGroups) {
  EXPECT_EQ(OffloadGroups(), Ethtool::Groups());
}

// Issue 15: every row of the step registry has exactly one runner, registered by its file
// under harness/probes (MTULAB_REGISTER_STEP_RUNNER); this binary links them as the
// executable does (mtulab_kernel as a whole archive).
TEST(StepRegistryTest, EveryRowHasExactlyOneRunner) {
  EXPECT_EQ(StepRunnerProblems(), std::vector<std::string>{});
}

// A lab without nodes: enough for steps that touch none.
class NoNodes : public LabView {
 public:
  const Topology& topology() const override { return topology_; }
  LabNode& node(const std::string& name) override { throw std::out_of_range(name); }
  int IfIndex(const std::string& node, const std::string&) override {
    throw std::out_of_range(node);
  }

 private:
  Topology topology_;
};

// RunStep dispatches by the body's kind to the registered runner: a <wait> produces no
// fact; an <until> runs its inner step through RunStep and stops once the predicate holds.
TEST(StepRegistryTest, RunStepDispatchesToTheKindsRunner) {
  NoNodes lab;
  ProbeContext ctx{lab};
  Step wait;
  wait.body = WaitStep{0.0};
  EXPECT_TRUE(RunStep(ctx, wait).All().empty());
  Step until;
  UntilStep body;
  body.inner.push_back(wait);
  until.body = body;
  EXPECT_THROW(RunStep(ctx, until), std::logic_error);  // ctx.satisfies is null
  ctx.satisfies = [](const Expectation&, const FactValue* observed) { return observed == nullptr; };
  Facts polled = RunStep(ctx, until);
  EXPECT_EQ(polled.Get("until.polls"), "1");
  EXPECT_EQ(polled.Get("until.held"), "true");
}

}  // namespace
}  // namespace mtulab
