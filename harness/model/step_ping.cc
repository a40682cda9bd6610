// <ping>: ICMP echoes from a node. Its row of the step registry: element, attributes, help, reader,
// description and facts. Its runner: harness/probes/ping.cc.
#include "harness/model/step_row.h"

namespace mtulab {
namespace {

using step_row::Fact, step_row::OnlyWith, step_row::Predictable, step_row::kInt, step_row::kText,
    step_row::kAddr, step_row::kIntList, step_row::kTextList, step_row::kTraffic, step_row::kState,
    step_row::kConfig;

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

PingStep ReadPing(StepInput& in) {
  PingStep ping;
  Family family = ReadFromTo(in, ping);
  ping.size = in.Uint("size", 0, family == Family::kIpv4 ? 65507 : 65527).value_or(ping.size);
  ping.count = in.Uint("count", 1, 1000).value_or(ping.count);
  ping.interval_s = in.Seconds("interval", 0, 10, false).value_or(ping.interval_s);
  ping.timeout_s = in.Seconds("timeout", 0, 60, true).value_or(ping.timeout_s);
  ping.ttl = in.Uint("ttl", 1, 255);
  ping.cpu = in.Uint("cpu", 0, 4095);
  ping.df = ReadDf(in);
  ping.tos = ReadTos(in);
  return ping;
}

std::string DescribePing(const PingStep& s) {
  std::string out = WithFamily("ping " + s.from + " -> " + s.to.text, s.family);
  out += " size " + std::to_string(s.size);
  out += std::string(" df=") + DfModeName(s.df);
  out += " count " + std::to_string(s.count);
  if (s.ttl) out += " ttl " + std::to_string(*s.ttl);
  if (s.cpu) out += " cpu " + std::to_string(*s.cpu);
  out += DescribeTos(s.tos);
  return out;
}

}  // namespace

StepSpec PingStep::Row() {
  return {
      .name = "ping",
      .attrs = {"from", "to", "family", "size", "count", "interval", "timeout", "ttl", "df", "cpu",
                "tos"},
      .help = "ICMP echoes from a node, like ping -M do -s SIZE",
      .facts =
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
           Predictable(
               Fact("ping.icmp_from", kAddr, "", kTraffic, "source of the first ICMP error")),
           Fact("ping.icmp_type", kInt, "", kTraffic, "type of the first ICMP error"),
           Fact("ping.icmp_code", kInt, "", kTraffic, "code of the first ICMP error"),
           Fact("ping.errno", kText, "", kTraffic,
                "text of the first local_error's errno (e.g. Network is unreachable)"),
           Fact("ping.family", kText, "", kConfig, "ipv4 or ipv6"),
           Fact("ping.df", kText, "", kConfig, "the step's df mode"),
           Fact("ping.target", kAddr, "", kConfig, "the address echoed"),
           OnlyWith(Fact("ping.cpu", kInt, "", kState, "the CPU the echoes were sent from"),
                    "cpu")},
      .bind = BindPing,
      .sends_traffic = true,
      .pollable = true,
      .read = StepReader<PingStep, ReadPing>,
      .describe = StepDescriber<PingStep, DescribePing>};
}

}  // namespace mtulab
