#include <chrono>
#include <thread>

#include "harness/probes/probe.h"

namespace mtulab {

Facts RunWait(ProbeContext&, const WaitStep& step) {
  std::this_thread::sleep_for(std::chrono::duration<double>(step.seconds));
  return Facts();
}
MTULAB_REGISTER_STEP_RUNNER(WaitStep, RunWait);

}  // namespace mtulab
