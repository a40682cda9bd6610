#include "harness/plan/overheads.h"

namespace mtulab {
namespace {

using Df = Encapsulation::OuterDf;
using Check = Encapsulation::UnderlayCheck;

// Measured rows are measured by suites/seed002_overheads.xml on this project's kernel
// (README "Encapsulation overheads, measured"); the others follow the header sizes and the
// kernel source named in `source` and are skipped where the kernel lacks the module.
constexpr Encapsulation kTable[] = {
    {"vxlan", 50, 70, true, Df::kAttr, Check::kRoutePmtu,
     "outer IPv4 20 / IPv6 40 + UDP 8 + VXLAN 8 + inner Ethernet 14 (RFC 7348); seeds 000 and "
     "002; measured 50 / 70 (suites/seed002_overheads.xml)"},
    {"geneve", 50, 70, true, Df::kAttr, Check::kRoutePmtu,
     "outer IPv4 20 / IPv6 40 + UDP 8 + Geneve 8 without options + inner Ethernet 14 "
     "(RFC 8926, GENEVE_IPV4_HLEN); not measured here (kernel lacks geneve)"},
    {"wireguard", 60, 80, false, Df::kNever, Check::kNone,
     "outer IPv4 20 / IPv6 40 + UDP 8 + data header 16 + Poly1305 tag 16; seed 000; measured "
     "60 / 80 (suites/seed002_overheads.xml)"},
    {"gre", 24, 0, false, Df::kSet, Check::kIcmp,
     "outer IPv4 20 + GRE 4 without key, checksum or sequence; seed 002; not measured here "
     "(kernel lacks gre); ip6gre also adds an 8-byte encapsulation limit option: not predicted"},
    {"gretap", 38, 0, true, Df::kSet, Check::kIcmp,
     "GRE 24 + inner Ethernet 14; seed 001's 46-byte wrapper counts 8 bytes of outer L2 on top; "
     "not measured here (kernel lacks gretap)"},
    {"ipip", 20, 0, false, Df::kSet, Check::kIcmp,
     "outer IPv4 20 (IPv4 only); not measured here (kernel lacks ipip)"},
};

}  // namespace

const char kVlanOverheadNote[] =
    "802.1Q adds 4 bytes to the Ethernet frame, none to the IP packet: a receiver accepts its "
    "MTU + 4 on a tagged frame (VLAN_HLEN in is_skb_forwardable)";

const Encapsulation* FindEncapsulation(const std::string& kind) {
  for (const Encapsulation& e : kTable) {
    if (kind == e.kind) return &e;
  }
  return nullptr;
}

std::optional<uint32_t> EncapOverhead(const std::string& kind, Family underlay) {
  const Encapsulation* e = FindEncapsulation(kind);
  if (e == nullptr) return std::nullopt;
  uint32_t bytes = underlay == Family::kIpv4 ? e->ipv4_underlay : e->ipv6_underlay;
  if (bytes == 0) return std::nullopt;
  return bytes;
}

}  // namespace mtulab
