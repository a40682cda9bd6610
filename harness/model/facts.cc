#include "harness/model/facts.h"

#include <charconv>

namespace mtulab {

std::optional<std::string> Facts::Get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::optional<int64_t> ParseInteger(const std::string& text) {
  // from_chars takes a leading '-' but no '+' and no whitespace, and reports overflow.
  const char* begin = text.data();
  const char* end = begin + text.size();
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(begin, end, value, 10);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

}  // namespace mtulab
