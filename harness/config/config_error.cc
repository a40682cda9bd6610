#include "harness/config/config_error.h"

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
  out += "\n  " + d.source_line + "\n  ";
  if (d.loc.col > 1) out += std::string(d.loc.col - 1, ' ');
  out += "^";
  return out;
}

ConfigError::ConfigError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(JoinFormatted(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}  // namespace mtulab
