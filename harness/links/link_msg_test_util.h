// Decodes the RTM_NEWLINK requests a RecordingSender kept, for the unit tests of link kinds.
#ifndef MTULAB_LINKS_LINK_MSG_TEST_UTIL_H_
#define MTULAB_LINKS_LINK_MSG_TEST_UTIL_H_

#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/links/recording_sender.h"

namespace mtulab::testing_links {

/// One RTM_NEWLINK as the kernel would read it.
struct DecodedLink {
  uint16_t type = 0, flags = 0;
  int ifindex = 0;                                 // ifinfomsg: 0 for a creation
  std::optional<std::string> ifname;               // IFLA_IFNAME
  std::optional<uint32_t> mtu, link, master;       // IFLA_MTU, IFLA_LINK, IFLA_MASTER
  std::optional<std::string> kind;                 // IFLA_LINKINFO / IFLA_INFO_KIND
  bool has_data = false;                           // IFLA_INFO_DATA present
  std::map<int, std::vector<unsigned char>> data;  // IFLA_INFO_DATA attributes by type

  uint8_t U8(int attr) const { return data.at(attr).at(0); }
  uint16_t U16(int attr) const { return Get<uint16_t>(attr); }
  uint32_t U32(int attr) const { return Get<uint32_t>(attr); }
  /// An address attribute as text ("10.0.0.1", "fd00::1").
  std::string Ip(int attr) const {
    const std::vector<unsigned char>& b = data.at(attr);
    char text[64] = {};
    ::inet_ntop(b.size() == 16 ? AF_INET6 : AF_INET, b.data(), text, sizeof text);
    return text;
  }
  template <typename T>
  T Get(int attr) const {
    T v{};
    const std::vector<unsigned char>& b = data.at(attr);
    std::memcpy(&v, b.data(), std::min(sizeof v, b.size()));
    return v;
  }
};

inline DecodedLink Decode(const RecordingSender::Sent& s) {
  DecodedLink d;
  std::vector<char> copy = s.bytes;
  auto* h = reinterpret_cast<nlmsghdr*>(copy.data());
  d.type = h->nlmsg_type;
  d.flags = h->nlmsg_flags;
  d.ifindex = static_cast<const ifinfomsg*>(nlmsg_data(h))->ifi_index;
  nlattr* tb[IFLA_MAX + 1] = {};
  if (nlmsg_parse(h, sizeof(ifinfomsg), tb, IFLA_MAX, nullptr) != 0) return d;
  if (tb[IFLA_IFNAME]) d.ifname = nla_get_string(tb[IFLA_IFNAME]);
  if (tb[IFLA_MTU]) d.mtu = nla_get_u32(tb[IFLA_MTU]);
  if (tb[IFLA_LINK]) d.link = nla_get_u32(tb[IFLA_LINK]);
  if (tb[IFLA_MASTER]) d.master = nla_get_u32(tb[IFLA_MASTER]);
  if (tb[IFLA_LINKINFO] == nullptr) return d;
  nlattr* info[IFLA_INFO_MAX + 1] = {};
  if (nla_parse_nested(info, IFLA_INFO_MAX, tb[IFLA_LINKINFO], nullptr) != 0) return d;
  if (info[IFLA_INFO_KIND]) d.kind = nla_get_string(info[IFLA_INFO_KIND]);
  if (info[IFLA_INFO_DATA] == nullptr) return d;
  d.has_data = true;
  nlattr* a;
  int rem;
  nla_for_each_nested(a, info[IFLA_INFO_DATA], rem) {
    auto* p = static_cast<unsigned char*>(nla_data(a));
    d.data[nla_type(a)] = std::vector<unsigned char>(p, p + nla_len(a));
  }
  return d;
}

}  // namespace mtulab::testing_links

#endif  // MTULAB_LINKS_LINK_MSG_TEST_UTIL_H_
