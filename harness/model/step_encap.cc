// <encap>: the bytes an encapsulation adds, seen on the underlay. Its row of the step registry:
// element, attributes, help, reader, description and facts. Its runner: harness/probes/encap.cc.
#include "harness/model/step_row.h"

namespace mtulab {
namespace {

using step_row::Fact, step_row::Predictable, step_row::kInt, step_row::kText, step_row::kTraffic,
    step_row::kConfig;

EncapStep ReadEncap(StepInput& in) {
  EncapStep encap;
  ReadFromTo(in, encap);
  encap.size = in.Uint("size", 0, 9000).value_or(encap.size);
  encap.timeout_s = in.Seconds("timeout", 0, 10, true).value_or(encap.timeout_s);
  in.Required("underlay");
  if (std::optional<Target> u = ReadIfRef(in, "underlay")) {
    if (*u->node != encap.from) {
      in.AttrError("underlay",
                   "underlay '" + u->text + "' must be an interface of node '" + encap.from + "'");
    }
    encap.underlay = *u;
  }
  return encap;
}

std::string DescribeEncap(const EncapStep& s) {
  return WithFamily("encap " + s.from + " -> " + s.to.text, s.family) + " size " +
         std::to_string(s.size) + " underlay " + s.underlay.text;
}

}  // namespace

StepSpec EncapStep::Row() {
  return {
      .name = "encap",
      .attrs = {"from", "to", "family", "size", "underlay", "timeout"},
      .help = "one echo after a warm-up, and the bytes its packet became on the underlay",
      .facts = {Fact("encap.result", kText, "", kTraffic, "the measured echo's outcome"),
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
      .sends_traffic = true,
      .pollable = true,
      .read = StepReader<EncapStep, ReadEncap>,
      .describe = StepDescriber<EncapStep, DescribeEncap>};
}

}  // namespace mtulab
