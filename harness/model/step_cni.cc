// <cni>: what a pod's CNI plugins returned from ADD, and its MTUs now. Its row of the step
// registry: element, attributes, help, reader, description and facts. Its runner:
// harness/probes/cni.cc.
#include "harness/model/step_row.h"

namespace mtulab {
namespace {

using step_row::Fact, step_row::kInt, step_row::kBool, step_row::kText, step_row::kAddr,
    step_row::kState, step_row::kConfig;

CniStep ReadCni(StepInput& in) {
  CniStep step;
  step.pod = ReadNodeRef(in, "pod");
  const Topology* topology = in.topology();
  if (topology != nullptr && !step.pod.empty() && topology->FindNode(step.pod) != nullptr &&
      topology->FindPod(step.pod) == nullptr) {
    in.AttrError("pod", "node '" + step.pod + "' is not a pod (a <pod> of the topology)");
  }
  return step;
}

std::string DescribeCni(const CniStep& s) { return "cni " + s.pod; }

}  // namespace

StepSpec CniStep::Row() {
  return {
      .name = "cni",
      .attrs = {"pod"},
      .help =
          "what a pod's CNI plugins returned from ADD (interfaces, addresses, routes) and its "
          "MTUs",
      .facts =
          {Fact("cni.result", kText, "", kState,
                "ok, or refused: a plugin answered ADD with an error. A refusal is this fact "
                "only when the case's cni step expects cni.result or cni.error (then no other "
                "cni fact is set); else it makes the case an error"),
           Fact("cni.error", kText, "", kState,
                "the refusing plugin's JSON msg; only when refused"),
           Fact("cni.plugins", kInt, "", kConfig, "plugins of the chain that ran ADD"),
           Fact("cni.interfaces", kInt, "", kConfig, "interfaces in the ADD result"),
           Fact("cni.ipv4", kAddr, "", kConfig,
                "the result's first IPv4 address (also the pod's IPv4 target)"),
           Fact("cni.ipv4.prefix", kInt, "", kConfig, "its prefix length"),
           Fact("cni.ipv4.gateway", kAddr, "", kConfig, "its gateway, when the result gives one"),
           Fact("cni.ipv6", kAddr, "", kConfig,
                "the result's first IPv6 address (also the pod's IPv6 target)"),
           Fact("cni.ipv6.prefix", kInt, "", kConfig, "its prefix length"),
           Fact("cni.ipv6.gateway", kAddr, "", kConfig, "its gateway, when the result gives one"),
           Fact("cni.routes", kInt, "", kConfig, "routes in the ADD result"),
           Fact("cni.route.default", kBool, "", kConfig,
                "the result has a default route (0.0.0.0/0 or ::/0)"),
           Fact("cni.mtu", kInt, "bytes", kState, "the pod interface's MTU (CNI_IFNAME), read now"),
           Fact("cni.host.ifname", kText, "", kConfig,
                "the result's last interface outside the pod: the node-side veth of bridge and "
                "ptp; absent when every interface is in the pod (macvlan, ipvlan)"),
           Fact("cni.host.mtu", kInt, "bytes", kState,
                "that interface's MTU in the node, read now")},
      .read = StepReader<CniStep, ReadCni>,
      .describe = StepDescriber<CniStep, DescribeCni>};
}

}  // namespace mtulab
