#ifndef MTULAB_CLI_REPORT_PATHS_H_
#define MTULAB_CLI_REPORT_PATHS_H_

#include <cstdio>
#include <optional>
#include <string>

#include "harness/cli/options.h"
#include "reports/junit_writer.h"

namespace mtulab {

/// Where the reports of one `mtulab run` go, checked before anything is built.
struct ReportTargets {
  std::string junit, json, markdown, html;  // "" for a report turned off
  JunitFlavor junit_flavor = JunitFlavor::kJunit10;  // --junit-flavor
  /// Where failed cases keep their captures: the JUnit file's directory when the JUnit is
  /// a file; "" (captures not kept) when it is off, "-", a device or a FIFO.
  std::string captures_dir;
  /// The console (progress, summary, "... report: PATH"): stderr when a report goes to "-".
  std::FILE* console = stdout;

  /// Makes the directories of the file reports (never following a symlink in a component
  /// it makes), refuses one writable by every user without the sticky bit or not writable
  /// (a file is created there unnamed and dropped), and removes stale temporaries a killed
  /// mtulab left beside each report (harness/base/safe_file.h, RemoveStaleTemporaries).
  /// Prints "mtulab run: ..." and returns false on a problem.
  bool Prepare() const;
};

/// --junit, --json, --markdown and --html of `mtulab run`. When the JUnit report is a file,
/// the others default to files beside it (mtulab.json, summary.md, report.html); when it
/// is off (--junit=), "-", a character device or a FIFO they default to off. An empty value
/// turns a report off.
class ReportFlags {
 public:
  void Register(Options& options);
  /// The targets, or nullopt after printing "mtulab run: ..." on stderr when two reports
  /// name one target or one names a directory, block device or socket. Touches nothing.
  std::optional<ReportTargets> Resolve() const;

 private:
  static constexpr char kUnset[] = "\x01unset";
  std::string junit_ = "reports/junit.xml", json_ = kUnset, markdown_ = kUnset, html_ = kUnset;
  std::string junit_flavor_ = "junit10";
};

/// Whether report paths `a` and `b` lead to one target. A file report is a directory entry
/// (a symlink there is replaced, not followed): the same when the directories resolve to
/// one and the names match. "-", devices and FIFOs are what they lead to (device, inode).
/// Throws FileError when one cannot be classified (ClassifyTarget).
bool SameReportTarget(const std::string& a, const std::string& b);

}  // namespace mtulab

#endif  // MTULAB_CLI_REPORT_PATHS_H_
