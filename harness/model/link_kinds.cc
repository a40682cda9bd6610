#include "harness/model/link_kinds.h"

namespace mtulab {

const std::vector<KindSchema>& KindSchemas() {
  using T = ParamType;
  static const std::vector<KindSchema> kSchemas = {
      {"bridge", "a Linux bridge; its MTU follows the smallest port unless set",
       {{"ports", T::kIfnameList, false, 0, 0, {}, "interfaces of this node enslaved to it"}}},
      {"vxlan", "VXLAN; without mtu the kernel derives lower MTU - 50 (IPv4) / - 70 (IPv6)",
       {{"vni", T::kUint, true, 0, 16777215, {}, "VXLAN network identifier"},
        {"local", T::kAddress, false, 0, 0, {}, "underlay source address"},
        {"remote", T::kAddress, false, 0, 0, {}, "unicast underlay peer"},
        {"group", T::kAddress, false, 0, 0, {}, "multicast group (instead of remote)"},
        {"dev", T::kIfname, false, 0, 0, {}, "underlay interface"},
        {"dstport", T::kUint, false, 1, 65535, {}, "UDP port, default 4789 (the kernel's own default is 8472)"},
        {"df", T::kEnum, false, 0, 0, {"unset", "set", "inherit"}, "DF on outer IPv4 headers"},
        {"ttl", T::kUint, false, 1, 255, {}, "outer TTL"},
        {"learning", T::kBool, false, 0, 0, {}, "learn remote MACs (default true)"}},
       /*takes_fdb=*/true},
      {"macvlan", "macvlan on a parent interface (cannot talk to its own parent)",
       {{"parent", T::kIfname, true, 0, 0, {}, "lower interface"},
        {"mode", T::kEnum, false, 0, 0, {"private", "vepa", "bridge", "passthru"}, "default bridge"}}},
      {"vlan", "802.1Q/802.1ad VLAN sub-interface",
       {{"parent", T::kIfname, true, 0, 0, {}, "lower interface"},
        {"id", T::kUint, true, 1, 4094, {}, "VLAN id"},
        {"protocol", T::kEnum, false, 0, 0, {"802.1q", "802.1ad"}, "default 802.1q"}}},
      {"gre", "GRE (L3); ip6gre when the addresses are IPv6",
       {{"local", T::kAddress, true, 0, 0, {}, "underlay source"},
        {"remote", T::kAddress, true, 0, 0, {}, "underlay peer"},
        {"ttl", T::kUint, false, 1, 255, {}, "outer TTL"}}},
      {"gretap", "GRE carrying Ethernet; ip6gretap when the addresses are IPv6",
       {{"local", T::kAddress, true, 0, 0, {}, "underlay source"},
        {"remote", T::kAddress, true, 0, 0, {}, "underlay peer"},
        {"ttl", T::kUint, false, 1, 255, {}, "outer TTL"}}},
      {"ipip", "IPv4 in IPv4",
       {{"local", T::kAddress, true, 0, 0, {}, "underlay source (IPv4)"},
        {"remote", T::kAddress, true, 0, 0, {}, "underlay peer (IPv4)"},
        {"ttl", T::kUint, false, 1, 255, {}, "outer TTL"}}},
      {"geneve", "Geneve; without mtu the kernel derives lower MTU - 50 / - 70",
       {{"vni", T::kUint, true, 0, 16777215, {}, "virtual network identifier"},
        {"remote", T::kAddress, true, 0, 0, {}, "underlay peer"},
        {"dstport", T::kUint, false, 1, 65535, {}, "UDP port, default 6081"},
        {"df", T::kEnum, false, 0, 0, {"unset", "set", "inherit"}, "DF on outer IPv4 headers"},
        {"ttl", T::kUint, false, 1, 255, {}, "outer TTL"}}},
      {"wireguard", "WireGuard: the kernel module, else wireguard-go in the namespace",
       {{"private_key", T::kWgKey, false, 0, 0, {}, "base64; generated when absent (never reported)"},
        {"listen_port", T::kUint, false, 1, 65535, {}, "UDP port"}},
       /*takes_fdb=*/false, /*takes_peers=*/true},
  };
  return kSchemas;
}

const KindSchema* FindKindSchema(const std::string& kind) {
  for (const KindSchema& k : KindSchemas()) {
    if (kind == k.kind) return &k;
  }
  return nullptr;
}

}  // namespace mtulab
