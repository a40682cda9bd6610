// ipvlan: shares its parent's MAC; l2 switches by MAC, l3/l3s route by address (module ipvlan).
#include <linux/if_link.h>
#include <netlink/attr.h>

#include "harness/links/link_add.h"

namespace mtulab {
namespace {

void CreateIpvlan(NetlinkSender& nl, const DeviceSpec& spec, const IfIndexOf& ifindex_of) {
  uint32_t mode = EnumParam(spec, "mode",
                            {{"l2", IPVLAN_MODE_L2}, {"l3", IPVLAN_MODE_L3},
                             {"l3s", IPVLAN_MODE_L3S}})
                      .value_or(IPVLAN_MODE_L3);  // the kernel's and ip(8)'s default
  int parent = ifindex_of(TextParam(spec, "parent"));
  AddLink(nl, NewLink{"ipvlan", spec.ifname, spec.mtu, parent}, [&](nl_msg* msg) {
    return nla_put_u16(msg, IFLA_IPVLAN_MODE, static_cast<uint16_t>(mode));
  });
}

}  // namespace

MTULAB_REGISTER_LINK_KIND(ipvlan, CreateIpvlan);

}  // namespace mtulab
