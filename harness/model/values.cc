#include "harness/model/values.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace mtulab {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

constexpr int kMaxSuggestionDistance = 2;

// Edit distance of `a` and `b` if it is at most kMaxSuggestionDistance, else a larger number.
// Only the diagonal band |i - j| <= the bound is computed, so a pair costs O(length) and a
// pair whose lengths differ by more than the bound costs nothing.
int BoundedEditDistance(const std::string& a, const std::string& b) {
  constexpr int kBound = kMaxSuggestionDistance, kFar = kBound + 1;
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > kBound) return kFar;
  std::vector<int> row(m + 1, kFar), next(m + 1, kFar);
  for (int j = 0; j <= std::min(m, kBound); ++j) row[j] = j;
  for (int i = 1; i <= n; ++i) {
    std::fill(next.begin(), next.end(), kFar);
    if (i <= kBound) next[0] = i;
    int best = next[0];
    for (int j = std::max(1, i - kBound); j <= std::min(m, i + kBound); ++j) {
      int cost = row[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      next[j] = std::min({cost, row[j] + 1, next[j - 1] + 1, kFar});
      best = std::min(best, next[j]);
    }
    if (best > kBound) return kFar;  // every path is already too long
    row.swap(next);
  }
  return row[m];
}

}  // namespace

std::optional<uint64_t> ParseUnsigned(const std::string& text) {
  if (text.empty()) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (!IsDigit(c)) return std::nullopt;
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (std::numeric_limits<uint64_t>::max() - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

std::optional<uint8_t> ParseTosByte(const std::string& text) {
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    std::string hex = text.substr(2);
    if (hex.size() > 2 || hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
      return std::nullopt;
    }
    return static_cast<uint8_t>(std::stoul(hex, nullptr, 16));
  }
  std::optional<uint64_t> value = ParseUnsigned(text);
  if (!value || *value > 255) return std::nullopt;
  return static_cast<uint8_t>(*value);
}

std::optional<int64_t> ParseSignedInteger(const std::string& text) {
  bool negative = !text.empty() && text[0] == '-';
  std::optional<uint64_t> magnitude = ParseUnsigned(negative ? text.substr(1) : text);
  constexpr uint64_t kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (!magnitude || *magnitude > kMax + (negative ? 1 : 0)) return std::nullopt;
  // -(kMax + 1) is INT64_MIN: negate in unsigned arithmetic, which wraps as intended.
  return static_cast<int64_t>(negative ? 0 - *magnitude : *magnitude);
}

std::optional<double> ParseSeconds(const std::string& text) {
  size_t dot = text.find('.');
  std::string whole = text.substr(0, dot);
  std::string fraction = dot == std::string::npos ? "0" : text.substr(dot + 1);
  if (!ParseUnsigned(whole) || !ParseUnsigned(fraction) || whole.size() > 9) return std::nullopt;
  // strtod, not std::stod: a long run of fractional zeros ("0.000...001", ~310+ zeros)
  // underflows, and std::stod throws std::out_of_range on ERANGE, which escaped the loader
  // as an uncaught exception. strtod returns the correctly rounded (tiny or zero) value;
  // overflow cannot happen with at most 9 integer digits.
  return std::strtod((whole + "." + fraction).c_str(), nullptr);
}

bool IsName(const std::string& text, const char* extra, size_t max_len) {
  if (text.empty() || text.size() > max_len) return false;
  return std::all_of(text.begin(), text.end(), [extra](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || (c != '\0' && std::strchr(extra, c));
  });
}

std::optional<std::string> CheckIfname(const std::string& name) {
  if (name.empty()) return "interface name is empty";
  const std::string quoted = "interface name '" + name + "'";
  if (name.size() > 15) {
    return quoted + " is " + std::to_string(name.size()) + " bytes; Linux allows at most 15";
  }
  if (name.find('/') != std::string::npos) return quoted + " contains '/'";
  if (name.find(':') != std::string::npos) return quoted + " contains ':'";
  for (char c : name) {
    if (std::isspace(static_cast<unsigned char>(c))) return quoted + " contains whitespace";
  }
  if (name == "." || name == "..") return quoted + " is not allowed";
  if (name == "lo") return quoted + " is taken by the loopback device";
  // /proc/sys/net/ipv{4,6}/conf/{all,default} are the node-wide settings, not interfaces: the
  // kernel cannot register an interface's sysctls under either name.
  if (name == "all" || name == "default") {
    return quoted + " is reserved (net.ipv4.conf." + name + " is not an interface)";
  }
  return std::nullopt;
}

std::optional<std::string> CheckSysctlKey(const std::string& key) {
  if (key.empty()) return "sysctl name is empty";
  if (!IsName(key, "_.-", std::numeric_limits<size_t>::max())) {
    return "sysctl name '" + key + "' has a character other than [A-Za-z0-9_.-]";
  }
  if (key.front() == '.' || key.back() == '.' || key.find("..") != std::string::npos) {
    return "sysctl name '" + key + "' has an empty component";
  }
  return std::nullopt;
}

std::optional<std::string> CheckSysctlValue(const std::string& key, const std::string& value) {
  if (value.find('\n') != std::string::npos || value.find('\0') != std::string::npos) {
    return "sysctl '" + key + "' value contains a newline or NUL byte";
  }
  if (value.size() > 256) {
    return "sysctl '" + key + "' value is " + std::to_string(value.size()) +
           " bytes; at most 256 allowed";
  }
  return std::nullopt;
}

std::optional<std::string> ClosestName(const std::string& name,
                                       const std::vector<std::string>& allowed) {
  // No name of the files is this long: an absurd name gets no suggestion, at no cost.
  if (name.size() > kMaxSuggestedNameBytes) return std::nullopt;
  std::optional<std::string> best;
  int best_distance = kMaxSuggestionDistance + 1;
  for (const std::string& candidate : allowed) {
    int distance = BoundedEditDistance(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace mtulab
