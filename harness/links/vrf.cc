// vrf: an L3 master device bound to a routing table (module vrf).
#include <linux/if_link.h>
#include <netlink/attr.h>

#include "harness/links/link_add.h"

namespace mtulab {
namespace {

void CreateVrf(NetlinkSender& nl, const DeviceSpec& spec, const IfIndexOf&) {
  uint32_t table = Required(spec, "table", UintParam(spec, "table"));
  AddLink(nl, NewLink{"vrf", spec.ifname, spec.mtu, 0},
          [&](nl_msg* msg) { return nla_put_u32(msg, IFLA_VRF_TABLE, table); });
}

}  // namespace

MTULAB_REGISTER_LINK_KIND(vrf, CreateVrf);

}  // namespace mtulab
