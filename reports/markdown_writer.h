#ifndef MTULAB_REPORTS_MARKDOWN_WRITER_H_
#define MTULAB_REPORTS_MARKDOWN_WRITER_H_

#include <string>

#include "reports/run_report.h"

namespace mtulab {

/// At most this many rows in each table of the markdown summary (GitHub caps a job summary
/// at 1 MiB); the rest is counted in a line under the table.
inline constexpr int kMarkdownMaxRows = 100;

/// A GitHub-flavoured markdown summary for CI job summaries ($GITHUB_STEP_SUMMARY): totals,
/// then the failed and errored cases first (each: verdict, name, `file:line`; per step its
/// text once and a four-column table of its unmet expectations: fact, expected, observed,
/// where, so observed fits GitHub's width; or the error; the case's kept files), then a
/// table per suite, the interrupted and the skipped cases with their reasons. Text from the run is
/// escaped so it can neither break the tables nor inject HTML.
std::string RenderMarkdown(const RunReport& report);

/// Writes RenderMarkdown() to `path` atomically. Throws std::runtime_error naming the path.
void WriteMarkdown(const RunReport& report, const std::string& path);

}  // namespace mtulab

#endif  // MTULAB_REPORTS_MARKDOWN_WRITER_H_
