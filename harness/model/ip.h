#ifndef MTULAB_MODEL_IP_H_
#define MTULAB_MODEL_IP_H_

// Typed network values, parsed once by the loaders (harness/config) and used as they are by
// the plan, the runner, the link kinds and the probes. ParseIp() is the one place that turns
// address text into bytes (inet_pton).

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>

namespace mtulab {

enum class Family { kIpv4, kIpv6 };

/// "ipv4" / "ipv6".
const char* FamilyName(Family family);

/// An IP address in network byte order (only the first 4 bytes are used for IPv4). An
/// IPv4-mapped IPv6 address ("::ffff:10.0.0.1") stays IPv6. No scope id ("fe80::1%eth0" is
/// not an address: a link-local gateway names its interface with `dev`).
struct IpAddr {
  Family family = Family::kIpv4;
  std::array<uint8_t, 16> bytes{};
  /// Ordered by family (IPv4 first), then bytes.
  auto operator<=>(const IpAddr&) const = default;
};

/// An address with a prefix length, as written in `ipv4=`, `ipv6=` and route `to=`. The
/// address keeps its host bits (an interface's address); NetworkOf() clears them.
struct Prefix {
  IpAddr addr;
  int len = 0;
  auto operator<=>(const Prefix&) const = default;
};

/// An address and a UDP/TCP port: a WireGuard peer's endpoint.
struct SocketAddr {
  IpAddr ip;
  uint16_t port = 0;
  auto operator<=>(const SocketAddr&) const = default;
};

/// Parses a bare address of either family (inet_pton): the only address parser.
std::optional<IpAddr> ParseIp(const std::string& text);
/// "ADDR:PORT" or "[ADDR6]:PORT" ("[fd00::2]:51820"), port 1..65535; the port follows the
/// last colon (the brackets may be left out).
std::optional<SocketAddr> ParseSocketAddr(const std::string& text);
/// "ADDR/LEN" of `family`. On failure returns nullopt and sets `error` to the message tail
/// after `attr="text"` (" is not an IPv4 address with prefix length", ...).
std::optional<Prefix> ParsePrefix(const std::string& text, Family family, std::string& error);

/// Canonical text (inet_ntop): "10.0.0.1", "fd00::1", "::ffff:10.0.0.1".
std::string IpToString(const IpAddr& ip);
/// "ADDR/LEN" in canonical form.
std::string PrefixToString(const Prefix& prefix);
/// "10.0.0.2:51820", "[fd00::2]:51820".
std::string SocketAddrToString(const SocketAddr& addr);

/// True when the first `prefix.len` bits of `ip` equal those of the prefix.
bool InPrefix(const IpAddr& ip, const Prefix& prefix);
/// The prefix with its host bits cleared.
Prefix NetworkOf(const Prefix& prefix);
/// True for fe80::/10.
bool IsLinkLocal(const IpAddr& ip);
/// True for 224.0.0.0/4 and ff00::/8.
bool IsMulticast(const IpAddr& ip);

/// Why `ip` can never be an interface's address, a gateway or a probe's target ("is the
/// unspecified address": 0.0.0.0, ::; "is the loopback address": ::1; "is a multicast
/// address"; "is the limited broadcast address": 255.255.255.255), or nullopt. Route
/// destinations are prefixes and not checked with it (0.0.0.0/0 is the default route).
std::optional<std::string> UnusableAddress(const IpAddr& ip);

}  // namespace mtulab

#endif  // MTULAB_MODEL_IP_H_
