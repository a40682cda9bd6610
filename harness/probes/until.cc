// Polls one step until a condition on its facts holds or the timeout passes.
#include <chrono>
#include <stdexcept>

#include "harness/probes/probe.h"

namespace mtulab {

Facts RunUntil(ProbeContext& ctx, const UntilStep& step) {
  if (ctx.satisfies == nullptr || step.inner.size() != 1) {
    throw std::logic_error("<until> needs one inner step and the case runner's predicate");
  }
  using Clock = std::chrono::steady_clock;
  const auto every =
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(step.every_s));
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(step.timeout_s));
  Facts last;
  int polls = 0;
  bool held = false;
  for (auto next = start;;) {
    last = RunStep(ctx, step.inner.front());
    ++polls;
    held = ctx.satisfies(step.condition, last.Value(step.condition.fact));
    next += every;  // a fixed cadence: a slow poll does not stretch the next interval
    if (held || next > deadline) break;
    SleepUnlessAborted(ctx, next);
  }
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  Facts f = last;
  f.SetBool("until.held", held);
  f.Set("until.ms", static_cast<int64_t>(elapsed.count()));
  f.Set("until.polls", polls);
  return f;
}
MTULAB_REGISTER_STEP_RUNNER(UntilStep, RunUntil);

}  // namespace mtulab
