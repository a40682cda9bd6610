// <pmtu>: the route and PMTU cache entry for a destination. Its row of the step registry: element,
// attributes, help, reader, description and facts. Its runner: harness/probes/pmtu.cc.
#include "harness/model/step_row.h"

namespace mtulab {
namespace {

using step_row::Fact, step_row::TimeDependent, step_row::Predictable, step_row::kInt,
    step_row::kBool, step_row::kText, step_row::kAddr, step_row::kState, step_row::kConfig;

PmtuStep ReadPmtu(StepInput& in) {
  PmtuStep pmtu;
  ReadFromTo(in, pmtu);
  pmtu.oif = in.Get("oif");
  if (pmtu.oif) CheckDevRef(in, "oif", pmtu.from, *pmtu.oif);
  pmtu.tos = ReadTos(in);
  return pmtu;
}

std::string DescribePmtu(const PmtuStep& s) {
  std::string out = WithFamily("pmtu " + s.from + " -> " + s.to.text, s.family);
  if (s.oif) out += " oif " + *s.oif;
  out += DescribeTos(s.tos);
  return out;
}

}  // namespace

StepSpec PmtuStep::Row() {
  return {
      .name = "pmtu",
      .attrs = {"from", "to", "family", "oif", "tos"},
      .help = "the route and PMTU cache entry for a destination, like ip route get",
      .facts = {Fact("route.exception", kBool, "", kState, "true: a learned PMTU is cached"),
                Predictable(Fact("route.pmtu", kInt, "bytes", kState,
                                 "path MTU in use: the exception, else the route's mtu, else the "
                                 "device MTU")),
                Fact("route.mtu_source", kText, "", kState, "exception, route or device"),
                Predictable(Fact("route.locked", kBool, "", kState, "the route's mtu is locked")),
                TimeDependent(
                    Fact("route.expires_s", kInt, "s", kState,
                         "seconds until the exception expires, as read: it counts down "
                         "from mtu_expires while the case runs (only with an exception)")),
                Fact("route.dev", kText, "", kState, "output interface"),
                Fact("route.gateway", kAddr, "", kState, "next hop (when set)"),
                Fact("route.src", kAddr, "", kState, "preferred source (when set)"),
                Fact("route.advmss", kInt, "bytes", kState, "the route's advmss (when set)"),
                Fact("route.target", kAddr, "", kConfig, "the address looked up")},
      .pollable = true,
      .read = StepReader<PmtuStep, ReadPmtu>,
      .describe = StepDescriber<PmtuStep, DescribePmtu>};
}

}  // namespace mtulab
