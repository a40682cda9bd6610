// <add-link>: an interface created mid-case, the kernel's answer being the outcome under test
// (pmtu.sh's link_add_mtu tests). Its row of the step registry: element, attributes, help,
// reader, description and facts. Its runner: harness/probes/link_change.cc.
#include <algorithm>
#include <limits>

#include "harness/model/step_row.h"
#include "harness/model/values.h"

namespace mtulab {
namespace {

using step_row::Fact, step_row::kInt, step_row::kText, step_row::kState;

// Why <add-link> cannot make `kind`, or "": a kind with <peer>s (WireGuard keeps helpers and
// keys) or with a required attribute the step does not take.
std::string KindProblem(const KindSchema& kind) {
  if (kind.takes_peers) return "takes <peer>s";
  for (const ParamSpec& p : kind.params) {
    const std::vector<std::string>& names = LinkStepParams();
    if (p.required && std::find(names.begin(), names.end(), p.name) == names.end()) {
      return std::string("needs attribute '") + p.name + "'";
    }
  }
  return "";
}

// The kind attributes that name an interface (dev, parent) are interfaces of the node.
void CheckInterfaceParams(StepInput& in, const KindSchema& kind, const Device& d) {
  for (const ParamSpec& p : kind.params) {
    auto it = d.params.find(p.name);
    if (it != d.params.end() && p.type == ParamType::kIfname) {
      CheckDevRef(in, p.name, d.end.node, it->second);
    }
  }
}

AddLinkStep ReadAddLink(StepInput& in) {
  AddLinkStep add;
  Device& d = add.device;
  d.end.node = ReadNodeRef(in, "node");
  d.end.ifname = in.Required("name");
  if (std::optional<std::string> bad = in.Has("name") ? CheckIfname(d.end.ifname) : std::nullopt) {
    in.AttrError("name", *bad);
  }
  // Any u32: MTUs out of the kind's range are what the kernel is asked to refuse.
  if (in.Has("mtu")) d.end.mtu = in.Uint("mtu", 0, std::numeric_limits<uint32_t>::max());
  d.kind = in.Required("kind");
  const KindSchema* kind = in.Has("kind") ? FindKindSchema(d.kind) : nullptr;
  if (kind == nullptr) {
    if (in.Has("kind"))
      in.AttrError("kind", "kind \"" + d.kind + "\" is not a single-node link kind");
    return add;
  }
  std::string what = d.kind + " '" + d.end.ifname + "'";
  if (std::string problem = KindProblem(*kind); !problem.empty()) {
    in.AttrError("kind", "<add-link> cannot create a " + d.kind + ": it " + problem);
    return add;
  }
  d.params = ReadLinkStepParams(in, *kind, what);
  for (const ParamSpec& p : kind->params) {
    if (p.required && !in.Has(p.name)) in.Required(p.name);
  }
  CheckEndFamilies(in, d.params, what);
  if (kind->check != nullptr) {
    for (const std::string& problem : kind->check(d.params)) in.Error(what + ": " + problem);
  }
  CheckInterfaceParams(in, *kind, d);
  return add;
}

std::string DescribeAddLink(const AddLinkStep& s) {
  const Device& d = s.device;
  std::string text = "add-link " + d.end.node + " " + d.end.ifname;
  if (d.end.mtu) text += " mtu " + std::to_string(*d.end.mtu);
  text += " type " + d.kind;
  for (const auto& [name, value] : d.params) text += " " + name + " " + value;
  return text;
}

void LoadedAddLink(Step& step) {
  std::get<AddLinkStep>(step.body).refusal_is_fact = ExpectsRefusalFacts(step, "add_link");
}

}  // namespace

StepSpec AddLinkStep::Row() {
  std::vector<std::string> attrs = {"node", "kind", "name", "mtu"};
  for (const std::string& p : LinkStepParams()) attrs.push_back(p);
  return {.name = "add-link",
          .attrs = attrs,
          .help = "create an interface mid-case, like ip link add (its refusal can be a fact)",
          .facts = {Fact("add_link.result", kText, "", kState,
                         "ok or refused: the kernel's answer; only when the step expects an "
                         "add_link.result/.errno/.error fact (else a refusal is an error)"),
                    Fact("add_link.errno", kText, "", kState,
                         "the kernel's refusal as a symbolic errno (EINVAL, EEXIST...)"),
                    Fact("add_link.error", kText, "", kState, "the refusal's message"),
                    Fact("add_link.mtu", kInt, "bytes", kState,
                         "the MTU the kernel gave the new link (asked for, adjusted or its "
                         "default), read with RTM_GETLINK; absent when refused")},
          .read = StepReader<AddLinkStep, ReadAddLink>,
          .describe = StepDescriber<AddLinkStep, DescribeAddLink>,
          .loaded = LoadedAddLink,
          .changes_state = true};
}

}  // namespace mtulab
