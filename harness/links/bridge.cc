// bridge: a Linux bridge, then its ports. STP stays off (the kernel's default).
#include <netlink/route/link.h>

#include "harness/links/link_add.h"
#include "harness/sys/sys_error.h"

namespace mtulab {

void CreateBridge(Rtnl& rtnl, const DeviceSpec& spec, const IfIndexOf& ifindex_of) {
  // No IFLA_MTU here: a bridge created with one still re-derives its MTU (the smallest port)
  // on every enslave, measured on 6.18. Only an MTU changed afterwards (dev_set_mtu, which sets
  // BROPT_MTU_SET_BY_USER) sticks, so it is applied once the ports are in.
  AddLink(rtnl, NewLink{"bridge", spec.ifname, std::nullopt, 0});
  int bridge = ifindex_of(spec.ifname);
  for (const std::string& port : ListParam(spec, "ports")) {
    int err = rtnl_link_enslave_ifindex(rtnl.sock(), bridge, ifindex_of(port));
    if (err < 0) {
      ThrowNl("enslaving '" + port + "' to bridge '" + spec.ifname + "' in " + rtnl.owner(), err);
    }
  }
  if (spec.mtu) rtnl.SetMtu(bridge, spec.ifname, *spec.mtu);
}

}  // namespace mtulab
