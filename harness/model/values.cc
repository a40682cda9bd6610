#include "harness/model/values.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace mtulab {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int EditDistance(const std::string& a, const std::string& b) {
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      int above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
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

std::optional<int64_t> ParseSignedInteger(const std::string& text) {
  bool negative = !text.empty() && text[0] == '-';
  std::optional<uint64_t> magnitude = ParseUnsigned(negative ? text.substr(1) : text);
  if (!magnitude || *magnitude > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return std::nullopt;
  }
  int64_t value = static_cast<int64_t>(*magnitude);
  return negative ? -value : value;
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

std::optional<IpAddr> ParseIp(const std::string& text) {
  IpAddr ip;
  if (inet_pton(AF_INET, text.c_str(), ip.bytes.data()) == 1) return ip;
  ip.family = Family::kIpv6;
  if (inet_pton(AF_INET6, text.c_str(), ip.bytes.data()) == 1) return ip;
  return std::nullopt;
}

std::string IpToString(const IpAddr& ip) {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(ip.family == Family::kIpv4 ? AF_INET : AF_INET6, ip.bytes.data(), buf, sizeof buf);
  return buf;
}

std::optional<Prefix> ParsePrefix(const std::string& text, Family family, std::string& error) {
  const char* what = family == Family::kIpv4 ? "IPv4" : "IPv6";
  error = std::string(" is not an ") + what + " address with prefix length";
  size_t slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  std::optional<IpAddr> ip = ParseIp(text.substr(0, slash));
  std::optional<uint64_t> len = ParseUnsigned(text.substr(slash + 1));
  if (!ip || ip->family != family || !len) return std::nullopt;
  uint64_t max = family == Family::kIpv4 ? 32 : 128;
  if (*len > max) {
    error =
        ": prefix length " + text.substr(slash + 1) + " is out of range 0.." + std::to_string(max);
    return std::nullopt;
  }
  return Prefix{*ip, static_cast<int>(*len)};
}

bool InPrefix(const IpAddr& ip, const Prefix& prefix) {
  if (ip.family != prefix.addr.family) return false;
  return NetworkOf(Prefix{ip, prefix.len}).addr == NetworkOf(prefix).addr;
}

Prefix NetworkOf(const Prefix& prefix) {
  Prefix out = prefix;
  int width = prefix.addr.family == Family::kIpv4 ? 32 : 128;
  for (int bit = prefix.len; bit < width; ++bit) {
    out.addr.bytes[bit / 8] &= static_cast<uint8_t>(~(0x80u >> (bit % 8)));
  }
  return out;
}

std::string PrefixToString(const Prefix& prefix) {
  return IpToString(prefix.addr) + "/" + std::to_string(prefix.len);
}

bool IsLinkLocal(const IpAddr& ip) {
  return ip.family == Family::kIpv6 && ip.bytes[0] == 0xfe && (ip.bytes[1] & 0xc0) == 0x80;
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
  std::optional<std::string> best;
  int best_distance = 3;
  for (const std::string& candidate : allowed) {
    int distance = EditDistance(name, candidate);
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
