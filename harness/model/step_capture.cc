// <capture-start> and <capture-stop>: a libpcap capture on node:ifname from one step to the other
// (they share the capture's name). Their rows of the step registry: element, attributes, help,
// reader, description and facts. Their runners: harness/probes/capture.cc.
#include "harness/model/step_row.h"

namespace mtulab {
namespace {

using step_row::Fact, step_row::kInt, step_row::kBool, step_row::kText, step_row::kAddr,
    step_row::kIntList, step_row::kTextList, step_row::kTraffic, step_row::kState;

FactBindings BindCaptureStop(const StepBody& body) {
  (void)std::get<CaptureStopStep>(body);
  FactBindings b;
  b.values["E"] = {"icmp_frag_needed", "icmp6_packet_too_big"};
  b.values["H"] = {"tcp_syn", "tcp_synack"};
  b.values["P"] = {"icmp", "icmpv6", "udp", "tcp"};
  return b;
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
      Fact("capture.link_header_lengths", kIntList, "bytes", kTraffic,
           "per IP packet: the bytes before its IP header on the wire (Ethernet 14, + 4 per "
           "802.1Q/802.1ad tag, which libpcap puts back from the kernel's metadata, + 4 per "
           "MPLS label)"),
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

// Capture names become report file names and fact contexts: keep them plain.
std::string ReadCaptureName(StepInput& in) {
  std::string name = in.Required("name");
  if (in.Has("name") && (!IsName(name, "_.-", 64) || IsDotName(name))) {
    in.AttrError("name", "capture name '" + name + "' must match [A-Za-z0-9_.-]{1,64}");
  }
  return name;
}

CaptureStartStep ReadCaptureStart(StepInput& in) {
  CaptureStartStep capture;
  capture.name = ReadCaptureName(in);
  in.Required("at");
  if (std::optional<Target> at = ReadIfRef(in, "at")) capture.at = *at;
  capture.filter = in.Get("filter").value_or("");
  // Compiled for Ethernet (veth, bridge, vxlan, ...): a syntax error fails here, without
  // root; a filter the interface's real link type refuses fails when the capture starts.
  if (std::string why = in.CaptureFilterProblem(capture.filter); !why.empty()) {
    in.AttrError("filter", why);
  }
  capture.snaplen = in.Uint("snaplen", 64, 262144).value_or(capture.snaplen);
  capture.buffer = in.ReadCaptureBuffer();
  if (std::optional<std::string> empty = in.Get("empty")) {
    if (*empty != "allowed" && *empty != "error") {
      in.AttrError("empty", "empty=\"" + *empty + "\" must be 'allowed' or 'error'");
    }
    capture.empty_allowed = *empty == "allowed";
  }
  return capture;
}

CaptureStopStep ReadCaptureStop(StepInput& in) { return CaptureStopStep{ReadCaptureName(in)}; }

std::string DescribeCaptureStart(const CaptureStartStep& s) {
  std::string out = "capture-start " + s.name + " at " + s.at.text;
  if (!s.filter.empty()) out += " filter '" + s.filter + "'";
  return out;
}

std::string DescribeCaptureStop(const CaptureStopStep& s) { return "capture-stop " + s.name; }

}  // namespace

StepSpec CaptureStartStep::Row() {
  return {
      .name = "capture-start",
      .attrs = {"name", "at", "filter", "snaplen", "buffer", "empty"},
      .help = "start a libpcap capture on node:ifname",
      .facts = {Fact("capture.linktype", kText, "", kState, "EN10MB (veth, bridge, vxlan...), RAW"),
                Fact("capture.if_mtu", kInt, "bytes", kState, "the interface MTU at this step")},
      .read = StepReader<CaptureStartStep, ReadCaptureStart>,
      .describe = StepDescriber<CaptureStartStep, DescribeCaptureStart>};
}

StepSpec CaptureStopStep::Row() {
  return {.name = "capture-stop",
          .attrs = {"name"},
          .help = "stop a capture and report what it saw",
          .facts = CaptureStopFacts(),
          .bind = BindCaptureStop,
          .read = StepReader<CaptureStopStep, ReadCaptureStop>,
          .describe = StepDescriber<CaptureStopStep, DescribeCaptureStop>};
}

}  // namespace mtulab
