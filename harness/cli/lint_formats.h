#ifndef MTULAB_CLI_LINT_FORMATS_H_
#define MTULAB_CLI_LINT_FORMATS_H_

#include <string>
#include <vector>

#include "harness/plan/lint.h"

namespace mtulab {

/// One finding as `lint` reports it: with the reason of the comment that accepted it
/// (empty: not accepted, see lint_accept.h).
struct LintResult {
  Finding finding;
  std::string accepted_reason;
};

/// `lint --format json`: {"findings": [{file, line, column, severity, check, message, wire,
/// fix, cases, accepted?: {reason}}], "errors", "warnings", "accepted"}; counts leave
/// accepted findings out.
std::string LintJson(const std::vector<LintResult>& results);

/// `lint --format sarif`: a SARIF 2.1.0 log with one run of tool "mtulab" (a rule per check
/// seen), a result per finding (level error/warning, the file as a relative URI with line
/// and column); an accepted finding carries suppressions [{kind: "inSource",
/// justification: reason}], as code scanning tools expect.
std::string LintSarif(const std::vector<LintResult>& results);

}  // namespace mtulab

#endif  // MTULAB_CLI_LINT_FORMATS_H_
