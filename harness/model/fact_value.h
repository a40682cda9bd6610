#ifndef MTULAB_MODEL_FACT_VALUE_H_
#define MTULAB_MODEL_FACT_VALUE_H_

// Typed fact values: a probe's observation and an expectation's value are parsed once (when
// the probe sets it, when the suite is loaded) and compared by value, never re-parsed.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "harness/model/values.h"

namespace mtulab {

/// The type the registry declares for a fact (model/step_specs.h).
enum class FactType { kInteger, kBool, kText, kAddress };
const char* FactTypeName(FactType type);

/// One value: a number, a bool, an IP address or text.
using FactValue = std::variant<int64_t, bool, IpAddr, std::string>;

/// `text` as a value of `type`: a decimal integer, "true"/"false", an address of either
/// family (inet_pton) or any text. nullopt when it does not parse as that type.
std::optional<FactValue> ParseFactValue(FactType type, const std::string& text);
/// For text whose type is unknown (an expectation built without the registry): an integer
/// when it is one, else the text.
FactValue InferFactValue(const std::string& text);
/// "1500", "true", "fd00::1" (canonical), the text.
std::string FactValueText(const FactValue& value);
/// " is not an integer", " is not 'true' or 'false'", " is not an IP address": the tail of
/// a message about a value that did not parse as `type`.
std::string FactTypeProblem(FactType type);

}  // namespace mtulab

#endif  // MTULAB_MODEL_FACT_VALUE_H_
