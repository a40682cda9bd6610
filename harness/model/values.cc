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

std::optional<IpAddr> ParseIp(const std::string& text) {
  IpAddr ip;
  if (inet_pton(AF_INET, text.c_str(), ip.bytes.data()) == 1) return ip;
  ip.family = Family::kIpv6;
  if (inet_pton(AF_INET6, text.c_str(), ip.bytes.data()) == 1) return ip;
  return std::nullopt;
}

std::optional<SocketAddr> ParseSocketAddr(const std::string& text) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::optional<IpAddr> ip = ParseIp(host);
  std::optional<uint64_t> port = ParseUnsigned(text.substr(colon + 1));
  if (!ip || !port || *port == 0 || *port > 65535) return std::nullopt;
  return SocketAddr{*ip, static_cast<uint16_t>(*port)};
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

std::optional<std::string> UnusableAddress(const IpAddr& ip) {
  const auto& b = ip.bytes;
  if (ip.family == Family::kIpv4) {
    uint32_t v = (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3];
    if (v == 0) return "is the unspecified address";
    if (v == 0xffffffffu) return "is the limited broadcast address";
    if ((b[0] & 0xf0) == 0xe0) return "is a multicast address";
    return std::nullopt;
  }
  bool zero_head = std::all_of(b.begin(), b.end() - 1, [](uint8_t x) { return x == 0; });
  if (zero_head && b[15] == 0) return "is the unspecified address";
  if (zero_head && b[15] == 1) return "is the loopback address";
  if (b[0] == 0xff) return "is a multicast address";
  return std::nullopt;
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
