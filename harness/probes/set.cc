// Changes an MTU or a sysctl mid-case and reads the value back as a fact.
#include "harness/probes/probe.h"
#include "harness/sys/ethtool.h"
#include "harness/sys/netns.h"
#include "harness/sys/sysctl.h"

namespace mtulab {

Facts RunSet(ProbeContext& ctx, const SetStep& step) {
  LabNode& node = ctx.lab.node(step.node);
  Facts f;
  if (step.mtu) {
    int index = ctx.lab.IfIndex(step.node, *step.dev);
    node.rtnl.SetMtu(index, *step.dev, *step.mtu);
    f.Set("link.mtu", node.rtnl.GetLink(index).mtu);
  }
  if (step.offload) {
    const std::string& g = *step.offload;
    Ethtool ethtool(node.ns, "node '" + step.node + "'");
    OffloadChange c = ethtool.Set(*step.dev, g, step.offload_on);
    f.Set("offload." + g, c.after.active ? "on" : "off");
    f.SetBool("offload." + g + ".applied", c.applied);
    f.SetBool("offload." + g + ".changeable", c.after.changeable);
    if (!c.detail.empty()) f.Set("offload." + g + ".detail", c.detail);
    if (!c.applied && step.refused_skips) {
      throw CaseSkip("the driver of '" + *step.dev + "' in node '" + step.node + "' refuses " +
                     g + " " + (step.offload_on ? "on" : "off") + ": " + c.detail);
    }
  }
  if (step.sysctl) {
    ScopedNetnsEnter in(node.ns);
    WriteSysctl(step.sysctl->key, step.sysctl->value);
    f.Set("sysctl." + step.sysctl->key, ReadSysctl(step.sysctl->key));
  }
  return f;
}

}  // namespace mtulab
