// <until>: a step polled until a condition on its facts holds. Its row of the step registry:
// element, attributes, help, reader, description and facts. Its runner: harness/probes/until.cc.
#include "harness/model/step_row.h"

namespace mtulab {
namespace {

using step_row::Fact, step_row::kInt, step_row::kBool, step_row::kState;

// The step whose facts <until> passes on (its last poll's), with their own specs.
const Step* UntilInner(const StepBody& body) {
  const UntilStep& until = std::get<UntilStep>(body);
  return until.inner.empty() ? nullptr : &until.inner.front();
}

// every, timeout, fact and the predicate attributes (one of them is the condition).
std::vector<std::string> UntilAttrs() {
  std::vector<std::string> attrs = {"every", "timeout", "fact"};
  for (const std::string& p : PredicateAttributes()) attrs.push_back(p);
  return attrs;
}

UntilStep ReadUntil(StepInput& in) {
  UntilStep until;
  until.every_s = in.Seconds("every", 0, 60, true).value_or(until.every_s);
  until.timeout_s = in.Seconds("timeout", 0, 600, true).value_or(until.timeout_s);
  if (until.every_s > until.timeout_s) {
    in.AttrError("every",
                 "every=\"" + in.Get("every").value_or("") + "\" is longer than the timeout");
  }
  in.ReadPoll(until);
  return until;
}

std::string DescribeUntil(const UntilStep& s) {
  std::string inner = s.inner.empty() ? std::string("?")
                                      : SpecOf(s.inner.front().body).describe(s.inner.front().body);
  return "until " + s.condition.Describe() + " every " + FormatSeconds(s.every_s) + "s timeout " +
         FormatSeconds(s.timeout_s) + "s: " + inner;
}

}  // namespace

StepSpec UntilStep::Row() {
  return {
      .name = "until",
      .attrs = UntilAttrs(),
      .help = "run one inner step every X s until a condition on its facts holds, or time out",
      .facts = {Fact("until.held", kBool, "", kState, "the condition held before the timeout"),
                Fact(
                    "until.ms", kInt, "ms", kState,
                    "from the first poll's start to the end of the poll where it held (else to the "
                    "last poll's end)"),
                Fact("until.polls", kInt, "", kState,
                     "times the inner step ran; the inner step's facts follow too, as its last "
                     "poll produced them (with the inner step's type and provenance)")},
      .inner = UntilInner,
      .read = StepReader<UntilStep, ReadUntil>,
      .describe = StepDescriber<UntilStep, DescribeUntil>};
}

}  // namespace mtulab
