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
    case Op::kBetween:
      return "between";
    case Op::kPresent:
    case Op::kAbsent:
      break;
  }
  return "is";
}

std::string TypeExpectation(Expectation& x, FactType type) {
  using Op = Expectation::Op;
  if (x.op == Op::kAtLeast || x.op == Op::kAtMost || x.op == Op::kBetween) {
    type = FactType::kInteger;
  }
  std::vector<FactValue> typed;
  for (const std::string& value : x.values) {
    std::optional<FactValue> v = ParseFactValue(type, value);
    if (!v) {
      return std::string(x.Attribute()) + "=\"" + value + "\"" + FactTypeProblem(type) + " (" +
             x.fact + " is " +
             (type == FactType::kInteger || type == FactType::kAddress ? "an " : "a ") +
             FactTypeName(type) + ")";
    }
    typed.push_back(std::move(*v));
  }
  x.typed = std::move(typed);
  return "";
}

}  // namespace mtulab
