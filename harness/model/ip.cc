#include "harness/model/ip.h"

#include <arpa/inet.h>

#include <algorithm>

#include "harness/model/values.h"

namespace mtulab {

const char* FamilyName(Family family) { return family == Family::kIpv4 ? "ipv4" : "ipv6"; }

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

std::string IpToString(const IpAddr& ip) {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(ip.family == Family::kIpv4 ? AF_INET : AF_INET6, ip.bytes.data(), buf, sizeof buf);
  return buf;
}

std::string PrefixToString(const Prefix& prefix) {
  return IpToString(prefix.addr) + "/" + std::to_string(prefix.len);
}

std::string SocketAddrToString(const SocketAddr& addr) {
  std::string host = IpToString(addr.ip);
  if (addr.ip.family == Family::kIpv6) host = "[" + host + "]";
  return host + ":" + std::to_string(addr.port);
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

bool IsLinkLocal(const IpAddr& ip) {
  return ip.family == Family::kIpv6 && ip.bytes[0] == 0xfe && (ip.bytes[1] & 0xc0) == 0x80;
}

bool IsMulticast(const IpAddr& ip) {
  return ip.family == Family::kIpv4 ? (ip.bytes[0] & 0xf0) == 0xe0 : ip.bytes[0] == 0xff;
}

std::optional<std::string> UnusableAddress(const IpAddr& ip) {
  const auto& b = ip.bytes;
  if (ip.family == Family::kIpv4) {
    uint32_t v = (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3];
    if (v == 0) return "is the unspecified address";
    if (v == 0xffffffffu) return "is the limited broadcast address";
    if (IsMulticast(ip)) return "is a multicast address";
    return std::nullopt;
  }
  bool zero_head = std::all_of(b.begin(), b.end() - 1, [](uint8_t x) { return x == 0; });
  if (zero_head && b[15] == 0) return "is the unspecified address";
  if (zero_head && b[15] == 1) return "is the loopback address";
  if (IsMulticast(ip)) return "is a multicast address";
  return std::nullopt;
}

}  // namespace mtulab
