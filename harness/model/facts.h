#ifndef MTULAB_MODEL_FACTS_H_
#define MTULAB_MODEL_FACTS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/fact_value.h"

namespace mtulab {

/// Named observations a probe made, e.g. ping.result=frag_needed, route.pmtu=1500. Each fact
/// has a typed value (what checks compare) and the text reports show: numbers in decimal,
/// bools as true/false, other values as the probe wrote them.
class Facts {
 public:
  void Set(const std::string& name, const std::string& value) { Put(name, value, value); }
  void Set(const std::string& name, const char* value) { Set(name, std::string(value)); }
  void Set(const std::string& name, int64_t value) { Put(name, value, std::to_string(value)); }
  void Set(const std::string& name, uint32_t value) { Set(name, static_cast<int64_t>(value)); }
  void Set(const std::string& name, int value) { Set(name, static_cast<int64_t>(value)); }
  void SetBool(const std::string& name, bool value) { Put(name, value, value ? "true" : "false"); }
  void SetAddress(const std::string& name, const IpAddr& value) {
    Put(name, value, IpToString(value));
  }
  /// A list fact: one element per packet or echo, in order; its text joins them with ",".
  void SetList(const std::string& name, IntegerList value) {
    std::string text = FactValueText(value);
    Put(name, std::move(value), std::move(text));
  }
  void SetList(const std::string& name, TextList value) {
    std::string text = FactValueText(value);
    Put(name, std::move(value), std::move(text));
  }

  /// Gives fact `name` (which must exist) the type the registry declares for it: text set for
  /// an address fact is parsed once here (text that is no address stays text and equals no
  /// address); any value of a text fact becomes its text. Returns what is wrong, or "" when
  /// the value has that type now: a number or bool set as text, text set for a number.
  std::string Conform(const std::string& name, FactType type);

  /// The value's text, or nullopt when the probe did not produce that fact.
  std::optional<std::string> Get(const std::string& name) const;
  /// The typed value, or null when the probe did not produce that fact.
  const FactValue* Value(const std::string& name) const;
  bool Has(const std::string& name) const { return text_.count(name) != 0; }
  /// Every fact's text, by name.
  const std::map<std::string, std::string>& All() const { return text_; }
  bool empty() const { return text_.empty(); }

 private:
  void Put(const std::string& name, FactValue value, std::string text) {
    values_[name] = std::move(value);
    text_[name] = std::move(text);
  }

  std::map<std::string, FactValue> values_;
  std::map<std::string, std::string> text_;
};

/// Parses a whole decimal integer (optionally negative). nullopt for anything else.
std::optional<int64_t> ParseInteger(const std::string& text);

}  // namespace mtulab

#endif  // MTULAB_MODEL_FACTS_H_
