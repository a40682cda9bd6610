// <flush>: a node's cached PMTU exceptions dropped. Its row of the step registry: element,
// attributes, help, reader, description and facts. Its runner: harness/probes/flush.cc.
#include "harness/model/step_row.h"

namespace mtulab {
namespace {

using step_row::Fact, step_row::kInt, step_row::kState;

FlushStep ReadFlush(StepInput& in) {
  FlushStep flush;
  flush.node = ReadNodeRef(in, "node");
  flush.family = in.FamilyOf("family");
  return flush;
}

std::string DescribeFlush(const FlushStep& s) { return WithFamily("flush " + s.node, s.family); }

}  // namespace

StepSpec FlushStep::Row() {
  return {
      .name = "flush",
      .attrs = {"node", "family"},
      .help = "drop a node's cached PMTU exceptions, after counting them",
      .facts = {Fact(
                    "flush.ipv4_listed", kInt, "", kState,
                    "IPv4 exceptions a dump listed just before the flush, as ip route list cache | "
                    "wc -l (IPv4 lists an exception once a route lookup has bound it)"),
                Fact("flush.ipv6_listed", kInt, "", kState, "IPv6 exceptions listed before"),
                Fact("flush.ipv6_removed", kInt, "", kState, "IPv6 exceptions deleted")},
      .pollable = true,
      .read = StepReader<FlushStep, ReadFlush>,
      .describe = StepDescriber<FlushStep, DescribeFlush>,
      .changes_state = true};
}

}  // namespace mtulab
