#ifndef MTULAB_CLI_KERNEL_LANE_H_
#define MTULAB_CLI_KERNEL_LANE_H_

#include <atomic>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "harness/model/suite.h"
#include "harness/model/verdict.h"

namespace mtulab {

/// `mtulab run --kernel K...`: the same run on other kernels, each in a throw-away VM.
struct LaneRequest {
  /// Kernel directories (ci/fetch-kernels.sh), or "host": this machine's kernel, no VM.
  std::vector<std::string> kernels;
  /// The `mtulab run` arguments the guest gets (selection, -j, -v, suites), without reports.
  std::vector<std::string> guest_args;
  std::vector<Suite> suites;  // the selected cases: a guest that fails errors each of them
  int timeout_s = 300;        // per VM, boot to power-off
  const std::atomic<int>* stop = nullptr;
  std::FILE* console = stdout;
  /// Runs the cases here (for "host").
  std::function<std::vector<SuiteResult>()> run_on_host;
};

/// The lane's results: every kernel's suites, each suite named "<suite>@<kernel label>"
/// (so JUnit, JSON and `mtulab merge` keep kernels apart), and the kernels' releases.
struct LaneResults {
  std::vector<SuiteResult> suites;
  std::vector<std::string> kernels;
};

/// Exit 2 and the command that installs what is missing, or -1 when qemu, busybox-static,
/// modprobe and every kernel directory are there (prints on stderr).
int CheckLaneTools(const std::vector<std::string>& kernels);

/// Boots each kernel in turn (never two VMs at once) and runs the guest there.
LaneResults RunLane(const LaneRequest& request);

}  // namespace mtulab

#endif  // MTULAB_CLI_KERNEL_LANE_H_
