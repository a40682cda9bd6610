#ifndef MTULAB_REPORTS_CONSOLE_H_
#define MTULAB_REPORTS_CONSOLE_H_

#include <string>
#include <utility>
#include <vector>

#include "harness/model/verdict.h"

namespace mtulab {

/// One line per finished case: "[ 3/12] PASS  seed003-svi/svi_1500  0.21s". With `color`,
/// the outcome word is in ANSI colour (green pass, red fail/error, yellow skip/interrupted).
std::string FormatProgressLine(const CaseResult& result, int done, int total, bool color = false);

/// The line printed when a case has been running a while: "[  /12] RUN   suite/case  1.0s...".
std::string FormatRunningLine(const std::string& id, double seconds, int total);

/// The live status line of a terminal (no newline): "[ 3/12] running 2: a/x 4s, b/y 1s",
/// cut to `width` columns.
std::string FormatStatusLine(int done, int total,
                             const std::vector<std::pair<std::string, double>>& running,
                             size_t width);

/// Lines under a non-passing case: each unmet expectation, or the skip/error reason.
/// Empty for a pass.
std::string FormatCaseDetails(const CaseResult& result);

/// Closing block: per-outcome counts, wall time, and the list of non-passing cases.
std::string FormatSummary(const std::vector<SuiteResult>& suites, double wall_seconds);

}  // namespace mtulab

#endif  // MTULAB_REPORTS_CONSOLE_H_
