#ifndef MTULAB_REPORTS_JUNIT_WRITER_H_
#define MTULAB_REPORTS_JUNIT_WRITER_H_

#include <string>
#include <vector>

#include "harness/model/verdict.h"

namespace mtulab {

/// JUnit XML: <testsuites> with one <testsuite> per suite and one <testcase> per case;
/// <failure>/<error>/<skipped> with messages; the deciding facts in <system-out>.
std::string RenderJunit(const std::vector<SuiteResult>& suites, const std::string& hostname);

/// Writes RenderJunit() to `path` (atomically: temp file in the same directory + rename).
/// Throws std::runtime_error naming the path and errno on failure.
void WriteJunit(const std::vector<SuiteResult>& suites, const std::string& path);

}  // namespace mtulab

#endif  // MTULAB_REPORTS_JUNIT_WRITER_H_
