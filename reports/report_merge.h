#ifndef MTULAB_REPORTS_REPORT_MERGE_H_
#define MTULAB_REPORTS_REPORT_MERGE_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "reports/junit_merge.h"
#include "reports/run_report.h"

namespace mtulab {

/// A JSON report (RunReport) read from `source`.
struct SourcedReport {
  std::string source;
  RunReport report;
};

/// The result of merging RunReports.
struct RunMerge {
  RunReport report;
  /// Shards the inputs' run.shard says are missing, one line each; empty when complete or
  /// when no input is a shard.
  std::vector<std::string> missing;
  bool checked = false;  // some input was a shard
  /// The input each case came from, by "suite/case".
  std::map<std::string, std::string> case_source;
};

/// Merges the reports of shards into one: suites with one name become one (time summed,
/// earliest timestamp); run.started is the earliest, run.seconds the longest shard's (the
/// shards ran side by side), distinct hostnames and kernels are joined with ",", run.shard
/// is empty and run.command_line is `command_line`. Order: as in `order` (the merged JUnit)
/// when given, else first appearance. Every shard writes a report, even an empty one, so
/// "K/N" of every input tells exactly which shards are missing. Throws MergeError on a case
/// in two inputs, a shard given twice, inputs with different N, or a mix of sharded and
/// unsharded inputs.
RunMerge MergeRunReports(const std::vector<SourcedReport>& inputs,
                         const std::vector<std::string>& command_line,
                         const std::vector<JunitSuite>* order = nullptr);

/// The report with each case's kept files (relative to its input's directory, where
/// `mtulab run` keeps them beside its reports) made relative to the directory of `out_path`,
/// so that links from a merged report written there still work. Lexical: nothing is read.
RunReport RebaseArtifacts(const RunReport& report,
                          const std::map<std::string, std::string>& case_source,
                          const std::string& out_path);

/// Throws MergeError unless the merged JUnit and the merged JSON hold the same cases with the
/// same outcomes (inputs of one run).
void CheckSameCases(const std::vector<JunitSuite>& junit, const RunReport& json);

}  // namespace mtulab

#endif  // MTULAB_REPORTS_REPORT_MERGE_H_
