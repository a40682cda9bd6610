// The Open vSwitch generic netlink requests the ovs kind sends (UAPI linux/openvswitch.h):
// datapath, vports and flows. Pure: each builder returns the message; nothing is sent, so
// unit tests decode them without root (harness/links/ovs_msg_test.cc).
#ifndef MTULAB_LINKS_OVS_MSG_H_
#define MTULAB_LINKS_OVS_MSG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/links/link_add.h"

namespace mtulab::ovs {

/// The generic netlink family ids of ovs_datapath, ovs_vport and ovs_flow.
struct Families {
  int datapath = 0, vport = 0, flow = 0;
};

/// Where the tunnel vport sends frames and what comes back from it.
struct Tunnel {
  bool geneve = false;  // else vxlan
  IpBytes local, remote;
  uint64_t vni = 0;
  uint16_t dstport = 0;
  uint8_t ttl = 64;
};

/// One vport to add: a netdev vport of an existing interface, or a tunnel vport whose device
/// the kernel creates (OVS_VPORT_TYPE_VXLAN / _GENEVE with OVS_TUNNEL_ATTR_DST_PORT).
struct Vport {
  uint32_t port_no = 0;
  uint32_t type = 0;  // OVS_VPORT_TYPE_*
  std::string name;
  std::optional<uint16_t> dstport;  // tunnel vports only
};

/// One flow: frames of `eth_type` entering `in_port` (from the tunnel: with the tunnel's id,
/// from `remote` to `local`) go out of `out_port` (into the tunnel: with the tunnel's id,
/// destination, TTL, UDP port, DF and checksum set).
struct Flow {
  uint32_t in_port = 0;
  uint16_t eth_type = 0;  // ETH_P_IP, ETH_P_IPV6 or ETH_P_ARP
  bool from_tunnel = false;
  bool to_tunnel = false;
  uint32_t out_port = 0;
};

/// The vxlan_sys_PORT / genev_sys_PORT name ovs-vswitchd gives a tunnel vport's device.
std::string TunnelDeviceName(const Tunnel& tunnel);

/// The six flows that cross-connect `port` with `tunnel_port`, as pmtu.sh installs them: IPv4,
/// IPv6 and ARP each way.
std::vector<Flow> CrossConnect(uint32_t port, uint32_t tunnel_port);

/// OVS_DP_CMD_NEW: OVS_DP_ATTR_NAME, OVS_DP_ATTR_UPCALL_PID 0 (no userspace: a miss is
/// dropped), OVS_DP_ATTR_USER_FEATURES 0.
NlMsgPtr BuildDatapathNew(int family, const std::string& name, const std::string& what);
/// OVS_DP_CMD_DEL by name (its vports and their tunnel devices go with it).
NlMsgPtr BuildDatapathDel(int family, const std::string& name, const std::string& what);
/// OVS_VPORT_CMD_NEW on datapath `dp_ifindex`: name, type, port number, upcall pid 0 and, for
/// a tunnel, OVS_VPORT_ATTR_OPTIONS{OVS_TUNNEL_ATTR_DST_PORT}.
NlMsgPtr BuildVportNew(int family, int dp_ifindex, const Vport& vport, const std::string& what);
/// OVS_FLOW_CMD_NEW on datapath `dp_ifindex`: OVS_FLOW_ATTR_KEY, OVS_FLOW_ATTR_MASK (exact
/// recirc id, in_port, ethertype and tunnel id / addresses; every other field wildcarded)
/// and OVS_FLOW_ATTR_ACTIONS.
NlMsgPtr BuildFlowNew(int family, int dp_ifindex, const Flow& flow, const Tunnel& tunnel,
                      const std::string& what);

/// The tunnel the ovs link `spec` describes (tunnel, local, remote, vni, dstport, ttl).
Tunnel TunnelOf(const DeviceSpec& spec);

/// Fills the datapath `spec` names, created already: its MTU and the tunnel device's through
/// `rtnl`, the port's netdev vport (port 1), the tunnel vport (port 2) and the six flows
/// through `genl` (harness/links/ovs.cc). Throws SysError naming the request.
void Populate(NetlinkSender& genl, NetlinkSender& rtnl, const Families& families,
              const DeviceSpec& spec, const IfIndexOf& ifindex_of);

}  // namespace mtulab::ovs

#endif  // MTULAB_LINKS_OVS_MSG_H_
