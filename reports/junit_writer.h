#ifndef MTULAB_REPORTS_JUNIT_WRITER_H_
#define MTULAB_REPORTS_JUNIT_WRITER_H_

#include <optional>
#include <string>
#include <vector>

#include "harness/model/verdict.h"
#include "reports/junit_properties.h"

namespace mtulab {

/// Which JUnit dialect to write. kJunit10 (the default) validates against the Jenkins xunit
/// plugin's junit-10.xsd (tests/junit_schema/): counts on <testsuites> are tests, failures,
/// errors (no skipped), the suite file is an attribute of <testsuite>, a <testcase> has only
/// name, classname and time, and its "defined at FILE:LINE" opens its <system-out>. kGitlab
/// adds `file` and `line` to every <testcase> (what GitLab and pytest's xunit1 write) and
/// `skipped` to <testsuites>; it validates against reports/schemas/junit.xsd, not junit-10.
enum class JunitFlavor { kJunit10, kGitlab };
/// "junit10" or "gitlab" -> the flavor; nullopt otherwise.
std::optional<JunitFlavor> ParseJunitFlavor(const std::string& name);

/// JUnit XML: <testsuites> with one <testsuite> per suite and one <testcase> per case;
/// <failure>/<error>/<skipped> with messages; the deciding facts in <system-out>, followed by
/// one "[[ATTACHMENT|<artifact_dir>/<artifact>]]" line per kept file (the form Jenkins'
/// junit-attachments and GitLab read; `artifact_dir` is the report directory as given).
std::string RenderJunit(const std::vector<SuiteResult>& suites, const std::string& hostname,
                        const std::string& artifact_dir = "",
                        JunitFlavor flavor = JunitFlavor::kJunit10);

/// `xml` (a JUnit document) with `properties` appended to the <properties> of each
/// <testsuite> of that name (created when absent). Throws std::runtime_error if it does
/// not parse.
std::string WithJunitSuiteProperties(const std::string& xml,
                                     const JunitSuiteProperties& properties);

/// Writes RenderJunit() (+ `properties`) to `path` with WriteFileAtomically (a file
/// atomically; "-", a character device or FIFO in place); artifacts are named relative to
/// the current directory (`path`'s directory + artifact). Throws std::runtime_error naming
/// the path and the problem.
void WriteJunit(const std::vector<SuiteResult>& suites, const std::string& path,
                const JunitSuiteProperties& properties = {},
                JunitFlavor flavor = JunitFlavor::kJunit10);

}  // namespace mtulab

#endif  // MTULAB_REPORTS_JUNIT_WRITER_H_
