// <counter>: SNMP counters of a node. Its row of the step registry: element, attributes, help,
// reader, description and facts. Its runner: harness/probes/counter.cc.
#include "harness/model/step_row.h"

#include <sstream>

namespace mtulab {
namespace {

using step_row::Fact, step_row::kInt, step_row::kState;

FactBindings BindCounter(const StepBody& body) {
  FactBindings b;
  b.values["Name"] = std::get<CounterStep>(body).names;
  return b;
}

CounterStep ReadCounter(StepInput& in) {
  CounterStep counter;
  counter.node = ReadNodeRef(in, "node");
  std::istringstream names(in.Required("name"));
  bool bad = false;
  for (std::string name; names >> name;) {
    if (IsName(name, "_.", name.size())) {
      counter.names.push_back(name);
    } else {
      in.AttrError("name", "counter name '" + name + "' has a character other than [A-Za-z0-9_.]");
      bad = true;
    }
  }
  if (in.Has("name") && counter.names.empty() && !bad) {
    in.AttrError("name", "<counter> needs at least one counter name");
  }
  return counter;
}

std::string DescribeCounter(const CounterStep& s) {
  std::string out = "counter " + s.node;
  for (const std::string& name : s.names) out += " " + name;
  return out;
}

}  // namespace

StepSpec CounterStep::Row() {
  return {
      .name = "counter",
      .attrs = {"node", "name"},
      .help = "counters of /proc/net/snmp, snmp6 and netstat in a node",
      .facts = {Fact("counter.<Name>", kInt, "", kState,
                     "the counter as named in the step (Group.Name or a unique bare name)"),
                Fact(
                    "counter.<Name>.delta", kInt, "", kState,
                    "change since the previous read of it on that node in the case (the first read "
                    "counts from 0)")},
      .bind = BindCounter,
      .pollable = true,
      .read = StepReader<CounterStep, ReadCounter>,
      .describe = StepDescriber<CounterStep, DescribeCounter>};
}

}  // namespace mtulab
