#ifndef MTULAB_MODEL_VALUES_H_
#define MTULAB_MODEL_VALUES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/ip.h"  // the typed addresses, formerly declared here
#include "harness/model/topology.h"

namespace mtulab {

/// Strict unsigned decimal: one or more digits, nothing else. nullopt on overflow of uint64.
std::optional<uint64_t> ParseUnsigned(const std::string& text);
/// Strict decimal integer with an optional leading '-'.
std::optional<int64_t> ParseSignedInteger(const std::string& text);
/// A TOS byte (the IPv4 TOS / IPv6 traffic class: DSCP and ECN bits) as ip(8) and ping -Q
/// take it: "0x04" (one or two hex digits after 0x) or decimal 0..255.
std::optional<uint8_t> ParseTosByte(const std::string& text);
/// Seconds: digits with an optional fraction ("0.5", "10"); no sign, no exponent.
std::optional<double> ParseSeconds(const std::string& text);

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
