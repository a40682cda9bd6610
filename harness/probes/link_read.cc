// Interface MTU, state and statistics over RTM_GETLINK.
#include "harness/probes/probe.h"
#include "harness/sys/ethtool.h"

namespace mtulab {

Facts RunLinkRead(ProbeContext& ctx, const LinkStep& step) {
  LabNode& node = ctx.lab.node(step.node);
  LinkState s = node.rtnl.GetLink(ctx.lab.IfIndex(step.node, step.dev));
  Facts f;
  f.Set("link.mtu", s.mtu);
  f.SetBool("link.up", s.admin_up);
  f.SetBool("link.carrier", s.lower_up);
  std::string key = "link|" + step.node + "|" + step.dev + "|";
  const std::pair<const char*, uint64_t> stats[] = {
      {"tx_packets", s.tx_packets}, {"tx_bytes", s.tx_bytes},     {"rx_packets", s.rx_packets},
      {"rx_bytes", s.rx_bytes},     {"tx_dropped", s.tx_dropped}, {"rx_dropped", s.rx_dropped},
  };
  for (const auto& [name, value] : stats) {
    SetWithDelta(ctx, f, key + name, std::string("link.") + name, static_cast<int64_t>(value));
  }
  Ethtool ethtool(node.ns, "node '" + step.node + "'");
  for (const auto& [group, state] : ethtool.Read(step.dev)) {
    f.Set("link.offload." + group, state.active ? "on" : "off");
    f.SetBool("link.offload." + group + ".changeable", state.changeable);
  }
  return f;
}
MTULAB_REGISTER_STEP_RUNNER(LinkStep, RunLinkRead);

}  // namespace mtulab
