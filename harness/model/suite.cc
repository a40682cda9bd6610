#include "harness/model/suite.h"

#include "harness/model/step_specs.h"

#include <charconv>

namespace mtulab {
namespace {

// Shortest text that reads back as `value`: 0.5 -> "0.5", 2 -> "2".
std::string FormatSeconds(double value) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  if (ec != std::errc()) return "?";
  return std::string(buf, end);
}

std::string WithFamily(std::string text, const std::optional<Family>& family) {
  if (family) text += std::string(" ") + FamilyName(*family);
  return text;
}

std::string DescribeBody(const PingStep& s) {
  std::string out = WithFamily("ping " + s.from + " -> " + s.to.text, s.family);
  out += " size " + std::to_string(s.size);
  out += std::string(" df=") + DfModeName(s.df);
  out += " count " + std::to_string(s.count);
  if (s.ttl) out += " ttl " + std::to_string(*s.ttl);
  if (s.cpu) out += " cpu " + std::to_string(*s.cpu);
  return out;
}

std::string DescribeBody(const PmtuStep& s) {
  std::string out = WithFamily("pmtu " + s.from + " -> " + s.to.text, s.family);
  if (s.oif) out += " oif " + *s.oif;
  return out;
}

std::string DescribeBody(const CounterStep& s) {
  std::string out = "counter " + s.node;
  for (const std::string& name : s.names) out += " " + name;
  return out;
}

std::string DescribeBody(const LinkStep& s) { return "link " + s.node + " " + s.dev; }

std::string DescribeBody(const SetStep& s) {
  std::string out = "set " + s.node;
  if (s.dev) out += " " + *s.dev;
  if (s.mtu) out += " mtu " + std::to_string(*s.mtu);
  if (s.sysctl) out += " " + s.sysctl->key + "=" + s.sysctl->value;
  if (s.offload) out += " " + *s.offload + (s.offload_on ? " on" : " off");
  return out;
}

std::string DescribeBody(const FlushStep& s) { return WithFamily("flush " + s.node, s.family); }

std::string DescribeBody(const SweepStep& s) {
  std::string text = WithFamily("sweep " + s.from + " -> " + s.to.text, s.family) + " size " +
                     std::to_string(s.min) + ".." + std::to_string(s.max) +
                     " df=" + DfModeName(s.df);
  if (s.underlay) text += " underlay " + s.underlay->text;
  return text;
}

std::string DescribeBody(const EncapStep& s) {
  return WithFamily("encap " + s.from + " -> " + s.to.text, s.family) + " size " +
         std::to_string(s.size) + " underlay " + s.underlay.text;
}

std::string DescribeBody(const WaitStep& s) { return "wait " + FormatSeconds(s.seconds) + "s"; }

std::string DescribeBody(const TcpStep& s) {
  std::string out = WithFamily("tcp " + s.from + " -> " + s.to.text, s.family);
  out += " port " + std::to_string(s.port) + " request " + std::to_string(s.request) +
         " response " + std::to_string(s.response);
  if (s.mss) out += " mss " + std::to_string(*s.mss);
  if (s.df != DfMode::kDefault) out += std::string(" df=") + DfModeName(s.df);
  if (s.end != TcpEnd::kShutdown) out += std::string(" end=") + TcpEndName(s.end);
  return out;
}

std::string DescribeBody(const UdpStep& s) {
  std::string out = WithFamily("udp " + s.from + " -> " + s.to.text, s.family);
  out += " size " + std::to_string(s.size) + " df=" + DfModeName(s.df);
  out += " count " + std::to_string(s.count);
  return out;
}

std::string DescribeBody(const CaptureStartStep& s) {
  std::string out = "capture-start " + s.name + " at " + s.at.text;
  if (!s.filter.empty()) out += " filter '" + s.filter + "'";
  return out;
}

std::string DescribeBody(const CaptureStopStep& s) { return "capture-stop " + s.name; }

std::string DescribeBody(const DeleteLinkStep& s) { return "delete-link " + s.node + " " + s.dev; }

std::string DescribeBody(const RouteReplaceStep& s) {
  return "route-replace " + s.node + " " + s.route.Describe();
}

std::string DescribeBody(const ReadStateStep& s) {
  std::string out = "read " + s.node + (s.dev ? " " + *s.dev : std::string());
  return s.sysctl ? out + " sysctl " + *s.sysctl : out;
}

std::string DescribeBody(const CniStep& s) { return "cni " + s.pod; }

std::string DescribeBody(const UntilStep& s) {
  std::string inner = s.inner.empty() ? std::string("?")
                                      : std::visit([](const auto& b) { return DescribeBody(b); },
                                                   s.inner.front().body);
  return "until " + s.condition.Describe() + " every " + FormatSeconds(s.every_s) + "s timeout " +
         FormatSeconds(s.timeout_s) + "s: " + inner;
}

}  // namespace

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
  std::string body_text = std::visit([](const auto& b) { return DescribeBody(b); }, body);
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
