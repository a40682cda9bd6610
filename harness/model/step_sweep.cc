// <sweep>: a binary search for the largest DF payload answered. Its row of the step registry:
// element, attributes, help, reader, description and facts. Its runner: harness/probes/sweep.cc.
#include "harness/model/step_row.h"

namespace mtulab {
namespace {

using step_row::Fact, step_row::OnlyWith, step_row::Predictable, step_row::kInt, step_row::kText,
    step_row::kAddr, step_row::kTraffic, step_row::kState, step_row::kConfig;

template <typename T>
FactBindings AttrsOf(const StepBody& body, const char* attr, bool given) {
  (void)std::get<T>(body);
  FactBindings b;
  if (given) b.attrs.push_back(attr);
  return b;
}

FactBindings BindSweep(const StepBody& body) {
  return AttrsOf<SweepStep>(body, "underlay", std::get<SweepStep>(body).underlay.has_value());
}

SweepStep ReadSweep(StepInput& in) {
  SweepStep sweep;
  Family family = ReadFromTo(in, sweep);
  uint32_t top = family == Family::kIpv4 ? 65507 : 65527;
  sweep.min = in.Uint("min", 0, top).value_or(sweep.min);
  sweep.max = in.Uint("max", 0, top).value_or(sweep.max);
  if (sweep.min > sweep.max)
    in.Error("<sweep> min " + std::to_string(sweep.min) + " is above max " +
             std::to_string(sweep.max));
  sweep.timeout_s = in.Seconds("timeout", 0, 10, true).value_or(sweep.timeout_s);
  sweep.tries = in.Uint("tries", 1, 10).value_or(sweep.tries);
  if (in.Has("df")) sweep.df = ReadDf(in);
  sweep.underlay = ReadIfRef(in, "underlay");
  return sweep;
}

std::string DescribeSweep(const SweepStep& s) {
  std::string text = WithFamily("sweep " + s.from + " -> " + s.to.text, s.family) + " size " +
                     std::to_string(s.min) + ".." + std::to_string(s.max) +
                     " df=" + DfModeName(s.df);
  if (s.underlay) text += " underlay " + s.underlay->text;
  return text;
}

}  // namespace

StepSpec SweepStep::Row() {
  return {
      .name = "sweep",
      .attrs = {"from", "to", "family", "min", "max", "df", "timeout", "tries", "underlay"},
      .help = "binary search for the largest DF payload that gets a reply",
      .facts = {Predictable(Fact("sweep.largest_payload", kInt, "bytes", kTraffic,
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
      .bind = BindSweep,
      .sends_traffic = true,
      .pollable = true,
      .read = StepReader<SweepStep, ReadSweep>,
      .describe = StepDescriber<SweepStep, DescribeSweep>};
}

}  // namespace mtulab
