// bridge: a Linux bridge, then its ports. STP stays off (the kernel's default).
#include <linux/if_link.h>
#include <netlink/attr.h>

#include "harness/links/link_add.h"

namespace mtulab {
namespace {

void CreateBridge(NetlinkSender& nl, const DeviceSpec& spec, const IfIndexOf& ifindex_of) {
  // No IFLA_MTU here: a bridge created with one still re-derives its MTU (the smallest port)
  // on every enslave, measured on 6.18. Only an MTU changed afterwards (dev_set_mtu, which sets
  // BROPT_MTU_SET_BY_USER) sticks, so it is applied once the ports are in.
  bool vlan_filtering = BoolParam(spec, "vlan_filtering").value_or(false);
  AddLink(nl, NewLink{"bridge", spec.ifname, std::nullopt, 0}, [&](nl_msg* msg) {
    return vlan_filtering ? nla_put_u8(msg, IFLA_BR_VLAN_FILTERING, 1) : 0;
  });
  int bridge = ifindex_of(spec.ifname);
  for (const std::string& port : ListParam(spec, "ports")) {
    std::string what = "enslaving '" + port + "' to bridge '" + spec.ifname + "' in " + nl.owner();
    NlMsgPtr msg = BuildSetMaster(ifindex_of(port), bridge, what);
    nl.SendAndAck(msg.get(), what);
  }
  if (spec.mtu) nl.SetMtu(bridge, spec.ifname, *spec.mtu);
}

}  // namespace

MTULAB_REGISTER_LINK_KIND(bridge, CreateBridge);

}  // namespace mtulab
