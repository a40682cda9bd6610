// <add-link> and <change-link>: a link created or re-configured mid-case, the kernel's answer
// and the MTU it gave the link being the outcome (pmtu.sh's link_add_mtu and link_change_mtu).
// The lab does the kernel work through the link kinds (LabView::AddDevice, ChangeDevice).
#include <cerrno>

#include "harness/probes/probe.h"
#include "harness/sys/sys_error.h"

namespace mtulab {

Facts RunAddLink(ProbeContext& ctx, const AddLinkStep& step) {
  const Device& d = step.device;
  Facts f;
  bool made = TryKernelChange(step.refusal_is_fact, "add_link", f, [&] { ctx.lab.AddDevice(d); });
  if (made) {
    LabNode& node = ctx.lab.node(d.end.node);
    f.Set("add_link.mtu", node.rtnl.GetLink(ctx.lab.IfIndex(d.end.node, d.end.ifname)).mtu);
  }
  return f;
}
MTULAB_REGISTER_STEP_RUNNER(AddLinkStep, RunAddLink);

Facts RunChangeLink(ProbeContext& ctx, const ChangeLinkStep& step) {
  const Device* topology_device = ctx.lab.topology().FindDevice(step.node, step.name);
  if (topology_device == nullptr) {
    ThrowErrno(
        "changing '" + step.name + "' in node '" + step.node + "': not a link of the topology",
        ENODEV);
  }
  Device changed = *topology_device;
  changed.end.mtu = step.mtu;  // IFLA_MTU only when the step gives one, as ip link set
  for (const auto& [name, value] : step.params) changed.params[name] = value;
  Facts f;
  TryKernelChange(step.refusal_is_fact, "change_link", f, [&] { ctx.lab.ChangeDevice(changed); });
  // Refused or not, what the link has now.
  LabNode& node = ctx.lab.node(step.node);
  f.Set("change_link.mtu", node.rtnl.GetLink(ctx.lab.IfIndex(step.node, step.name)).mtu);
  return f;
}
MTULAB_REGISTER_STEP_RUNNER(ChangeLinkStep, RunChangeLink);

}  // namespace mtulab
