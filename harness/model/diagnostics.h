#ifndef MTULAB_MODEL_DIAGNOSTICS_H_
#define MTULAB_MODEL_DIAGNOSTICS_H_

#include <map>
#include <string>
#include <vector>

#include "harness/model/config_error.h"
#include "harness/model/source_loc.h"

namespace mtulab {

/// Collects problems while a file is loaded, then throws them all at once as a ConfigError
/// (document order per file; files in the order they were registered, then unregistered
/// ones in the order their first problem was found; at most 50).
class Diagnostics {
 public:
  static constexpr size_t kMaxReported = 50;

  /// Makes the text of `file` available for the source line under each diagnostic. Files
  /// never registered are read from disk when a diagnostic needs their line.
  void RegisterSource(const std::string& file, const std::string& text);

  /// Records `message` at `loc`.
  void Add(const SourceLoc& loc, std::string message);

  bool empty() const { return diagnostics_.empty(); }
  size_t size() const { return diagnostics_.size(); }
  const std::vector<Diagnostic>& all() const { return diagnostics_; }

  /// Throws ConfigError if anything was recorded.
  void ThrowIfAny() const;

 private:
  std::string LineOf(const SourceLoc& loc);

  std::vector<Diagnostic> diagnostics_;
  std::map<std::string, std::vector<std::string>> lines_;
  std::vector<std::string> files_;  // registration order
};

}  // namespace mtulab

#endif  // MTULAB_MODEL_DIAGNOSTICS_H_
