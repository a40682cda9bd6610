#ifndef MTULAB_CLI_PROBE_REPORT_H_
#define MTULAB_CLI_PROBE_REPORT_H_

#include <string>
#include <vector>

#include "harness/cli/report_paths.h"
#include "harness/model/verdict.h"

namespace mtulab {

/// What a probe run (suite or mesh) ended with.
struct ProbeRunEnd {
  std::string command;            // "probe"
  std::vector<std::string> args;  // as given, for the run metadata
  std::string started;            // UTC timestamp + "Z"
  double wall = 0;
  int signal = 0;  // SIGINT/SIGTERM that interrupted it, 0 if none
};

/// Prints the summary on targets.console, writes every report of `targets` (as `run` does;
/// no topology pictures) and returns the exit code: 0 all passed, 1 a case failed or
/// errored, 3 a report was not written, 128 + the signal when interrupted.
int FinishProbeRun(const ProbeRunEnd& end, const std::vector<SuiteResult>& results,
                   const ReportTargets& targets);

}  // namespace mtulab

#endif  // MTULAB_CLI_PROBE_REPORT_H_
