#ifndef MTULAB_REPORTS_CONSOLE_H_
#define MTULAB_REPORTS_CONSOLE_H_

#include <string>
#include <vector>

#include "harness/model/verdict.h"

namespace mtulab {

/// One line per finished case: "[ 3/12] PASS  seed003-svi/svi_1500  0.21s".
std::string FormatProgressLine(const CaseResult& result, int done, int total);

/// Lines under a non-passing case: each unmet expectation, or the skip/error reason.
/// Empty for a pass.
std::string FormatCaseDetails(const CaseResult& result);

/// Closing block: per-outcome counts, wall time, and the list of non-passing cases.
std::string FormatSummary(const std::vector<SuiteResult>& suites, double wall_seconds);

}  // namespace mtulab

#endif  // MTULAB_REPORTS_CONSOLE_H_
