// FOU / GUE under ipip, sit and ip6tnl (the attributes: harness/model/tunnel_encap.h): the
// tunnel's IFLA_IPTUN_ENCAP_* attributes, and the node's receive port, a kernel object of the
// generic netlink family "fou" that mtulab adds before the tunnel and removes with the lab.
#ifndef MTULAB_LINKS_FOU_PORT_H_
#define MTULAB_LINKS_FOU_PORT_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "harness/links/link_add.h"
#include "harness/links/link_kind.h"

namespace mtulab {

/// Puts IFLA_IPTUN_ENCAP_TYPE, _FLAGS, _SPORT and _DPORT into the open IFLA_INFO_DATA nest
/// when `spec` has `encap` (nothing otherwise), as ip(8) sends them: flags 0 over IPv4,
/// TUNNEL_ENCAP_FLAG_CSUM6 over IPv6 (a zero UDP checksum is invalid there), ports in
/// network byte order, source port 0 for "auto". Returns 0 or a negative libnl error.
int PutTunnelEncap(nl_msg* msg, const DeviceSpec& spec, bool ipv6_outer);

/// One receive port: `ip fou add port PORT ipproto IPPROTO [-6]` or `... gue [-6]`.
struct FouPortSpec {
  uint16_t port = 0;
  int family = 0;       // AF_INET or AF_INET6: the tunnel's underlay
  uint8_t ipproto = 0;  // inner protocol of a FOU port (4 or 41); unused for GUE
  bool gue = false;
};

/// The receive port `spec`'s fou_port asks for: the family of its underlay, the inner
/// protocol from its kind and mode. nullopt without fou_port.
std::optional<FouPortSpec> FouPortOf(const DeviceSpec& spec);

/// A FOU_CMD_ADD or FOU_CMD_DEL request for `port` to the generic netlink family
/// `family_id`: FOU_ATTR_PORT (network byte order), FOU_ATTR_AF, FOU_ATTR_TYPE and, for FOU,
/// FOU_ATTR_IPPROTO. Pure: nothing is sent. Throws SysError(`what`) when it cannot be built.
NlMsgPtr BuildFouMsg(int family_id, uint8_t cmd, const FouPortSpec& port, const std::string& what);

/// The `start` hook of ipip, sit and ip6tnl: adds the node's receive port when `spec` has
/// fou_port, then creates the tunnel with `create`. The handle removes the port
/// (FOU_CMD_DEL) when the lab ends; nullptr without fou_port.
std::unique_ptr<LinkHandle> StartFouTunnel(const KindContext& context, const DeviceSpec& spec,
                                           void (*create)(NetlinkSender&, const DeviceSpec&,
                                                          const IfIndexOf&));

/// Whether this kernel can build a `kind` tunnel with the FOU/GUE attributes of `params`
/// (encap, mode, fou_port): tried once per combination in a scratch namespace. False sets
/// `reason` ("kernel lacks fou for ipip (...)"): the fou / fou6 modules have no alias, so
/// nothing loads them on demand (the kernel lane's guest loads them: harness/vm/initramfs.h).
bool KernelSupportsTunnelEncap(const std::string& kind,
                               const std::map<std::string, std::string>& params,
                               std::string* reason);

}  // namespace mtulab

#endif  // MTULAB_LINKS_FOU_PORT_H_
