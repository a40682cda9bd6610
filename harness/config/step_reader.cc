// Reads a step element through its row of the step registry (model/step_specs.h): the row's
// reader sees the element through ElementInput, this file's StepInput over an Element.
#include "harness/config/capture_buffer.h"
#include "harness/config/loader_internal.h"
#include "harness/model/step_input.h"
#include "harness/model/step_specs.h"
#include "harness/sys/pcap_filter.h"

namespace mtulab {
namespace {

class ElementInput : public StepInput {
 public:
  ElementInput(Element& e, const Topology& topology, bool topology_ok)
      : e_(e), topology_(topology), topology_ok_(topology_ok) {}

  bool Has(const char* attr) const override { return e_.Has(attr); }
  std::optional<std::string> Get(const char* attr) const override { return e_.Get(attr); }
  std::string Required(const char* attr) override { return e_.Required(attr); }
  std::optional<uint32_t> Uint(const char* attr, uint32_t lo, uint32_t hi) override {
    return e_.Uint(attr, lo, hi);
  }
  std::optional<double> Seconds(const char* attr, double lo, double hi,
                                bool lo_exclusive) override {
    return e_.Seconds(attr, lo, hi, lo_exclusive);
  }
  std::optional<Family> FamilyOf(const char* attr) override { return e_.FamilyOf(attr); }
  std::optional<size_t> Choice(const char* attr, const std::vector<std::string>& choices) override {
    return e_.Choice(attr, choices);
  }
  void Error(std::string message) override { e_.Error(std::move(message)); }
  void AttrError(const char* attr, std::string message) override {
    e_.AttrError(attr, std::move(message));
  }

  const Topology* topology() const override { return topology_ok_ ? &topology_ : nullptr; }
  std::string NodeSuggestion(const std::string& name) override {
    return mtulab::NodeSuggestion(topology_, name, e_.diags());
  }
  std::optional<Route> ReadRoute(const std::string& node) override {
    return mtulab::ReadRoute(e_, node, false);
  }
  std::optional<Sysctl> ReadSysctl(const std::string* ifname) override {
    return mtulab::ReadSysctl(e_, ifname);
  }
  std::optional<uint64_t> ReadCaptureBuffer() override { return mtulab::ReadCaptureBuffer(e_); }
  std::string CaptureFilterProblem(const std::string& filter) override;
  std::map<std::string, std::string> ReadKindParams(
      const KindSchema& kind, const std::vector<std::string>& names) override {
    return mtulab::ReadKindParams(e_, kind, names);
  }
  void ReadPoll(UntilStep& until) override { ReadUntilPoll(e_, topology_, topology_ok_, until); }

 private:
  Element& e_;
  const Topology& topology_;
  bool topology_ok_;
};

std::string ElementInput::CaptureFilterProblem(const std::string& filter) {
  if (filter.size() > kMaxPcapFilterLength) {
    return "filter is longer than " + std::to_string(kMaxPcapFilterLength) + " characters";
  }
  std::string why = PcapFilterError(filter, kDltEthernet);
  if (why.empty()) return "";
  return "filter=\"" + filter + "\" is not a valid capture filter: " + why;
}

// The <expect>s of `step` (and, for a kind that wraps a step, the element names it may hold).
void ReadStepExpects(Element& e, const StepSpec& spec, bool body_ok, Step& step) {
  std::vector<std::string> children = {"expect"};
  if (spec.inner != nullptr) {  // its inner step: read by the row's reader
    for (const std::string& name : PollableStepNames()) children.push_back(name);
  }
  for (pugi::xml_node child : e.Children(children)) {
    if (std::string(child.name()) != "expect") continue;
    std::vector<std::string> attrs = PredicateAttributes();
    attrs.insert(attrs.begin(), "fact");
    Element x = e.Child(child, attrs);
    size_t first = step.expects.size();
    ReadExpect(x, step.expects);
    // An unusable body binds no fact names: its own error says enough.
    if (body_ok && x.Has("fact")) CheckExpectedFact(x, step, first);
  }
}

}  // namespace

std::vector<std::string> StepNames() {
  std::vector<std::string> names;
  for (const StepSpec& spec : StepSpecs()) names.push_back(spec.name);
  return names;
}

std::optional<Step> ReadStep(Element& parent, pugi::xml_node node, const Topology& topology,
                             bool topology_ok) {
  const StepSpec* spec = FindStepSpec(node.name());
  if (spec == nullptr) return std::nullopt;
  Element e = parent.Child(node, spec->attrs);
  Step step;
  step.loc = e.loc();
  size_t errors = e.diags().size();
  ElementInput input(e, topology, topology_ok);
  step.body = spec->read(input);
  ReadStepExpects(e, *spec, e.diags().size() == errors, step);
  if (spec->loaded != nullptr) spec->loaded(step);
  return step;
}

}  // namespace mtulab
