#include "harness/plan/overheads.h"

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

}  // namespace mtulab
