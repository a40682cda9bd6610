// <wait>: a pause. Its row of the step registry: element, attributes, help, reader, description and
// facts. Its runner: harness/probes/wait.cc.
#include "harness/model/step_row.h"

namespace mtulab {
namespace {

WaitStep ReadWait(StepInput& in) {
  WaitStep wait;
  in.Required("seconds");
  wait.seconds = in.Seconds("seconds", 0, 600, false).value_or(0);
  return wait;
}

std::string DescribeWait(const WaitStep& s) { return "wait " + FormatSeconds(s.seconds) + "s"; }

}  // namespace

StepSpec WaitStep::Row() {
  return {.name = "wait",
          .attrs = {"seconds"},
          .help = "pause",
          .read = StepReader<WaitStep, ReadWait>,
          .describe = StepDescriber<WaitStep, DescribeWait>};
}

}  // namespace mtulab
