// <set>: an MTU, a sysctl or an offload changed mid-case. Its row of the step registry: element,
// attributes, help, reader, description and facts. Its runner: harness/probes/set.cc.
#include "harness/model/step_row.h"

#include <algorithm>

namespace mtulab {
namespace {

using step_row::Fact, step_row::OnlyWith, step_row::kInt, step_row::kBool, step_row::kText,
    step_row::kState, step_row::kConfig;

FactBindings BindSet(const StepBody& body) {
  const SetStep& set = std::get<SetStep>(body);
  FactBindings b;
  b.values["G"] = {};
  b.values["Key"] = {};
  if (set.offload) b.values["G"].push_back(*set.offload);
  if (set.sysctl) b.values["Key"].push_back(set.sysctl->key);
  if (set.mtu) b.attrs.push_back("mtu");
  return b;
}

// <set dev offload="lro" state="off" refused="skip|fail">.
void ReadOffloadSet(StepInput& in, SetStep& set) {
  static const std::vector<std::string> kGroups = {"tso", "gso", "gro", "lro", "tx", "sg"};
  if (!set.dev) in.Error("<set> with 'offload' needs attribute 'dev'");
  std::string group = in.Required("offload");
  if (std::find(kGroups.begin(), kGroups.end(), group) == kGroups.end()) {
    in.AttrError("offload", "offload=\"" + group + "\" must be one of " + JoinNames(kGroups));
  }
  set.offload = group;
  std::string state = in.Required("state");
  if (state != "on" && state != "off" && in.Has("state")) {
    in.AttrError("state", "state=\"" + state + "\" must be on or off");
  }
  set.offload_on = state == "on";
  std::string refused = in.Get("refused").value_or("fail");
  if (refused != "fail" && refused != "skip") {
    in.AttrError("refused", "refused=\"" + refused + "\" must be fail or skip");
  }
  set.refused_skips = refused == "skip";
}

SetStep ReadSet(StepInput& in) {
  SetStep set;
  set.node = ReadNodeRef(in, "node");
  set.dev = in.Get("dev");
  if (set.dev) CheckDevRef(in, "dev", set.node, *set.dev);
  bool mtu_form = in.Has("mtu");
  bool sysctl_form = in.Has("name") || in.Has("value");
  bool offload_form = in.Has("offload") || in.Has("state") || in.Has("refused");
  if (mtu_form + sysctl_form + offload_form > 1) {
    in.Error(
        "<set> takes one of 'dev' + 'mtu', 'name' + 'value', or 'dev' + 'offload' + "
        "'state', not several");
  } else if (!mtu_form && !sysctl_form && !offload_form) {
    in.Error("<set> needs 'dev' + 'mtu', 'name' + 'value', or 'dev' + 'offload' + 'state'");
  } else if (offload_form) {
    ReadOffloadSet(in, set);
  } else if (mtu_form) {
    if (!set.dev) in.Error("<set> with 'mtu' needs attribute 'dev'");
    set.mtu = in.Uint("mtu", 68, 65535);
  } else {
    set.sysctl = in.ReadSysctl(set.dev ? &*set.dev : nullptr);
  }
  return set;
}

std::string DescribeSet(const SetStep& s) {
  std::string out = "set " + s.node;
  if (s.dev) out += " " + *s.dev;
  if (s.mtu) out += " mtu " + std::to_string(*s.mtu);
  if (s.sysctl) out += " " + s.sysctl->key + "=" + s.sysctl->value;
  if (s.offload) out += " " + *s.offload + (s.offload_on ? " on" : " off");
  return out;
}

// refused="fail" (the default): an offload the driver refuses fails the case, as the first
// expectation of the step. Expecting set.result, .errno or .error takes a kernel refusal as
// a fact.
void LoadedSet(Step& step) {
  SetStep& set = std::get<SetStep>(step.body);
  if (set.offload && !set.refused_skips) {
    Expectation applied{
        "offload." + *set.offload + ".applied", Expectation::Op::kEquals, {"true"}, step.loc};
    TypeExpectation(applied, FactType::kBool);
    step.expects.insert(step.expects.begin(), std::move(applied));
  }
  set.refusal_is_fact = ExpectsRefusalFacts(step, "set");
}

}  // namespace

StepSpec SetStep::Row() {
  return {
      .name = "set",
      .attrs = {"node", "dev", "mtu", "name", "value", "offload", "state", "refused"},
      .help = "change an MTU, a sysctl or an offload mid-case",
      .facts =
          {Fact("set.result", kText, "", kState,
                "ok or refused: the kernel's answer to the write; only when the step expects "
                "a set.* fact (then a refusal is this fact, else it makes the case an error)"),
           Fact("set.errno", kText, "", kState,
                "the kernel's refusal as a symbolic errno (EINVAL, ERANGE...); only when refused"),
           Fact("set.error", kText, "", kState, "the refusal's message; only when refused"),
           OnlyWith(Fact("link.mtu", kInt, "bytes", kConfig,
                         "the MTU read back (also after a refusal: the MTU it kept)"),
                    "mtu"),
           Fact("sysctl.<Key>", kText, "", kConfig, "the sysctl read back (key fully expanded)"),
           Fact("offload.<G>", kText, "", kConfig, "on or off after the request"),
           Fact("offload.<G>.applied", kBool, "", kConfig, "the driver did what was asked"),
           Fact("offload.<G>.changeable", kBool, "", kConfig, "the driver lets it change"),
           Fact("offload.<G>.detail", kText, "", kConfig,
                "what the driver refused, as ethtool's \"Actual changes\"")},
      .bind = BindSet,
      .read = StepReader<SetStep, ReadSet>,
      .describe = StepDescriber<SetStep, DescribeSet>,
      .loaded = LoadedSet,
      .changes_state = true};
}

}  // namespace mtulab
