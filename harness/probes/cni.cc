// <cni pod>: the pod's CNI ADD result as facts, and the MTUs of its interfaces now.
#include <cerrno>

#include "harness/model/values.h"
#include "harness/probes/probe.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

void SetIp(Facts& f, const PodNetwork& network, Family family) {
  const CniIp* ip = network.FirstIp(family);
  if (ip == nullptr) return;
  std::string prefix = family == Family::kIpv4 ? "cni.ipv4" : "cni.ipv6";
  size_t slash = ip->address.find('/');
  std::optional<IpAddr> addr = ParseIp(ip->address.substr(0, slash));
  if (!addr) ThrowErrno("reading the CNI result: address '" + ip->address + "'", EPROTO);
  f.SetAddress(prefix, *addr);
  if (std::optional<int64_t> len =
          slash == std::string::npos ? std::nullopt : ParseInteger(ip->address.substr(slash + 1))) {
    f.Set(prefix + ".prefix", *len);
  }
  if (ip->gateway) {
    std::optional<IpAddr> gw = ParseIp(*ip->gateway);
    if (gw) f.SetAddress(prefix + ".gateway", *gw);
  }
}

}  // namespace

Facts RunCni(ProbeContext& ctx, const CniStep& step) {
  const PodNetwork* network = ctx.lab.PodNetworkOf(step.pod);
  Facts f;
  if (network != nullptr && network->error) {  // an ADD failure the case expects
    f.Set("cni.result", "refused");
    f.Set("cni.error", *network->error);
    return f;
  }
  const Pod* pod = ctx.lab.topology().FindPod(step.pod);
  if (network == nullptr || pod == nullptr) {
    ThrowErrno("reading the CNI result of '" + step.pod + "': not a pod", ENOENT);
  }
  f.Set("cni.result", "ok");
  f.Set("cni.plugins", static_cast<int64_t>(network->plugins));
  f.Set("cni.interfaces", static_cast<int64_t>(network->interfaces.size()));
  SetIp(f, *network, Family::kIpv4);
  SetIp(f, *network, Family::kIpv6);
  f.Set("cni.routes", static_cast<int64_t>(network->routes.size()));
  bool has_default = false;
  for (const CniRoute& r : network->routes) {
    has_default = has_default || r.dst == "0.0.0.0/0" || r.dst == "::/0";
  }
  f.SetBool("cni.route.default", has_default);
  f.Set("cni.mtu", ctx.lab.node(step.pod).rtnl.GetLink(pod->end.ifname).mtu);
  const CniInterface* host = nullptr;
  for (const CniInterface& i : network->interfaces) {
    if (!i.in_pod) host = &i;
  }
  if (host != nullptr) {
    f.Set("cni.host.ifname", host->name);
    f.Set("cni.host.mtu", ctx.lab.node(pod->host).rtnl.GetLink(host->name).mtu);
  }
  return f;
}
MTULAB_REGISTER_STEP_RUNNER(CniStep, RunCni);

}  // namespace mtulab
