#include "harness/model/facts.h"

#include "harness/model/values.h"

namespace mtulab {

std::optional<std::string> Facts::Get(const std::string& name) const {
  auto it = text_.find(name);
  if (it == text_.end()) return std::nullopt;
  return it->second;
}

const FactValue* Facts::Value(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

std::string Facts::Conform(const std::string& name, FactType type) {
  FactValue& value = values_.at(name);
  const std::string& text = text_.at(name);
  switch (type) {
    case FactType::kText:
      value = text;
      return "";
    case FactType::kAddress:
      if (std::holds_alternative<std::string>(value)) {
        if (std::optional<IpAddr> ip = ParseIp(text)) value = *ip;
      }
      return std::holds_alternative<IpAddr>(value) || std::holds_alternative<std::string>(value)
                 ? ""
                 : "is set as a number or bool";
    case FactType::kInteger:
      return std::holds_alternative<int64_t>(value) ? "" : "is not set as a number";
    case FactType::kBool:
      return std::holds_alternative<bool>(value) ? "" : "is not set as a bool";
    case FactType::kIntegerList:
      return std::holds_alternative<IntegerList>(value) ? "" : "is not set as a list of numbers";
    case FactType::kTextList:
      return std::holds_alternative<TextList>(value) ? "" : "is not set as a list of text";
  }
  return "";
}

std::optional<int64_t> ParseInteger(const std::string& text) { return ParseSignedInteger(text); }

}  // namespace mtulab
