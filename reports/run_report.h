#ifndef MTULAB_REPORTS_RUN_REPORT_H_
#define MTULAB_REPORTS_RUN_REPORT_H_

#include <string>
#include <vector>

#include "harness/model/verdict.h"

namespace mtulab {

/// Where and how a run happened: the metadata the JSON, markdown and HTML reports carry.
struct RunInfo {
  std::string mtulab_version;             // "0.1.0"
  std::string kernel;                     // uname release, "6.18.44"
  std::string hostname;
  std::string started;                    // ISO-8601 UTC with 'Z', "2026-11-23T01:02:03Z"
  double seconds = 0;                     // wall time of the whole run
  std::vector<std::string> command_line;  // argv, "mtulab" first
  std::string shard;                      // "K/N" when the run was one shard, else empty
};

/// Everything one run (or a merge of shards) produced.
struct RunReport {
  RunInfo run;
  std::vector<SuiteResult> suites;
};

/// Case counts of a report.
struct ReportTotals {
  int cases = 0, passed = 0, failed = 0, skipped = 0, errors = 0, interrupted = 0;
};
ReportTotals CountOutcomes(const std::vector<SuiteResult>& suites);

/// The entry of `r.unmet` for expectation `e` of step `step_index` (same fact, predicate,
/// values and location), or nullptr when that expectation was met.
const Unmet* FindUnmet(const CaseResult& r, int step_index, const Expectation& e);

/// Writes `text` to report path `path` (harness/base/safe_file.h, WriteTarget): "-" to
/// standard output; a character device or FIFO in place; otherwise atomically, through an
/// unnamed or unpredictably named temporary file in the same directory and rename(2), so a
/// symlink at the path is replaced, never followed. The directory must exist. Throws
/// std::runtime_error "writing <what> <path>: <problem>".
void WriteFileAtomically(const std::string& path, const std::string& text,
                         const std::string& what);

/// WriteFileAtomically, creating missing parent directories first.
void WriteReportFile(const std::string& path, const std::string& text, const std::string& what);

}  // namespace mtulab

#endif  // MTULAB_REPORTS_RUN_REPORT_H_
