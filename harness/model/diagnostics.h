#ifndef MTULAB_MODEL_DIAGNOSTICS_H_
#define MTULAB_MODEL_DIAGNOSTICS_H_

#include <map>
#include <set>
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

  /// Makes the text of `file` available for the source line under each diagnostic (and
  /// registers the file). Diagnostics in files whose text was never registered, or that were
  /// recorded before it was, carry no source line: the loader registers the text of a file
  /// only once it parsed as XML and only when it may be shown (see XmlFile::Parse).
  void RegisterSource(const std::string& file, const std::string& text);
  /// Puts `file` in the reporting order without making its text quotable.
  void RegisterFile(const std::string& file);

  /// Records `message` at `loc`.
  void Add(const SourceLoc& loc, std::string message);

  bool empty() const { return diagnostics_.empty(); }
  size_t size() const { return diagnostics_.size(); }
  const std::vector<Diagnostic>& all() const { return diagnostics_; }

  /// "Did you mean" searches of one load compare at most this many names in all: past it,
  /// a search is skipped (at most 50 problems are printed, and each search is linear).
  static constexpr size_t kSuggestionWork = 4'000'000;
  /// Takes `names` from the suggestion work left; false (nothing taken) when too little is.
  bool SpendSuggestionWork(size_t names) {
    if (names > suggestion_work_) return false;
    suggestion_work_ -= names;
    return true;
  }

  /// Throws ConfigError if anything was recorded.
  void ThrowIfAny() const;

 private:
  std::string LineOf(const SourceLoc& loc) const;

  std::vector<Diagnostic> diagnostics_;
  std::map<std::string, std::vector<std::string>> lines_;
  std::vector<std::string> files_;  // registration order
  std::set<std::pair<std::string, std::string>> seen_;  // (location, message) recorded
  size_t suggestion_work_ = kSuggestionWork;
};

}  // namespace mtulab

#endif  // MTULAB_MODEL_DIAGNOSTICS_H_
