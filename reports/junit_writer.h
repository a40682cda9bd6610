#ifndef MTULAB_REPORTS_JUNIT_WRITER_H_
#define MTULAB_REPORTS_JUNIT_WRITER_H_

#include <string>
#include <vector>

#include "harness/model/verdict.h"

namespace mtulab {

/// JUnit XML: <testsuites> with one <testsuite> per suite and one <testcase> per case;
/// <failure>/<error>/<skipped> with messages; the deciding facts in <system-out>, followed by
/// one "[[ATTACHMENT|<artifact_dir>/<artifact>]]" line per kept file (the form Jenkins'
/// junit-attachments and GitLab read; `artifact_dir` is the report directory as given).
std::string RenderJunit(const std::vector<SuiteResult>& suites, const std::string& hostname,
                        const std::string& artifact_dir = "");

/// Writes RenderJunit() to `path` (atomically: temp file in the same directory + rename);
/// artifacts are named relative to the current directory (`path`'s directory + artifact).
/// Throws std::runtime_error naming the path and errno on failure.
void WriteJunit(const std::vector<SuiteResult>& suites, const std::string& path);

}  // namespace mtulab

#endif  // MTULAB_REPORTS_JUNIT_WRITER_H_
