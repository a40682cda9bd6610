#include <algorithm>

#include "harness/config/loader_internal.h"
#include "harness/model/facts.h"

namespace mtulab {
namespace {

constexpr char kPredicted[] = "predicted";

std::string Trim(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

std::optional<std::vector<std::string>> SplitOneOf(Element& e, const std::string& text,
                                                   const char* attr) {
  std::vector<std::string> values;
  size_t start = 0;
  for (;;) {
    size_t comma = text.find(',', start);
    std::string value = Trim(text.substr(start, comma - start));
    if (value.empty()) {
      e.AttrError(attr, std::string(attr) + "=\"" + text + "\" has an empty value");
      return std::nullopt;
    }
    values.push_back(value);
    if (comma == std::string::npos) return values;
    start = comma + 1;
  }
}

// between="LOW,HIGH": two integers, LOW <= HIGH (an inclusive range; no "predicted").
std::optional<std::vector<std::string>> ReadBetween(Element& e, const std::string& text) {
  std::optional<std::vector<std::string>> values = SplitOneOf(e, text, "between");
  if (!values) return std::nullopt;
  const std::string head = "between=\"" + text + "\" ";
  if (values->size() != 2) {
    e.AttrError("between", head + "needs two integers, LOW,HIGH");
    return std::nullopt;
  }
  std::optional<int64_t> low = ParseInteger(values->front());
  std::optional<int64_t> high = ParseInteger(values->back());
  if (!low || !high) {
    e.AttrError("between", head + "is not two integers");
    return std::nullopt;
  }
  if (*low > *high) {
    e.AttrError("between", head + "is empty: " + values->front() + " > " + values->back());
    return std::nullopt;
  }
  return values;
}

// One predicate attribute; nullopt (reported) when its value is unusable.
std::optional<Expectation> ReadPredicate(Element& e, const std::string& attr,
                                         const std::string& value) {
  Expectation x;
  x.value_loc = e.AttrLoc(attr.c_str());
  // "predicted" is resolved against the case's topology once the suite is read (plan/).
  bool predicted =
      value == kPredicted && (attr == "equals" || attr == "at_least" || attr == "at_most");
  if (predicted) x.predicted_from = "";
  if (attr == "equals") {
    x.op = Expectation::Op::kEquals;
    x.values = {value};
  } else if (attr == "at_least" || attr == "at_most") {
    if (!predicted && !ParseInteger(value)) {
      e.AttrError(attr.c_str(), attr + "=\"" + value + "\" is not an integer");
      return std::nullopt;
    }
    x.op = attr == "at_least" ? Expectation::Op::kAtLeast : Expectation::Op::kAtMost;
    x.values = {value};
  } else if (attr == "all_at_least" || attr == "all_at_most" || attr == "length" ||
             attr == "distinct") {
    if (!ParseInteger(value)) {
      e.AttrError(attr.c_str(), attr + "=\"" + value + "\" is not an integer");
      return std::nullopt;
    }
    x.op = attr == "all_at_least"  ? Expectation::Op::kAllAtLeast
           : attr == "all_at_most" ? Expectation::Op::kAllAtMost
           : attr == "length"      ? Expectation::Op::kLength
                                   : Expectation::Op::kDistinct;
    x.values = {value};
  } else if (attr == "contains") {
    x.op = Expectation::Op::kContains;
    x.values = {value};
  } else if (attr == "between") {
    std::optional<std::vector<std::string>> values = ReadBetween(e, value);
    if (!values) return std::nullopt;
    x.op = Expectation::Op::kBetween;
    x.values = *values;
  } else if (attr == "one_of") {
    std::optional<std::vector<std::string>> values = SplitOneOf(e, value, "one_of");
    if (!values) return std::nullopt;
    x.op = Expectation::Op::kOneOf;
    x.values = *values;
  } else if (value == "present" || value == "absent") {
    x.op = value == "present" ? Expectation::Op::kPresent : Expectation::Op::kAbsent;
  } else {
    e.AttrError("is", "is=\"" + value + "\" must be 'present' or 'absent'");
    return std::nullopt;
  }
  return x;
}

}  // namespace

void ReadExpect(Element& e, std::vector<Expectation>& out, bool leaf) {
  if (leaf) e.Children({});
  std::string fact = e.Required("fact");
  if (e.Has("fact") && Trim(fact).empty()) e.AttrError("fact", "<" + e.name() + "> fact is empty");
  bool any = false;
  for (pugi::xml_attribute attr : e.node().attributes()) {
    std::string name = attr.name();
    const std::vector<std::string>& predicates = PredicateAttributes();
    if (std::find(predicates.begin(), predicates.end(), name) == predicates.end()) continue;
    any = true;
    if (std::optional<Expectation> x = ReadPredicate(e, name, attr.value())) {
      x->fact = fact;
      x->loc = e.loc();
      out.push_back(*x);
    }
  }
  if (!any) {
    std::vector<std::string> quoted;
    for (const std::string& p : PredicateAttributes()) quoted.push_back("'" + p + "'");
    e.Error("<" + e.name() + "> needs at least one of " + JoinNames(quoted));
  }
}

}  // namespace mtulab
