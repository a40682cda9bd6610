#ifndef MTULAB_REPORTS_JUNIT_READER_H_
#define MTULAB_REPORTS_JUNIT_READER_H_

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace mtulab {

/// A JUnit file that cannot be read: the message names the file and the problem.
class JunitReadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One <testcase> as read.
struct JunitCase {
  std::string name, classname;
  /// "pass", "fail" (<failure>), "error" (<error>), "skip" (<skipped>), "interrupted"
  /// (<error type="Interrupted">: the run stopped before the case; counted with the errors).
  std::string outcome;
  std::string message;  // message attribute of the <failure>/<error>/<skipped>, if any
  std::string body;     // text of that element
  std::string system_out;
  double seconds = 0;
  std::string xml;      // the whole <testcase> element, serialized, for a faithful merge
};

/// One <testsuite> as read.
struct JunitSuite {
  std::string name, timestamp, hostname;
  double seconds = 0;
  std::vector<std::pair<std::string, std::string>> properties;  // <property name value>
  std::vector<JunitCase> cases;

  /// The value of property `name`, or "" when absent.
  std::string Property(const std::string& name) const;
  /// True when property `name` is present.
  bool HasProperty(const std::string& name) const;
};

/// A JUnit document: the suites of one <testsuites> root or a lone <testsuite> root.
struct JunitReport {
  std::string source;  // file name, for messages
  std::vector<JunitSuite> suites;
};

/// Parses JUnit XML. Accepts a <testsuites> root (with nested <testsuite>s flattened) or a
/// <testsuite> root. Checks each suite's tests/failures/errors/skipped attributes, where
/// present, against its <testcase>s (a truncated or edited file is caught). Throws
/// JunitReadError "<source>: <problem>", e.g. "a.xml: testsuite 'x': tests=\"3\" but 2
/// <testcase> elements", "a.xml: not JUnit XML: the root element is <html>".
JunitReport ParseJunitReport(const std::string& text, const std::string& source);

/// Reads `path` and parses it with ParseJunitReport(). Throws JunitReadError naming the path
/// and errno when the file cannot be read.
JunitReport ReadJunitReport(const std::string& path);

}  // namespace mtulab

#endif  // MTULAB_REPORTS_JUNIT_READER_H_
