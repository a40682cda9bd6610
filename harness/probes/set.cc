// Changes an MTU or a sysctl mid-case and reads the value back as a fact.
#include <functional>

#include "harness/probes/probe.h"
#include "harness/sys/ethtool.h"
#include "harness/sys/netns.h"
#include "harness/sys/sys_error.h"
#include "harness/sys/sysctl.h"

namespace mtulab {

bool TryKernelChange(bool refusal_is_fact, const std::string& prefix, Facts& f,
                     const std::function<void()>& change) {
  if (!refusal_is_fact) {
    change();
    return true;
  }
  try {
    change();
  } catch (const SysError& e) {
    // A negative code is libnl's own failure, not the kernel's answer: still an error.
    if (e.error_code() <= 0) throw;
    f.Set(prefix + ".result", "refused");
    f.Set(prefix + ".errno", ErrnoName(e.error_code()));
    f.Set(prefix + ".error", e.what());
    return false;
  }
  f.Set(prefix + ".result", "ok");
  return true;
}

namespace {

void SetOffload(LabNode& node, const SetStep& step, Facts& f) {
  const std::string& g = *step.offload;
  Ethtool ethtool(node.ns, "node '" + step.node + "'");
  OffloadChange c;
  bool done = TryKernelChange(step.refusal_is_fact, "set", f,
                              [&] { c = ethtool.Set(*step.dev, g, step.offload_on); });
  if (!done) return;
  f.Set("offload." + g, c.after.active ? "on" : "off");
  f.SetBool("offload." + g + ".applied", c.applied);
  f.SetBool("offload." + g + ".changeable", c.after.changeable);
  if (!c.detail.empty()) f.Set("offload." + g + ".detail", c.detail);
  if (!c.applied && step.refused_skips) {
    throw CaseSkip("the driver of '" + *step.dev + "' in node '" + step.node + "' refuses " + g +
                   " " + (step.offload_on ? "on" : "off") + ": " + c.detail);
  }
}

}  // namespace

Facts RunSet(ProbeContext& ctx, const SetStep& step) {
  LabNode& node = ctx.lab.node(step.node);
  Facts f;
  if (step.mtu) {
    int index = ctx.lab.IfIndex(step.node, *step.dev);
    TryKernelChange(step.refusal_is_fact, "set", f,
                    [&] { node.rtnl.SetMtu(index, *step.dev, *step.mtu); });
    // Refused or not, what the interface has now.
    f.Set("link.mtu", node.rtnl.GetLink(index).mtu);
  }
  if (step.offload) SetOffload(node, step, f);
  if (step.sysctl) {
    ScopedNetnsEnter in(node.ns);
    TryKernelChange(step.refusal_is_fact, "set", f,
                    [&] { WriteSysctl(step.sysctl->key, step.sysctl->value); });
    f.Set("sysctl." + step.sysctl->key, ReadSysctl(step.sysctl->key));
  }
  return f;
}
MTULAB_REGISTER_STEP_RUNNER(SetStep, RunSet);

}  // namespace mtulab
