// ipip: IPv4 in IPv4 (module ipip).
#include <linux/if_tunnel.h>
#include <netlink/attr.h>

#include <cerrno>

#include "harness/links/fou_port.h"
#include "harness/links/link_add.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

void CreateIpip(NetlinkSender& nl, const DeviceSpec& spec, const IfIndexOf&) {
  IpBytes local = Required(spec, "local", AddressParam(spec, "local"));
  IpBytes remote = Required(spec, "remote", AddressParam(spec, "remote"));
  if (local.v6() || remote.v6()) {
    ThrowErrno(CreatingWhat("ipip", spec.ifname, nl.owner()) + ": ipip carries IPv4 only",
               EINVAL);
  }
  // Fixed TTL + PMTUDISC: outer DF set, so PMTU discovery works through the tunnel.
  uint8_t ttl = static_cast<uint8_t>(UintParam(spec, "ttl").value_or(64));
  AddLink(nl, NewLink{"ipip", spec.ifname, spec.mtu, 0}, [&](nl_msg* msg) {
    int err = nla_put(msg, IFLA_IPTUN_LOCAL, local.size(), local.bytes);
    if (err == 0) err = nla_put(msg, IFLA_IPTUN_REMOTE, remote.size(), remote.bytes);
    if (err == 0) err = nla_put_u8(msg, IFLA_IPTUN_TTL, ttl);
    if (err == 0) err = nla_put_u8(msg, IFLA_IPTUN_PMTUDISC, 1);
    if (err == 0) err = PutTunnelEncap(msg, spec, false);
    return err;
  });
}

// With fou_port, the node's FOU/GUE receive port comes first (harness/links/fou_port.h).
std::unique_ptr<LinkHandle> StartIpip(const KindContext& context, const DeviceSpec& spec) {
  return StartFouTunnel(context, spec, CreateIpip);
}

}  // namespace

MTULAB_REGISTER_LINK_KIND(ipip, CreateIpip, StartIpip);

}  // namespace mtulab
