// <change-link>: an existing link re-configured mid-case through its kind's changelink, like
// `ip link set NAME [mtu M] type KIND local A remote B` (pmtu.sh's vti6_link_change_mtu). Its
// row of the step registry: element, attributes, help, reader, description and facts. Its
// runner: harness/probes/link_change.cc.
#include <limits>

#include "harness/model/step_row.h"

namespace mtulab {
namespace {

using step_row::Fact, step_row::kInt, step_row::kText, step_row::kState;

ChangeLinkStep ReadChangeLink(StepInput& in) {
  ChangeLinkStep change;
  change.node = ReadNodeRef(in, "node");
  change.name = in.Required("name");
  if (in.Has("mtu")) change.mtu = in.Uint("mtu", 0, std::numeric_limits<uint32_t>::max());
  const Topology* topology = in.topology();
  if (topology == nullptr || topology->FindNode(change.node) == nullptr || !in.Has("name")) {
    return change;
  }
  const Device* device = topology->FindDevice(change.node, change.name);
  const KindSchema* kind = device != nullptr ? FindKindSchema(device->kind) : nullptr;
  if (kind == nullptr || kind->takes_peers) {
    in.AttrError("name", "'" + change.name + "' is not a single-node link of node '" + change.node +
                             "' that <change-link> can change");
    return change;
  }
  change.params = ReadLinkStepParams(in, *kind, device->kind + " '" + change.name + "'");
  for (const auto& [name, value] : change.params) {
    const ParamSpec* p = FindParam(*kind, name);
    if (p != nullptr && p->type == ParamType::kIfname) {
      CheckDevRef(in, name.c_str(), change.node, value);
    }
  }
  std::map<std::string, std::string> merged = change.params;
  merged.insert(device->params.begin(), device->params.end());  // the step's win
  std::string what = device->kind + " '" + change.name + "'";
  CheckEndFamilies(in, merged, what);
  if (kind->check != nullptr) {
    for (const std::string& problem : kind->check(merged)) in.Error(what + ": " + problem);
  }
  return change;
}

std::string DescribeChangeLink(const ChangeLinkStep& s) {
  std::string text = "change-link " + s.node + " " + s.name;
  if (s.mtu) text += " mtu " + std::to_string(*s.mtu);
  for (const auto& [name, value] : s.params) text += " " + name + " " + value;
  return text;
}

void LoadedChangeLink(Step& step) {
  std::get<ChangeLinkStep>(step.body).refusal_is_fact = ExpectsRefusalFacts(step, "change_link");
}

}  // namespace

StepSpec ChangeLinkStep::Row() {
  std::vector<std::string> attrs = {"node", "name", "mtu"};
  for (const std::string& p : LinkStepParams()) attrs.push_back(p);
  return {.name = "change-link",
          .attrs = attrs,
          .help = "change a link's kind attributes (and MTU) mid-case, like ip link set .. type",
          .facts = {Fact("change_link.result", kText, "", kState,
                         "ok or refused: the kernel's answer; only when the step expects a "
                         "change_link.result/.errno/.error fact (else a refusal is an error)"),
                    Fact("change_link.errno", kText, "", kState,
                         "the kernel's refusal as a symbolic errno (EOPNOTSUPP, EINVAL...)"),
                    Fact("change_link.error", kText, "", kState, "the refusal's message"),
                    Fact("change_link.mtu", kInt, "bytes", kState,
                         "the link's MTU afterwards, read with RTM_GETLINK (after a refusal: "
                         "the MTU it kept)")},
          .read = StepReader<ChangeLinkStep, ReadChangeLink>,
          .describe = StepDescriber<ChangeLinkStep, DescribeChangeLink>,
          .loaded = LoadedChangeLink,
          .changes_state = true};
}

}  // namespace mtulab
