#include "harness/model/suite.h"

#include "harness/model/step_specs.h"

namespace mtulab {

std::string Expectation::Describe() const {
  std::string first = values.empty() ? std::string() : values.front();
  if (predicted_from && !predicted_from->empty()) first += " (predicted: " + *predicted_from + ")";
  switch (op) {
    case Op::kEquals:
      return fact + " = " + first;
    case Op::kAtLeast:
      return fact + " >= " + first;
    case Op::kAtMost:
      return fact + " <= " + first;
    case Op::kOneOf: {
      std::string list;
      for (const std::string& v : values) list += (list.empty() ? "" : ", ") + v;
      return fact + " one of {" + list + "}";
    }
    case Op::kBetween:
      return fact + " in [" + first + ", " + (values.size() > 1 ? values[1] : "?") + "]";
    case Op::kPresent:
      return fact + " present";
    case Op::kAbsent:
      return fact + " absent";
    case Op::kContains:
      return fact + " contains " + first;
    case Op::kAllAtLeast:
      return fact + " all >= " + first;
    case Op::kAllAtMost:
      return fact + " all <= " + first;
    case Op::kLength:
      return fact + " length = " + first;
    case Op::kDistinct:
      return fact + " distinct = " + first;
  }
  return fact;
}

const char* DfModeName(DfMode mode) {
  switch (mode) {
    case DfMode::kDefault:
      return "default";
    case DfMode::kDo:
      return "do";
    case DfMode::kWant:
      return "want";
    case DfMode::kDont:
      return "dont";
    case DfMode::kProbe:
      return "probe";
  }
  return "?";
}

const char* TcpEndName(TcpEnd end) {
  switch (end) {
    case TcpEnd::kShutdown:
      return "shutdown";
    case TcpEnd::kClose:
      return "close";
    case TcpEnd::kAbort:
      return "abort";
  }
  return "?";
}

const char* Step::Kind() const { return SpecOf(body).name.c_str(); }

std::string Step::Describe() const {
  std::string body_text = SpecOf(body).describe(body);
  return "step " + std::to_string(index) + " " + body_text;
}

}  // namespace mtulab

namespace mtulab {

const char* Expectation::Attribute() const {
  switch (op) {
    case Op::kEquals:
      return "equals";
    case Op::kAtLeast:
      return "at_least";
    case Op::kAtMost:
      return "at_most";
    case Op::kOneOf:
      return "one_of";
    case Op::kContains:
      return "contains";
    case Op::kAllAtLeast:
      return "all_at_least";
    case Op::kAllAtMost:
      return "all_at_most";
    case Op::kLength:
      return "length";
    case Op::kDistinct:
      return "distinct";
    case Op::kBetween:
      return "between";
    case Op::kPresent:
    case Op::kAbsent:
      break;
  }
  return "is";
}

const std::vector<std::string>& PredicateAttributes() {
  static const std::vector<std::string> names = {
      "equals",   "at_least",     "at_most",     "one_of", "between",
      "contains", "all_at_least", "all_at_most", "length", "distinct", "is"};
  return names;
}

namespace {

// Why `x`'s predicate does not apply to a fact of `type`, or "".
std::string OpProblem(const Expectation& x, FactType type) {
  using Op = Expectation::Op;
  bool list_op = x.op == Op::kContains || x.op == Op::kAllAtLeast || x.op == Op::kAllAtMost ||
                 x.op == Op::kLength || x.op == Op::kDistinct;
  bool scalar_op = x.op == Op::kAtLeast || x.op == Op::kAtMost || x.op == Op::kOneOf ||
                   x.op == Op::kBetween;
  std::string head = std::string(x.Attribute()) + " does not apply to " + x.fact + ", ";
  if (list_op && !IsListType(type)) {
    return head + "which is " + (type == FactType::kText ? "" : "an ") + FactTypeName(type) +
           ", not a list";
  }
  if (scalar_op && IsListType(type)) {
    return head + "a list (use contains, all_at_least, all_at_most, length or distinct)";
  }
  if ((x.op == Op::kAllAtLeast || x.op == Op::kAllAtMost) && type != FactType::kIntegerList) {
    return head + "a text list";
  }
  return "";
}

// The type the values of `x` parse as, for a fact of `type`.
FactType ValueType(const Expectation& x, FactType type) {
  using Op = Expectation::Op;
  switch (x.op) {
    case Op::kAtLeast:
    case Op::kAtMost:
    case Op::kBetween:
    case Op::kAllAtLeast:
    case Op::kAllAtMost:
    case Op::kLength:
    case Op::kDistinct:
      return FactType::kInteger;
    case Op::kContains:
      return ElementType(type);
    default:
      return type;
  }
}

}  // namespace

std::string TypeExpectation(Expectation& x, FactType type) {
  if (std::string problem = OpProblem(x, type); !problem.empty()) return problem;
  FactType value_type = ValueType(x, type);
  // contains: "(capture.ip_lengths is an integer list)"; else the type the value needs.
  FactType shown = x.op == Expectation::Op::kContains ? type : value_type;
  std::vector<FactValue> typed;
  for (const std::string& value : x.values) {
    std::optional<FactValue> v = ParseFactValue(value_type, value);
    if (!v) {
      bool an = shown == FactType::kInteger || shown == FactType::kAddress ||
                shown == FactType::kIntegerList;
      return std::string(x.Attribute()) + "=\"" + value + "\"" + FactTypeProblem(value_type) +
             " (" + x.fact + " is " + (an ? "an " : "a ") + FactTypeName(shown) + ")";
    }
    typed.push_back(std::move(*v));
  }
  x.typed = std::move(typed);
  return "";
}

}  // namespace mtulab
