#ifndef MTULAB_MODEL_FACT_VALUE_H_
#define MTULAB_MODEL_FACT_VALUE_H_

// Typed fact values: a probe's observation and an expectation's value are parsed once (when
// the probe sets it, when the suite is loaded) and compared by value, never re-parsed.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "harness/model/values.h"

namespace mtulab {

/// The type the registry declares for a fact (model/step_specs.h). The list types hold one
/// element per packet or echo, in order ("integer list": 1500,1500,548).
enum class FactType { kInteger, kBool, kText, kAddress, kIntegerList, kTextList };
const char* FactTypeName(FactType type);
/// True for kIntegerList and kTextList.
bool IsListType(FactType type);
/// The type of one element of a list type (kInteger, kText); `type` itself for the others.
FactType ElementType(FactType type);

using IntegerList = std::vector<int64_t>;
using TextList = std::vector<std::string>;

/// One value: a number, a bool, an IP address, text, or a list of numbers or of text.
using FactValue = std::variant<int64_t, bool, IpAddr, std::string, IntegerList, TextList>;

/// `text` as a value of `type`: a decimal integer, "true"/"false", an address of either
/// family (inet_pton), any text, or for a list its elements separated by "," (spaces around
/// them ignored; "" is the empty list; a list element may not be empty). nullopt when it
/// does not parse as that type.
std::optional<FactValue> ParseFactValue(FactType type, const std::string& text);
/// For text whose type is unknown (an expectation built without the registry): an integer
/// when it is one, else the text.
FactValue InferFactValue(const std::string& text);
/// "1500", "true", "fd00::1" (canonical), the text; a list's elements joined by ",".
std::string FactValueText(const FactValue& value);
/// " is not an integer", " is not 'true' or 'false'", " is not an IP address": the tail of
/// a message about a value that did not parse as `type`.
std::string FactTypeProblem(FactType type);

}  // namespace mtulab

#endif  // MTULAB_MODEL_FACT_VALUE_H_
