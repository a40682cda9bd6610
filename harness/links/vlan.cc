// vlan: an 802.1Q / 802.1ad sub-interface of a parent (module 8021q).
#include <arpa/inet.h>
#include <linux/if_bridge.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/msg.h>

#include <cerrno>

#include "harness/links/link_add.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

// `bridge vlan add dev IFINDEX vid VID [pvid untagged] [self]`: RTM_SETLINK of family
// AF_BRIDGE with the VLAN in IFLA_AF_SPEC.
void AddBridgeVlan(NetlinkSender& nl, int ifindex, uint16_t vid, uint16_t flags, bool self,
                   const std::string& what) {
  NlMsgPtr msg(nlmsg_alloc_simple(RTM_SETLINK, NLM_F_REQUEST));
  if (msg == nullptr) ThrowErrno(what, ENOMEM);
  ifinfomsg ifi{};
  ifi.ifi_family = AF_BRIDGE;
  ifi.ifi_index = ifindex;
  bridge_vlan_info info{flags, vid};
  int err = nlmsg_append(msg.get(), &ifi, sizeof ifi, NLMSG_ALIGNTO);
  nlattr* spec = err == 0 ? nla_nest_start(msg.get(), IFLA_AF_SPEC) : nullptr;
  if (spec == nullptr) err = -NLE_NOMEM;
  if (err == 0 && self) err = nla_put_u16(msg.get(), IFLA_BRIDGE_FLAGS, BRIDGE_FLAGS_SELF);
  if (err == 0) err = nla_put(msg.get(), IFLA_BRIDGE_VLAN_INFO, sizeof info, &info);
  if (err == 0) nla_nest_end(msg.get(), spec);
  if (err < 0) ThrowNl(what, err);
  nl.SendAndAck(msg.get(), what);
}

// An SVI on a VLAN-aware bridge: the bridge joins the VLAN tagged, each untagged port gets it
// as its PVID.
void JoinBridgeVlan(NetlinkSender& nl, const DeviceSpec& spec, const IfIndexOf& ifindex_of,
                    uint16_t id) {
  const std::string bridge = TextParam(spec, "parent");
  std::string what =
      "adding VLAN " + std::to_string(id) + " to bridge '" + bridge + "' in " + nl.owner();
  AddBridgeVlan(nl, ifindex_of(bridge), id, 0, true, what);
  for (const std::string& port : ListParam(spec, "untagged_ports")) {
    what = "adding VLAN " + std::to_string(id) + " (pvid untagged) to port '" + port + "' of '" +
           bridge + "' in " + nl.owner();
    AddBridgeVlan(nl, ifindex_of(port), id, BRIDGE_VLAN_INFO_PVID | BRIDGE_VLAN_INFO_UNTAGGED,
                  false, what);
  }
}

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
  if (!ListParam(spec, "untagged_ports").empty()) JoinBridgeVlan(nl, spec, ifindex_of, id);
}

}  // namespace

MTULAB_REGISTER_LINK_KIND(vlan, CreateVlan);

}  // namespace mtulab
