#ifndef MTULAB_RUNNER_CASE_RUNNER_H_
#define MTULAB_RUNNER_CASE_RUNNER_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "harness/model/suite.h"
#include "harness/model/verdict.h"

namespace mtulab {

/// Builds the case's topology in fresh namespaces, runs its steps in order, judges every
/// expectation and tears everything down. Never throws: harness or kernel failures become
/// Outcome::kError with the failing operation as reason. When the case fails or errors and
/// `reports_dir` is set, its packet captures are kept under reports_dir/<suite>/<case>/
/// (listed in CaseResult::artifacts); a passing case writes nothing.
CaseResult RunCase(const Suite& suite, const Case& c, const std::string& reports_dir = "");

class Lab;      // harness/runner/lab.h
class LabView;  // harness/probes/lab_view.h

struct RunOptions {
  int jobs = 1;  // cases run at once, each on its own thread with its own namespaces
  /// Called (serialized) as each case finishes; `done` counts finished cases.
  std::function<void(const CaseResult&, int done, int total)> on_case_done;
  /// When set to a signal number (SIGINT, SIGTERM), cases not yet started are reported as
  /// Outcome::kInterrupted, naming the signal; running cases finish with their verdicts.
  const std::atomic<int>* stop = nullptr;
  /// When set to true, running cases stop too (see RunCase): the second Ctrl-C.
  const std::atomic<bool>* abort = nullptr;
  /// After the first case that fails or errors, cases not yet started are skipped.
  bool fail_fast = false;
  /// Called (serialized) as each case starts, before its topology is built.
  std::function<void(const Suite&, const Case&)> on_case_start;
  /// Where failed cases keep their captures (see RunCase); empty: nowhere.
  std::string reports_dir;
  /// When set, called (on the case's thread) with the lab of a case that failed or errored
  /// after its topology was built, before the lab is torn down (`--keep-on-failure` pins it).
  std::function<void(const CaseResult&, Lab&)> keep_failed_lab;
  /// When set, cases run on the lab it returns instead of a topology built for them
  /// (`mtulab probe`: namespaces mtulab did not create, nothing built or torn down; the
  /// kernel-feature check and keep_failed_lab do not apply). It throws SysError.
  std::function<std::unique_ptr<LabView>()> open_lab;
};

/// RunCase with the run's options: `*options.abort` becoming true stops the case before its
/// next step (or within a <wait>/<until> tick); it is torn down and reported as
/// Outcome::kInterrupted. A failed lab goes to options.keep_failed_lab first.
CaseResult RunCase(const Suite& suite, const Case& c, const RunOptions& options);

/// Runs every case of every suite, `jobs` at a time. Results keep declaration order.
std::vector<SuiteResult> RunSuites(const std::vector<Suite>& suites, const RunOptions& options);

/// "2026-11-23T01:02:03": the current UTC time, as JUnit timestamps want it.
std::string UtcTimestamp();

}  // namespace mtulab

#endif  // MTULAB_RUNNER_CASE_RUNNER_H_
