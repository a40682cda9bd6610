// `mtulab probe`'s suites: no <topology> (the namespaces exist already); the steps are
// checked against a topology describing those namespaces, and steps that write to the
// kernel are refused unless the user allows changes.
#include "harness/config/loader.h"
#include "harness/config/loader_internal.h"
#include "harness/model/capture_budget.h"
#include "harness/model/config_error.h"
#include "harness/model/step_specs.h"
#include "harness/model/values.h"

namespace mtulab {
namespace {

// Refuses what a network mtulab did not build cannot take: changing steps (unless
// `allow_changes`), case overrides, "predicted" values (there is no topology to predict).
void CheckProbeStep(const Step& step, bool allow_changes, Diagnostics& diags) {
  const StepSpec& spec = SpecOf(step.body);
  if (spec.changes_state && !allow_changes) {
    diags.Add(step.loc, "<" + spec.name +
                            "> changes the state of a namespace mtulab did not "
                            "create: refused in probe mode unless --allow-changes is given");
  }
  if (spec.inner != nullptr) {
    if (const Step* inner = spec.inner(step.body)) CheckProbeStep(*inner, allow_changes, diags);
  }
  for (const Expectation& x : step.expects) {
    if (x.predicted_from) {
      diags.Add(x.value_loc,
                "\"predicted\" needs a topology mtulab builds; probe mode has "
                "none: write the expected value");
    }
  }
}

void CheckProbeCases(const Suite& suite, bool allow_changes, Diagnostics& diags) {
  for (const Case& c : suite.cases) {
    for (const Override& o : c.overrides) {
      diags.Add(o.loc,
                "a probe suite cannot override the topology (probe mode changes "
                "nothing it did not create): use steps instead");
    }
    for (const Step& step : c.steps) CheckProbeStep(step, allow_changes, diags);
  }
}

}  // namespace

Suite LoadProbeSuite(const std::string& path, const Topology& topology, bool allow_changes) {
  Diagnostics diags;
  XmlFile suite_file;
  if (!suite_file.Load(path, diags)) diags.ThrowIfAny();
  Suite suite;
  suite.file = path;
  pugi::xml_node root = suite_file.root();
  suite.loc = suite_file.LocOf(root);
  if (std::string(root.name()) != "suite") {
    diags.Add(suite.loc, std::string("expected root element <suite>, found <") + root.name() + ">");
    diags.ThrowIfAny();
  }
  Element e(suite_file, diags, root,
            {"name", "topology", "xmlns:xsi", "xsi:noNamespaceSchemaLocation"});
  suite.name = e.Required("name");
  if (e.Has("name") && (!IsName(suite.name, "_.-", 64) || IsDotName(suite.name))) {
    e.AttrError("name", "suite name '" + suite.name + "' must match [A-Za-z0-9_.-]{1,64}");
  }
  if (e.Has("topology")) {
    e.AttrError("topology",
                "a probe suite has no topology: its steps run in the namespaces "
                "named by --netns and --node (use `mtulab run` to build one)");
  }
  suite.topology = topology;
  ReadCases(e, true, suite);
  CheckProbeCases(suite, allow_changes, diags);
  diags.ThrowIfAny();
  SizeCaptureRings(suite);
  return suite;
}

}  // namespace mtulab
