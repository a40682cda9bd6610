// The table of single-node link kinds: one row per kind. Measured overheads are measured by
// suites/seed002_overheads.xml on this project's kernel (README "Encapsulation overheads,
// measured"); the others follow the header sizes and the kernel source named in `source` and
// are skipped where the kernel lacks the module.
#include "harness/model/link_kinds.h"

#include "harness/model/topology.h"
#include "harness/model/tunnel_encap.h"
#include "harness/model/values.h"

namespace mtulab {
namespace {

using T = ParamType;
using F = Forwarding;
using M = MtuRule;
using Df = Encapsulation::OuterDf;
using Check = Encapsulation::UnderlayCheck;

ParamSpec Ttl() { return {"ttl", T::kUint, false, 1, 255, {}, "outer TTL"}; }
ParamSpec Df3() {
  return {"df", T::kEnum, false, 0, 0, {"unset", "set", "inherit"}, "DF on outer IPv4 headers"};
}

// The family of address attribute `key`, when set and an address.
std::optional<Family> FamilyOf(const std::map<std::string, std::string>& params, const char* key) {
  auto it = params.find(key);
  std::optional<IpAddr> ip = it == params.end() ? std::nullopt : ParseIp(it->second);
  return ip ? std::optional<Family>(ip->family) : std::nullopt;
}

std::vector<std::string> CheckIpip(const std::map<std::string, std::string>& params) {
  if (FamilyOf(params, "local") == Family::kIpv6 || FamilyOf(params, "remote") == Family::kIpv6) {
    return {"ipip carries IPv4 over IPv4 only"};
  }
  return CheckTunnelEncap(params);
}

std::vector<std::string> CheckSit(const std::map<std::string, std::string>& params) {
  if (FamilyOf(params, "local") == Family::kIpv6 || FamilyOf(params, "remote") == Family::kIpv6) {
    return {"sit runs over IPv4 only"};
  }
  return CheckTunnelEncap(params);
}

std::vector<std::string> CheckIp6tnl(const std::map<std::string, std::string>& params) {
  if (FamilyOf(params, "local") == Family::kIpv4 || FamilyOf(params, "remote") == Family::kIpv4) {
    return {"ip6tnl runs over IPv6 only"};
  }
  return CheckTunnelEncap(params);
}

// `params` followed by the FOU/GUE attributes (ipip, sit, ip6tnl).
std::vector<ParamSpec> WithEncap(std::vector<ParamSpec> params) {
  for (ParamSpec& p : TunnelEncapParams()) params.push_back(std::move(p));
  return params;
}

std::vector<std::string> CheckVxlan(const std::map<std::string, std::string>& params) {
  std::vector<std::string> problems;
  if (params.count("remote") && params.count("group")) {
    problems.push_back("give either remote or group, not both");
  }
  auto group = params.find("group");
  std::optional<IpAddr> g = group == params.end() ? std::nullopt : ParseIp(group->second);
  if (g && !(g->family == Family::kIpv4 ? (g->bytes[0] & 0xf0) == 0xe0 : g->bytes[0] == 0xff)) {
    problems.push_back("group " + group->second + " is not a multicast address");
  }
  return problems;
}

std::vector<ParamSpec> BridgeParams() {
  return {{"ports", T::kIfnameList, false, 0, 0, {}, "interfaces of this node enslaved to it"},
          {"vlan_filtering", T::kBool, false, 0, 0, {}, "VLAN-aware (802.1Q) when true"}};
}

ParamSpec UntaggedPorts() {
  return {"untagged_ports",
          T::kIfnameList,
          false,
          0,
          0,
          {},
          "ports of a VLAN-aware bridge parent carrying this VLAN untagged (their PVID); the "
          "bridge joins it tagged (an SVI)"};
}

ParamSpec Parent() { return {"parent", T::kIfname, true, 0, 0, {}, "lower interface"}; }

std::vector<ParamSpec> VxlanParams() {
  return {{"vni", T::kUint, true, 0, 16777215, {}, "VXLAN network identifier"},
          {"local", T::kAddress, false, 0, 0, {}, "underlay source address"},
          {"remote", T::kAddress, false, 0, 0, {}, "unicast underlay peer"},
          {"group", T::kAddress, false, 0, 0, {}, "multicast group (instead of remote)"},
          {"dev", T::kIfname, false, 0, 0, {}, "underlay interface"},
          {"dstport",
           T::kUint,
           false,
           1,
           65535,
           {},
           "UDP port, default 4789 (the kernel's own default is 8472)"},
          Df3(),
          Ttl(),
          {"learning", T::kBool, false, 0, 0, {}, "learn remote MACs (default true)"}};
}

std::vector<KindSchema> L2Kinds() {
  return {
      {.kind = "bridge",
       .doc = "a Linux bridge; its MTU follows the smallest port unless set",
       .params = BridgeParams(),
       .forwarding = F::kBridge,
       .mtu = M::kSmallestPort,
       .mtu_why = "bridge without ports: 1500",
       .carrier_needs = "ports",
       .exclusive_ports = "ports"},
      {.kind = "vxlan",
       .doc = "VXLAN; without mtu the kernel derives lower MTU - 50 (IPv4) / - 70 (IPv6)",
       .params = VxlanParams(),
       .takes_fdb = true,
       .forwarding = F::kL2Overlay,
       .mtu = M::kDevMinusOverhead,
       .mtu_why = "vxlan without dev: kernel default 1500",
       .encap = Encapsulation{50, 70, true, Df::kAttr, Check::kRoutePmtu,
                              "outer IPv4 20 / IPv6 40 + UDP 8 + VXLAN 8 + inner Ethernet 14 (RFC "
                              "7348); seeds 000 and 002; measured 50 / 70 "
                              "(suites/seed002_overheads.xml)"},
       .sample = {{"vni", "1"}},  // dstport 4789 is always sent
       .check = CheckVxlan},
      {.kind = "macvlan",
       .doc = "macvlan on a parent interface (cannot talk to its own parent)",
       .params = {Parent(),
                  {"mode",
                   T::kEnum,
                   false,
                   0,
                   0,
                   {"private", "vepa", "bridge", "passthru"},
                   "default bridge"}},
       .forwarding = F::kParentL2,
       .mtu = M::kParent,
       .sample = {{"parent", "probe-lower"}}},
      {.kind = "vlan",
       .doc = "802.1Q/802.1ad VLAN sub-interface",
       .params = {Parent(),
                  {"id", T::kUint, true, 1, 4094, {}, "VLAN id"},
                  {"protocol", T::kEnum, false, 0, 0, {"802.1q", "802.1ad"}, "default 802.1q"},
                  UntaggedPorts()},
       .forwarding = F::kTagged,
       .mtu = M::kParent,
       .sample = {{"parent", "probe-lower"}, {"id", "1"}}},
  };
}

// Interfaces that stay on their node: ipvlan on a parent, dummy, vrf.
std::vector<KindSchema> LocalKinds() {
  return {
      {.kind = "ipvlan",
       .doc = "ipvlan on a parent interface: shares its MAC, reached by address",
       .params = {Parent(), {"mode", T::kEnum, false, 0, 0, {"l2", "l3", "l3s"}, "default l3"}},
       .forwarding = F::kParentL2,
       .mtu = M::kParent,
       .sample = {{"parent", "probe-lower"}}},
      {.kind = "dummy",
       .doc = "an interface that only owns addresses (what it sends is dropped)",
       .params = {},
       .mtu_why = "dummy default 1500"},
      {.kind = "vrf",
       .doc = "an L3 master bound to a routing table (no ports: the plan does not follow VRFs)",
       .params = {{"table", T::kUint, true, 1, 4294967295u, {}, "routing table of the VRF"}},
       .forwarding = F::kL3Master,
       .default_mtu = 65575,  // IP6_MAX_MTU since 5.14 ("vrf: fix maximum MTU")
       .mtu_why = "vrf default 65575",
       .sample = {{"table", "10"}}},
  };
}

// vti and vti6: their overhead is the xfrm state's (ESP), not the link's: not predicted.
Encapsulation VtiEncapsulation() {
  const char* source =
      "ESP's, set by the xfrm state, not by the link: not predicted; vti adds no header of its "
      "own (ip_vti.c: frag-needed to the inner source above the xfrm route's MTU; ESP tunnel "
      "mode copies the inner DF)";
  return Encapsulation{0, 0, false, Df::kSet, Check::kIcmp, source};
}

std::vector<ParamSpec> VtiParams(bool ipv6) {
  const char* local = ipv6 ? "underlay source (IPv6)" : "underlay source (IPv4)";
  const char* remote = ipv6 ? "underlay peer (IPv6)" : "underlay peer (IPv4)";
  return {{"local", T::kAddress, true, 0, 0, {}, local},
          {"remote", T::kAddress, true, 0, 0, {}, remote},
          {"key", T::kUint, false, 0, 4294967295U, {}, "ikey = okey: the xfrm mark, default 0"},
          {"dev", T::kIfname, false, 0, 0, {}, "underlay interface: the default MTU follows it"}};
}

std::vector<KindSchema> TunnelKinds() {
  std::vector<ParamSpec> ends = {{"local", T::kAddress, true, 0, 0, {}, "underlay source"},
                                 {"remote", T::kAddress, true, 0, 0, {}, "underlay peer"},
                                 Ttl()};
  std::vector<std::pair<std::string, std::string>> sample = {{"local", "10.0.0.1"},
                                                             {"remote", "10.0.0.2"}};
  std::vector<ParamSpec> gre = ends;
  gre.push_back({"key", T::kUint, false, 0, 4294967295u, {}, "GRE key both ways (+4 bytes)"});
  gre.push_back({"csum", T::kBool, false, 0, 0, {}, "GRE checksum both ways (+4 bytes)"});
  return {
      {.kind = "gre",
       .doc = "GRE (L3); ip6gre when the addresses are IPv6",
       .params = gre,
       .forwarding = F::kL3Tunnel,
       .mtu = M::kDefaultMinusOverhead,
       .encap = Encapsulation{24, 0, false, Df::kSet, Check::kIcmp,
                              "outer IPv4 20 + GRE 4 without key, checksum or sequence; seed 002; "
                              "measured on the kernel lane (6.1, 6.12); ip6gre also adds an 8-byte "
                              "encapsulation limit option: not predicted"},
       .sample = sample},
      {.kind = "gretap",
       .doc = "GRE carrying Ethernet; ip6gretap when the addresses are IPv6",
       .params = gre,
       .forwarding = F::kL2Overlay,
       .mtu = M::kDefaultMinusOverhead,
       .encap = Encapsulation{38, 0, true, Df::kSet, Check::kIcmp,
                              "GRE 24 + inner Ethernet 14, + 4 each for a key and a checksum (seed "
                              "001's 46-byte wrapper); measured on the kernel lane (6.1, 6.12)"},
       .sample = sample},
      {.kind = "ipip",
       .doc = "IPv4 in IPv4",
       .params = WithEncap({{"local", T::kAddress, true, 0, 0, {}, "underlay source (IPv4)"},
                            {"remote", T::kAddress, true, 0, 0, {}, "underlay peer (IPv4)"},
                            Ttl()}),
       .forwarding = F::kL3Tunnel,
       .mtu = M::kDefaultMinusOverhead,
       .encap = Encapsulation{20, 0, false, Df::kSet, Check::kIcmp,
                              "outer IPv4 20 (IPv4 only); measured on the kernel lane (6.1, 6.12)"},
       .sample = sample,
       .check = CheckIpip},
  };
}

// Tunnels over UDP: geneve and WireGuard.
std::vector<KindSchema> UdpTunnelKinds() {
  return {
      {.kind = "geneve",
       .doc = "Geneve; without mtu the kernel derives lower MTU - 50 / - 70",
       .params = {{"vni", T::kUint, true, 0, 16777215, {}, "virtual network identifier"},
                  {"remote", T::kAddress, true, 0, 0, {}, "underlay peer"},
                  {"dstport", T::kUint, false, 1, 65535, {}, "UDP port, default 6081"},
                  Df3(),
                  Ttl()},
       .forwarding = F::kL2Overlay,
       .mtu = M::kUnpredicted,
       .encap = Encapsulation{50, 70, true, Df::kAttr, Check::kRoutePmtu,
                              "outer IPv4 20 / IPv6 40 + UDP 8 + Geneve 8 without options + inner "
                              "Ethernet 14 (RFC 8926, GENEVE_IPV4_HLEN); IPv4 measured on the "
                              "kernel lane (6.1, 6.12)"},
       .sample = {{"vni", "1"}, {"remote", "10.0.0.2"}}},
      {.kind = "wireguard",
       .doc = "WireGuard: the kernel module, else wireguard-go in the namespace",
       .params = {{"private_key",
                   T::kWgKey,
                   false,
                   0,
                   0,
                   {},
                   "base64; generated when absent (never reported)"},
                  {"listen_port", T::kUint, false, 1, 65535, {}, "UDP port"}},
       .takes_peers = true,
       .forwarding = F::kL3Tunnel,
       .default_mtu = 1420,  // kernel wg and wireguard-go both start at 1420
       .mtu_why = "WireGuard default 1420",
       .encap = Encapsulation{60, 80, false, Df::kNever, Check::kNone,
                              "outer IPv4 20 / IPv6 40 + UDP 8 + data header 16 + Poly1305 tag 16; "
                              "seed 000; measured 60 / 80 (suites/seed002_overheads.xml)"},
       .peer_by = PeerBy::kCryptokey},
  };
}

// IPsec virtual tunnel interfaces.
std::vector<KindSchema> VtiKinds() {
  std::vector<std::pair<std::string, std::string>> sample = {{"local", "10.0.0.1"},
                                                             {"remote", "10.0.0.2"}};
  return {
      {.kind = "vti",
       .doc = "IPsec virtual tunnel interface, IPv4 endpoints: traffic routed into it takes the "
              "xfrm policy whose mark is its key; without mtu the kernel derives dev's MTU - 20",
       .params = VtiParams(false),
       .forwarding = F::kL3Tunnel,
       .mtu = M::kUnpredicted,
       .encap = VtiEncapsulation(),
       .sample = sample},
      {.kind = "vti6",
       .doc = "IPsec virtual tunnel interface, IPv6 endpoints (as vti); without mtu the kernel "
              "derives dev's MTU - 40",
       .params = VtiParams(true),
       .forwarding = F::kL3Tunnel,
       .mtu = M::kUnpredicted,
       .encap = VtiEncapsulation(),
       .sample = {{"local", "fd00::1"}, {"remote", "fd00::2"}}},
  };
}

// IP in IP besides ipip: sit (over IPv4) and ip6tnl (over IPv6), as pmtu.sh uses them.
std::vector<KindSchema> IpTunnelKinds() {
  std::vector<std::pair<std::string, std::string>> sample = {{"local", "10.0.0.1"},
                                                             {"remote", "10.0.0.2"}};
  return {
      {.kind = "sit",
       .doc = "IPv6 (mode ip6ip) or IPv4 (mode ipip) in IPv4",
       .params =
           WithEncap({{"local", T::kAddress, true, 0, 0, {}, "underlay source (IPv4)"},
                      {"remote", T::kAddress, true, 0, 0, {}, "underlay peer (IPv4)"},
                      {"mode", T::kEnum, false, 0, 0, {"ip6ip", "ipip", "any"}, "default ip6ip"},
                      Ttl()}),
       .forwarding = F::kL3Tunnel,
       .mtu = M::kDefaultMinusOverhead,
       .encap = Encapsulation{20, 0, false, Df::kSet, Check::kIcmp,
                              "outer IPv4 20 (IPv4 only; sit.c ipip6_tunnel_xmit); pmtu.sh "
                              "pmtu_ipv6_ipv4_exception: 4000 -> 3980; kernel lacks sit here"},
       .sample = sample,
       .check = CheckSit},
      {.kind = "ip6tnl",
       .doc = "IPv4 (mode ipip6) or IPv6 (mode ip6ip6) in IPv6, with the encapsulation limit "
              "option",
       .params =
           WithEncap({{"local", T::kAddress, true, 0, 0, {}, "underlay source (IPv6)"},
                      {"remote", T::kAddress, true, 0, 0, {}, "underlay peer (IPv6)"},
                      {"mode", T::kEnum, false, 0, 0, {"ipip6", "ip6ip6", "any"}, "default ip6ip6"},
                      {"encaplimit",
                       T::kUint,
                       false,
                       0,
                       255,
                       {},
                       "value of the tunnel encapsulation limit option, default 4 (RFC 2473; the "
                       "8-byte option is always sent)"},
                      Ttl()}),
       .forwarding = F::kL3Tunnel,
       .mtu = M::kDefaultMinusOverhead,
       .encap = Encapsulation{0, 48, false, Df::kSet, Check::kIcmp,
                              "outer IPv6 40 + encapsulation limit destination option 8 (IPv6 "
                              "only; ip6_tunnel.c ip6_tnl_xmit); pmtu.sh pmtu_ipv4_ipv6_exception: "
                              "4000 -> 3952; kernel lacks ip6tnl here"},
       .sample = {{"local", "fd00::1"}, {"remote", "fd00::2"}},
       .check = CheckIp6tnl},
  };
}

}  // namespace

const std::vector<KindSchema>& KindSchemas() {
  static const std::vector<KindSchema> kSchemas = [] {
    std::vector<KindSchema> all = L2Kinds();
    for (KindSchema& k : LocalKinds()) all.push_back(std::move(k));
    for (KindSchema& k : TunnelKinds()) all.push_back(std::move(k));
    for (KindSchema& k : UdpTunnelKinds()) all.push_back(std::move(k));
    for (KindSchema& k : VtiKinds()) all.push_back(std::move(k));
    for (KindSchema& k : IpTunnelKinds()) all.push_back(std::move(k));
    for (KindSchema& k : OvsKinds()) all.push_back(std::move(k));
    return all;
  }();
  return kSchemas;
}

const KindSchema* FindKindSchema(const std::string& kind) {
  for (const KindSchema& k : KindSchemas()) {
    if (kind == k.kind) return &k;
  }
  return nullptr;
}

const ParamSpec* FindParam(const KindSchema& schema, const std::string& name) {
  for (const ParamSpec& p : schema.params) {
    if (name == p.name) return &p;
  }
  return nullptr;
}

}  // namespace mtulab
