#include "harness/model/config_error.h"

#include <algorithm>

namespace mtulab {
namespace {

std::string JoinFormatted(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    if (!out.empty()) out += "\n";
    out += FormatDiagnostic(d);
  }
  return out;
}

}  // namespace

std::string FormatDiagnostic(const Diagnostic& d) {
  std::string out = d.loc.ToString() + ": " + d.message;
  if (d.source_line.empty()) return out;
  // A very long line (a generated or hostile file: megabytes on one line) is shown as a
  // window around the column, with "..." where it was cut.
  constexpr size_t kLongLine = 200, kBefore = 80, kWindow = 160;
  std::string line = d.source_line;
  size_t caret = d.loc.col > 1 ? static_cast<size_t>(d.loc.col - 1) : 0;
  if (line.size() > kLongLine) {
    size_t begin = caret > kBefore ? caret - kBefore : 0;
    begin = std::min(begin, line.size() - kWindow);
    std::string shown = line.substr(begin, kWindow);
    if (begin > 0) {
      shown = "..." + shown;
      caret = caret - begin + 3;
    }
    if (begin + kWindow < line.size()) shown += "...";
    line = shown;
  }
  out += "\n  " + line + "\n  ";
  out += std::string(caret, ' ');
  out += "^";
  return out;
}

ConfigError::ConfigError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(JoinFormatted(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}  // namespace mtulab
