#ifndef MTULAB_PROBES_DECODE_H_
#define MTULAB_PROBES_DECODE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace mtulab {

// Pure packet decoders for captured frames. Every decoder reads only the bytes it is given
// (a packet's caplen): a truncated or garbage packet yields fewer fields, never a read past
// the end. Multi-byte fields are in network order on the wire and in host order here.

/// The link layers captures produce, by libpcap DLT value.
enum class LinkLayer { kEthernet, kRaw, kLinuxSll, kLinuxSll2, kUnknown };
/// DLT_EN10MB -> kEthernet, DLT_RAW / LINKTYPE_RAW / DLT_IPV4 / DLT_IPV6 -> kRaw,
/// DLT_LINUX_SLL -> kLinuxSll, DLT_LINUX_SLL2 -> kLinuxSll2, anything else kUnknown.
LinkLayer LinkLayerOf(int dlt);

/// An IPv4 or IPv6 address as raw bytes.
struct IpAddress {
  int version = 0;                 // 4 or 6
  std::array<uint8_t, 16> bytes{};  // the first 4 for IPv4
  /// "10.0.1.254", "fd00:1::254".
  std::string ToString() const;
  bool operator==(const IpAddress& o) const = default;
};

/// What an IPv4 or IPv6 header (with IPv6 extension headers) says.
struct IpHeader {
  int version = 0;       // 4 or 6
  IpAddress src, dst;
  uint8_t protocol = 0;  // IPv4 protocol; IPv6 next header after the extension headers
  uint32_t length = 0;   // IPv4 total length; IPv6 40 + payload length
  uint32_t header_length = 0;  // bytes before the upper-layer header (IHL*4, 40 + ext.)
  uint8_t ttl = 0;       // TTL / hop limit
  bool df = false;       // IPv4 don't-fragment bit
  bool mf = false;       // more-fragments (IPv4 flag, IPv6 fragment header M bit)
  uint32_t fragment_offset = 0;  // in bytes
  bool has_fragment_header = false;  // IPv6 fragment extension header present
  /// IPv4 identification; IPv6 fragment header identification (0 without one).
  uint32_t id = 0;
  /// IPv4: MF set or offset > 0; IPv6: a fragment header that is not an atomic fragment.
  bool IsFragment() const;
};

/// Decodes the IP header at `data` (version from the first nibble). Needs the fixed header
/// (and IPv4 options, IPv6 extension headers) within `len`; does not require `len` to cover
/// the whole packet (quoted headers inside ICMP errors are cut short by design).
std::optional<IpHeader> DecodeIp(const uint8_t* data, size_t len);

/// An ICMPv4 or ICMPv6 message.
struct IcmpMessage {
  int version = 4;  // 4: ICMP, 6: ICMPv6
  uint8_t type = 0, code = 0;
  /// ICMPv4 type 3 code 4 next-hop MTU (bytes 6-7); ICMPv6 type 2 Packet Too Big MTU.
  std::optional<uint32_t> mtu;
  /// The quoted header of an error message (ICMPv4 types 3, 4, 5, 11, 12; ICMPv6 1-4).
  std::optional<IpHeader> quoted;
  bool IsFragNeeded() const { return version == 4 && type == 3 && code == 4; }
  bool IsPacketTooBig() const { return version == 6 && type == 2; }
};

/// Decodes an ICMP (`version` 4) or ICMPv6 (6) message of `len` bytes.
std::optional<IcmpMessage> DecodeIcmp(int version, const uint8_t* data, size_t len);

/// A TCP header and the options that matter for MSS behaviour.
struct TcpSegment {
  uint16_t src_port = 0, dst_port = 0;
  uint8_t flags = 0;  // FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, ...
  uint32_t header_length = 0;
  std::optional<uint16_t> mss;        // option kind 2
  std::optional<uint8_t> wscale;     // option kind 3
  bool sack_permitted = false;        // option kind 4
  bool Syn() const { return (flags & 0x02) != 0; }
  bool Ack() const { return (flags & 0x10) != 0; }
};

/// Decodes a TCP header of `len` bytes; options are read as far as they are present.
std::optional<TcpSegment> DecodeTcp(const uint8_t* data, size_t len);

/// The IP packet a tunnel packet carries.
struct TunnelInner {
  std::string kind;  // "vxlan", "geneve", "gre" (GRE and gretap), "ipip" (IPv4/IPv6 in IP)
  IpHeader ip;       // the inner IP header (its length is the inner packet's)
};

/// The inner IP packet of `outer` when it is a tunnel packet mtulab knows: IPIP / 6in4 / 4in6
/// (protocol 4 or 41), GRE (47; inner IP or Ethernet), VXLAN (UDP to port 4789, Ethernet
/// inside), Geneve (UDP to 6081). `l4` is the `l4_len` bytes after the outer headers.
/// nullopt for anything else (WireGuard is encrypted: its inner packet cannot be seen).
std::optional<TunnelInner> DecodeTunnel(const IpHeader& outer, const uint8_t* l4, size_t l4_len);

/// One captured frame, decoded as far as its bytes allow.
struct DecodedPacket {
  uint32_t wire_length = 0;        // original length (pcap len)
  uint32_t link_header = 0;        // bytes before the network layer (VLAN tags, MPLS labels)
  /// After VLAN tags; after an MPLS label stack, the payload's (0x0800 / 0x86dd from its IP
  /// version, 0 for anything else); 0 when unknown.
  uint16_t ethertype = 0;
  uint32_t mpls_labels = 0;  // MPLS label stack entries (ethertype 0x8847 / 0x8848)
  std::optional<IpHeader> ip;
  std::optional<IcmpMessage> icmp;  // only in unfragmented packets / first fragments
  std::optional<TcpSegment> tcp;    // likewise
  std::optional<TunnelInner> tunnel;  // likewise, for tunnel packets
  /// The network-layer length: the IP header's length when IP, else wire_length minus the
  /// link-layer header.
  uint32_t L3Length() const;
};

/// Decodes a frame of link type `dlt`: `caplen` bytes at `data` of a `wire_length` packet.
DecodedPacket DecodePacket(int dlt, const uint8_t* data, size_t caplen, uint32_t wire_length);

/// "icmp", "tcp", "udp", "icmpv6", else the number in decimal.
std::string IpProtocolName(uint8_t protocol);

}  // namespace mtulab

#endif  // MTULAB_PROBES_DECODE_H_
