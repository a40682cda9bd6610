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

/// Key of a case's own picture in the `pictures` of RenderHtml: "<suite>/<case>".
std::string CasePictureKey(const std::string& suite, const std::string& kase);

/// One self-contained HTML file (inline CSS, no script, no external URL): the run's totals,
/// then the failed and errored cases first (verdict, `file:line` of the case, each unmet
/// expectation as fact, expected, observed and where, or the reason, and the case's own
/// topology picture when `pictures` has one under CasePictureKey), then the run's metadata
/// and one link per suite marked by its verdict; then per suite its topology picture (keyed
/// by suite name; a suite without an entry says so in place of the picture) at its natural
/// size in a scrolling frame, and its cases; per case its verdict, the deciding facts or the
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
