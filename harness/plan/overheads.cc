#include "harness/plan/overheads.h"

#include "harness/model/tunnel_encap.h"
#include "harness/plan/net_model.h"

namespace mtulab {

const char kVlanOverheadNote[] =
    "802.1Q adds 4 bytes to the Ethernet frame, none to the IP packet: a receiver accepts its "
    "MTU + 4 on a tagged frame (VLAN_HLEN in is_skb_forwardable)";

const Encapsulation* FindEncapsulation(const std::string& kind) {
  const KindSchema* schema = FindKindSchema(kind);
  if (schema == nullptr || !schema->encap) return nullptr;
  return &*schema->encap;
}

std::optional<uint32_t> EncapOverhead(const std::string& kind, Family underlay) {
  const Encapsulation* e = FindEncapsulation(kind);
  if (e == nullptr) return std::nullopt;
  uint32_t bytes = underlay == Family::kIpv4 ? e->ipv4_underlay : e->ipv6_underlay;
  if (bytes == 0) return std::nullopt;
  return bytes;
}

std::optional<uint32_t> EncapOverhead(const Iface& tunnel, Family underlay) {
  std::optional<uint32_t> bytes = EncapOverhead(tunnel.kind(), underlay);
  // FOU / GUE under ipip, sit, ip6tnl: UDP (+ GUE header) between outer IP and inner packet.
  if (bytes) *bytes += TunnelEncapBytes(TunnelEncapOf(tunnel.device->params));
  if (!bytes || (tunnel.kind() != "gre" && tunnel.kind() != "gretap")) return bytes;
  if (tunnel.Param("key")) *bytes += 4;             // RFC 2890 key field
  if (tunnel.Param("csum") == "true") *bytes += 4;  // RFC 2784 checksum + reserved
  return bytes;
}

}  // namespace mtulab
