// Registry rows of the steps that read or change state, and of the captures.
#include "harness/model/step_rows.h"

namespace mtulab::step_rows {
namespace {

constexpr FactType kInt = FactType::kInteger, kBool = FactType::kBool, kText = FactType::kText,
                   kAddr = FactType::kAddress, kIntList = FactType::kIntegerList,
                   kTextList = FactType::kTextList;
constexpr Provenance kTraffic = Provenance::kTraffic, kState = Provenance::kState,
                     kConfig = Provenance::kConfig;

FactBindings BindCounter(const StepBody& body) {
  FactBindings b;
  b.values["Name"] = std::get<CounterStep>(body).names;
  return b;
}

FactBindings BindLink(const StepBody& body) {
  (void)std::get<LinkStep>(body);
  FactBindings b;
  b.values["G"] = OffloadGroups();
  return b;
}

FactBindings BindSet(const StepBody& body) {
  const SetStep& set = std::get<SetStep>(body);
  FactBindings b;
  b.values["G"] = {};
  b.values["Key"] = {};
  if (set.offload) b.values["G"].push_back(*set.offload);
  if (set.sysctl) b.values["Key"].push_back(set.sysctl->key);
  if (set.mtu) b.attrs.push_back("mtu");
  return b;
}

FactBindings BindCaptureStop(const StepBody& body) {
  (void)std::get<CaptureStopStep>(body);
  FactBindings b;
  b.values["E"] = {"icmp_frag_needed", "icmp6_packet_too_big"};
  b.values["H"] = {"tcp_syn", "tcp_synack"};
  b.values["P"] = {"icmp", "icmpv6", "udp", "tcp"};
  return b;
}

std::vector<FactSpec> LinkCounterFacts() {
  std::vector<FactSpec> facts;
  for (const char* name :
       {"tx_packets", "tx_bytes", "rx_packets", "rx_bytes", "tx_dropped", "rx_dropped"}) {
    std::string unit = std::string(name).find("bytes") != std::string::npos ? "bytes" : "packets";
    facts.push_back(Fact(std::string("link.") + name, kInt, unit, kState,
                         std::string("interface statistic ") + name));
    facts.push_back(Fact(std::string("link.") + name + ".delta", kInt, unit, kState,
                         "change since the previous read of it in the case"));
  }
  return facts;
}

// The per-packet lists and per-protocol tallies (probes/capture_lists.h).
std::vector<FactSpec> CaptureListFacts() {
  return {
      Fact("capture.ip_lengths", kIntList, "bytes", kTraffic,
           "every IP packet's length (IPv4 total length, IPv6 40 + payload length), in capture "
           "order; the capture's filter selects which (`icmp`, `src host X` for one direction). "
           "This and every list below is absent past 2048 elements, never cut short"),
      Fact("capture.df", kIntList, "", kTraffic,
           "per IP packet, aligned with capture.ip_lengths: 1 when IPv4 DF is set, else 0 "
           "(IPv6: 0)"),
      Fact("capture.mf", kIntList, "", kTraffic,
           "per IP packet: 1 when more-fragments is set (IPv4 flag, IPv6 fragment header)"),
      Fact("capture.fragment_offsets", kIntList, "bytes", kTraffic,
           "per IP packet: the fragment offset"),
      Fact("capture.ip_ids", kIntList, "", kTraffic,
           "per IP packet: IPv4 identification; IPv6 fragment header identification, else 0"),
      Fact("capture.<P>.count", kInt, "packets", kTraffic,
           "IP packets of protocol P = icmp, icmpv6, udp, tcp by the IP header (every fragment "
           "counts)"),
      Fact("capture.<P>.ip_lengths", kIntList, "bytes", kTraffic, "their lengths, in order"),
      Fact("capture.tunneled.count", kInt, "packets", kTraffic,
           "tunnel packets whose inner IP packet was decoded: IPIP/6in4, GRE/gretap, VXLAN "
           "(UDP 4789), Geneve (UDP 6081); WireGuard is encrypted (see capture.udp.ip_lengths)"),
      Fact("capture.tunneled.outer_ip_lengths", kIntList, "bytes", kTraffic,
           "per tunnel packet: its outer IP length"),
      Fact("capture.tunneled.inner_ip_lengths", kIntList, "bytes", kTraffic,
           "per tunnel packet: the IP length of the packet it carries"),
      Fact("capture.tunneled.kinds", kTextList, "", kTraffic,
           "per tunnel packet: vxlan, geneve, gre or ipip"),
  };
}

std::vector<FactSpec> CaptureStopFacts() {
  std::vector<FactSpec> facts = {
      Fact("capture.packets", kInt, "packets", kTraffic, "packets seen"),
      Fact("capture.bytes", kInt, "bytes", kTraffic, "on the wire, link-layer header included"),
      Fact("capture.largest_packet", kInt, "bytes", kTraffic,
           "the largest IP packet by its header's length (TSO/GSO super-packets show here)"),
      Fact("capture.if_mtu", kInt, "bytes", kState, "the interface MTU read at capture-start"),
      Fact("capture.over_mtu.count", kInt, "packets", kTraffic,
           "IP packets longer than capture.if_mtu"),
      Fact("capture.ipv4_fragments.count", kInt, "packets", kTraffic,
           "IPv4 fragments (MF set or offset > 0)"),
      Fact("capture.ipv6_fragments.count", kInt, "packets", kTraffic,
           "IPv6 fragments (not atomic fragments)"),
      Fact("capture.tcp_df.count", kInt, "packets", kTraffic, "IPv4 TCP segments with DF"),
      Fact("capture.tcp_no_df.count", kInt, "packets", kTraffic, "IPv4 TCP segments without DF"),
      Fact("capture.<E>.count", kInt, "packets", kTraffic,
           "ICMP errors, E = icmp_frag_needed (type 3 code 4) or icmp6_packet_too_big; only "
           "the count is present when none was seen"),
      Fact("capture.<E>.mtu", kInt, "bytes", kTraffic, "next-hop MTU of the first one"),
      Fact("capture.<E>.from", kAddr, "", kTraffic, "source address of the first one"),
      Fact("capture.<E>.all_agree", kBool, "", kTraffic,
           "true: every one carried the same MTU from the same source"),
      Fact("capture.<E>.inner_protocol", kText, "", kTraffic,
           "protocol of the quoted header: icmp, tcp, udp, icmpv6 or the number"),
      Fact("capture.<E>.inner_src", kAddr, "", kTraffic, "the quoted header's source"),
      Fact("capture.<E>.inner_dst", kAddr, "", kTraffic, "the quoted header's destination"),
      Fact("capture.<E>.inner_id", kInt, "", kTraffic,
           "the quoted header's IP id, i.e. the refused packet's (IPv6: its fragment header's, "
           "else 0)"),
      Fact("capture.<E>.inner_seen", kBool, "", kTraffic,
           "true: the packet the first one quotes (protocol, IP id, source, destination) was "
           "captured before it on this interface; absent past 2048 packets before it"),
      Fact("capture.<H>.count", kInt, "packets", kTraffic,
           "handshake segments, H = tcp_syn (SYN without ACK) or tcp_synack"),
      Fact("capture.<H>.mss", kInt, "bytes", kTraffic, "MSS option of the first (when there)"),
      Fact("capture.<H>.wscale", kInt, "", kTraffic, "window scale of the first (when there)"),
      Fact("capture.<H>.sack_permitted", kBool, "", kTraffic, "SACK permitted in the first"),
      Fact("capture.<H>.from", kAddr, "", kTraffic, "source of the first"),
      Fact("capture.<H>.to", kAddr, "", kTraffic, "destination of the first"),
      Fact("capture.pcap_drops", kInt, "packets", kState,
           "packets the kernel dropped because the ring was full: always 0 in a report (any "
           "drop makes the capture-stop an error)"),
      Fact("capture.kept_packets", kInt, "packets", kTraffic,
           "packets held for the pcap file (up to 64 MiB of packet data)"),
      Fact("capture.linktype", kText, "", kState, "EN10MB (veth, bridge, vxlan...), RAW (TUN)"),
  };
  std::vector<FactSpec> lists = CaptureListFacts();
  facts.insert(facts.end() - 3, lists.begin(), lists.end());  // before pcap_drops, kept, linktype
  return facts;
}

}  // namespace

StepSpec CounterRow() {
  return {"counter",
          {"node", "name"},
          "counters of /proc/net/snmp, snmp6 and netstat in a node",
          {Fact("counter.<Name>", kInt, "", kState,
                "the counter as named in the step (Group.Name or a unique bare name)"),
           Fact("counter.<Name>.delta", kInt, "", kState,
                "change since the previous read of it on that node in the case (the first read "
                "counts from 0)")},
          BindCounter};
}

StepSpec LinkRow() {
  StepSpec row{"link",
               {"node", "dev"},
               "an interface's MTU, state, statistics and offloads",
               {Predictable(Fact("link.mtu", kInt, "bytes", kState, "the interface MTU")),
                Fact("link.up", kBool, "", kState, "administratively up"),
                Fact("link.carrier", kBool, "", kState, "carrier (lower layer up)")},
               BindLink};
  for (FactSpec& f : LinkCounterFacts()) row.facts.push_back(std::move(f));
  row.facts.push_back(Fact("link.offload.<G>", kText, "", kState,
                           "on or off, G in tso, gso, gro, lro, tx, sg"));
  row.facts.push_back(
      Fact("link.offload.<G>.changeable", kBool, "", kState, "the driver lets it change"));
  return row;
}

StepSpec SetRow() {
  return {"set",
          {"node", "dev", "mtu", "name", "value", "offload", "state", "refused"},
          "change an MTU, a sysctl or an offload mid-case",
          {Fact("set.result", kText, "", kState,
                "ok or refused: the kernel's answer to the write; only when the step expects "
                "a set.* fact (then a refusal is this fact, else it makes the case an error)"),
           Fact("set.errno", kText, "", kState,
                "the kernel's refusal as a symbolic errno (EINVAL, ERANGE...); only when refused"),
           Fact("set.error", kText, "", kState, "the refusal's message; only when refused"),
           OnlyWith(Fact("link.mtu", kInt, "bytes", kConfig,
                         "the MTU read back (also after a refusal: the MTU it kept)"),
                    "mtu"),
           Fact("sysctl.<Key>", kText, "", kConfig, "the sysctl read back (key fully expanded)"),
           Fact("offload.<G>", kText, "", kConfig, "on or off after the request"),
           Fact("offload.<G>.applied", kBool, "", kConfig, "the driver did what was asked"),
           Fact("offload.<G>.changeable", kBool, "", kConfig, "the driver lets it change"),
           Fact("offload.<G>.detail", kText, "", kConfig,
                "what the driver refused, as ethtool's \"Actual changes\"")},
          BindSet};
}

StepSpec FlushRow() {
  return {"flush",
          {"node", "family"},
          "drop a node's cached PMTU exceptions, after counting them",
          {Fact("flush.ipv4_listed", kInt, "", kState,
                "IPv4 exceptions a dump listed just before the flush, as ip route list cache | "
                "wc -l (IPv4 lists an exception once a route lookup has bound it)"),
           Fact("flush.ipv6_listed", kInt, "", kState, "IPv6 exceptions listed before"),
           Fact("flush.ipv6_removed", kInt, "", kState, "IPv6 exceptions deleted")},
          nullptr};
}

StepSpec WaitRow() { return {"wait", {"seconds"}, "pause", {}, nullptr}; }

StepSpec CaptureStartRow() {
  return {"capture-start",
          {"name", "at", "filter", "snaplen", "buffer", "empty"},
          "start a libpcap capture on node:ifname",
          {Fact("capture.linktype", kText, "", kState, "EN10MB (veth, bridge, vxlan...), RAW"),
           Fact("capture.if_mtu", kInt, "bytes", kState, "the interface MTU at this step")},
          nullptr};
}

StepSpec CaptureStopRow() {
  return {"capture-stop", {"name"}, "stop a capture and report what it saw", CaptureStopFacts(),
          BindCaptureStop};
}

StepSpec DeleteLinkRow() {
  return {"delete-link",
          {"node", "dev"},
          "delete an interface mid-case, like ip link del",
          {Fact("delete.ms", kInt, "ms", kState,
                "how long the kernel took to acknowledge (it answers once every reference to "
                "the device is gone: a leaked cached route shows here)"),
           Fact("delete.gone", kBool, "", kState, "true: no interface has that index any more")},
          nullptr};
}

StepSpec RouteReplaceRow() {
  return {"route-replace",
          {"node", "to", "family", "via", "dev", "src", "metric", "mtu", "lock", "advmss"},
          "add or replace a node's route mid-case, like ip route replace",
          {Fact("route_replace.route", kText, "", kConfig, "the route as sent"),
           Fact("route_replace.result", kText, "", kState,
                "ok or refused: the kernel's answer; only when the step expects a "
                "route_replace.result/.errno/.error fact (else a refusal is an error)"),
           Fact("route_replace.errno", kText, "", kState,
                "the kernel's refusal as a symbolic errno (ENETUNREACH, EINVAL...)"),
           Fact("route_replace.error", kText, "", kState, "the refusal's message")},
          nullptr};
}

}  // namespace mtulab::step_rows
