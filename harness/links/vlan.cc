// vlan: an 802.1Q / 802.1ad sub-interface of a parent (module 8021q).
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <netlink/attr.h>

#include "harness/links/link_add.h"

namespace mtulab {
namespace {

void CreateVlan(NetlinkSender& nl, const DeviceSpec& spec, const IfIndexOf& ifindex_of) {
  uint16_t id = static_cast<uint16_t>(Required(spec, "id", UintParam(spec, "id")));
  uint32_t proto = EnumParam(spec, "protocol", {{"802.1q", ETH_P_8021Q}, {"802.1ad", ETH_P_8021AD}})
                       .value_or(ETH_P_8021Q);
  int parent = ifindex_of(TextParam(spec, "parent"));
  AddLink(nl, NewLink{"vlan", spec.ifname, spec.mtu, parent}, [&](nl_msg* msg) {
    int err = nla_put_u16(msg, IFLA_VLAN_ID, id);
    if (err == 0) err = nla_put_u16(msg, IFLA_VLAN_PROTOCOL, htons(static_cast<uint16_t>(proto)));
    return err;
  });
}

}  // namespace

MTULAB_REGISTER_LINK_KIND(vlan, CreateVlan);

}  // namespace mtulab
