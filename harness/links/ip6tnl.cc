// ip6tnl: IPv4 (mode ipip6) or IPv6 (mode ip6ip6) in IPv6 (module ip6_tunnel).
#include <linux/if_tunnel.h>
#include <netinet/in.h>
#include <netlink/attr.h>

#include <cerrno>

#include "harness/links/fou_port.h"
#include "harness/links/link_add.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

void CreateIp6tnl(NetlinkSender& nl, const DeviceSpec& spec, const IfIndexOf&) {
  IpBytes local = Required(spec, "local", AddressParam(spec, "local"));
  IpBytes remote = Required(spec, "remote", AddressParam(spec, "remote"));
  if (!local.v6() || !remote.v6()) {
    ThrowErrno(CreatingWhat("ip6tnl", spec.ifname, nl.owner()) + ": ip6tnl runs over IPv6 only",
               EINVAL);
  }
  // ip(8)'s default mode is ip6ip6; "any" (0) takes both.
  uint32_t proto =
      EnumParam(spec, "mode", {{"ipip6", IPPROTO_IPIP}, {"ip6ip6", IPPROTO_IPV6}, {"any", 0}})
          .value_or(IPPROTO_IPV6);
  // The option is sent unless IP6_TNL_F_IGN_ENCAP_LIMIT is set, which mtulab never does;
  // 4 is IPV6_DEFAULT_TNL_ENCAP_LIMIT, ip(8)'s default too.
  uint8_t limit = static_cast<uint8_t>(UintParam(spec, "encaplimit").value_or(4));
  uint8_t hops = static_cast<uint8_t>(UintParam(spec, "ttl").value_or(64));
  AddLink(nl, NewLink{"ip6tnl", spec.ifname, spec.mtu, 0}, [&](nl_msg* msg) {
    int err = nla_put(msg, IFLA_IPTUN_LOCAL, local.size(), local.bytes);
    if (err == 0) err = nla_put(msg, IFLA_IPTUN_REMOTE, remote.size(), remote.bytes);
    if (err == 0) err = nla_put_u8(msg, IFLA_IPTUN_PROTO, static_cast<uint8_t>(proto));
    if (err == 0) err = nla_put_u8(msg, IFLA_IPTUN_ENCAP_LIMIT, limit);
    if (err == 0) err = nla_put_u8(msg, IFLA_IPTUN_TTL, hops);
    if (err == 0) err = nla_put_u32(msg, IFLA_IPTUN_FLAGS, 0);
    if (err == 0) err = PutTunnelEncap(msg, spec, true);
    return err;
  });
}

// With fou_port, the node's FOU/GUE receive port comes first (harness/links/fou_port.h).
std::unique_ptr<LinkHandle> StartIp6tnl(const KindContext& context, const DeviceSpec& spec) {
  return StartFouTunnel(context, spec, CreateIp6tnl);
}

}  // namespace

MTULAB_REGISTER_LINK_KIND(ip6tnl, CreateIp6tnl, StartIp6tnl);

}  // namespace mtulab
