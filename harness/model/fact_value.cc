#include "harness/model/fact_value.h"

namespace mtulab {

const char* FactTypeName(FactType type) {
  switch (type) {
    case FactType::kInteger:
      return "integer";
    case FactType::kBool:
      return "bool";
    case FactType::kText:
      return "text";
    case FactType::kAddress:
      return "address";
  }
  return "?";
}

std::optional<FactValue> ParseFactValue(FactType type, const std::string& text) {
  switch (type) {
    case FactType::kInteger:
      if (std::optional<int64_t> n = ParseSignedInteger(text)) return FactValue(*n);
      return std::nullopt;
    case FactType::kBool:
      if (text == "true" || text == "false") return FactValue(text == "true");
      return std::nullopt;
    case FactType::kAddress:
      if (std::optional<IpAddr> ip = ParseIp(text)) return FactValue(*ip);
      return std::nullopt;
    case FactType::kText:
      break;
  }
  return FactValue(text);
}

FactValue InferFactValue(const std::string& text) {
  if (std::optional<int64_t> n = ParseSignedInteger(text)) return *n;
  return text;
}

std::string FactValueText(const FactValue& value) {
  if (const auto* n = std::get_if<int64_t>(&value)) return std::to_string(*n);
  if (const auto* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
  if (const auto* ip = std::get_if<IpAddr>(&value)) return IpToString(*ip);
  return std::get<std::string>(value);
}

std::string FactTypeProblem(FactType type) {
  switch (type) {
    case FactType::kInteger:
      return " is not an integer";
    case FactType::kBool:
      return " is not 'true' or 'false'";
    case FactType::kAddress:
      return " is not an IP address";
    case FactType::kText:
      break;
  }
  return " is not text";
}

}  // namespace mtulab
