#include "harness/links/link_add.h"

#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include "harness/model/values.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

int FillNewLink(nl_msg* msg, const NewLink& link, const InfoDataFiller& fill) {
  ifinfomsg ifi{};
  ifi.ifi_family = AF_UNSPEC;
  int err = nlmsg_append(msg, &ifi, sizeof ifi, NLMSG_ALIGNTO);
  if (err == 0) err = nla_put_string(msg, IFLA_IFNAME, link.ifname.c_str());
  if (err == 0 && link.mtu) err = nla_put_u32(msg, IFLA_MTU, *link.mtu);
  if (err == 0 && link.lower_ifindex != 0) {
    err = nla_put_u32(msg, IFLA_LINK, static_cast<uint32_t>(link.lower_ifindex));
  }
  if (err != 0) return err;
  nlattr* info = nla_nest_start(msg, IFLA_LINKINFO);
  if (info == nullptr) return -NLE_NOMEM;
  err = nla_put_string(msg, IFLA_INFO_KIND, link.kind.c_str());
  if (err == 0 && fill) {
    nlattr* data = nla_nest_start(msg, IFLA_INFO_DATA);
    if (data == nullptr) return -NLE_NOMEM;
    err = fill(msg);
    if (err == 0) err = nla_nest_end(msg, data);
  }
  if (err == 0) err = nla_nest_end(msg, info);
  return err;
}

[[noreturn]] void ThrowBadParam(const DeviceSpec& spec, const std::string& name,
                                const std::string& value, const char* expected) {
  ThrowErrno("device '" + spec.ifname + "' (kind " + spec.kind + "): " + name + "='" + value +
                 "' is not " + expected,
             EINVAL);
}

const std::string* Param(const DeviceSpec& spec, const std::string& name) {
  auto it = spec.params.find(name);
  return it == spec.params.end() ? nullptr : &it->second;
}

}  // namespace

void NlMsgFree::operator()(nl_msg* msg) const { nlmsg_free(msg); }

std::string CreatingWhat(const std::string& kind, const std::string& ifname,
                         const std::string& owner) {
  return "creating " + kind + " '" + ifname + "' in " + owner;
}

NlMsgPtr BuildNewLink(const NewLink& link, const InfoDataFiller& fill, const std::string& what) {
  NlMsgPtr msg(nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL));
  if (msg == nullptr) ThrowErrno(what, ENOMEM);
  int err = FillNewLink(msg.get(), link, fill);
  if (err < 0) ThrowNl(what, err);
  return msg;
}

void AddLink(NetlinkSender& nl, const NewLink& link, const InfoDataFiller& fill) {
  std::string what = CreatingWhat(link.kind, link.ifname, nl.owner());
  NlMsgPtr msg = BuildNewLink(link, fill, what);
  nl.SendAndAck(msg.get(), what);
}

NlMsgPtr BuildSetMaster(int ifindex, int master, const std::string& what) {
  NlMsgPtr msg(nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_REQUEST));
  if (msg == nullptr) ThrowErrno(what, ENOMEM);
  ifinfomsg ifi{};
  ifi.ifi_family = AF_UNSPEC;
  ifi.ifi_index = ifindex;
  int err = nlmsg_append(msg.get(), &ifi, sizeof ifi, NLMSG_ALIGNTO);
  if (err == 0) err = nla_put_u32(msg.get(), IFLA_MASTER, static_cast<uint32_t>(master));
  if (err < 0) ThrowNl(what, err);
  return msg;
}

int IpBytes::size() const { return family == AF_INET6 ? 16 : 4; }
bool IpBytes::v6() const { return family == AF_INET6; }

std::optional<IpBytes> ParseIpBytes(const std::string& text) {
  std::optional<IpAddr> parsed = ParseIp(text);
  if (!parsed) return std::nullopt;
  IpBytes ip;
  ip.family = parsed->family == Family::kIpv6 ? AF_INET6 : AF_INET;
  std::memcpy(ip.bytes, parsed->bytes.data(), ip.size());
  return ip;
}

std::optional<IpBytes> AddressParam(const DeviceSpec& spec, const std::string& name) {
  const std::string* v = Param(spec, name);
  if (v == nullptr) return std::nullopt;
  std::optional<IpBytes> ip = ParseIpBytes(*v);
  if (!ip) ThrowBadParam(spec, name, *v, "an IPv4 or IPv6 address");
  return ip;
}

std::optional<uint32_t> UintParam(const DeviceSpec& spec, const std::string& name) {
  const std::string* v = Param(spec, name);
  if (v == nullptr) return std::nullopt;
  uint64_t n = 0;
  for (char c : *v) {
    if (c < '0' || c > '9' || n > UINT32_MAX) ThrowBadParam(spec, name, *v, "an unsigned integer");
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v->empty() || n > UINT32_MAX) ThrowBadParam(spec, name, *v, "an unsigned integer");
  return static_cast<uint32_t>(n);
}

std::optional<bool> BoolParam(const DeviceSpec& spec, const std::string& name) {
  const std::string* v = Param(spec, name);
  if (v == nullptr) return std::nullopt;
  if (*v == "true") return true;
  if (*v == "false") return false;
  ThrowBadParam(spec, name, *v, "true or false");
}

std::optional<uint32_t> EnumParam(const DeviceSpec& spec, const std::string& name,
                                  const std::vector<std::pair<std::string, uint32_t>>& choices) {
  const std::string* v = Param(spec, name);
  if (v == nullptr) return std::nullopt;
  for (const auto& [text, value] : choices) {
    if (*v == text) return value;
  }
  ThrowBadParam(spec, name, *v, "one of the kind's choices");
}

const std::string& TextParam(const DeviceSpec& spec, const std::string& name) {
  const std::string* v = Param(spec, name);
  if (v == nullptr) {
    ThrowErrno("device '" + spec.ifname + "' (kind " + spec.kind + "): " + name + " is required",
               EINVAL);
  }
  return *v;
}

std::vector<std::string> ListParam(const DeviceSpec& spec, const std::string& name) {
  std::vector<std::string> out;
  if (const std::string* v = Param(spec, name)) {
    std::istringstream in(*v);
    for (std::string word; in >> word;) out.push_back(word);
  }
  return out;
}

}  // namespace mtulab
