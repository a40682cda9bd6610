#ifndef MTULAB_MODEL_FACTS_H_
#define MTULAB_MODEL_FACTS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mtulab {

/// Named observations a probe made, e.g. ping.result=frag_needed, route.pmtu=1500.
/// Values are text; numbers are written in decimal so checks can compare them numerically.
class Facts {
 public:
  void Set(const std::string& name, const std::string& value) { values_[name] = value; }
  void Set(const std::string& name, const char* value) { values_[name] = value; }
  void Set(const std::string& name, int64_t value) { values_[name] = std::to_string(value); }
  void Set(const std::string& name, uint32_t value) { values_[name] = std::to_string(value); }
  void Set(const std::string& name, int value) { values_[name] = std::to_string(value); }
  void SetBool(const std::string& name, bool value) { values_[name] = value ? "true" : "false"; }

  /// The value, or nullopt when the probe did not produce that fact.
  std::optional<std::string> Get(const std::string& name) const;
  bool Has(const std::string& name) const { return values_.count(name) != 0; }
  const std::map<std::string, std::string>& All() const { return values_; }
  bool empty() const { return values_.empty(); }

 private:
  std::map<std::string, std::string> values_;
};

/// Parses a whole decimal integer (optionally negative). nullopt for anything else.
std::optional<int64_t> ParseInteger(const std::string& text);

}  // namespace mtulab

#endif  // MTULAB_MODEL_FACTS_H_
