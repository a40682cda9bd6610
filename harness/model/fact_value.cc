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
    case FactType::kIntegerList:
      return "integer list";
    case FactType::kTextList:
      return "text list";
  }
  return "?";
}

bool IsListType(FactType type) {
  return type == FactType::kIntegerList || type == FactType::kTextList;
}

FactType ElementType(FactType type) {
  if (type == FactType::kIntegerList) return FactType::kInteger;
  if (type == FactType::kTextList) return FactType::kText;
  return type;
}

namespace {

std::string TrimSpaces(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

// The ","-separated elements of `text` as `element` values; nullopt when one is empty or
// does not parse.
template <typename T>
std::optional<FactValue> ParseList(FactType element, const std::string& text) {
  std::vector<T> out;
  if (TrimSpaces(text).empty()) return FactValue(out);
  size_t start = 0;
  for (;;) {
    size_t comma = text.find(',', start);
    std::string item = TrimSpaces(text.substr(start, comma - start));
    std::optional<FactValue> v = item.empty() ? std::nullopt : ParseFactValue(element, item);
    if (!v) return std::nullopt;
    out.push_back(std::get<T>(*v));
    if (comma == std::string::npos) return FactValue(out);
    start = comma + 1;
  }
}

template <typename T>
std::string JoinList(const std::vector<T>& items) {
  std::string out;
  for (const T& item : items) {
    if (!out.empty()) out += ',';
    out += FactValueText(FactValue(item));
  }
  return out;
}

}  // namespace

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
    case FactType::kIntegerList:
      return ParseList<int64_t>(FactType::kInteger, text);
    case FactType::kTextList:
      return ParseList<std::string>(FactType::kText, text);
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
  if (const auto* list = std::get_if<IntegerList>(&value)) return JoinList(*list);
  if (const auto* list = std::get_if<TextList>(&value)) return JoinList(*list);
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
    case FactType::kIntegerList:
      return " is not a list of integers separated by ','";
    case FactType::kTextList:
      return " has an empty element";
    case FactType::kText:
      break;
  }
  return " is not text";
}

}  // namespace mtulab
