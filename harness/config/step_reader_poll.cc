// Readers of <read> (state read without writing) and <until> (a step polled until a
// condition on its facts holds), and the lists of step names the loader offers.
#include <algorithm>

#include "harness/config/loader_internal.h"
#include "harness/model/step_specs.h"
#include "harness/model/values.h"

namespace mtulab {
namespace {

// The one inner step of <until>, or nullopt (reported).
std::optional<Step> ReadInnerStep(Element& e, const StepRefs& refs) {
  std::optional<Step> inner;
  int steps = 0;
  for (pugi::xml_node child : e.node().children()) {
    std::string name = child.name();
    if (child.type() != pugi::node_element || name == "expect") continue;
    const std::vector<std::string>& pollable = PollableStepNames();
    // Another element is ReadStep's "unknown element" (it lists the pollable kinds).
    if (std::find(pollable.begin(), pollable.end(), name) == pollable.end()) continue;
    if (++steps == 2) e.Error("<until> takes exactly one step to poll, not several");
    if (steps != 1) continue;
    size_t errors = e.diags().size();
    inner = ReadStep(e, child, refs.topology, refs.ok);
    if (inner && !inner->expects.empty()) {
      e.diags().Add(e.file().LocOf(child),
                    "the step inside <until> takes no <expect>: put the condition on <until> "
                    "(fact=... is=...) and the expectations after it");
    }
    if (e.diags().size() != errors) inner.reset();
  }
  if (steps == 0) e.Error("<until> needs one step to poll (e.g. <pmtu from=... to=.../>)");
  return inner;
}

}  // namespace

std::vector<std::string> StepNames() {
  std::vector<std::string> names;
  for (const StepSpec& spec : StepSpecs()) names.push_back(spec.name);
  return names;
}

const std::vector<std::string>& PollableStepNames() {
  // Steps that read or probe; one that changes the lab, pauses or captures is not polled.
  static const std::vector<std::string> names = {"ping",  "pmtu",  "counter", "link", "flush",
                                                 "sweep", "encap", "tcp",     "udp",  "read"};
  return names;
}

ReadStateStep ReadReadStep(Element& e, const StepRefs& refs) {
  ReadStateStep read;
  read.node = ReadNodeRef(e, "node", refs);
  read.dev = e.Get("dev");
  if (read.dev) CheckDevRef(e, "dev", read.node, *read.dev, refs);
  if (!read.dev && !e.Has("sysctl")) e.Error("<read> needs 'dev', 'sysctl' or both");
  std::optional<std::string> name = e.Get("sysctl");
  if (!name) return read;
  std::string key = *name;
  if (read.dev) {  // an interface sysctl, as <set dev name>: "ipv4.mtu"
    bool v4 = name->rfind("ipv4.", 0) == 0, v6 = name->rfind("ipv6.", 0) == 0;
    if ((!v4 && !v6) || name->size() == 5) {
      e.AttrError("sysctl", "interface sysctl '" + *name + "' must be 'ipv4.KEY' or 'ipv6.KEY'");
      return read;
    }
    key = "net." + name->substr(0, 4) + ".conf." + *read.dev + "." + name->substr(5);
  } else if (name->rfind("net.", 0) != 0) {
    e.AttrError("sysctl", "sysctl '" + *name + "' must start with 'net.'");
    return read;
  }
  // Only [A-Za-z0-9_.-] and no empty component: the key stays under /proc/sys/net.
  if (std::optional<std::string> problem = CheckSysctlKey(*name)) {
    e.AttrError("sysctl", *problem);
    return read;
  }
  read.sysctl = key;
  return read;
}

UntilStep ReadUntil(Element& e, const StepRefs& refs) {
  UntilStep until;
  until.every_s = e.Seconds("every", 0, 60, true).value_or(until.every_s);
  until.timeout_s = e.Seconds("timeout", 0, 600, true).value_or(until.timeout_s);
  if (until.every_s > until.timeout_s) {
    e.AttrError("every",
                "every=\"" + e.Get("every").value_or("") + "\" is longer than the timeout");
  }
  std::optional<Step> inner = ReadInnerStep(e, refs);
  std::vector<Expectation> condition;
  ReadExpect(e, condition, false);
  if (condition.size() > 1) {
    e.Error("<until> takes one condition (one of " + JoinNames(PredicateAttributes()) + ")");
  } else if (condition.size() == 1 && condition.front().predicted_from) {
    e.AttrError("fact", "an <until> condition takes a literal value, not \"predicted\"");
  }
  bool has_condition = condition.size() == 1 && !condition.front().predicted_from;
  if (has_condition) until.condition = condition.front();
  if (inner) {
    if (e.Has("fact") && has_condition) {
      // Checked and typed as an expectation of the inner step (which has none of its own).
      size_t first = inner->expects.size();
      inner->expects.push_back(until.condition);
      CheckExpectedFact(e, *inner, first);
      until.condition = inner->expects.back();
      inner->expects.pop_back();
    } else if (e.Has("fact")) {
      CheckExpectedFact(e, *inner, inner->expects.size());
    }
    until.inner.push_back(std::move(*inner));
  }
  return until;
}

}  // namespace mtulab
