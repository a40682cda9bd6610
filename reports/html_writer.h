#ifndef MTULAB_REPORTS_HTML_WRITER_H_
#define MTULAB_REPORTS_HTML_WRITER_H_

#include <map>
#include <string>

#include "reports/run_report.h"

namespace mtulab {

/// A suite's topology picture as the report shows it: the SVG Graphviz rendered, or why
/// there is none ("Graphviz 'dot' is not installed (Debian package graphviz)").
struct TopologyPicture {
  std::string svg;          // an <svg> element (an XML prolog or DOCTYPE is dropped)
  std::string unavailable;  // used when `svg` is empty
};

/// One self-contained HTML file (inline CSS, no script, no external URL): the run's totals
/// and metadata, then per suite its topology picture from `pictures` (keyed by suite name; a
/// suite without an entry says so in place of the picture) and a table of its cases; per
/// case its verdict, the deciding facts (unmet expectations: expected vs observed) or the
/// skip/error reason, links to its kept files (relative paths), and every step with its
/// facts and expectations in collapsible <details>. Failed and errored cases come open.
std::string RenderHtml(const RunReport& report,
                       const std::map<std::string, TopologyPicture>& pictures);

/// Writes RenderHtml() to `path` atomically. Throws std::runtime_error naming the path.
void WriteHtml(const RunReport& report, const std::map<std::string, TopologyPicture>& pictures,
               const std::string& path);

/// `svg` (Graphviz output) reduced to the <svg> element for inline use: everything before
/// "<svg" (XML prolog, DOCTYPE, comments) is dropped and the namespace declarations of the
/// root are removed (HTML does not need them; they would be the file's only URLs). Returns ""
/// when there is no <svg> element.
std::string InlineSvg(const std::string& svg);

}  // namespace mtulab

#endif  // MTULAB_REPORTS_HTML_WRITER_H_
