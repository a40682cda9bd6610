// <tcp>: a TCP transfer between two mtulab sockets. Its row of the step registry: element,
// attributes, help, reader, description and facts. Its runner: harness/probes/tcp.cc.
#include "harness/model/step_row.h"

namespace mtulab {
namespace {

using step_row::Fact, step_row::kInt, step_row::kBool, step_row::kText, step_row::kAddr,
    step_row::kTraffic, step_row::kState, step_row::kConfig;

FactBindings BindTcp(const StepBody& body) {
  (void)std::get<TcpStep>(body);
  FactBindings b;
  b.values["S"] = {"client", "server"};
  return b;
}

TcpStep ReadTcp(StepInput& in) {
  TcpStep tcp;
  ReadFromTo(in, tcp);
  tcp.port = static_cast<uint16_t>(in.Uint("port", 1, 65535).value_or(tcp.port));
  tcp.request = in.Uint("request", 0, 1u << 30).value_or(0);
  tcp.response = in.Uint("response", 0, 1u << 30).value_or(0);
  tcp.mss = in.Uint("mss", 88, 65495);
  tcp.df = ReadDf(in);
  tcp.timeout_s = in.Seconds("timeout", 0, 600, true).value_or(tcp.timeout_s);
  tcp.stall_s = in.Seconds("stall", 0, 600, true).value_or(tcp.stall_s);
  tcp.end = static_cast<TcpEnd>(in.Choice("end", {"shutdown", "close", "abort"}).value_or(0));
  if (tcp.stall_s > tcp.timeout_s) {
    in.AttrError("stall", "stall=\"" + in.Get("stall").value_or("") +
                              "\" is longer than the step's timeout");
  }
  return tcp;
}

std::string DescribeTcp(const TcpStep& s) {
  std::string out = WithFamily("tcp " + s.from + " -> " + s.to.text, s.family);
  out += " port " + std::to_string(s.port) + " request " + std::to_string(s.request) +
         " response " + std::to_string(s.response);
  if (s.mss) out += " mss " + std::to_string(*s.mss);
  if (s.df != DfMode::kDefault) out += std::string(" df=") + DfModeName(s.df);
  if (s.end != TcpEnd::kShutdown) out += std::string(" end=") + TcpEndName(s.end);
  return out;
}

// TCP_INFO read at the end and right after the handshake, per socket S.
std::vector<FactSpec> TcpInfoFacts() {
  return {Fact("tcp.<S>.snd_mss", kInt, "bytes", kState,
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
               "retransmissions during the handshake (a lost SYN or SYN-ACK)")};
}

// Every fact of the step in the facts table's order: traffic, TCP_INFO, configuration.
std::vector<FactSpec> TcpFacts() {
  std::vector<FactSpec> facts = {
      Fact("tcp.result", kText, "", kTraffic,
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
           "step start -> the last delivered byte, end of stream or handshake (when "
           "connected)"),
      Fact("tcp.throughput_mbps", kInt, "Mbit/s", kTraffic,
           "both directions' bytes over handshake -> end, rounded down (completed only)"),
      Fact("tcp.errno", kText, "", kTraffic, "text of the socket error that decided"),
      Fact("tcp.server_saw", kText, "", kTraffic,
           "how the server's socket saw the connection end (when accepted): fin (end of "
           "stream), rst (reset), none (neither before the step ended)")};
  for (FactSpec& f : TcpInfoFacts()) facts.push_back(std::move(f));
  for (FactSpec& f : std::vector<FactSpec>{
           Fact("tcp.target", kAddr, "", kConfig, "the listener's address"),
           Fact("tcp.port", kInt, "", kConfig, "the listener's port"),
           Fact("tcp.family", kText, "", kConfig, "ipv4 or ipv6"),
           Fact("tcp.df", kText, "", kConfig, "the step's df mode"),
           Fact("tcp.end", kText, "", kConfig, "how the client ends: shutdown, close, abort"),
           Fact("tcp.server", kText, "", kConfig, "the server's node")}) {
    facts.push_back(std::move(f));
  }
  return facts;
}

}  // namespace

StepSpec TcpStep::Row() {
  return {.name = "tcp",
          .attrs = {"from", "to", "family", "port", "request", "response", "mss", "df", "timeout",
                    "stall", "end"},
          .help = "a TCP transfer between two mtulab sockets: request bytes, then response bytes",
          .facts = TcpFacts(),
          .bind = BindTcp,
          .sends_traffic = true,
          .pollable = true,
          .read = StepReader<TcpStep, ReadTcp>,
          .describe = StepDescriber<TcpStep, DescribeTcp>};
}

}  // namespace mtulab
