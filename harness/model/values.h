#ifndef MTULAB_MODEL_VALUES_H_
#define MTULAB_MODEL_VALUES_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/topology.h"

namespace mtulab {

/// Strict unsigned decimal: one or more digits, nothing else. nullopt on overflow of uint64.
std::optional<uint64_t> ParseUnsigned(const std::string& text);
/// Strict decimal integer with an optional leading '-'.
std::optional<int64_t> ParseSignedInteger(const std::string& text);
/// Seconds: digits with an optional fraction ("0.5", "10"); no sign, no exponent.
std::optional<double> ParseSeconds(const std::string& text);

/// An IP address in network byte order (only the first 4 bytes are used for IPv4).
struct IpAddr {
  Family family = Family::kIpv4;
  std::array<uint8_t, 16> bytes{};
  bool operator==(const IpAddr&) const = default;
};

/// An address with a prefix length, as written in `ipv4=`, `ipv6=` and route `to=`.
struct Prefix {
  IpAddr addr;
  int len = 0;
};

/// Parses a bare address of either family (inet_pton).
std::optional<IpAddr> ParseIp(const std::string& text);

/// An address and a UDP/TCP port: a WireGuard peer's endpoint.
struct SocketAddr {
  IpAddr ip;
  uint16_t port = 0;
};
/// "ADDR:PORT" or "[ADDR6]:PORT" ("[fd00::2]:51820"), port 1..65535; the port follows the
/// last colon (the brackets may be left out).
std::optional<SocketAddr> ParseSocketAddr(const std::string& text);
/// Canonical text (inet_ntop).
std::string IpToString(const IpAddr& ip);
/// "ADDR/LEN" of `family`. On failure returns nullopt and sets `error` to the message tail
/// after `attr="text"` (" is not an IPv4 address with prefix length", ...).
std::optional<Prefix> ParsePrefix(const std::string& text, Family family, std::string& error);
/// True when the first `prefix.len` bits of `ip` equal those of the prefix.
bool InPrefix(const IpAddr& ip, const Prefix& prefix);
/// The prefix with its host bits cleared.
Prefix NetworkOf(const Prefix& prefix);
/// "ADDR/LEN" in canonical form.
std::string PrefixToString(const Prefix& prefix);
/// True for fe80::/10.
bool IsLinkLocal(const IpAddr& ip);

/// Why `ip` can never be an interface's address, a gateway or a probe's target ("is the
/// unspecified address": 0.0.0.0, ::; "is the loopback address": ::1; "is a multicast
/// address"; "is the limited broadcast address": 255.255.255.255), or nullopt. Route
/// destinations are prefixes and not checked with it (0.0.0.0/0 is the default route).
std::optional<std::string> UnusableAddress(const IpAddr& ip);

/// True when `text` is 1..`max_len` characters, each alphanumeric or one of `extra`.
bool IsName(const std::string& text, const char* extra, size_t max_len);
/// True for "." and "..", which IsName() allows with '.' in `extra` but which would walk out
/// of a directory named after them.
inline bool IsDotName(const std::string& text) { return text == "." || text == ".."; }
/// Problem with a Linux interface name, or nullopt when it is valid.
std::optional<std::string> CheckIfname(const std::string& name);
/// Problem with a sysctl key's characters and components ("net.ipv4.ip_forward").
std::optional<std::string> CheckSysctlKey(const std::string& key);
/// Problem with a sysctl value, or nullopt.
std::optional<std::string> CheckSysctlValue(const std::string& key, const std::string& value);

/// Names longer than this get no "did you mean" (every name the files define is shorter).
inline constexpr size_t kMaxSuggestedNameBytes = 256;

/// The entry of `allowed` closest to `name` by edit distance, if within 2 (the first of
/// equally close ones). Linear in the total length of the names; nullopt for a name longer
/// than kMaxSuggestedNameBytes.
std::optional<std::string> ClosestName(const std::string& name,
                                       const std::vector<std::string>& allowed);
/// "a, b, c".
std::string JoinNames(const std::vector<std::string>& names);

}  // namespace mtulab

#endif  // MTULAB_MODEL_VALUES_H_
