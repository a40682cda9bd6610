#include "harness/probes/decode.h"

#include <arpa/inet.h>

namespace mtulab {
namespace {

// DLT values as <pcap/dlt.h> defines them on Linux (kept here so the decoders stay free of
// libpcap): EN10MB 1, RAW 12 (and 14 elsewhere), LINKTYPE_RAW 101, LINUX_SLL 113,
// IPV4 228, IPV6 229, LINUX_SLL2 276.
constexpr int kDltEthernet = 1, kDltRaw = 12, kDltRawBsd = 14, kLinktypeRaw = 101;
constexpr int kDltLinuxSll = 113, kDltIpv4 = 228, kDltIpv6 = 229, kDltLinuxSll2 = 276;

constexpr uint16_t kEthIpv4 = 0x0800, kEthIpv6 = 0x86dd, kEthVlan = 0x8100, kEthQinQ = 0x88a8,
                   kEthMplsUnicast = 0x8847, kEthMplsMulticast = 0x8848;
constexpr uint8_t kProtoIcmp = 1, kProtoTcp = 6, kProtoIcmpv6 = 58;

// Bounds-checked big-endian reads: callers check `Has` first.
struct Bytes {
  const uint8_t* data;
  size_t len;
  bool Has(size_t offset, size_t n) const { return offset <= len && n <= len - offset; }
  uint8_t U8(size_t o) const { return data[o]; }
  uint16_t U16(size_t o) const { return static_cast<uint16_t>(data[o] << 8 | data[o + 1]); }
  uint32_t U32(size_t o) const {
    return uint32_t{data[o]} << 24 | uint32_t{data[o + 1]} << 16 | uint32_t{data[o + 2]} << 8 |
           data[o + 3];
  }
};

IpAddress MakeAddress(int version, const uint8_t* p) {
  IpAddress a;
  a.version = version;
  for (size_t i = 0; i < (version == 4 ? 4u : 16u); ++i) a.bytes[i] = p[i];
  return a;
}

std::optional<IpHeader> DecodeIpv4(Bytes b) {
  if (!b.Has(0, 20)) return std::nullopt;
  IpHeader h;
  h.version = 4;
  h.header_length = (b.U8(0) & 0x0f) * 4u;
  if (h.header_length < 20 || !b.Has(0, h.header_length)) return std::nullopt;
  h.length = b.U16(2);
  h.id = b.U16(4);
  uint16_t frag = b.U16(6);
  h.df = (frag & 0x4000) != 0;
  h.mf = (frag & 0x2000) != 0;
  h.fragment_offset = (frag & 0x1fffu) * 8;
  h.ttl = b.U8(8);
  h.protocol = b.U8(9);
  h.src = MakeAddress(4, b.data + 12);
  h.dst = MakeAddress(4, b.data + 16);
  return h;
}

// Walks hop-by-hop (0), routing (43), destination options (60) and fragment (44) headers;
// stops at the first other next-header value, which is the upper-layer protocol.
std::optional<IpHeader> DecodeIpv6(Bytes b) {
  if (!b.Has(0, 40)) return std::nullopt;
  IpHeader h;
  h.version = 6;
  h.length = 40u + b.U16(4);
  h.ttl = b.U8(7);
  h.src = MakeAddress(6, b.data + 8);
  h.dst = MakeAddress(6, b.data + 24);
  uint8_t next = b.U8(6);
  size_t offset = 40;
  for (int hops = 0; hops < 16; ++hops) {
    if (next == 44) {
      if (!b.Has(offset, 8)) return std::nullopt;
      uint16_t frag = b.U16(offset + 2);
      h.has_fragment_header = true;
      h.fragment_offset = (frag >> 3) * 8u;
      h.mf = (frag & 1) != 0;
      h.id = b.U32(offset + 4);
      next = b.U8(offset);
      offset += 8;
    } else if (next == 0 || next == 43 || next == 60) {
      if (!b.Has(offset, 2)) return std::nullopt;
      size_t ext = (b.U8(offset + 1) + 1u) * 8;
      if (!b.Has(offset, ext)) return std::nullopt;
      next = b.U8(offset);
      offset += ext;
    } else {
      break;
    }
  }
  h.protocol = next;
  h.header_length = static_cast<uint32_t>(offset);
  return h;
}

bool IsIcmpError(int version, uint8_t type) {
  if (version == 6) return type >= 1 && type <= 4;
  return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

// Options of a TCP header: kind 0 ends, kind 1 pads, every other kind carries a length.
void DecodeTcpOptions(Bytes b, size_t end, TcpSegment& t) {
  for (size_t o = 20; o < end;) {
    uint8_t kind = b.U8(o);
    if (kind == 0) return;
    if (kind == 1) {
      ++o;
      continue;
    }
    if (o + 1 >= end) return;
    uint8_t len = b.U8(o + 1);
    if (len < 2 || o + len > end) return;
    if (kind == 2 && len == 4) t.mss = b.U16(o + 2);
    if (kind == 3 && len == 3) t.wscale = b.U8(o + 2);
    if (kind == 4 && len == 2) t.sack_permitted = true;
    o += len;
  }
}

// Ethertype and network-layer offset of a frame; nullopt when the link layer is cut short.
struct LinkInfo {
  uint16_t ethertype = 0;
  uint32_t offset = 0;
  uint32_t mpls_labels = 0;
};

// Skips an MPLS label stack (RFC 3032) at `l.offset`: 4 bytes per entry up to the one with
// the bottom-of-stack bit. MPLS does not name its payload; like the kernel's mpls_egress,
// the IP version nibble after the stack does. False when the stack is cut short.
bool SkipMplsStack(Bytes b, LinkInfo& l) {
  for (;;) {
    if (!b.Has(l.offset, 4)) return false;
    bool bottom = (b.U8(l.offset + 2) & 0x01) != 0;
    l.offset += 4;
    ++l.mpls_labels;
    if (bottom) break;
  }
  uint8_t version = b.Has(l.offset, 1) ? b.U8(l.offset) >> 4 : 0;
  l.ethertype = version == 4 ? kEthIpv4 : version == 6 ? kEthIpv6 : 0;
  return true;
}

std::optional<LinkInfo> DecodeLink(LinkLayer layer, Bytes b) {
  LinkInfo l;
  switch (layer) {
    case LinkLayer::kEthernet:
      if (!b.Has(0, 14)) return std::nullopt;
      l.ethertype = b.U16(12);
      l.offset = 14;
      while (l.ethertype == kEthVlan || l.ethertype == kEthQinQ) {
        if (!b.Has(l.offset, 4)) return std::nullopt;
        l.ethertype = b.U16(l.offset + 2);
        l.offset += 4;
      }
      if (l.ethertype == kEthMplsUnicast || l.ethertype == kEthMplsMulticast) {
        if (!SkipMplsStack(b, l)) return std::nullopt;
      }
      return l;
    case LinkLayer::kLinuxSll:
      if (!b.Has(0, 16)) return std::nullopt;
      return LinkInfo{b.U16(14), 16};
    case LinkLayer::kLinuxSll2:
      if (!b.Has(0, 20)) return std::nullopt;
      return LinkInfo{b.U16(0), 20};
    case LinkLayer::kRaw:
      if (!b.Has(0, 1)) return std::nullopt;
      if (b.U8(0) >> 4 == 4) return LinkInfo{kEthIpv4, 0};
      if (b.U8(0) >> 4 == 6) return LinkInfo{kEthIpv6, 0};
      return LinkInfo{0, 0};
    case LinkLayer::kUnknown:
      break;
  }
  return std::nullopt;
}

}  // namespace

LinkLayer LinkLayerOf(int dlt) {
  switch (dlt) {
    case kDltEthernet:
      return LinkLayer::kEthernet;
    case kDltRaw:
    case kDltRawBsd:
    case kLinktypeRaw:
    case kDltIpv4:
    case kDltIpv6:
      return LinkLayer::kRaw;
    case kDltLinuxSll:
      return LinkLayer::kLinuxSll;
    case kDltLinuxSll2:
      return LinkLayer::kLinuxSll2;
    default:
      return LinkLayer::kUnknown;
  }
}

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN] = {};
  if (version != 4 && version != 6) return "";
  ::inet_ntop(version == 4 ? AF_INET : AF_INET6, bytes.data(), buf, sizeof buf);
  return buf;
}

bool IpHeader::IsFragment() const {
  return mf || fragment_offset > 0;
}

std::optional<IpHeader> DecodeIp(const uint8_t* data, size_t len) {
  Bytes b{data, len};
  if (!b.Has(0, 1)) return std::nullopt;
  if (b.U8(0) >> 4 == 4) return DecodeIpv4(b);
  if (b.U8(0) >> 4 == 6) return DecodeIpv6(b);
  return std::nullopt;
}

std::optional<IcmpMessage> DecodeIcmp(int version, const uint8_t* data, size_t len) {
  Bytes b{data, len};
  if (!b.Has(0, 8)) return std::nullopt;
  IcmpMessage m;
  m.version = version;
  m.type = b.U8(0);
  m.code = b.U8(1);
  if (m.IsFragNeeded()) m.mtu = b.U16(6);
  if (m.IsPacketTooBig()) m.mtu = b.U32(4);
  if (IsIcmpError(version, m.type)) m.quoted = DecodeIp(data + 8, len - 8);
  return m;
}

std::optional<TcpSegment> DecodeTcp(const uint8_t* data, size_t len) {
  Bytes b{data, len};
  if (!b.Has(0, 20)) return std::nullopt;
  TcpSegment t;
  t.src_port = b.U16(0);
  t.dst_port = b.U16(2);
  t.header_length = (b.U8(12) >> 4) * 4u;
  t.flags = b.U8(13);
  if (t.header_length < 20) return std::nullopt;
  size_t end = t.header_length < len ? t.header_length : len;
  DecodeTcpOptions(b, end, t);
  return t;
}

uint32_t DecodedPacket::L3Length() const {
  if (ip) return ip->length;
  return wire_length > link_header ? wire_length - link_header : 0;
}

DecodedPacket DecodePacket(int dlt, const uint8_t* data, size_t caplen, uint32_t wire_length) {
  DecodedPacket p;
  p.wire_length = wire_length;
  Bytes b{data, caplen};
  std::optional<LinkInfo> link = DecodeLink(LinkLayerOf(dlt), b);
  if (!link) return p;
  p.link_header = link->offset;
  p.ethertype = link->ethertype;
  p.mpls_labels = link->mpls_labels;
  if (p.ethertype != kEthIpv4 && p.ethertype != kEthIpv6) return p;
  const uint8_t* l3 = data + link->offset;
  size_t l3_len = caplen - link->offset;
  p.ip = DecodeIp(l3, l3_len);
  if (!p.ip || (p.ip->version == 4) != (p.ethertype == kEthIpv4)) {
    p.ip.reset();
    return p;
  }
  // Later fragments carry payload bytes, not an upper-layer header.
  if (p.ip->fragment_offset != 0 || p.ip->header_length > l3_len) return p;
  size_t end = p.ip->length < l3_len ? p.ip->length : l3_len;
  if (end < p.ip->header_length) return p;  // a length field shorter than the headers
  const uint8_t* l4 = l3 + p.ip->header_length;
  size_t l4_len = end - p.ip->header_length;
  uint8_t icmp_proto = p.ip->version == 4 ? kProtoIcmp : kProtoIcmpv6;
  if (p.ip->protocol == icmp_proto) p.icmp = DecodeIcmp(p.ip->version, l4, l4_len);
  if (p.ip->protocol == kProtoTcp) p.tcp = DecodeTcp(l4, l4_len);
  p.tunnel = DecodeTunnel(*p.ip, l4, l4_len);
  return p;
}

std::string IpProtocolName(uint8_t protocol) {
  switch (protocol) {
    case 1:
      return "icmp";
    case 6:
      return "tcp";
    case 17:
      return "udp";
    case 58:
      return "icmpv6";
    default:
      return std::to_string(protocol);
  }
}

}  // namespace mtulab
