#ifndef MTULAB_SYS_NETNS_INVENTORY_H_
#define MTULAB_SYS_NETNS_INVENTORY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "harness/model/topology.h"
#include "harness/sys/netns.h"
#include "harness/sys/rtnl.h"

namespace mtulab {

/// An interface of a namespace as the kernel lists it, with its addresses (link-local
/// ones left out: a target needs a scope).
struct InterfaceInfo {
  int ifindex = 0;
  std::string name;
  uint32_t mtu = 0;
  bool up = false;
  std::vector<Address> addresses;  // "ADDR/LEN", in the kernel's order
};

/// Every interface of the namespace `rtnl` is bound to (RTM_GETLINK and RTM_GETADDR dumps;
/// nothing is written). Throws SysError naming `rtnl.owner()`.
std::vector<InterfaceInfo> ListInterfaces(Rtnl& rtnl);

/// Opens `path` (/run/netns/NAME, /proc/PID/ns/net) and checks with NS_GET_NSTYPE that it
/// is a network namespace. Throws SysError: "--netns /etc/passwd: not a namespace file" or
/// "...: a mount namespace, not a network namespace".
Netns OpenNetworkNamespace(const std::string& path);

}  // namespace mtulab

#endif  // MTULAB_SYS_NETNS_INVENTORY_H_
