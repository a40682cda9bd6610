#include <algorithm>
#include <chrono>
#include <thread>

#include "harness/probes/probe.h"

namespace mtulab {

void SleepUnlessAborted(const ProbeContext& ctx, std::chrono::steady_clock::time_point until) {
  constexpr auto kTick = std::chrono::milliseconds(50);
  for (auto now = std::chrono::steady_clock::now(); now < until;
       now = std::chrono::steady_clock::now()) {
    if (ctx.abort != nullptr && ctx.abort->load()) throw CaseAborted("aborted");
    std::this_thread::sleep_until(std::min(until, now + kTick));
  }
  if (ctx.abort != nullptr && ctx.abort->load()) throw CaseAborted("aborted");
}

Facts RunWait(ProbeContext& ctx, const WaitStep& step) {
  auto until = std::chrono::steady_clock::now() +
               std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                   std::chrono::duration<double>(step.seconds));
  SleepUnlessAborted(ctx, until);
  return Facts();
}
MTULAB_REGISTER_STEP_RUNNER(WaitStep, RunWait);

}  // namespace mtulab
