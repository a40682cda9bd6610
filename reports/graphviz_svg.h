#ifndef MTULAB_REPORTS_GRAPHVIZ_SVG_H_
#define MTULAB_REPORTS_GRAPHVIZ_SVG_H_

#include <string>

namespace mtulab {

/// Lays `dot` (DOT text) out with Graphviz's dot engine and renders it to one SVG document,
/// in this process through libgvc (Debian libgraphviz-dev; no `dot` child, no file), with only
/// the dot-layout and core plugins (from $GVBINDIR, else Graphviz's plugin directory; no
/// pango: text is sized from Graphviz's built-in font metrics). Calls are serialised
/// (Graphviz keeps global state). Throws std::runtime_error naming the plugin that cannot be
/// loaded (Debian package libgvc6), or "Graphviz <operation>: <Graphviz's message>" when the
/// text does not parse or layout or rendering fails.
std::string RenderDotToSvg(const std::string& dot);

}  // namespace mtulab

#endif  // MTULAB_REPORTS_GRAPHVIZ_SVG_H_
