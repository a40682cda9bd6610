#ifndef MTULAB_TESTS_INTEGRATION_LINK_KINDS_FIXTURE_H_
#define MTULAB_TESTS_INTEGRATION_LINK_KINDS_FIXTURE_H_

// Shared by the link kind tests: readers of RTM_GETLINK / RTM_GETNEIGH answers and a fixture
// holding a fresh namespace with a u0 -- u1 underlay.
// <net/if.h> (via test_topologies.h) before any <linux/if*.h>: glibc's then wins the overlap.
#include <net/if.h>
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <climits>
#include <cstring>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "harness/links/link_kind.h"
#include "harness/model/link_kinds.h"
#include "harness/sys/netns.h"
#include "harness/sys/rtnl.h"
#include "harness/sys/sys_error.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {

/// What RTM_GETLINK says about one interface, IFLA_INFO_DATA kept raw.
struct LinkDump {
  bool found = false;
  int ifindex = 0, link = 0, master = 0;
  uint32_t mtu = 0;
  std::string kind;
  std::map<int, std::vector<uint8_t>> data;

  bool Has(int attr) const { return data.count(attr) != 0; }
  uint32_t U32(int attr) const { return Int(attr, 4); }
  uint16_t U16(int attr) const { return static_cast<uint16_t>(Int(attr, 2)); }
  uint8_t U8(int attr) const { return static_cast<uint8_t>(Int(attr, 1)); }
  uint16_t Be16(int attr) const { return ntohs(static_cast<uint16_t>(Int(attr, 2))); }
  std::string Ip(int attr) const {
    auto it = data.find(attr);
    if (it == data.end()) return "<absent>";
    char buf[INET6_ADDRSTRLEN] = {};
    ::inet_ntop(it->second.size() == 16 ? AF_INET6 : AF_INET, it->second.data(), buf, sizeof buf);
    return buf;
  }

 private:
  uint32_t Int(int attr, size_t size) const {
    auto it = data.find(attr);
    if (it == data.end() || it->second.size() < size) return UINT32_MAX;
    uint32_t v = 0;
    std::memcpy(&v, it->second.data(), size);
    return v;
  }
};

inline int ParseLinkDump(nl_msg* msg, void* arg) {
  auto* out = static_cast<LinkDump*>(arg);
  nlmsghdr* h = nlmsg_hdr(msg);
  if (h->nlmsg_type != RTM_NEWLINK) return NL_SKIP;
  nlattr* tb[IFLA_MAX + 1] = {};
  if (nlmsg_parse(h, sizeof(ifinfomsg), tb, IFLA_MAX, nullptr) < 0) return NL_SKIP;
  out->found = true;
  out->ifindex = static_cast<ifinfomsg*>(nlmsg_data(h))->ifi_index;
  if (tb[IFLA_MTU]) out->mtu = nla_get_u32(tb[IFLA_MTU]);
  if (tb[IFLA_LINK]) out->link = static_cast<int>(nla_get_u32(tb[IFLA_LINK]));
  if (tb[IFLA_MASTER]) out->master = static_cast<int>(nla_get_u32(tb[IFLA_MASTER]));
  nlattr* info[IFLA_INFO_MAX + 1] = {};
  if (!tb[IFLA_LINKINFO] || nla_parse_nested(info, IFLA_INFO_MAX, tb[IFLA_LINKINFO], nullptr)) {
    return NL_OK;
  }
  if (info[IFLA_INFO_KIND]) out->kind = nla_get_string(info[IFLA_INFO_KIND]);
  if (info[IFLA_INFO_DATA]) {
    nlattr* a = nullptr;
    int rem = 0;
    nla_for_each_nested(a, info[IFLA_INFO_DATA], rem) {
      auto* p = static_cast<const uint8_t*>(nla_data(a));
      out->data[nla_type(a)] = std::vector<uint8_t>(p, p + nla_len(a));
    }
  }
  return NL_OK;
}

/// Sends `msg` and feeds every answer to `parse` (a dump ends at NLMSG_DONE; a request waits
/// for its ack). Returns the libnl error or 0.
inline int Exchange(nl_sock* sk, nl_msg* msg, nl_recvmsg_msg_cb_t parse, void* arg, bool dump) {
  nl_cb* cb = nl_cb_clone(nl_socket_get_cb(sk));
  nl_cb_put(nl_socket_get_cb(sk));  // nl_socket_get_cb took a reference
  nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, parse, arg);
  int err = nl_send_auto(sk, msg);
  if (err >= 0) err = nl_recvmsgs(sk, cb);
  if (err >= 0 && !dump) err = nl_wait_for_ack(sk);
  nl_cb_put(cb);
  nlmsg_free(msg);
  return err < 0 ? err : 0;
}

inline LinkDump ReadLink(Rtnl& rtnl, const std::string& ifname) {
  nl_msg* msg = nlmsg_alloc_simple(RTM_GETLINK, NLM_F_REQUEST);
  ifinfomsg ifi{};
  nlmsg_append(msg, &ifi, sizeof ifi, NLMSG_ALIGNTO);
  nla_put_string(msg, IFLA_IFNAME, ifname.c_str());
  LinkDump out;
  Exchange(rtnl.sock(), msg, ParseLinkDump, &out, false);
  return out;
}

struct FdbQuery {
  int ifindex = 0;
  std::set<std::string> dsts;  // NDA_DST of the all-zero-MAC entries of `ifindex`
};

inline int ParseFdb(nl_msg* msg, void* arg) {
  auto* q = static_cast<FdbQuery*>(arg);
  nlmsghdr* h = nlmsg_hdr(msg);
  if (h->nlmsg_type != RTM_NEWNEIGH) return NL_OK;
  auto* ndm = static_cast<ndmsg*>(nlmsg_data(h));
  nlattr* tb[NDA_MAX + 1] = {};
  if (ndm->ndm_ifindex != q->ifindex || nlmsg_parse(h, sizeof(ndmsg), tb, NDA_MAX, nullptr) < 0 ||
      !tb[NDA_LLADDR] || !tb[NDA_DST] || nla_len(tb[NDA_LLADDR]) != 6) {
    return NL_OK;
  }
  const uint8_t zero[6] = {};
  if (std::memcmp(nla_data(tb[NDA_LLADDR]), zero, 6) != 0) return NL_OK;
  char buf[INET6_ADDRSTRLEN] = {};
  ::inet_ntop(nla_len(tb[NDA_DST]) == 16 ? AF_INET6 : AF_INET, nla_data(tb[NDA_DST]), buf,
              sizeof buf);
  q->dsts.insert(buf);
  return NL_OK;
}

/// Like `bridge fdb show dev IF | grep ^00:00:00:00:00:00`: the dst of each all-zero entry.
inline std::set<std::string> ZeroMacFdb(Rtnl& rtnl, int ifindex) {
  nl_msg* msg = nlmsg_alloc_simple(RTM_GETNEIGH, NLM_F_REQUEST | NLM_F_DUMP);
  ndmsg ndm{};
  ndm.ndm_family = AF_BRIDGE;
  nlmsg_append(msg, &ndm, sizeof ndm, NLMSG_ALIGNTO);
  FdbQuery q{ifindex, {}};
  EXPECT_EQ(Exchange(rtnl.sock(), msg, ParseFdb, &q, true), 0);
  return q.dsts;
}

/// RTM_DELLINK. Returns the libnl error or 0.
inline int DeleteLink(Rtnl& rtnl, int ifindex) {
  rtnl_link* l = rtnl_link_alloc();
  rtnl_link_set_ifindex(l, ifindex);
  int err = rtnl_link_delete(rtnl.sock(), l);
  rtnl_link_put(l);
  return err;
}

inline DeviceSpec Device(const std::string& kind, const std::string& ifname,
                  std::map<std::string, std::string> params,
                  std::optional<uint32_t> mtu = std::nullopt) {
  return DeviceSpec{kind, "t", ifname, mtu, std::move(params), {}};
}

/// A fresh namespace entered by the test thread, holding the u0 -- u1 underlay.
class KindNamespace : public ::testing::Test {
 protected:
  void SetUp() override {
    MTULAB_REQUIRE_ROOT();
    ns_.emplace(Netns::Create());
    enter_.emplace(*ns_);
    rtnl_.emplace("test namespace");
    AddVethPair("u0", "u1", std::nullopt);
    rtnl_->AddAddress(Index("u0"), "u0", Addr(Family::kIpv4, "10.1.0.1/24"));
    rtnl_->AddAddress(Index("u0"), "u0", Addr(Family::kIpv6, "fd00:1::1/64"));
    rtnl_->AddAddress(Index("u1"), "u1", Addr(Family::kIpv4, "10.1.0.2/24"));
    rtnl_->AddAddress(Index("u1"), "u1", Addr(Family::kIpv6, "fd00:1::2/64"));
  }
  void TearDown() override {
    rtnl_.reset();
    enter_.reset();
    ns_.reset();
  }

  void AddVethPair(const std::string& a, const std::string& b, std::optional<uint32_t> mtu) {
    rtnl_->AddVeth(a, mtu, b, mtu, ns_->fd(), "test namespace");
    rtnl_->SetUp(Index(a), a);
    rtnl_->SetUp(Index(b), b);
  }
  int Index(const std::string& ifname) { return rtnl_->GetLink(ifname).ifindex; }
  /// Creates `spec` the way the Lab does: FindKind(kind)->create.
  void Create(const DeviceSpec& spec) {
    const KindOps* ops = FindKind(spec.kind);
    ASSERT_NE(ops, nullptr) << spec.kind;
    ops->create(*rtnl_, spec, [this](const std::string& n) { return Index(n); });
  }
  /// Why the kernel cannot make `kind`, or nullopt when it can.
  static std::optional<std::string> Lacks(const std::string& kind) {
    std::string reason;
    if (KernelSupportsKind(kind, &reason)) return std::nullopt;
    return reason;
  }

  std::optional<Netns> ns_;
  std::optional<ScopedNetnsEnter> enter_;
  std::optional<Rtnl> rtnl_;
};

/// Skips the test, with the probe's reason, unless the kernel has `kind`.
#define MTULAB_REQUIRE_KIND(kind)                         \
  do {                                                    \
    if (auto lacks = Lacks(kind)) GTEST_SKIP() << *lacks; \
  } while (0)

class LinkKindFamilyTest : public KindNamespace, public ::testing::WithParamInterface<Family> {
 protected:
  bool v6() const { return GetParam() == Family::kIpv6; }
  std::string Local() const { return v6() ? "fd00:1::1" : "10.1.0.1"; }
  std::string Remote() const { return v6() ? "fd00:1::2" : "10.1.0.2"; }
  int LocalAttr() const { return v6() ? IFLA_VXLAN_LOCAL6 : IFLA_VXLAN_LOCAL; }
  int GroupAttr() const { return v6() ? IFLA_VXLAN_GROUP6 : IFLA_VXLAN_GROUP; }
};

}  // namespace mtulab::integration

#endif  // MTULAB_TESTS_INTEGRATION_LINK_KINDS_FIXTURE_H_
