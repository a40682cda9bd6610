#ifndef MTULAB_LINKS_LINK_ADD_H_
#define MTULAB_LINKS_LINK_ADD_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/links/link_kind.h"
#include "harness/sys/netlink_sender.h"

struct nl_msg;

namespace mtulab {

struct NlMsgFree {
  void operator()(nl_msg* msg) const;
};
/// An owned libnl message.
using NlMsgPtr = std::unique_ptr<nl_msg, NlMsgFree>;

/// The common part of one RTM_NEWLINK request.
struct NewLink {
  std::string kind;             // IFLA_INFO_KIND as the kernel knows it ("vxlan", "ip6gre")
  std::string ifname;           // IFLA_IFNAME
  std::optional<uint32_t> mtu;  // IFLA_MTU when set
  int lower_ifindex = 0;        // IFLA_LINK when not 0 (the parent of macvlan, vlan)
};

/// Puts the kind's attributes into the open IFLA_INFO_DATA nest. Returns 0 or a negative
/// libnl error (nla_put_*'s own return values).
using InfoDataFiller = std::function<int(nl_msg* msg)>;

/// "creating <kind> '<ifname>' in <owner>": what every creation error starts with.
std::string CreatingWhat(const std::string& kind, const std::string& ifname,
                         const std::string& owner);

/// RTM_NEWLINK, NLM_F_REQUEST|NLM_F_CREATE|NLM_F_EXCL: ifinfomsg, IFLA_IFNAME, IFLA_MTU,
/// IFLA_LINK, IFLA_LINKINFO{IFLA_INFO_KIND, IFLA_INFO_DATA{fill}} (no IFLA_INFO_DATA without
/// `fill`). Pure: nothing is sent. Throws SysError(`what`) when the message cannot be built.
NlMsgPtr BuildNewLink(const NewLink& link, const InfoDataFiller& fill, const std::string& what);

/// Creates the link (down) in the namespace of `nl`. Throws SysError "creating <kind>
/// '<ifname>' in <owner>: <netlink error>".
void AddLink(NetlinkSender& nl, const NewLink& link, const InfoDataFiller& fill = {});

/// RTM_NEWLINK for the existing interface `ifindex` setting IFLA_MASTER to `master` (like `ip
/// link set PORT master BRIDGE`). Pure: nothing is sent.
NlMsgPtr BuildSetMaster(int ifindex, int master, const std::string& what);

/// Makes `msg`, if it creates a link (RTM_NEWLINK with NLM_F_CREATE), a change of the
/// existing interface `ifindex` instead: clears NLM_F_CREATE and NLM_F_EXCL, sets ifi_index,
/// drops IFLA_IFNAME (a link that is up refuses even its own name before 6.2: EBUSY).
/// Returns whether it did (harness/links/link_change.cc).
bool TurnIntoChange(nl_msg* msg, int ifindex);

/// Changes the existing interface `ifindex` to `spec` through its kind's changelink: the
/// kind's create builds its requests and each RTM_NEWLINK that would create goes out as a
/// change (other requests, such as a bridge's port enslaving, unchanged; FDB entries not
/// again). `spec.mtu` set: IFLA_MTU too. Throws SysError "changing <kind> '<ifname>' in
/// <owner>: ..." (the kernel's refusal: EOPNOTSUPP for a kind without changelink).
void ChangeDevice(NetlinkSender& nl, const DeviceSpec& spec, const IfIndexOf& ifindex_of,
                  int ifindex);

/// An IPv4 or IPv6 address in network byte order, as IFLA_*_LOCAL/REMOTE attributes carry it.
struct IpBytes {
  int family = 0;                // AF_INET or AF_INET6
  unsigned char bytes[16] = {};
  int size() const;              // 4 or 16
  bool v6() const;
};

/// Parses an address without prefix; nullopt for anything else.
std::optional<IpBytes> ParseIpBytes(const std::string& text);

// Readers of DeviceSpec::params. The loader has validated them, so a malformed value is a
// harness bug: it throws SysError(EINVAL) naming the device and the parameter.

/// params[name] as an address, nullopt when absent.
std::optional<IpBytes> AddressParam(const DeviceSpec& spec, const std::string& name);
/// params[name] as a decimal unsigned integer, nullopt when absent.
std::optional<uint32_t> UintParam(const DeviceSpec& spec, const std::string& name);
/// params[name] ("true"/"false"), nullopt when absent.
std::optional<bool> BoolParam(const DeviceSpec& spec, const std::string& name);
/// The value of params[name] in `choices` ({text, value}), nullopt when absent.
std::optional<uint32_t> EnumParam(const DeviceSpec& spec, const std::string& name,
                                  const std::vector<std::pair<std::string, uint32_t>>& choices);
/// params[name] as written; throws SysError(EINVAL) when absent.
const std::string& TextParam(const DeviceSpec& spec, const std::string& name);
/// The value of a required parameter read by one of the readers above; throws SysError(EINVAL)
/// when it is absent.
template <typename T>
T Required(const DeviceSpec& spec, const std::string& name, std::optional<T> value) {
  if (!value) TextParam(spec, name);  // throws
  return *value;
}
/// params[name] split at blanks (an ifname list); empty when absent.
std::vector<std::string> ListParam(const DeviceSpec& spec, const std::string& name);

}  // namespace mtulab

#endif  // MTULAB_LINKS_LINK_ADD_H_
