#ifndef MTULAB_MODEL_TOPOLOGY_H_
#define MTULAB_MODEL_TOPOLOGY_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/ip.h"
#include "harness/model/source_loc.h"

namespace mtulab {

/// One sysctl under /proc/sys. `key` is the full dotted name, always starting with "net.",
/// e.g. "net.ipv4.conf.all.rp_filter" or, for an interface, "net.ipv4.conf.eth1.rp_filter".
struct Sysctl {
  std::string key;
  std::string value;
  SourceLoc loc;
};

/// An interface address with its prefix length, e.g. "10.10.10.10/24" or "fd00:10::10/64".
struct Address {
  Family family = Family::kIpv4;
  std::string text;  // "ADDR/LEN" as written, for messages
  SourceLoc loc;
  Prefix prefix;  // `text` parsed once (host bits kept): what every user reads

  Address() = default;
  /// An address the caller has parsed (the loader).
  Address(Prefix parsed, std::string text, SourceLoc loc);
  /// Parses `text` as "ADDR/LEN" of `family`; std::invalid_argument when it is not one.
  Address(Family family, std::string text, SourceLoc loc = {});

  /// The address without the prefix length.
  const IpAddr& Ip() const { return prefix.addr; }
};

/// One end of a link: the interface it creates inside a node.
struct Endpoint {
  std::string node;
  std::string ifname;
  std::optional<uint32_t> mtu;        // unset: the kernel's default for the kind
  std::vector<Address> addresses;
  std::vector<Sysctl> sysctls;        // per-interface, keys fully expanded (net.ipv4.conf.<if>.x)
  SourceLoc loc;

  /// First address of the family, if any.
  const Address* FirstAddress(Family family) const;
};

/// A link between two nodes. Only "veth" in the core slice.
struct Link {
  std::string kind = "veth";
  std::array<Endpoint, 2> ends;
  SourceLoc loc;
};

/// A WireGuard peer: the public key of another wireguard device of the topology (node + dev)
/// or a literal `public_key`.
struct WgPeer {
  std::optional<std::string> node, dev;
  std::optional<std::string> public_key;
  std::optional<std::string> endpoint;      // "10.0.0.2:51820" or "[fd00::2]:51820" as written
  std::optional<SocketAddr> endpoint_addr;  // `endpoint` parsed by the loader (unset: invalid)
  std::vector<std::string> allowed_ips;     // as written, for the kernel and messages
  std::vector<Prefix> allowed;              // `allowed_ips` parsed by the loader
  std::optional<uint32_t> keepalive;
  SourceLoc loc;
};

/// A single-node interface of a kind other than veth (bridge, vxlan, macvlan, wireguard,
/// gre, gretap, ipip, geneve, vlan). Its kind-specific attributes are checked against
/// harness/model/link_kinds.h.
struct Device {
  std::string kind;
  Endpoint end;                               // node, name, mtu, addresses, sysctls
  std::map<std::string, std::string> params;  // kind attributes as written
  std::vector<std::string> fdb;               // vxlan: remotes for all-zero FDB entries
  std::vector<WgPeer> peers;                  // wireguard
  SourceLoc loc;

  /// Interfaces of the same node this one needs first: the kind row's interface attributes
  /// (dev, parent, ports).
  std::vector<std::string> DependsOn() const;
};

/// One path of a multipath route, as `ip route add ... nexthop via GW dev DEV weight W`.
struct Nexthop {
  std::optional<IpAddr> via;       // gateway address
  std::optional<std::string> dev;  // egress interface name in the same node
  uint32_t weight = 1;             // 1..256
  SourceLoc loc;
};

/// A route in a node's main table, or in `table`.
struct Route {
  Family family = Family::kIpv4;
  std::optional<Prefix> dst;       // host bits clear; unset: "default" (of `family`)
  std::optional<IpAddr> via;       // gateway address
  std::optional<std::string> dev;  // egress interface name in the same node
  std::optional<IpAddr> src;       // preferred source address
  std::optional<uint32_t> metric;  // priority
  std::optional<uint32_t> mtu;     // RTAX_MTU
  bool mtu_lock = false;           // RTAX_LOCK bit for RTAX_MTU
  std::optional<uint32_t> advmss;  // RTAX_ADVMSS
  std::vector<Nexthop> nexthops;   // a multipath (ECMP) route; then `via` and `dev` are unset
  std::optional<uint32_t> table;   // RTA_TABLE; unset: main (254)
  /// An MPLS label stack pushed on every packet (lwtunnel encap mpls), outermost first;
  /// empty: a plain IP route.
  std::vector<uint32_t> mpls_labels;
  SourceLoc loc;

  /// The routing table it goes into: `table`, else main (254).
  uint32_t Table() const { return table.value_or(kMainTable); }
  static constexpr uint32_t kMainTable = 254;  // RT_TABLE_MAIN

  /// Human form close to `ip route`: "10.0.0.0/24 via 10.0.1.1 dev eth0 mtu lock 800",
  /// "10.0.0.0/24 nexthop via 10.0.1.1 weight 1 nexthop via 10.0.2.1 weight 1".
  std::string Describe() const;
  /// The destination as written in messages: "default" or "ADDR/LEN".
  std::string DstText() const;
};

/// A policy-routing rule, as `ip rule add [from P] [to P] [dsfield T] [fwmark M] [priority N]
/// lookup TABLE`: packets it matches are routed by `table` (RTM_NEWRULE, FR_ACT_TO_TBL).
struct Rule {
  Family family = Family::kIpv4;
  std::optional<uint32_t> priority;  // FRA_PRIORITY; unset: the kernel picks (below the last)
  std::optional<Prefix> from, to;    // source / destination prefixes (host bits clear)
  std::optional<uint8_t> dsfield;    // the TOS byte's DSCP bits to match (ECN bits ignored)
  std::optional<uint32_t> fwmark;    // FRA_FWMARK (mask all ones)
  uint32_t table = 0;                // FRA_TABLE, required
  SourceLoc loc;

  /// Human form close to `ip rule`: "priority 100 from 10.0.1.0/24 dsfield 0x04 lookup 100".
  std::string Describe() const;
};

/// MPLS labels (RFC 3032): 20 bits, 0..15 reserved; the kernel pushes at most 30 per route
/// (MAX_NEW_LABELS in net/mpls/internal.h).
inline constexpr uint32_t kMplsFirstUnreservedLabel = 16, kMplsMaxLabel = (1u << 20) - 1;
inline constexpr size_t kMplsMaxLabels = 30;

/// An AF_MPLS route (`ip -f mpls route add LABEL dev DEV`): a packet arriving with `label`
/// on top loses it and leaves through `dev`; at the bottom of the stack the IP packet inside
/// goes on as IP (through `lo`: delivered locally).
struct MplsRoute {
  uint32_t label = 0;  // 16..1048575 (0..15 are reserved)
  std::string dev;     // an interface of the node, or "lo"
  SourceLoc loc;
};

/// An nftables rule in the node that drops ICMP errors: the firewall that turns a PMTUD
/// problem into a black hole.
struct IcmpFilter {
  enum class Hook { kInput, kOutput, kForward };
  Hook hook = Hook::kOutput;
  /// "frag-needed": IPv4 type 3 code 4 and ICMPv6 type 2 (Packet Too Big);
  /// "errors": every ICMP and ICMPv6 error type; "all": every ICMP and ICMPv6 packet (echo
  /// and neighbour discovery included).
  std::string drop = "frag-needed";
  std::optional<std::string> dev;  // only through this interface (iif for input, oif else)
  SourceLoc loc;
};

/// A rule in the node that lowers the MSS option of SYNs (and SYN-ACKs) it forwards.
struct MssClamp {
  /// What writes the rule: nftables (libnftables, table inet mtulab) or iptables (the
  /// iptables-legacy / ip6tables-legacy programs, TCPMSS target in table mangle).
  enum class Backend { kNftables, kIptables };
  std::optional<std::string> dev;  // only SYNs leaving through this interface
  std::optional<uint32_t> mss;     // fixed value; unset: the route's MTU minus 40 (IPv6: 60)
  std::optional<Family> family;    // unset: both
  SourceLoc loc;
  Backend backend = Backend::kNftables;
};

/// "nftables" or "iptables".
const char* MssClampBackendName(MssClamp::Backend backend);

/// A node: one network namespace.
struct Node {
  std::string name;
  std::vector<Sysctl> sysctls;  // node-wide, applied before links exist
  std::vector<Route> routes;
  std::vector<MplsRoute> mpls_routes;
  std::vector<Rule> rules;  // policy routing, added after the routes
  std::vector<IcmpFilter> icmp_filters;
  std::vector<MssClamp> mss_clamps;
  SourceLoc loc;
};

/// A pod: a node (an anonymous namespace of its own) whose network a CNI configuration
/// builds, as a container runtime would: the plugins run in the namespace of node `host`
/// with the pod's namespace as CNI_NETNS (runner/cni_pod.h). The pod is also in
/// Topology::nodes (its name), so steps run in it like in any node.
struct Pod {
  std::string host;                       // the node the plugins run in (not a pod)
  std::string config_file;                // the .conf / .conflist as resolved
  std::string config_text;                // its JSON, checked at load time
  std::string cni_path = "/usr/lib/cni";  // where the plugin binaries are
  std::vector<std::string> binaries;      // every plugin the chain runs, IPAM ones included
  Endpoint end;  // node: the pod, ifname: CNI_IFNAME; addresses: the ADD result's (at build)
  SourceLoc loc;
};

/// One end of an <ipsec> tunnel: the node and its outer (underlay) address.
struct IpsecEnd {
  std::string node;
  IpAddr addr;       // parsed by the loader
  std::string text;  // as written, for messages
  SourceLoc loc;
};

/// One algorithm of an ESP SA. `key_hex` empty: a key of `key_bits` is generated per run.
/// Keys are secrets: never in a message, fact or report.
struct IpsecAlgo {
  std::string name;     // kernel crypto name: "rfc4106(gcm(aes))", "cbc(aes)", "hmac(sha1)"
  std::string key_hex;  // "0x..." as written (even number of hex digits), or ""
  uint32_t key_bits = 0;
  uint32_t icv_bits = 0;  // aead: ICV length; auth: truncation length; enc: unused
};

/// An IPsec ESP tunnel between two nodes (<ipsec>, harness/links/ipsec.h): on both nodes the
/// SA a->b (SPI `spi`) and the SA b->a (SPI `spi` + 1), tunnel mode, and on each node the
/// policies "out" (template: this end -> the other), "in" (and "fwd" when `fwd`), selector
/// any of the ends' family, with mark `mark` when set (a vti's key).
struct Ipsec {
  std::array<IpsecEnd, 2> ends;
  uint32_t spi = 0x1000;
  std::optional<uint32_t> mark;
  uint32_t reqid = 0;
  std::optional<IpsecAlgo> aead;  // or enc + auth
  std::optional<IpsecAlgo> enc, auth;
  bool encap_udp = false;  // ESP in UDP (RFC 3948), UDP_ENCAP_ESPINUDP
  uint16_t encap_sport = 4500, encap_dport = 4500;
  bool fwd = false;
  SourceLoc loc;

  Family family() const { return ends[0].addr.family; }
  /// "ipsec 10.0.1.1 (A) <-> 10.0.1.2 (B)", for messages (no key).
  std::string Describe() const;
};

struct Topology {
  std::string name;
  std::string file;  // path as loaded
  std::vector<Node> nodes;
  std::vector<Link> links;
  std::vector<Device> devices;
  std::vector<Pod> pods;
  std::vector<Ipsec> ipsecs;
  SourceLoc loc;

  /// The pod called `name`, or nullptr (also for a node that is no pod).
  const Pod* FindPod(const std::string& name) const;
  Pod* FindPod(const std::string& name);

  const Node* FindNode(const std::string& name) const;
  Node* FindNode(const std::string& name);
  /// The endpoint called `ifname` inside `node`, or nullptr.
  const Endpoint* FindEndpoint(const std::string& node, const std::string& ifname) const;
  Endpoint* FindEndpoint(const std::string& node, const std::string& ifname);
  /// The device called `ifname` inside `node`, or nullptr (veth ends are not devices).
  const Device* FindDevice(const std::string& node, const std::string& ifname) const;
  /// Every endpoint living in `node`: veth ends, then devices, then a pod's interface, in
  /// declaration order.
  std::vector<const Endpoint*> EndpointsOf(const std::string& node) const;
};

}  // namespace mtulab

#endif  // MTULAB_MODEL_TOPOLOGY_H_
