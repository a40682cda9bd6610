// Decoders of the tunnel encapsulations mtulab builds: the inner IP packet of an IPIP, GRE,
// VXLAN or Geneve packet. Pure and bounds-checked like decode.cc.
#include "harness/probes/decode.h"

namespace mtulab {
namespace {

constexpr uint8_t kProtoIpip = 4, kProtoUdp = 17, kProtoIpv6 = 41, kProtoGre = 47;
constexpr uint16_t kEthIpv4 = 0x0800, kEthIpv6 = 0x86dd, kEthBridged = 0x6558;
constexpr uint16_t kVxlanPort = 4789, kGenevePort = 6081;
constexpr size_t kEthernetHeader = 14, kUdpHeader = 8, kVxlanHeader = 8, kGeneveHeader = 8;

uint16_t U16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }

std::optional<TunnelInner> Inner(const char* kind, const uint8_t* data, size_t len) {
  std::optional<IpHeader> ip = DecodeIp(data, len);
  if (!ip) return std::nullopt;
  return TunnelInner{kind, *ip};
}

// The payload of `ethertype` at `data`: IP directly, or an Ethernet frame carrying IP
// (without VLAN tags: mtulab's tunnels carry untagged frames).
std::optional<TunnelInner> InnerOf(const char* kind, uint16_t ethertype, const uint8_t* data,
                                   size_t len) {
  if (ethertype == kEthIpv4 || ethertype == kEthIpv6) return Inner(kind, data, len);
  if (ethertype != kEthBridged || len < kEthernetHeader) return std::nullopt;
  uint16_t inner_type = U16(data + 12);
  if (inner_type != kEthIpv4 && inner_type != kEthIpv6) return std::nullopt;
  return Inner(kind, data + kEthernetHeader, len - kEthernetHeader);
}

// GRE (RFC 2784/2890): 4 bytes, then 4 each for the checksum (C), key (K) and sequence (S).
std::optional<TunnelInner> DecodeGre(const uint8_t* data, size_t len) {
  if (len < 4) return std::nullopt;
  uint8_t flags = data[0];
  if ((data[1] & 0x07) != 0) return std::nullopt;  // version 0 only
  size_t header =
      4 + ((flags & 0x80) ? 4 : 0) + ((flags & 0x20) ? 4 : 0) + ((flags & 0x10) ? 4 : 0);
  if (len < header) return std::nullopt;
  return InnerOf("gre", U16(data + 2), data + header, len - header);
}

std::optional<TunnelInner> DecodeUdpTunnel(const uint8_t* data, size_t len) {
  if (len < kUdpHeader) return std::nullopt;
  uint16_t port = U16(data + 2);
  const uint8_t* payload = data + kUdpHeader;
  size_t left = len - kUdpHeader;
  if (port == kVxlanPort && left >= kVxlanHeader && (payload[0] & 0x08) != 0) {
    return InnerOf("vxlan", kEthBridged, payload + kVxlanHeader, left - kVxlanHeader);
  }
  if (port == kGenevePort && left >= kGeneveHeader && (payload[0] >> 6) == 0) {
    size_t header = kGeneveHeader + (payload[0] & 0x3fu) * 4;
    if (left < header) return std::nullopt;
    return InnerOf("geneve", U16(payload + 2), payload + header, left - header);
  }
  return std::nullopt;
}

}  // namespace

std::optional<TunnelInner> DecodeTunnel(const IpHeader& outer, const uint8_t* l4, size_t l4_len) {
  if (outer.fragment_offset != 0) return std::nullopt;
  switch (outer.protocol) {
    case kProtoIpip:
    case kProtoIpv6: {
      std::optional<TunnelInner> inner = Inner("ipip", l4, l4_len);
      if (inner && inner->ip.version != (outer.protocol == kProtoIpip ? 4 : 6)) return std::nullopt;
      return inner;
    }
    case kProtoGre:
      return DecodeGre(l4, l4_len);
    case kProtoUdp:
      return DecodeUdpTunnel(l4, l4_len);
    default:
      return std::nullopt;
  }
}

}  // namespace mtulab
