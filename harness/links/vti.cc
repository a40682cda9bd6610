// vti: the IPv4 virtual tunnel interface of IPsec (module ip_vti): packets routed into it
// are sent through the xfrm policy whose mark matches its key; it adds no header of its own.
#include <arpa/inet.h>
#include <linux/if_tunnel.h>
#include <netlink/attr.h>

#include <cerrno>

#include "harness/links/link_add.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

void CreateVti(NetlinkSender& nl, const DeviceSpec& spec, const IfIndexOf& ifindex_of) {
  IpBytes local = Required(spec, "local", AddressParam(spec, "local"));
  IpBytes remote = Required(spec, "remote", AddressParam(spec, "remote"));
  if (local.v6() || remote.v6()) {
    ThrowErrno(CreatingWhat("vti", spec.ifname, nl.owner()) + ": vti carries IPv4 endpoints only",
               EINVAL);
  }
  // ip(8)'s "key K": the same key in and out, in network byte order (the xfrm mark).
  uint32_t key = htonl(UintParam(spec, "key").value_or(0));
  int dev = spec.params.count("dev") ? ifindex_of(spec.params.at("dev")) : 0;
  AddLink(nl, NewLink{"vti", spec.ifname, spec.mtu, 0}, [&](nl_msg* msg) {
    int err = nla_put(msg, IFLA_VTI_LOCAL, local.size(), local.bytes);
    if (err == 0) err = nla_put(msg, IFLA_VTI_REMOTE, remote.size(), remote.bytes);
    if (err == 0) err = nla_put_u32(msg, IFLA_VTI_IKEY, key);
    if (err == 0) err = nla_put_u32(msg, IFLA_VTI_OKEY, key);
    if (err == 0 && dev != 0) err = nla_put_u32(msg, IFLA_VTI_LINK, static_cast<uint32_t>(dev));
    return err;
  });
}

}  // namespace

MTULAB_REGISTER_LINK_KIND(vti, CreateVti);

}  // namespace mtulab
