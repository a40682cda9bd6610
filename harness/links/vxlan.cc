// vxlan: Ethernet in UDP, plus the all-zero-MAC FDB entries that flood to each remote.
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include <cerrno>

#include "harness/links/link_add.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

constexpr uint16_t kIanaVxlanPort = 4789;

int PutIp(nl_msg* msg, int attr4, int attr6, const std::optional<IpBytes>& ip) {
  if (!ip) return 0;
  return nla_put(msg, ip->v6() ? attr6 : attr4, ip->size(), ip->bytes);
}

// Like `bridge fdb append 00:00:00:00:00:00 dev VX dst ADDR`.
void AppendZeroMacFdb(NetlinkSender& nl, const DeviceSpec& spec, int ifindex, const std::string& dst) {
  std::string what = "appending FDB entry 00:00:00:00:00:00 dst " + dst + " to vxlan '" +
                     spec.ifname + "' in " + nl.owner();
  std::optional<IpBytes> ip = ParseIpBytes(dst);
  if (!ip) ThrowErrno(what + ": not an address", EINVAL);
  NlMsgPtr msg(nlmsg_alloc_simple(RTM_NEWNEIGH, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_APPEND));
  if (msg == nullptr) ThrowErrno(what, ENOMEM);
  ndmsg ndm{};
  ndm.ndm_family = AF_BRIDGE;
  ndm.ndm_ifindex = ifindex;
  ndm.ndm_state = NUD_PERMANENT | NUD_NOARP;
  ndm.ndm_flags = NTF_SELF;  // the vxlan's own table, not a bridge master's
  const unsigned char zero_mac[6] = {};
  int err = nlmsg_append(msg.get(), &ndm, sizeof ndm, NLMSG_ALIGNTO);
  if (err == 0) err = nla_put(msg.get(), NDA_LLADDR, sizeof zero_mac, zero_mac);
  if (err == 0) err = nla_put(msg.get(), NDA_DST, ip->size(), ip->bytes);
  if (err < 0) ThrowNl(what, err);
  nl.SendAndAck(msg.get(), what);
}


void CreateVxlan(NetlinkSender& nl, const DeviceSpec& spec, const IfIndexOf& ifindex_of) {
  uint32_t vni = Required(spec, "vni", UintParam(spec, "vni"));
  std::optional<IpBytes> local = AddressParam(spec, "local");
  std::optional<IpBytes> remote = AddressParam(spec, "remote");
  if (!remote) remote = AddressParam(spec, "group");  // one attribute carries both
  int dev = spec.params.count("dev") ? ifindex_of(spec.params.at("dev")) : 0;
  // Always sent: without IFLA_VXLAN_PORT the kernel uses its pre-IANA default 8472.
  uint16_t port = static_cast<uint16_t>(UintParam(spec, "dstport").value_or(kIanaVxlanPort));
  std::optional<uint32_t> df =
      EnumParam(spec, "df", {{"unset", VXLAN_DF_UNSET}, {"set", VXLAN_DF_SET},
                             {"inherit", VXLAN_DF_INHERIT}});
  std::optional<uint32_t> ttl = UintParam(spec, "ttl");
  bool learning = BoolParam(spec, "learning").value_or(true);
  AddLink(nl, NewLink{"vxlan", spec.ifname, spec.mtu, 0}, [&](nl_msg* msg) {
    int err = nla_put_u32(msg, IFLA_VXLAN_ID, vni);
    if (err == 0) err = PutIp(msg, IFLA_VXLAN_LOCAL, IFLA_VXLAN_LOCAL6, local);
    if (err == 0) err = PutIp(msg, IFLA_VXLAN_GROUP, IFLA_VXLAN_GROUP6, remote);
    if (err == 0 && dev != 0) err = nla_put_u32(msg, IFLA_VXLAN_LINK, static_cast<uint32_t>(dev));
    if (err == 0) err = nla_put_u16(msg, IFLA_VXLAN_PORT, htons(port));
    if (err == 0 && df) err = nla_put_u8(msg, IFLA_VXLAN_DF, static_cast<uint8_t>(*df));
    if (err == 0 && ttl) err = nla_put_u8(msg, IFLA_VXLAN_TTL, static_cast<uint8_t>(*ttl));
    if (err == 0) err = nla_put_u8(msg, IFLA_VXLAN_LEARNING, learning ? 1 : 0);
    return err;
  });
  if (spec.fdb.empty()) return;
  int ifindex = ifindex_of(spec.ifname);
  for (const std::string& dst : spec.fdb) AppendZeroMacFdb(nl, spec, ifindex, dst);
}

}  // namespace

MTULAB_REGISTER_LINK_KIND(vxlan, CreateVxlan);

}  // namespace mtulab
