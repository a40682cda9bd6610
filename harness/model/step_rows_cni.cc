// Registry row of <cni>: what a pod's CNI plugins returned from ADD, and its MTUs now.
#include "harness/model/step_rows.h"

namespace mtulab::step_rows {
namespace {

constexpr FactType kInt = FactType::kInteger, kBool = FactType::kBool, kText = FactType::kText,
                   kAddr = FactType::kAddress;
constexpr Provenance kState = Provenance::kState, kConfig = Provenance::kConfig;

}  // namespace

StepSpec CniRow() {
  return {
      "cni",
      {"pod"},
      "what a pod's CNI plugins returned from ADD (interfaces, addresses, routes) and its MTUs",
      {Fact("cni.result", kText, "", kState,
            "ok, or refused: a plugin answered ADD with an error. A refusal is this fact "
            "only when the case's cni step expects cni.result or cni.error (then no other "
            "cni fact is set); else it makes the case an error"),
       Fact("cni.error", kText, "", kState, "the refusing plugin's JSON msg; only when refused"),
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
       Fact("cni.host.mtu", kInt, "bytes", kState, "that interface's MTU in the node, read now")},
      nullptr};
}

}  // namespace mtulab::step_rows
