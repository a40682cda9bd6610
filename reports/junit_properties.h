#ifndef MTULAB_REPORTS_JUNIT_PROPERTIES_H_
#define MTULAB_REPORTS_JUNIT_PROPERTIES_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace mtulab {

/// Extra <property name="..." value="..."/> elements of each <testsuite>, by suite name.
using JunitSuiteProperties =
    std::map<std::string, std::vector<std::pair<std::string, std::string>>>;

// What a run with --shard K/N writes on each of its <testsuite>s, so that `mtulab merge` can
// put the shards back together and tell when one is missing.
/// "K/N".
inline constexpr char kShardProperty[] = "mtulab.shard";
/// Number of cases all N shards run together.
inline constexpr char kRunCasesProperty[] = "mtulab.run_cases";
/// 0-based position of the suite among the suites of the whole (unsharded) run; it follows
/// the order of the files given, so shards may disagree (merge takes the smallest).
inline constexpr char kSuiteIndexProperty[] = "mtulab.suite_index";
/// The suite's cases over all shards, in declaration order, separated by spaces (case names
/// never contain spaces).
inline constexpr char kSuiteCasesProperty[] = "mtulab.suite_cases";

// The type attribute of a case's <error>: the harness could not do what the case asked, or
// the run was interrupted (SIGINT, SIGTERM) before the case started (it has no verdict).
inline constexpr char kJunitHarnessErrorType[] = "HarnessError";
inline constexpr char kJunitInterruptedType[] = "Interrupted";

}  // namespace mtulab

#endif  // MTULAB_REPORTS_JUNIT_PROPERTIES_H_
