// gre (L3) and gretap (Ethernet): ip6gre / ip6gretap when the addresses are IPv6.
#include <arpa/inet.h>
#include <asm/byteorder.h>
#include <linux/if_tunnel.h>
#include <netlink/attr.h>

#include <cerrno>

#include "harness/links/link_add.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

void CreateGre(NetlinkSender& nl, const DeviceSpec& spec, const IfIndexOf&) {
  IpBytes local = Required(spec, "local", AddressParam(spec, "local"));
  IpBytes remote = Required(spec, "remote", AddressParam(spec, "remote"));
  std::string kind = (remote.v6() ? "ip6" : "") + spec.kind;
  if (local.family != remote.family) {
    ThrowErrno(CreatingWhat(kind, spec.ifname, nl.owner()) + ": local and remote differ in family",
               EINVAL);
  }
  // A fixed TTL: with "inherit" (0) the kernel cannot set DF, so PMTU discovery would be off.
  uint8_t ttl = static_cast<uint8_t>(UintParam(spec, "ttl").value_or(64));
  // Optional fields, the same both ways (RFC 2784/2890): each adds 4 bytes to the header.
  std::optional<uint32_t> key = UintParam(spec, "key");
  auto flags = static_cast<uint16_t>((key ? GRE_KEY : 0) |
                                     (BoolParam(spec, "csum").value_or(false) ? GRE_CSUM : 0));
  AddLink(nl, NewLink{kind, spec.ifname, spec.mtu, 0}, [&](nl_msg* msg) {
    int err = nla_put(msg, IFLA_GRE_LOCAL, local.size(), local.bytes);
    if (err == 0) err = nla_put(msg, IFLA_GRE_REMOTE, remote.size(), remote.bytes);
    if (err == 0) err = nla_put_u8(msg, IFLA_GRE_TTL, ttl);  // ip6gre: hop limit
    if (err == 0 && !remote.v6()) err = nla_put_u8(msg, IFLA_GRE_PMTUDISC, 1);
    if (err == 0 && flags != 0) err = nla_put_u16(msg, IFLA_GRE_IFLAGS, flags);  // big-endian
    if (err == 0 && flags != 0) err = nla_put_u16(msg, IFLA_GRE_OFLAGS, flags);
    if (err == 0 && key) err = nla_put_u32(msg, IFLA_GRE_IKEY, htonl(*key));
    if (err == 0 && key) err = nla_put_u32(msg, IFLA_GRE_OKEY, htonl(*key));
    return err;
  });
}

}  // namespace

MTULAB_REGISTER_LINK_KIND(gre, CreateGre);
MTULAB_REGISTER_LINK_KIND(gretap, CreateGre);

}  // namespace mtulab
