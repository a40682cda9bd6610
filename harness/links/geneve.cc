// geneve: Ethernet in UDP with options (module geneve).
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <netlink/attr.h>

#include "harness/links/link_add.h"

namespace mtulab {
namespace {

constexpr uint16_t kIanaGenevePort = 6081;


void CreateGeneve(NetlinkSender& nl, const DeviceSpec& spec, const IfIndexOf&) {
  uint32_t vni = Required(spec, "vni", UintParam(spec, "vni"));
  IpBytes remote = Required(spec, "remote", AddressParam(spec, "remote"));
  uint16_t port = static_cast<uint16_t>(UintParam(spec, "dstport").value_or(kIanaGenevePort));
  std::optional<uint32_t> df =
      EnumParam(spec, "df", {{"unset", GENEVE_DF_UNSET}, {"set", GENEVE_DF_SET},
                             {"inherit", GENEVE_DF_INHERIT}});
  std::optional<uint32_t> ttl = UintParam(spec, "ttl");
  AddLink(nl, NewLink{"geneve", spec.ifname, spec.mtu, 0}, [&](nl_msg* msg) {
    int err = nla_put_u32(msg, IFLA_GENEVE_ID, vni);
    if (err == 0) {
      err = nla_put(msg, remote.v6() ? IFLA_GENEVE_REMOTE6 : IFLA_GENEVE_REMOTE, remote.size(),
                    remote.bytes);
    }
    if (err == 0) err = nla_put_u16(msg, IFLA_GENEVE_PORT, htons(port));
    if (err == 0 && df) err = nla_put_u8(msg, IFLA_GENEVE_DF, static_cast<uint8_t>(*df));
    if (err == 0 && ttl) err = nla_put_u8(msg, IFLA_GENEVE_TTL, static_cast<uint8_t>(*ttl));
    return err;
  });
}

}  // namespace

MTULAB_REGISTER_LINK_KIND(geneve, CreateGeneve);

}  // namespace mtulab
