// MPLS routes over rtnetlink: an IP route that pushes a label stack (lwtunnel encap mpls,
// module mpls_iptunnel) and an AF_MPLS route that pops a label (module mpls_router).
#ifndef MTULAB_SYS_MPLS_ROUTE_H_
#define MTULAB_SYS_MPLS_ROUTE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "harness/model/topology.h"
#include "harness/sys/netlink_sender.h"

struct rtnl_nexthop;

namespace mtulab {

/// Label stack entries (RFC 3032) in network order, outermost first: label << 12, the
/// bottom-of-stack bit on the last, traffic class and TTL 0. What RTA_DST of an AF_MPLS
/// route and MPLS_IPTUNNEL_DST carry (the kernel refuses a TTL or a misplaced S bit).
std::vector<uint8_t> MplsLabelStack(const std::vector<uint32_t>& labels);

/// Makes nexthop `nh` push `labels` (RTA_ENCAP_TYPE LWTUNNEL_ENCAP_MPLS, RTA_ENCAP with
/// MPLS_IPTUNNEL_DST), as `ip route add ... encap mpls 100/200`. Throws SysError(`what`).
void SetMplsEncap(rtnl_nexthop* nh, const std::vector<uint32_t>& labels, const std::string& what);

/// Sends RTM_NEWROUTE (family AF_MPLS, create, exclusive) for `route` out of `ifindex`, as
/// `ip -f mpls route add LABEL dev DEV`: no RTA_VIA, so the packet goes out with the device's
/// own address; at the bottom of the stack the kernel hands the payload to IP.
void AddMplsRoute(NetlinkSender& nl, const MplsRoute& route, int ifindex);

}  // namespace mtulab

#endif  // MTULAB_SYS_MPLS_ROUTE_H_
