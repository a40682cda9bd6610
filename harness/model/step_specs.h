#ifndef MTULAB_MODEL_STEP_SPECS_H_
#define MTULAB_MODEL_STEP_SPECS_H_

// The step registry: one row per step kind (one per StepBody alternative, in variant order)
// with everything that is data about the kind: its element name, attributes, help line and
// the facts it can produce. The config reader, the probe runner, the predictor, `run --help`,
// `mtulab help facts` and the README's facts table all take the kind from here.

#include <map>
#include <string>
#include <vector>

#include "harness/model/fact_value.h"
#include "harness/model/step.h"

namespace mtulab {

class StepInput;  // harness/model/step_input.h

/// Where a fact's value comes from, i.e. what a passing expectation on it proves.
enum class Provenance {
  kTraffic,  // observed on packets or socket errors of the case's traffic
  kState,    // kernel state read back (the PMTU cache, a counter, an interface)
  kConfig,   // what mtulab itself set or resolved, read back
};
const char* ProvenanceName(Provenance provenance);

/// One fact (or family of facts) a step kind can produce.
struct FactSpec {
  /// The name; `<X>` stands for one of the values the step binds to X (see StepSpec::bind),
  /// e.g. "counter.<Name>.delta" with Name bound to the step's counter names.
  std::string pattern;
  FactType type = FactType::kText;
  std::string unit;  // "bytes", "ms", ...; empty when none
  Provenance provenance = Provenance::kTraffic;
  std::string doc;
  /// An attribute the step needs for this fact to exist ("cpu" for ping.cpu); empty: none.
  std::string only_with;
  /// `equals="predicted"` (and at_least/at_most) work for this fact.
  bool predictable = false;
  /// The value depends on when it is read, not only on what happened (route.expires_s counts
  /// down): `equals`/`one_of` on it are refused at load; expect a range (`between`).
  bool time_dependent = false;
};

/// What one step's attributes bind: placeholder -> values, and the optional attributes given.
struct FactBindings {
  std::map<std::string, std::vector<std::string>> values;
  std::vector<std::string> attrs;
};

struct StepSpec {
  std::string name;                // element name: "ping", "capture-start"
  std::vector<std::string> attrs;  // attributes the element accepts
  std::string help;                // one line for `run --help`
  std::vector<FactSpec> facts;
  /// Bindings of this kind's step; null when its patterns have no placeholder and no fact
  /// needs an attribute. Called only with a body of this kind.
  FactBindings (*bind)(const StepBody& body) = nullptr;
  /// The step sends packets of its own (ping, sweep, encap, tcp, udp): state read after it
  /// can be its effect. Without such a step, a case's state facts could hold regardless.
  bool sends_traffic = false;
  /// The step another step runs (<until>'s), whose facts this step passes on with their own
  /// specs; null for kinds that wrap no step, and when the body holds none.
  const Step* (*inner)(const StepBody& body) = nullptr;
  /// An <until> may poll it: it reads or probes, and changes nothing in the lab.
  bool pollable = false;
  /// Reads the element into a body of this kind (StepReader<T, F> adapts a typed reader);
  /// problems go to `in` with their file:line:col.
  StepBody (*read)(StepInput& in) = nullptr;
  /// The body in one line for reports ("ping api -> worker3:eth1 ipv4 size 8900 df=do").
  std::string (*describe)(const StepBody& body) = nullptr;
  /// Once the step's <expect>s are read: what the kind derives from them (a <set> that
  /// expects set.* facts takes a refusal as a fact). Null: nothing.
  void (*loaded)(Step& step) = nullptr;
  /// The step writes to the kernel (an MTU, a sysctl, a route, a cache flush, a deletion):
  /// `mtulab probe` refuses it at load unless --allow-changes (the network is not mtulab's).
  bool changes_state = false;
};

/// Adapts `kRead`, a reader of one kind's struct, to StepSpec::read.
template <typename T, T (*kRead)(StepInput&)>
StepBody StepReader(StepInput& in) {
  return StepBody(std::in_place_type<T>, kRead(in));
}

/// Adapts `kDescribe`, one kind's description, to StepSpec::describe.
template <typename T, std::string (*kDescribe)(const T&)>
std::string StepDescriber(const StepBody& body) {
  return kDescribe(std::get<T>(body));
}

/// Every step kind, in StepBody order (StepSpecs()[body.index()] describes `body`): each
/// alternative's Row().
const std::vector<StepSpec>& StepSpecs();
const StepSpec& SpecOf(const StepBody& body);
/// The row named `name`, or null.
const StepSpec* FindStepSpec(const std::string& name);

/// The offload groups <set offload> and <link> know: tso, gso, gro, lro, tx, sg.
const std::vector<std::string>& OffloadGroups();

/// Why `fact` cannot come from `step`, or "" when it can. For a misspelling (not a fact of
/// another kind, nor one missing an attribute) the names the step can produce go to `*known`
/// when `known` is not null, for a "did you mean".
std::string FactProblem(const Step& step, const std::string& fact,
                        std::vector<std::string>* known = nullptr);

/// Every fact name `step` can produce, as its attributes bind the patterns.
std::vector<std::string> FactNames(const Step& step);

/// The spec `fact` of `step` comes from, or null.
const FactSpec* FindFactSpec(const Step& step, const std::string& fact);

/// "traffic", "state" or "config" for fact `fact` of a step of kind `kind` ("ping"), by the
/// kind's patterns (<X> standing for any value); "" when the registry has no such fact. For
/// reports, which keep a step's kind but not its attributes.
std::string FactProvenance(const std::string& kind, const std::string& fact);

/// The markdown table of every kind's facts (README "Facts", `mtulab help facts`).
std::string FactsTableMarkdown();

/// "  ping           one ICMP echo ..." lines, one per kind (`run --help`).
std::string StepHelpLines();

/// The element names of the kinds an <until> may poll (rows with `pollable`), in row order.
const std::vector<std::string>& PollableStepNames();

/// True when `step` expects one of <prefix>.result, .errno or .error (a <set> or
/// <route-replace> that takes a kernel refusal as a fact; StepSpec::loaded).
bool ExpectsRefusalFacts(const Step& step, const std::string& prefix);

}  // namespace mtulab

#endif  // MTULAB_MODEL_STEP_SPECS_H_
