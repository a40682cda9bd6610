// Open vSwitch requests (see ovs_msg.h). Flow keys and masks follow the kernel's rules
// (net/openvswitch/flow_netlink.c): a flow key carries the L3 attribute its ethertype
// implies, and a tunnel key needs a destination and a TTL attribute.
#include "harness/links/ovs_msg.h"

#include <arpa/inet.h>
#include <endian.h>
#include <linux/if_ether.h>
#include <linux/openvswitch.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <cstring>

#include "harness/sys/sys_error.h"

namespace mtulab::ovs {
namespace {

// A request of `family` with its ovs_header. Throws SysError(`what`).
NlMsgPtr Start(int family, int flags, uint8_t cmd, uint8_t version, int dp_ifindex,
               const std::string& what) {
  NlMsgPtr m(nlmsg_alloc());
  void* user = m ? genlmsg_put(m.get(), NL_AUTO_PORT, NL_AUTO_SEQ, family, sizeof(ovs_header),
                               NLM_F_REQUEST | NLM_F_ACK | flags, cmd, version)
                 : nullptr;
  if (user == nullptr) ThrowNl(what, -NLE_NOMEM);
  static_cast<ovs_header*>(user)->dp_ifindex = dp_ifindex;
  return m;
}

void Check(int err, const std::string& what) {
  if (err < 0) ThrowNl(what, err);
}

// The tunnel part of a flow key: the tunnel's id, from `remote` to `local`. The mask keeps
// those exact; TTL is present because the kernel refuses a key without it, and wildcarded.
int PutTunnelMatch(nl_msg* m, const Tunnel& t, bool mask) {
  nlattr* nest = nla_nest_start(m, OVS_KEY_ATTR_TUNNEL);
  if (nest == nullptr) return -NLE_NOMEM;
  uint64_t id = mask ? ~uint64_t{0} : htobe64(t.vni);
  unsigned char ones[16];
  std::memset(ones, 0xff, sizeof ones);
  bool v6 = t.remote.v6();
  int err = nla_put(m, OVS_TUNNEL_KEY_ATTR_ID, sizeof id, &id);
  if (err == 0) {
    err = nla_put(m, v6 ? OVS_TUNNEL_KEY_ATTR_IPV6_SRC : OVS_TUNNEL_KEY_ATTR_IPV4_SRC,
                  t.remote.size(), mask ? ones : t.remote.bytes);
  }
  if (err == 0) {
    err = nla_put(m, v6 ? OVS_TUNNEL_KEY_ATTR_IPV6_DST : OVS_TUNNEL_KEY_ATTR_IPV4_DST,
                  t.local.size(), mask ? ones : t.local.bytes);
  }
  if (err == 0) err = nla_put_u8(m, OVS_TUNNEL_KEY_ATTR_TTL, 0);
  if (err == 0) nla_nest_end(m, nest);
  return err;
}

// The L3 attribute the ethertype implies, all zero: in the mask, every field wildcarded.
int PutL3(nl_msg* m, uint16_t eth_type) {
  if (eth_type == ETH_P_IP) {
    ovs_key_ipv4 k{};
    return nla_put(m, OVS_KEY_ATTR_IPV4, sizeof k, &k);
  }
  if (eth_type == ETH_P_IPV6) {
    ovs_key_ipv6 k{};
    return nla_put(m, OVS_KEY_ATTR_IPV6, sizeof k, &k);
  }
  ovs_key_arp k{};
  return nla_put(m, OVS_KEY_ATTR_ARP, sizeof k, &k);
}

// OVS_FLOW_ATTR_KEY or, with `mask`, OVS_FLOW_ATTR_MASK of `f`.
int PutKey(nl_msg* m, const Flow& f, const Tunnel& t, bool mask) {
  nlattr* key = nla_nest_start(m, mask ? OVS_FLOW_ATTR_MASK : OVS_FLOW_ATTR_KEY);
  if (key == nullptr) return -NLE_NOMEM;
  int err = nla_put_u32(m, OVS_KEY_ATTR_RECIRC_ID, mask ? 0xffffffffu : 0);
  if (err == 0 && f.from_tunnel) err = PutTunnelMatch(m, t, mask);
  if (err == 0) err = nla_put_u32(m, OVS_KEY_ATTR_IN_PORT, mask ? 0xffffffffu : f.in_port);
  ovs_key_ethernet eth{};  // any source and destination MAC
  if (err == 0) err = nla_put(m, OVS_KEY_ATTR_ETHERNET, sizeof eth, &eth);
  uint16_t type = mask ? 0xffff : htons(f.eth_type);
  if (err == 0) err = nla_put(m, OVS_KEY_ATTR_ETHERTYPE, sizeof type, &type);
  if (err == 0) err = PutL3(m, f.eth_type);
  if (err == 0) nla_nest_end(m, key);
  return err;
}

// set(tunnel(tun_id, dst, ttl, tp_dst, flags(df|csum))), as pmtu.sh's flows set it.
int PutSetTunnel(nl_msg* m, const Tunnel& t) {
  nlattr* set = nla_nest_start(m, OVS_ACTION_ATTR_SET);
  nlattr* tun = set != nullptr ? nla_nest_start(m, OVS_KEY_ATTR_TUNNEL) : nullptr;
  if (tun == nullptr) return -NLE_NOMEM;
  uint64_t id = htobe64(t.vni);
  uint16_t port = htons(t.dstport);
  int err = nla_put(m, OVS_TUNNEL_KEY_ATTR_ID, sizeof id, &id);
  if (err == 0) {
    err = nla_put(m, t.remote.v6() ? OVS_TUNNEL_KEY_ATTR_IPV6_DST : OVS_TUNNEL_KEY_ATTR_IPV4_DST,
                  t.remote.size(), t.remote.bytes);
  }
  if (err == 0) err = nla_put_u8(m, OVS_TUNNEL_KEY_ATTR_TTL, t.ttl);
  if (err == 0) err = nla_put(m, OVS_TUNNEL_KEY_ATTR_TP_DST, sizeof port, &port);
  if (err == 0) err = nla_put_flag(m, OVS_TUNNEL_KEY_ATTR_DONT_FRAGMENT);
  if (err == 0) err = nla_put_flag(m, OVS_TUNNEL_KEY_ATTR_CSUM);
  if (err == 0) {
    nla_nest_end(m, tun);
    nla_nest_end(m, set);
  }
  return err;
}

}  // namespace

std::string TunnelDeviceName(const Tunnel& tunnel) {
  return (tunnel.geneve ? "genev_sys_" : "vxlan_sys_") + std::to_string(tunnel.dstport);
}

std::vector<Flow> CrossConnect(uint32_t port, uint32_t tunnel_port) {
  std::vector<Flow> flows;
  for (uint16_t type : {uint16_t{ETH_P_IP}, uint16_t{ETH_P_IPV6}, uint16_t{ETH_P_ARP}}) {
    flows.push_back(Flow{port, type, false, true, tunnel_port});
    flows.push_back(Flow{tunnel_port, type, true, false, port});
  }
  return flows;
}

NlMsgPtr BuildDatapathNew(int family, const std::string& name, const std::string& what) {
  NlMsgPtr m = Start(family, 0, OVS_DP_CMD_NEW, OVS_DATAPATH_VERSION, 0, what);
  int err = nla_put_string(m.get(), OVS_DP_ATTR_NAME, name.c_str());
  if (err == 0) err = nla_put_u32(m.get(), OVS_DP_ATTR_UPCALL_PID, 0);
  if (err == 0) err = nla_put_u32(m.get(), OVS_DP_ATTR_USER_FEATURES, 0);
  Check(err, what);
  return m;
}

NlMsgPtr BuildDatapathDel(int family, const std::string& name, const std::string& what) {
  NlMsgPtr m = Start(family, 0, OVS_DP_CMD_DEL, OVS_DATAPATH_VERSION, 0, what);
  Check(nla_put_string(m.get(), OVS_DP_ATTR_NAME, name.c_str()), what);
  return m;
}

NlMsgPtr BuildVportNew(int family, int dp_ifindex, const Vport& vport, const std::string& what) {
  NlMsgPtr m = Start(family, 0, OVS_VPORT_CMD_NEW, OVS_VPORT_VERSION, dp_ifindex, what);
  nl_msg* msg = m.get();
  int err = nla_put_string(msg, OVS_VPORT_ATTR_NAME, vport.name.c_str());
  if (err == 0) err = nla_put_u32(msg, OVS_VPORT_ATTR_TYPE, vport.type);
  if (err == 0) err = nla_put_u32(msg, OVS_VPORT_ATTR_PORT_NO, vport.port_no);
  if (err == 0) err = nla_put_u32(msg, OVS_VPORT_ATTR_UPCALL_PID, 0);
  if (err == 0 && vport.dstport) {
    nlattr* options = nla_nest_start(msg, OVS_VPORT_ATTR_OPTIONS);
    // Host byte order: vport-vxlan.c / vport-geneve.c convert it.
    err = options != nullptr ? nla_put_u16(msg, OVS_TUNNEL_ATTR_DST_PORT, *vport.dstport)
                             : -NLE_NOMEM;
    if (err == 0) nla_nest_end(msg, options);
  }
  Check(err, what);
  return m;
}

NlMsgPtr BuildFlowNew(int family, int dp_ifindex, const Flow& flow, const Tunnel& tunnel,
                      const std::string& what) {
  // NLM_F_CREATE, never NLM_F_EXCL: generic netlink reads that bit as a dump request.
  NlMsgPtr m = Start(family, NLM_F_CREATE, OVS_FLOW_CMD_NEW, OVS_FLOW_VERSION, dp_ifindex, what);
  nl_msg* msg = m.get();
  int err = PutKey(msg, flow, tunnel, false);
  if (err == 0) err = PutKey(msg, flow, tunnel, true);
  nlattr* actions = err == 0 ? nla_nest_start(msg, OVS_FLOW_ATTR_ACTIONS) : nullptr;
  if (err == 0 && actions == nullptr) err = -NLE_NOMEM;
  if (err == 0 && flow.to_tunnel) err = PutSetTunnel(msg, tunnel);
  if (err == 0) err = nla_put_u32(msg, OVS_ACTION_ATTR_OUTPUT, flow.out_port);
  if (err == 0) nla_nest_end(msg, actions);
  Check(err, what);
  return m;
}

}  // namespace mtulab::ovs
