#include "harness/model/step_specs.h"

#include <algorithm>
#include <iterator>
#include <type_traits>
#include <utility>
#include <variant>

namespace mtulab {
namespace {

// Row() of every StepBody alternative, in variant order: a kind without one does not link.
template <size_t... I>
std::vector<StepSpec> Rows(std::index_sequence<I...>) {
  return {std::variant_alternative_t<I, StepBody>::Row()...};
}

// True when `text` matches `pattern`, each <X> standing for one or more characters.
bool MatchesShape(std::string_view pattern, std::string_view text) {
  if (pattern.empty()) return text.empty();
  if (pattern.front() != '<') {
    return !text.empty() && text.front() == pattern.front() &&
           MatchesShape(pattern.substr(1), text.substr(1));
  }
  size_t close = pattern.find('>');
  std::string_view rest = pattern.substr(close + 1);
  for (size_t n = 1; n <= text.size(); ++n) {
    if (MatchesShape(rest, text.substr(n))) return true;
  }
  return false;
}

// Every name `pattern` stands for under `bindings`; none when a placeholder is unbound.
void Expand(const std::string& pattern, const FactBindings& bindings,
            std::vector<std::string>& out) {
  size_t open = pattern.find('<');
  if (open == std::string::npos) {
    out.push_back(pattern);
    return;
  }
  size_t close = pattern.find('>', open);
  auto it = bindings.values.find(pattern.substr(open + 1, close - open - 1));
  if (it == bindings.values.end()) return;
  for (const std::string& value : it->second) {
    Expand(pattern.substr(0, open) + value + pattern.substr(close + 1), bindings, out);
  }
}

FactBindings BindingsOf(const Step& step) {
  const StepSpec& spec = SpecOf(step.body);
  return spec.bind ? spec.bind(step.body) : FactBindings{};
}

bool Given(const FactBindings& b, const std::string& attr) {
  return std::find(b.attrs.begin(), b.attrs.end(), attr) != b.attrs.end();
}

std::string EscapeCell(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

}  // namespace

const char* ProvenanceName(Provenance provenance) {
  switch (provenance) {
    case Provenance::kTraffic:
      return "traffic";
    case Provenance::kState:
      return "state";
    case Provenance::kConfig:
      return "config";
  }
  return "?";
}

const std::vector<StepSpec>& StepSpecs() {
  static const std::vector<StepSpec> specs = [] {
    return Rows(std::make_index_sequence<std::variant_size_v<StepBody>>());
  }();
  return specs;
}

const StepSpec& SpecOf(const StepBody& body) { return StepSpecs()[body.index()]; }

const StepSpec* FindStepSpec(const std::string& name) {
  for (const StepSpec& spec : StepSpecs()) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

const std::vector<std::string>& OffloadGroups() {
  static const std::vector<std::string> groups = {"tso", "gso", "gro", "lro", "tx", "sg"};
  return groups;
}

const FactSpec* FindFactSpec(const Step& step, const std::string& fact) {
  const StepSpec& spec = SpecOf(step.body);
  if (const Step* inner = spec.inner ? spec.inner(step.body) : nullptr) {
    if (const FactSpec* f = FindFactSpec(*inner, fact)) return f;
  }
  FactBindings bindings = BindingsOf(step);
  for (const FactSpec& f : SpecOf(step.body).facts) {
    if (!f.only_with.empty() && !Given(bindings, f.only_with)) continue;
    std::vector<std::string> names;
    Expand(f.pattern, bindings, names);
    if (std::find(names.begin(), names.end(), fact) != names.end()) return &f;
  }
  return nullptr;
}

std::vector<std::string> FactNames(const Step& step) {
  FactBindings bindings = BindingsOf(step);
  const StepSpec& spec = SpecOf(step.body);
  std::vector<std::string> names;
  for (const FactSpec& f : spec.facts) {
    if (f.only_with.empty() || Given(bindings, f.only_with)) Expand(f.pattern, bindings, names);
  }
  if (const Step* inner = spec.inner ? spec.inner(step.body) : nullptr) {
    for (std::string& name : FactNames(*inner)) names.push_back(std::move(name));
  }
  return names;
}

std::string FactProblem(const Step& step, const std::string& fact,
                        std::vector<std::string>* known) {
  if (FindFactSpec(step, fact) != nullptr) return "";
  const StepSpec& spec = SpecOf(step.body);
  FactBindings bindings = BindingsOf(step);
  std::string head = "fact '" + fact + "' ";
  for (const FactSpec& f : spec.facts) {
    if (f.pattern == fact && !f.only_with.empty() && !Given(bindings, f.only_with)) {
      return head + "exists only when <" + spec.name + "> has attribute '" + f.only_with + "'";
    }
  }
  for (const StepSpec& other : StepSpecs()) {
    for (const FactSpec& f : other.facts) {
      if (&other != &spec && f.pattern == fact) {
        return head + "comes from <" + other.name + ">, not from <" + spec.name + ">";
      }
    }
  }
  if (known) {  // a misspelling: the names to suggest from
    for (std::string& name : FactNames(step)) known->push_back(std::move(name));
  }
  for (const FactSpec& f : spec.facts) {
    if (f.pattern.find('<') != std::string::npos && MatchesShape(f.pattern, fact)) {
      return head + "is not produced by this <" + spec.name + "> (" + f.pattern +
             ": the step's attributes decide the <...> part)";
    }
  }
  for (const StepSpec& other : StepSpecs()) {
    for (const FactSpec& f : other.facts) {
      if (&other != &spec && MatchesShape(f.pattern, fact)) {
        return head + "comes from <" + other.name + ">, not from <" + spec.name + ">";
      }
    }
  }
  if (spec.facts.empty()) return head + "cannot be expected: <" + spec.name + "> has no facts";
  return head + "is not a fact of <" + spec.name + ">";
}

std::string FactProvenance(const std::string& kind, const std::string& fact) {
  const StepSpec* spec = FindStepSpec(kind);
  if (spec == nullptr) return "";
  for (const FactSpec& f : spec->facts) {
    if (MatchesShape(f.pattern, fact)) return ProvenanceName(f.provenance);
  }
  if (spec->inner == nullptr) return "";
  for (const StepSpec& other : StepSpecs()) {  // a fact of the wrapped step, by its own row
    if (other.inner != nullptr) continue;
    for (const FactSpec& f : other.facts) {
      if (MatchesShape(f.pattern, fact)) return ProvenanceName(f.provenance);
    }
  }
  return "";
}

std::string FactsTableMarkdown() {
  std::string out =
      "| step | fact | type | unit | provenance | meaning |\n|---|---|---|---|---|---|\n";
  for (const StepSpec& spec : StepSpecs()) {
    if (spec.facts.empty()) out += "| `" + spec.name + "` | (none) | | | | |\n";
    bool first = true;
    for (const FactSpec& f : spec.facts) {
      std::string meaning = f.doc;
      if (!f.only_with.empty()) meaning += "; only with `" + f.only_with + "`";
      if (f.predictable) meaning += "; takes `predicted`";
      if (f.time_dependent) meaning += "; time-dependent: expect a range (`between`)";
      out += "| " + (first ? "`" + spec.name + "`" : std::string()) + " | `" + f.pattern +
             "` | " + FactTypeName(f.type) + " | " + f.unit + " | " +
             ProvenanceName(f.provenance) + " | " + EscapeCell(meaning) + " |\n";
      first = false;
    }
  }
  return out;
}

const std::vector<std::string>& PollableStepNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const StepSpec& spec : StepSpecs()) {
      if (spec.pollable) out.push_back(spec.name);
    }
    return out;
  }();
  return names;
}

bool ExpectsRefusalFacts(const Step& step, const std::string& prefix) {
  for (const Expectation& x : step.expects) {
    for (const char* suffix : {".result", ".errno", ".error"}) {
      if (x.fact == prefix + suffix) return true;
    }
  }
  return false;
}

std::string StepHelpLines() {
  std::string out;
  for (const StepSpec& spec : StepSpecs()) {
    std::string name = "  " + spec.name;
    name.resize(std::max<size_t>(name.size() + 1, 17), ' ');
    out += name + spec.help + "\n";
  }
  return out;
}

}  // namespace mtulab
