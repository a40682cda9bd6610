// Registry rows of the steps that send traffic along a path: ping, pmtu, sweep, encap, tcp, udp.
#include "harness/model/step_rows.h"

namespace mtulab::step_rows {
namespace {

constexpr FactType kInt = FactType::kInteger, kBool = FactType::kBool, kText = FactType::kText,
                   kAddr = FactType::kAddress, kIntList = FactType::kIntegerList,
                   kTextList = FactType::kTextList;
constexpr Provenance kTraffic = Provenance::kTraffic, kState = Provenance::kState,
                     kConfig = Provenance::kConfig;

template <typename T>
FactBindings AttrsOf(const StepBody& body, const char* attr, bool given) {
  (void)std::get<T>(body);
  FactBindings b;
  if (given) b.attrs.push_back(attr);
  return b;
}

FactBindings BindPing(const StepBody& body) {
  return AttrsOf<PingStep>(body, "cpu", std::get<PingStep>(body).cpu.has_value());
}

FactBindings BindSweep(const StepBody& body) {
  return AttrsOf<SweepStep>(body, "underlay", std::get<SweepStep>(body).underlay.has_value());
}

FactBindings BindTcp(const StepBody& body) {
  (void)std::get<TcpStep>(body);
  FactBindings b;
  b.values["S"] = {"client", "server"};
  return b;
}

}  // namespace

StepSpec PingRow() {
  return {
      "ping",
      {"from", "to", "family", "size", "count", "interval", "timeout", "ttl", "df", "cpu"},
      "ICMP echoes from a node, like ping -M do -s SIZE",
      {Fact("ping.result", kText, "", kTraffic,
            "the first echo's outcome: reply, local_emsgsize, local_error (with ping.errno), "
            "frag_needed, packet_too_big, icmp_error, timeout"),
       Fact("ping.last_result", kText, "", kTraffic, "the last echo's outcome"),
       Fact("ping.results", kTextList, "", kTraffic,
            "every echo's outcome, in order (values as ping.result)"),
       Fact("ping.mtus", kIntList, "bytes", kTraffic,
            "every echo's MTU, in order: from its error (ICMP or local EMSGSIZE), 0 when its "
            "outcome carried none"),
       Fact("ping.times_us", kIntList, "us", kTraffic,
            "every echo's time from send to its reply or error (for a timeout: the time "
            "waited), in order"),
       Fact("ping.sent", kInt, "packets", kConfig, "echoes sent (the step's count)"),
       Fact("ping.replies", kInt, "packets", kTraffic, "echo replies received"),
       Fact("ping.errors", kInt, "packets", kTraffic, "echoes that ended in an error"),
       Fact("ping.reply_size", kInt, "bytes", kTraffic,
            "ICMP bytes of the first reply, as ping prints: payload + 8"),
       Predictable(Fact("ping.mtu", kInt, "bytes", kTraffic,
                        "the MTU of the first error carrying one (ICMP or local EMSGSIZE)")),
       Predictable(Fact("ping.icmp_from", kAddr, "", kTraffic, "source of the first ICMP error")),
       Fact("ping.icmp_type", kInt, "", kTraffic, "type of the first ICMP error"),
       Fact("ping.icmp_code", kInt, "", kTraffic, "code of the first ICMP error"),
       Fact("ping.errno", kText, "", kTraffic,
            "text of the first local_error's errno (e.g. Network is unreachable)"),
       Fact("ping.family", kText, "", kConfig, "ipv4 or ipv6"),
       Fact("ping.df", kText, "", kConfig, "the step's df mode"),
       Fact("ping.target", kAddr, "", kConfig, "the address echoed"),
       OnlyWith(Fact("ping.cpu", kInt, "", kState, "the CPU the echoes were sent from"), "cpu")},
      BindPing,
      true};
}

StepSpec PmtuRow() {
  return {"pmtu",
          {"from", "to", "family", "oif"},
          "the route and PMTU cache entry for a destination, like ip route get",
          {Fact("route.exception", kBool, "", kState, "true: a learned PMTU is cached"),
           Predictable(Fact("route.pmtu", kInt, "bytes", kState,
                            "path MTU in use: the exception, else the route's mtu, else the "
                            "device MTU")),
           Fact("route.mtu_source", kText, "", kState, "exception, route or device"),
           Predictable(Fact("route.locked", kBool, "", kState, "the route's mtu is locked")),
           TimeDependent(Fact("route.expires_s", kInt, "s", kState,
                              "seconds until the exception expires, as read: it counts down "
                              "from mtu_expires while the case runs (only with an exception)")),
           Fact("route.dev", kText, "", kState, "output interface"),
           Fact("route.gateway", kAddr, "", kState, "next hop (when set)"),
           Fact("route.src", kAddr, "", kState, "preferred source (when set)"),
           Fact("route.advmss", kInt, "bytes", kState, "the route's advmss (when set)"),
           Fact("route.target", kAddr, "", kConfig, "the address looked up")},
          nullptr};
}

StepSpec SweepRow() {
  return {"sweep",
          {"from", "to", "family", "min", "max", "df", "timeout", "tries", "underlay"},
          "binary search for the largest DF payload that gets a reply",
          {Predictable(Fact("sweep.largest_payload", kInt, "bytes", kTraffic,
                            "the largest ICMP payload answered")),
           Predictable(Fact("sweep.path_mtu", kInt, "bytes", kTraffic,
                            "largest payload + 28 (IPv4) or + 48 (IPv6)")),
           Fact("sweep.probes", kInt, "packets", kTraffic, "echoes sent, priming included"),
           Fact("sweep.failure", kText, "", kTraffic, "result of the first failing echo"),
           OnlyWith(Predictable(Fact("sweep.underlay_mtu", kInt, "bytes", kState,
                                     "MTU of the underlay interface")),
                    "underlay"),
           OnlyWith(Predictable(Fact("sweep.overhead", kInt, "bytes", kTraffic,
                                     "underlay MTU - path MTU")),
                    "underlay"),
           Fact("sweep.target", kAddr, "", kConfig, "the address swept")},
          BindSweep, true};
}

StepSpec EncapRow() {
  return {"encap",
          {"from", "to", "family", "size", "underlay", "timeout"},
          "one echo after a warm-up, and the bytes its packet became on the underlay",
          {Fact("encap.result", kText, "", kTraffic, "the measured echo's outcome"),
           Fact("encap.warmup_result", kText, "", kTraffic, "the warm-up echo's outcome"),
           Fact("encap.inner_packet", kInt, "bytes", kConfig, "IP bytes of the echo"),
           Fact("encap.outer_packet", kInt, "bytes", kTraffic,
                "IP bytes the underlay sent for it (a measurement only)"),
           Predictable(Fact("encap.overhead", kInt, "bytes", kTraffic,
                            "outer - inner packet (a measurement only)")),
           Fact("encap.underlay_packets", kInt, "packets", kTraffic,
                "packets the underlay sent in the last window: 1 for a measurement (up to 5 "
                "windows are tried)"),
           Fact("encap.windows", kInt, "", kTraffic, "windows tried")},
          nullptr, true};
}

StepSpec TcpRow() {
  return {
      "tcp",
      {"from", "to", "family", "port", "request", "response", "mss", "df", "timeout", "stall",
       "end"},
      "a TCP transfer between two mtulab sockets: request bytes, then response bytes",
      {Fact("tcp.result", kText, "", kTraffic,
            "completed; stalled (connected, then nothing delivered for stall s); timeout; "
            "refused, reset, unreachable (socket error); truncated (end of stream before every "
            "byte); error (with tcp.errno)"),
       Fact("tcp.connected", kBool, "", kTraffic, "the handshake completed"),
       Fact("tcp.completed", kBool, "", kTraffic, "tcp.result is completed"),
       Fact("tcp.stalled", kBool, "", kTraffic, "tcp.result is stalled"),
       Fact("tcp.request_bytes", kInt, "bytes", kTraffic, "request bytes the server counted"),
       Fact("tcp.response_bytes", kInt, "bytes", kTraffic, "response bytes the client counted"),
       Fact("tcp.duration_ms", kInt, "ms", kTraffic, "the whole step"),
       Fact("tcp.connect_ms", kInt, "ms", kTraffic, "the handshake (when connected)"),
       Fact("tcp.last_progress_ms", kInt, "ms", kTraffic,
            "step start -> the last delivered byte, end of stream or handshake (when connected)"),
       Fact("tcp.throughput_mbps", kInt, "Mbit/s", kTraffic,
            "both directions' bytes over handshake -> end, rounded down (completed only)"),
       Fact("tcp.errno", kText, "", kTraffic, "text of the socket error that decided"),
       Fact("tcp.server_saw", kText, "", kTraffic,
            "how the server's socket saw the connection end (when accepted): fin (end of "
            "stream), rst (reset), none (neither before the step ended)"),
       Fact("tcp.<S>.snd_mss", kInt, "bytes", kState,
            "TCP_INFO at the end (the client's just before it closes with end close / abort), "
            "S = client (when connected) or server (when accepted): the MSS it sends with, "
            "minus TCP options in use"),
       Fact("tcp.<S>.rcv_mss", kInt, "bytes", kState, "the peer's MSS as estimated (TCP_INFO)"),
       Fact("tcp.<S>.advmss", kInt, "bytes", kState,
            "the MSS its SYN advertised minus options in use (TCP_INFO)"),
       Fact("tcp.<S>.pmtu", kInt, "bytes", kState,
            "the path MTU TCP uses; stays high in a black hole (TCP_INFO)"),
       Fact("tcp.<S>.total_retrans", kInt, "packets", kState,
            "retransmissions, tail loss probes included (TCP_INFO)"),
       Fact("tcp.<S>.connect.snd_mss", kInt, "bytes", kState,
            "TCP_INFO right after S's handshake (the client's connect, the server's accept): "
            "the MSS it starts sending with"),
       Fact("tcp.<S>.connect.rcv_mss", kInt, "bytes", kState,
            "the peer's MSS as first estimated (TCP_INFO after the handshake)"),
       Fact("tcp.<S>.connect.advmss", kInt, "bytes", kState,
            "the MSS its SYN advertised, minus options (TCP_INFO after the handshake)"),
       Fact("tcp.<S>.connect.pmtu", kInt, "bytes", kState,
            "the path MTU TCP starts with (TCP_INFO after the handshake)"),
       Fact("tcp.<S>.connect.total_retrans", kInt, "packets", kState,
            "retransmissions during the handshake (a lost SYN or SYN-ACK)"),
       Fact("tcp.target", kAddr, "", kConfig, "the listener's address"),
       Fact("tcp.port", kInt, "", kConfig, "the listener's port"),
       Fact("tcp.family", kText, "", kConfig, "ipv4 or ipv6"),
       Fact("tcp.df", kText, "", kConfig, "the step's df mode"),
       Fact("tcp.end", kText, "", kConfig, "how the client ends: shutdown, close, abort"),
       Fact("tcp.server", kText, "", kConfig, "the server's node")},
      BindTcp,
      true};
}

StepSpec UdpRow() {
  return {"udp",
          {"from", "to", "family", "port", "size", "count", "df", "timeout"},
          "UDP datagrams from a connected socket (IP_RECVERR) to a receiver",
          {Fact("udp.result", kText, "", kTraffic,
                "the first datagram: sent; emsgsize (refused locally); error (with udp.errno)"),
           Fact("udp.last_result", kText, "", kTraffic, "the last datagram's result"),
           Fact("udp.sent", kInt, "packets", kTraffic, "datagrams sent"),
           Fact("udp.errors", kInt, "packets", kTraffic, "sends that failed"),
           Fact("udp.received", kInt, "packets", kTraffic, "datagrams at the far end"),
           Fact("udp.received_size", kInt, "bytes", kTraffic, "the first one, as reassembled"),
           Fact("udp.duration_us", kInt, "us", kTraffic, "first send -> last datagram received"),
           Fact("udp.mtu", kInt, "bytes", kTraffic,
                "from the first error carrying one (local EMSGSIZE, else ICMP; IP_MTU if the "
                "error queue had none)"),
           Fact("udp.icmp", kText, "", kTraffic,
                "first ICMP error: frag_needed, packet_too_big, icmp_error"),
           Fact("udp.icmp_from", kAddr, "", kTraffic, "its source"),
           Fact("udp.icmp_type", kInt, "", kTraffic, "its type"),
           Fact("udp.icmp_code", kInt, "", kTraffic, "its code"),
           Fact("udp.errno", kText, "", kTraffic,
                "text of the first send error (e.g. No buffer space available)"),
           Fact("udp.path_mtu", kInt, "bytes", kState,
                "IP_MTU/IPV6_MTU of the sending socket after the step"),
           Fact("udp.target", kAddr, "", kConfig, "the receiver's address"),
           Fact("udp.port", kInt, "", kConfig, "the receiver's port"),
           Fact("udp.family", kText, "", kConfig, "ipv4 or ipv6"),
           Fact("udp.df", kText, "", kConfig, "the step's df mode"),
           Fact("udp.size", kInt, "bytes", kConfig, "payload bytes per datagram"),
           Fact("udp.receiver", kText, "", kConfig, "the receiver's node")},
          nullptr, true};
}

}  // namespace mtulab::step_rows
