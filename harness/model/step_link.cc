// <link>: an interface's MTU, state, statistics and offloads. Its row of the step registry:
// element, attributes, help, reader, description and facts. Its runner:
// harness/probes/link_read.cc.
#include "harness/model/step_row.h"

namespace mtulab {
namespace {

using step_row::Fact, step_row::Predictable, step_row::kInt, step_row::kBool, step_row::kText,
    step_row::kState;

FactBindings BindLink(const StepBody& body) {
  (void)std::get<LinkStep>(body);
  FactBindings b;
  b.values["G"] = OffloadGroups();
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

LinkStep ReadLinkStep(StepInput& in) {
  LinkStep link;
  link.node = ReadNodeRef(in, "node");
  link.dev = in.Required("dev");
  if (in.Has("dev")) CheckDevRef(in, "dev", link.node, link.dev);
  return link;
}

std::string DescribeLink(const LinkStep& s) { return "link " + s.node + " " + s.dev; }

}  // namespace

StepSpec LinkStep::Row() {
  StepSpec row{.name = "link",
               .attrs = {"node", "dev"},
               .help = "an interface's MTU, state, statistics and offloads",
               .facts = {Predictable(Fact("link.mtu", kInt, "bytes", kState, "the interface MTU")),
                         Fact("link.up", kBool, "", kState, "administratively up"),
                         Fact("link.carrier", kBool, "", kState, "carrier (lower layer up)")},
               .bind = BindLink,
               .pollable = true,
               .read = StepReader<LinkStep, ReadLinkStep>,
               .describe = StepDescriber<LinkStep, DescribeLink>};
  for (FactSpec& f : LinkCounterFacts()) row.facts.push_back(std::move(f));
  row.facts.push_back(
      Fact("link.offload.<G>", kText, "", kState, "on or off, G in tso, gso, gro, lro, tx, sg"));
  row.facts.push_back(
      Fact("link.offload.<G>.changeable", kBool, "", kState, "the driver lets it change"));
  return row;
}

}  // namespace mtulab
