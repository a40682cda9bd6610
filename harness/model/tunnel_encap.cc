// FOU / GUE under ipip, sit and ip6tnl (harness/model/tunnel_encap.h).
#include "harness/model/tunnel_encap.h"

namespace mtulab {

std::vector<ParamSpec> TunnelEncapParams() {
  using T = ParamType;
  return {
      {"encap",
       T::kEnum,
       false,
       0,
       0,
       {"fou", "gue"},
       "UDP encapsulation under the outer IP header: fou (+8 bytes) or gue (+12)"},
      {"encap_sport", T::kUint, false, 1, 65535, {}, "UDP source port; default auto (per flow)"},
      {"encap_dport", T::kUint, false, 1, 65535, {}, "UDP destination port (the peer's fou_port)"},
      {"fou_port",
       T::kUint,
       false,
       1,
       65535,
       {},
       "UDP port this end receives on: mtulab adds the FOU/GUE receive port (ip fou add) in "
       "the node, and removes it with the lab"}};
}

TunnelEncap TunnelEncapOf(const std::map<std::string, std::string>& params) {
  auto it = params.find("encap");
  if (it == params.end()) return TunnelEncap::kNone;
  return it->second == "gue" ? TunnelEncap::kGue : TunnelEncap::kFou;
}

std::vector<std::string> CheckTunnelEncap(const std::map<std::string, std::string>& params) {
  std::vector<std::string> problems;
  TunnelEncap encap = TunnelEncapOf(params);
  if (encap == TunnelEncap::kNone) {
    for (const char* p : {"encap_sport", "encap_dport", "fou_port"}) {
      if (params.count(p)) problems.push_back(std::string(p) + " needs encap (fou or gue)");
    }
    return problems;
  }
  if (!params.count("encap_dport")) problems.push_back("encap needs encap_dport");
  auto mode = params.find("mode");
  if (encap == TunnelEncap::kFou && params.count("fou_port") && mode != params.end() &&
      mode->second == "any") {
    problems.push_back(
        "a FOU receive port carries one inner protocol: give mode ipip / ip6ip / ipip6 / "
        "ip6ip6, or use encap gue");
  }
  return problems;
}

uint32_t TunnelEncapBytes(TunnelEncap encap) {
  switch (encap) {
    case TunnelEncap::kFou:
      return 8;  // UDP header (fou_core.c fou_encap_hlen)
    case TunnelEncap::kGue:
      return 12;  // UDP 8 + guehdr 4, no private data (gue_encap_hlen without REMCSUM)
    case TunnelEncap::kNone:
      break;
  }
  return 0;
}

const char* TunnelEncapName(TunnelEncap encap) {
  return encap == TunnelEncap::kFou ? "fou" : encap == TunnelEncap::kGue ? "gue" : "";
}

}  // namespace mtulab
