// Graphviz in-process: libgvc's context, graph and render buffer each held by RAII.
#include "reports/graphviz_svg.h"

#include <dlfcn.h>
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace mtulab {
namespace {

std::mutex graphviz_mutex;               // Graphviz is not thread-safe
std::string* graphviz_errors = nullptr;  // where ErrorSink collects, under graphviz_mutex

int ErrorSink(char* message) {
  if (graphviz_errors != nullptr && message != nullptr) *graphviz_errors += message;
  return 0;
}

// The two plugins a DOT-to-SVG rendering needs, loaded once: the dot layout engine and the core
// renderers (svg). Graphviz's own demand loading would also load the pango text-layout plugin,
// whose fontconfig start-up costs ~60 ms; without it Graphviz sizes text from its built-in
// Helvetica metrics, which is what the browser draws the SVG's text with. Where they are:
// $GVBINDIR (Graphviz's variable for its plugin directory), else MTULAB_GRAPHVIZ_PLUGIN_DIR.
const lt_symlist_t* Plugins(std::string* problem) {
  static std::vector<lt_symlist_t> symbols;
  static std::string failure;
  if (!symbols.empty() || !failure.empty()) {
    *problem = failure;
    return failure.empty() ? symbols.data() : nullptr;
  }
  const char* env = std::getenv("GVBINDIR");
  std::string dir = env != nullptr && *env != '\0' ? env : MTULAB_GRAPHVIZ_PLUGIN_DIR;
  const std::pair<const char*, const char*> wanted[] = {
      {"libgvplugin_dot_layout.so.6", "gvplugin_dot_layout_LTX_library"},
      {"libgvplugin_core.so.6", "gvplugin_core_LTX_library"}};
  for (const auto& [file, symbol] : wanted) {
    std::string path = dir + "/" + file;
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);  // kept for the process
    void* address = handle != nullptr ? ::dlsym(handle, symbol) : nullptr;
    if (address == nullptr) {
      const char* why = ::dlerror();
      failure = "Graphviz plugin " + path + " cannot be loaded (" +
                (why ? why : "no " + std::string(symbol)) + "; Debian package libgvc6)";
      symbols.clear();
      *problem = failure;
      return nullptr;
    }
    symbols.push_back(lt_symlist_t{symbol, address});
  }
  symbols.push_back(lt_symlist_t{nullptr, nullptr});
  return symbols.data();
}

struct ContextDeleter {
  void operator()(GVC_t* gvc) const { gvFreeContext(gvc); }
};
struct GraphDeleter {
  void operator()(Agraph_t* g) const { agclose(g); }
};
struct RenderDataDeleter {
  void operator()(char* data) const { gvFreeRenderData(data); }
};

// Graphviz's messages sent to a string instead of stderr while one rendering runs.
class ErrorCapture {
 public:
  ErrorCapture() : previous_(agseterrf(ErrorSink)) { graphviz_errors = &text_; }
  ~ErrorCapture() {
    agseterrf(previous_);
    graphviz_errors = nullptr;
  }
  ErrorCapture(const ErrorCapture&) = delete;
  ErrorCapture& operator=(const ErrorCapture&) = delete;
  [[noreturn]] void Throw(const std::string& operation) const {
    std::string message = text_;
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
      message.pop_back();
    throw std::runtime_error("Graphviz " + operation + ": " +
                             (message.empty() ? std::string("failed") : message));
  }

 private:
  agusererrf previous_;
  std::string text_;
};

// gvFreeLayout() on scope exit, once gvLayout() succeeded.
class LayoutGuard {
 public:
  LayoutGuard(GVC_t* gvc, Agraph_t* g) : gvc_(gvc), g_(g) {}
  ~LayoutGuard() { gvFreeLayout(gvc_, g_); }
  LayoutGuard(const LayoutGuard&) = delete;
  LayoutGuard& operator=(const LayoutGuard&) = delete;

 private:
  GVC_t* gvc_;
  Agraph_t* g_;
};

}  // namespace

std::string RenderDotToSvg(const std::string& dot) {
  std::lock_guard<std::mutex> lock(graphviz_mutex);
  std::string problem;
  const lt_symlist_t* plugins = Plugins(&problem);
  if (plugins == nullptr) throw std::runtime_error(problem);
  ErrorCapture errors;
  std::unique_ptr<GVC_t, ContextDeleter> gvc(gvContextPlugins(plugins, 0));
  if (!gvc) errors.Throw("context (gvContextPlugins)");
  std::unique_ptr<Agraph_t, GraphDeleter> graph(agmemread(dot.c_str()));
  if (!graph) errors.Throw("parsing the topology's DOT text");
  if (gvLayout(gvc.get(), graph.get(), "dot") != 0) errors.Throw("layout (dot engine)");
  LayoutGuard layout(gvc.get(), graph.get());
  char* data = nullptr;
  unsigned int length = 0;
  if (gvRenderData(gvc.get(), graph.get(), "svg", &data, &length) != 0 || data == nullptr) {
    if (data != nullptr) gvFreeRenderData(data);
    errors.Throw("rendering SVG");
  }
  std::unique_ptr<char, RenderDataDeleter> owned(data);
  return std::string(data, length);
}

}  // namespace mtulab
