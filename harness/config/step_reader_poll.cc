// The part of <until> only the loader can read: its one inner step (a child element) and the
// condition on that step's facts (predicate attributes, checked as the inner step's).
#include <algorithm>

#include "harness/config/loader_internal.h"
#include "harness/model/step_specs.h"

namespace mtulab {
namespace {

// The one inner step of <until>, or nullopt (reported).
std::optional<Step> ReadInnerStep(Element& e, const Topology& topology, bool topology_ok) {
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
    inner = ReadStep(e, child, topology, topology_ok);
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

void ReadUntilPoll(Element& e, const Topology& topology, bool topology_ok, UntilStep& until) {
  std::optional<Step> inner = ReadInnerStep(e, topology, topology_ok);
  std::vector<Expectation> condition;
  ReadExpect(e, condition, false);
  if (condition.size() > 1) {
    e.Error("<until> takes one condition (one of " + JoinNames(PredicateAttributes()) + ")");
  } else if (condition.size() == 1 && condition.front().predicted_from) {
    e.AttrError("fact", "an <until> condition takes a literal value, not \"predicted\"");
  }
  bool has_condition = condition.size() == 1 && !condition.front().predicted_from;
  if (has_condition) until.condition = condition.front();
  if (!inner) return;
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

}  // namespace mtulab
