// The row of the Open vSwitch kind (harness/model/link_kinds.h): a kernel datapath whose
// internal port is the link, cross-connecting one port with a vxlan or geneve tunnel vport
// through flows, as pmtu.sh's pmtu_ipv{4,6}_ovs_{vxlan,geneve}{4,6}_exception build it
// (harness/links/ovs.cc creates it over generic netlink).
#include "harness/model/link_kinds.h"
#include "harness/model/values.h"

namespace mtulab {
namespace {

std::vector<std::string> CheckOvs(const std::map<std::string, std::string>& params) {
  auto local = params.find("local");
  auto remote = params.find("remote");
  if (local == params.end() || remote == params.end()) return {};
  std::optional<IpAddr> l = ParseIp(local->second);
  std::optional<IpAddr> r = ParseIp(remote->second);
  if (l && r && l->family != r->family) return {"local and remote must be of one family"};
  return {};
}

std::vector<ParamSpec> OvsParams() {
  using T = ParamType;
  return {{"port",
           T::kIfname,
           true,
           0,
           0,
           {},
           "interface of this node attached as a netdev vport, cross-connected with the tunnel"},
          {"tunnel", T::kEnum, true, 0, 0, {"vxlan", "geneve"}, "tunnel vport type"},
          {"local", T::kAddress, true, 0, 0, {}, "underlay address frames come back to"},
          {"remote", T::kAddress, true, 0, 0, {}, "underlay peer frames are sent to"},
          {"vni", T::kUint, true, 0, 16777215, {}, "tunnel id set and matched"},
          {"dstport", T::kUint, false, 1, 65535, {}, "UDP port, default 4789 / 6081"},
          {"ttl", T::kUint, false, 1, 255, {}, "outer TTL the flows set, default 64"},
          {"tunnel_mtu",
           T::kUint,
           false,
           68,
           65535,
           {},
           "MTU of the tunnel vport's device (the kernel creates it at 65535)"}};
}

}  // namespace

std::vector<KindSchema> OvsKinds() {
  return {{.kind = "ovs",
           .doc = "an Open vSwitch kernel datapath named as the link (its internal port): flows "
                  "send every IPv4, IPv6 and ARP frame of `port` into a vxlan / geneve vport "
                  "(device vxlan_sys_DSTPORT / genev_sys_DSTPORT) to `remote` with DF and "
                  "checksum, and those coming back from it to `port`",
           .params = OvsParams(),
           .forwarding = Forwarding::kBridge,
           .mtu_why = "ovs internal port default 1500",
           .sample = {{"port", "probe-lower"},
                      {"tunnel", "vxlan"},
                      {"local", "10.0.0.1"},
                      {"remote", "10.0.0.2"},
                      {"vni", "1"}},
           .check = CheckOvs}};
}

}  // namespace mtulab
