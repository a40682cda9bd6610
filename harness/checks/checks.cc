#include "harness/checks/checks.h"

#include <algorithm>

namespace mtulab {
namespace {

// The expectation's values as parsed at load, or (built without the loader) as inferred
// from their text.
std::vector<FactValue> ExpectedValues(const Expectation& e) {
  if (e.typed.size() == e.values.size()) return e.typed;
  std::vector<FactValue> inferred;
  for (const std::string& v : e.values) inferred.push_back(InferFactValue(v));
  return inferred;
}

// Compares two integers with `holds`; a non-number on either side never holds.
template <typename Cmp>
bool CompareNumbers(const FactValue& observed, const std::vector<FactValue>& values, Cmp holds) {
  if (values.empty()) return false;
  const auto* a = std::get_if<int64_t>(&observed);
  const auto* b = std::get_if<int64_t>(&values.front());
  return a && b && holds(*a, *b);
}

// low <= observed <= high for values {low, high}, all integers.
bool InRange(const FactValue& observed, const std::vector<FactValue>& values) {
  if (values.size() != 2) return false;
  const auto* a = std::get_if<int64_t>(&observed);
  const auto* low = std::get_if<int64_t>(&values[0]);
  const auto* high = std::get_if<int64_t>(&values[1]);
  return a && low && high && *low <= *a && *a <= *high;
}

}  // namespace

bool Satisfies(const Expectation& e, const FactValue* observed) {
  using Op = Expectation::Op;
  if (e.op == Op::kPresent) return observed != nullptr;
  if (e.op == Op::kAbsent) return observed == nullptr;
  if (observed == nullptr) return false;
  std::vector<FactValue> values = ExpectedValues(e);
  switch (e.op) {
    case Op::kEquals:
      return !values.empty() && *observed == values.front();
    case Op::kOneOf:
      return std::any_of(values.begin(), values.end(),
                         [&](const FactValue& v) { return *observed == v; });
    case Op::kAtLeast:
      return CompareNumbers(*observed, values, [](int64_t a, int64_t b) { return a >= b; });
    case Op::kAtMost:
      return CompareNumbers(*observed, values, [](int64_t a, int64_t b) { return a <= b; });
    case Op::kBetween:
      return InRange(*observed, values);
    default:
      return false;
  }
}

bool Satisfies(const Expectation& e, const std::optional<std::string>& observed) {
  if (!observed) return Satisfies(e, static_cast<const FactValue*>(nullptr));
  FactValue value = InferFactValue(*observed);
  return Satisfies(e, &value);
}

std::vector<Unmet> Evaluate(const Step& step, const Facts& facts) {
  std::vector<Unmet> unmet;
  std::string description;
  for (const Expectation& e : step.expects) {
    if (Satisfies(e, facts.Value(e.fact))) continue;
    if (description.empty()) description = step.Describe();
    unmet.push_back(Unmet{step.index, description, e, facts.Get(e.fact)});
  }
  return unmet;
}

}  // namespace mtulab
