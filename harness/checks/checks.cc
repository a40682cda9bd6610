#include "harness/checks/checks.h"

#include <algorithm>
#include <set>

namespace mtulab {
namespace {

using Op = Expectation::Op;

// The list `value` holds, element by element; nullopt when it holds no list.
std::optional<std::vector<FactValue>> Elements(const FactValue& value) {
  if (const auto* list = std::get_if<IntegerList>(&value)) {
    return std::vector<FactValue>(list->begin(), list->end());
  }
  if (const auto* list = std::get_if<TextList>(&value)) {
    return std::vector<FactValue>(list->begin(), list->end());
  }
  return std::nullopt;
}

// The expectation's values as parsed at load, or (built without the loader) as inferred
// from their text: for an observed list, `equals` as a list of its type.
std::vector<FactValue> ExpectedValues(const Expectation& e, const FactValue& observed) {
  if (e.typed.size() == e.values.size()) return e.typed;
  FactType list_type =
      std::holds_alternative<TextList>(observed) ? FactType::kTextList : FactType::kIntegerList;
  bool list = Elements(observed).has_value();
  std::vector<FactValue> inferred;
  for (const std::string& v : e.values) {
    std::optional<FactValue> parsed;
    if (list && e.op == Op::kEquals) parsed = ParseFactValue(list_type, v);
    inferred.push_back(parsed ? *parsed : InferFactValue(v));
  }
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

// The list predicates (contains, all_*, length, distinct); false when `observed` is no list.
bool SatisfiesList(const Expectation& e, const FactValue& observed,
                   const std::vector<FactValue>& values) {
  std::optional<std::vector<FactValue>> items = Elements(observed);
  if (!items || values.empty()) return false;
  const FactValue& want = values.front();
  const auto* n = std::get_if<int64_t>(&want);
  auto all = [&](auto holds) {
    return !items->empty() && std::all_of(items->begin(), items->end(), [&](const FactValue& v) {
      const auto* a = std::get_if<int64_t>(&v);
      return n && a && holds(*a, *n);
    });
  };
  switch (e.op) {
    case Op::kContains:
      return std::find(items->begin(), items->end(), want) != items->end();
    case Op::kAllAtLeast:
      return all([](int64_t a, int64_t b) { return a >= b; });
    case Op::kAllAtMost:
      return all([](int64_t a, int64_t b) { return a <= b; });
    case Op::kLength:
      return n && static_cast<int64_t>(items->size()) == *n;
    case Op::kDistinct: {
      std::set<std::string> distinct;
      for (const FactValue& v : *items) distinct.insert(FactValueText(v));
      return n && static_cast<int64_t>(distinct.size()) == *n;
    }
    default:
      return false;
  }
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
  if (e.op == Op::kPresent) return observed != nullptr;
  if (e.op == Op::kAbsent) return observed == nullptr;
  if (observed == nullptr) return false;
  std::vector<FactValue> values = ExpectedValues(e, *observed);
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
      return SatisfiesList(e, *observed, values);
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
