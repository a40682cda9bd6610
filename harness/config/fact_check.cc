// Load-time checks that expectations can be met at all: every <expect fact> names a fact its
// step can produce (model/step_specs.h), and every case expects something.
#include <algorithm>

#include "harness/config/loader_internal.h"
#include "harness/model/step_specs.h"
#include "harness/model/values.h"

namespace mtulab {
namespace {

// "; did you mean 'x'?" for the closest name, else for the names sharing the longest prefix
// past the fact's group ("ping.icmp_sourc": ping.icmp_from, ping.icmp_type, ping.icmp_code).
std::string Suggestion(const std::string& fact, const std::vector<std::string>& known) {
  if (std::optional<std::string> close = ClosestName(fact, known)) {
    return "; did you mean '" + *close + "'?";
  }
  auto common = [&fact](const std::string& name) {
    size_t n = 0;
    while (n < fact.size() && n < name.size() && fact[n] == name[n]) ++n;
    return n;
  };
  size_t best = 0;
  for (const std::string& name : known) best = std::max(best, common(name));
  size_t group = fact.find('.');
  if (group == std::string::npos || best <= group + 1) return "";
  std::vector<std::string> close;
  for (const std::string& name : known) {
    if (common(name) == best) close.push_back("'" + name + "'");
  }
  if (close.size() > 4) return "";
  if (close.size() == 1) return "; did you mean " + close.front() + "?";
  return "; did you mean one of " + JoinNames(close) + "?";
}

// Parses the values of step.expects[first..] once, as their fact's declared type; a value
// of another type is an error at its attribute. "predicted" is typed once resolved (plan/).
// A time-dependent fact takes no exact value: what is read depends on when.
void TypeExpectations(Element& x, Step& step, size_t first, const FactSpec& spec) {
  for (size_t i = first; i < step.expects.size(); ++i) {
    Expectation& e = step.expects[i];
    using Op = Expectation::Op;
    if (e.op == Op::kBetween && spec.type != FactType::kInteger) {
      x.AttrError("between", "between=\"" + x.Get("between").value_or("") +
                                 "\" needs an integer fact (" + e.fact + " is a " +
                                 FactTypeName(spec.type) + ")");
      continue;
    }
    if (spec.time_dependent && (e.op == Op::kEquals || e.op == Op::kOneOf)) {
      x.AttrError(e.Attribute(), e.fact + " is time-dependent (its value depends on when it is " +
                                     "read): expect a range, between=\"LOW,HIGH\", not " +
                                     e.Attribute());
      continue;
    }
    if (e.predicted_from) continue;
    std::string problem = TypeExpectation(e, spec.type);
    if (problem.empty()) continue;
    x.AttrError(e.Attribute(), problem);
  }
}

}  // namespace

void CheckExpectedFact(Element& x, Step& step, size_t first) {
  std::string fact = x.Get("fact").value_or("");
  std::vector<std::string> known;
  std::string problem = FactProblem(step, fact, &known);
  if (problem.empty()) {
    TypeExpectations(x, step, first, *FindFactSpec(step, fact));
    return;
  }
  std::string hint = Suggestion(fact, known);
  if (hint.empty() && !known.empty()) {
    hint = known.size() <= 16 ? " (it has " + JoinNames(known) + ")"
                              : " (`mtulab help facts` lists them)";
  }
  x.AttrError("fact", problem + hint);
}

void CheckCaseExpects(Element& c, const Case& out) {
  for (const Step& step : out.steps) {
    if (!step.expects.empty()) return;
  }
  c.Error("case '" + out.name + "' has no expectation: it would pass whatever happens (add an " +
          "<expect> to the step whose facts decide the case)");
}

}  // namespace mtulab
