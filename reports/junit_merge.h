#ifndef MTULAB_REPORTS_JUNIT_MERGE_H_
#define MTULAB_REPORTS_JUNIT_MERGE_H_

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "reports/junit_properties.h"
#include "reports/junit_reader.h"

namespace mtulab {

/// Inputs that cannot be merged: the message names the inputs and the problem.
class MergeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The cases of a run per suite, ("suite", [cases]) in declaration order.
using RunCaseList = std::vector<std::pair<std::string, std::vector<std::string>>>;

/// The properties (junit_properties.h) a run that is shard `shard` ("K/N") of the cases
/// `all_cases` writes on each suite.
JunitSuiteProperties ShardProperties(const std::string& shard, const RunCaseList& all_cases);

/// Appends `properties` to the <properties> of each <testsuite> of the JUnit file at `path`
/// (by suite name; created when absent) and rewrites the file atomically
/// (WithJunitSuiteProperties on the file; `mtulab run --shard` passes them to WriteJunit
/// instead). Throws JunitReadError or std::runtime_error naming the path.
void AddJunitSuiteProperties(const std::string& path, const JunitSuiteProperties& properties);

/// The result of merging JUnit reports.
struct JunitMerge {
  std::vector<JunitSuite> suites;
  /// What the shard metadata says is missing, one line each; empty when complete or when no
  /// input carries shard metadata.
  std::vector<std::string> missing;
  /// True when some input carried shard metadata (completeness was checked).
  bool checked = false;
};

/// Merges reports (of shards run on different machines) into one: suites with one name
/// become one suite (time summed, earliest timestamp, hostnames joined); cases are ordered
/// as the run declared them when the shard metadata tells, else in input order. Throws
/// MergeError when a case (suite, classname, name) is in two inputs, when inputs come from
/// different runs (their shard counts, run case counts or a suite's case list disagree; the
/// order of the suites may differ, as the split does not depend on it), or when a
/// case is not in its suite's list of the run.
JunitMerge MergeJunitReports(const std::vector<JunitReport>& inputs);

/// JUnit for merged suites, in the layout RenderJunit() writes: counts and times recomputed
/// from the cases, ids renumbered, each <testcase> copied as read, shard properties dropped.
std::string RenderMergedJunit(const std::vector<JunitSuite>& suites);

/// True when a merged case failed, errored or was interrupted.
bool AnyCaseFailed(const std::vector<JunitSuite>& suites);

}  // namespace mtulab

#endif  // MTULAB_REPORTS_JUNIT_MERGE_H_
