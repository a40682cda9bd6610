// macvlan: a MAC-addressed child of a parent interface (it cannot talk to its parent).
#include <linux/if_link.h>
#include <netlink/attr.h>

#include "harness/links/link_add.h"

namespace mtulab {
namespace {

void CreateMacvlan(NetlinkSender& nl, const DeviceSpec& spec, const IfIndexOf& ifindex_of) {
  uint32_t mode = EnumParam(spec, "mode",
                            {{"private", MACVLAN_MODE_PRIVATE},
                             {"vepa", MACVLAN_MODE_VEPA},
                             {"bridge", MACVLAN_MODE_BRIDGE},
                             {"passthru", MACVLAN_MODE_PASSTHRU}})
                      .value_or(MACVLAN_MODE_BRIDGE);
  int parent = ifindex_of(TextParam(spec, "parent"));
  AddLink(nl, NewLink{"macvlan", spec.ifname, spec.mtu, parent},
          [&](nl_msg* msg) { return nla_put_u32(msg, IFLA_MACVLAN_MODE, mode); });
}

}  // namespace

MTULAB_REGISTER_LINK_KIND(macvlan, CreateMacvlan);

}  // namespace mtulab
