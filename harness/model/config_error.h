#ifndef MTULAB_MODEL_CONFIG_ERROR_H_
#define MTULAB_MODEL_CONFIG_ERROR_H_

#include <stdexcept>
#include <string>
#include <vector>

#include "harness/model/source_loc.h"

namespace mtulab {

/// One problem in an input file.
struct Diagnostic {
  SourceLoc loc;
  std::string message;      // "link 'a0' end 1: mtu="70000" is out of range 68..65535"
  std::string source_line;  // the line of the file at loc.line, without the newline; may be empty
};

/// "file:line:col: message", then (if known) the source line indented by two spaces and a
/// caret under the column.
std::string FormatDiagnostic(const Diagnostic& d);

/// Bad input: malformed XML, unknown names, dangling references, out-of-range values.
/// what() is every diagnostic formatted, separated by newlines. Exit code 2.
class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace mtulab

#endif  // MTULAB_MODEL_CONFIG_ERROR_H_
