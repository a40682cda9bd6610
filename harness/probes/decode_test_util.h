// Packet builders for the decoder and capture-summary unit tests: every byte is written
// here, in network order, so the tests state exactly what the decoders must find.
#ifndef MTULAB_PROBES_DECODE_TEST_UTIL_H_
#define MTULAB_PROBES_DECODE_TEST_UTIL_H_

#include <arpa/inet.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mtulab::testing_packets {

using Bytes = std::vector<uint8_t>;

inline void Put16(Bytes& b, size_t at, uint16_t v) {
  b[at] = static_cast<uint8_t>(v >> 8);
  b[at + 1] = static_cast<uint8_t>(v);
}

inline void Put32(Bytes& b, size_t at, uint32_t v) {
  Put16(b, at, static_cast<uint16_t>(v >> 16));
  Put16(b, at + 2, static_cast<uint16_t>(v));
}

inline Bytes Concat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// `n` payload bytes 0, 1, 2, ...
inline Bytes Payload(size_t n) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(i);
  return b;
}

struct Ipv4Options {
  bool df = false, mf = false;
  uint32_t fragment_offset = 0;  // bytes, a multiple of 8
  uint8_t ttl = 64;
  std::optional<uint16_t> total_length;  // default: header + payload
  uint16_t id = 0x1234;
};

/// An IPv4 header (no options) followed by `payload`.
inline Bytes Ipv4(const std::string& src, const std::string& dst, uint8_t protocol,
                  const Bytes& payload, Ipv4Options o = {}) {
  Bytes h(20, 0);
  h[0] = 0x45;
  Put16(h, 2, o.total_length.value_or(static_cast<uint16_t>(20 + payload.size())));
  Put16(h, 4, o.id);
  Put16(h, 6, static_cast<uint16_t>((o.df ? 0x4000 : 0) | (o.mf ? 0x2000 : 0) |
                                    (o.fragment_offset / 8)));
  h[8] = o.ttl;
  h[9] = protocol;
  inet_pton(AF_INET, src.c_str(), &h[12]);
  inet_pton(AF_INET, dst.c_str(), &h[16]);
  return Concat(h, payload);
}

/// An IPv6 header whose next header is `next`, followed by `payload` (which may start with
/// extension headers).
inline Bytes Ipv6(const std::string& src, const std::string& dst, uint8_t next,
                  const Bytes& payload, uint8_t hop_limit = 64) {
  Bytes h(40, 0);
  h[0] = 0x60;
  Put16(h, 4, static_cast<uint16_t>(payload.size()));
  h[6] = next;
  h[7] = hop_limit;
  inet_pton(AF_INET6, src.c_str(), &h[8]);
  inet_pton(AF_INET6, dst.c_str(), &h[24]);
  return Concat(h, payload);
}

/// An IPv6 fragment extension header followed by `rest`.
inline Bytes Ipv6Fragment(uint8_t next, uint32_t offset, bool more, const Bytes& rest) {
  Bytes h(8, 0);
  h[0] = next;
  Put16(h, 2, static_cast<uint16_t>((offset / 8) << 3 | (more ? 1 : 0)));
  Put32(h, 4, 0xabcdef01);
  return Concat(h, rest);
}

/// An 8-byte extension header (hop-by-hop / destination options) of padding.
inline Bytes Ipv6Options(uint8_t next, const Bytes& rest) {
  Bytes h = {next, 0, 1, 4, 0, 0, 0, 0};  // PadN of 4 bytes
  return Concat(h, rest);
}

/// An ICMP or ICMPv6 header: type, code, zero checksum, the 4 bytes `rest`, then `data`.
inline Bytes Icmp(uint8_t type, uint8_t code, uint32_t rest, const Bytes& data) {
  Bytes h(8, 0);
  h[0] = type;
  h[1] = code;
  Put32(h, 4, rest);
  return Concat(h, data);
}

/// A TCP header with `options` (padded to 4 bytes with EOL).
inline Bytes Tcp(uint16_t src, uint16_t dst, uint8_t flags, Bytes options = {},
                 const Bytes& payload = {}) {
  while (options.size() % 4 != 0) options.push_back(0);
  Bytes h(20, 0);
  Put16(h, 0, src);
  Put16(h, 2, dst);
  Put32(h, 4, 1000);
  h[12] = static_cast<uint8_t>((20 + options.size()) / 4 << 4);
  h[13] = flags;
  Put16(h, 14, 64240);
  return Concat(Concat(h, options), payload);
}

inline constexpr uint8_t kSyn = 0x02, kAck = 0x10;

/// MSS, SACK-permitted, NOP, window scale: the order Linux sends.
inline Bytes SynOptions(uint16_t mss, uint8_t wscale) {
  return {2, 4, static_cast<uint8_t>(mss >> 8), static_cast<uint8_t>(mss), 4, 2, 1, 3, 3,
          wscale};
}

/// A UDP header (zero checksum) followed by `payload`.
inline Bytes Udp(uint16_t src, uint16_t dst, const Bytes& payload) {
  Bytes h(8, 0);
  Put16(h, 0, src);
  Put16(h, 2, dst);
  Put16(h, 4, static_cast<uint16_t>(8 + payload.size()));
  return Concat(h, payload);
}

/// A VXLAN header (I flag, `vni`) followed by the Ethernet frame `frame`.
inline Bytes Vxlan(uint32_t vni, const Bytes& frame) {
  Bytes h(8, 0);
  h[0] = 0x08;
  Put32(h, 4, vni << 8);
  return Concat(h, frame);
}

/// A Geneve header of `option_words` 4-byte option words carrying `protocol`.
inline Bytes Geneve(uint16_t protocol, const Bytes& payload, uint8_t option_words = 0) {
  Bytes h(8 + option_words * 4u, 0);
  h[0] = option_words;
  Put16(h, 2, protocol);
  return Concat(h, payload);
}

/// A GRE header carrying `protocol`, with a key when `key` is set.
inline Bytes Gre(uint16_t protocol, const Bytes& payload, std::optional<uint32_t> key = {}) {
  Bytes h(key ? 8 : 4, 0);
  if (key) h[0] = 0x20;
  Put16(h, 2, protocol);
  if (key) Put32(h, 4, *key);
  return Concat(h, payload);
}

/// An Ethernet II frame carrying `payload` as `ethertype`.
inline Bytes Ethernet(uint16_t ethertype, const Bytes& payload) {
  Bytes h = {0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0, 0};
  Put16(h, 12, ethertype);
  return Concat(h, payload);
}

/// An IPv4 or IPv6 packet inside an Ethernet frame.
inline Bytes Eth4(const Bytes& ip) { return Ethernet(0x0800, ip); }
inline Bytes Eth6(const Bytes& ip) { return Ethernet(0x86dd, ip); }

}  // namespace mtulab::testing_packets

#endif  // MTULAB_PROBES_DECODE_TEST_UTIL_H_
