#include "harness/checks/checks.h"

#include <algorithm>

#include "harness/model/facts.h"

namespace mtulab {
namespace {

bool ValueEquals(const std::string& observed, const std::string& expected) {
  std::optional<int64_t> a = ParseInteger(observed);
  std::optional<int64_t> b = ParseInteger(expected);
  if (a && b) return *a == *b;
  return observed == expected;
}

// Compares two integers with `holds`; a non-number on either side never holds.
template <typename Cmp>
bool CompareNumbers(const std::string& observed, const std::vector<std::string>& values,
                    Cmp holds) {
  if (values.empty()) return false;
  std::optional<int64_t> a = ParseInteger(observed);
  std::optional<int64_t> b = ParseInteger(values.front());
  return a && b && holds(*a, *b);
}

}  // namespace

bool Satisfies(const Expectation& e, const std::optional<std::string>& observed) {
  using Op = Expectation::Op;
  if (e.op == Op::kPresent) return observed.has_value();
  if (e.op == Op::kAbsent) return !observed.has_value();
  if (!observed) return false;
  switch (e.op) {
    case Op::kEquals:
      return !e.values.empty() && ValueEquals(*observed, e.values.front());
    case Op::kOneOf:
      return std::any_of(e.values.begin(), e.values.end(),
                         [&](const std::string& v) { return ValueEquals(*observed, v); });
    case Op::kAtLeast:
      return CompareNumbers(*observed, e.values, [](int64_t a, int64_t b) { return a >= b; });
    case Op::kAtMost:
      return CompareNumbers(*observed, e.values, [](int64_t a, int64_t b) { return a <= b; });
    default:
      return false;
  }
}

std::vector<Unmet> Evaluate(const Step& step, const Facts& facts) {
  std::vector<Unmet> unmet;
  std::string description;
  for (const Expectation& e : step.expects) {
    std::optional<std::string> observed = facts.Get(e.fact);
    if (Satisfies(e, observed)) continue;
    if (description.empty()) description = step.Describe();
    unmet.push_back(Unmet{step.index, description, e, std::move(observed)});
  }
  return unmet;
}

}  // namespace mtulab
