// Link kinds against the kernel: each kind created through FindKind inside a throwaway
// namespace and read back with RTM_GETLINK / RTM_GETNEIGH; and the capability probe, for kinds
// this kernel has and kinds it lacks.
//
//   test namespace:  u0 ------------ u1   (one veth pair, both ends here, the underlay)
//                    10.1.0.1/24     10.1.0.2/24
//                    fd00:1::1/64    fd00:1::2/64
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
namespace {

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

int ParseLinkDump(nl_msg* msg, void* arg) {
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
int Exchange(nl_sock* sk, nl_msg* msg, nl_recvmsg_msg_cb_t parse, void* arg, bool dump) {
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

LinkDump ReadLink(Rtnl& rtnl, const std::string& ifname) {
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

int ParseFdb(nl_msg* msg, void* arg) {
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
std::set<std::string> ZeroMacFdb(Rtnl& rtnl, int ifindex) {
  nl_msg* msg = nlmsg_alloc_simple(RTM_GETNEIGH, NLM_F_REQUEST | NLM_F_DUMP);
  ndmsg ndm{};
  ndm.ndm_family = AF_BRIDGE;
  nlmsg_append(msg, &ndm, sizeof ndm, NLMSG_ALIGNTO);
  FdbQuery q{ifindex, {}};
  EXPECT_EQ(Exchange(rtnl.sock(), msg, ParseFdb, &q, true), 0);
  return q.dsts;
}

/// RTM_DELLINK. Returns the libnl error or 0.
int DeleteLink(Rtnl& rtnl, int ifindex) {
  rtnl_link* l = rtnl_link_alloc();
  rtnl_link_set_ifindex(l, ifindex);
  int err = rtnl_link_delete(rtnl.sock(), l);
  rtnl_link_put(l);
  return err;
}

DeviceSpec Device(const std::string& kind, const std::string& ifname,
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

TEST_P(LinkKindFamilyTest, VxlanSends4789AndTheKernelDerivesItsMtuFromDev) {
  Create(Device("vxlan", "vx0", {{"vni", "42"}, {"local", Local()}, {"remote", Remote()},
                                 {"dev", "u0"}}));
  LinkDump vx = ReadLink(*rtnl_, "vx0");
  ASSERT_TRUE(vx.found);
  EXPECT_EQ(vx.kind, "vxlan");
  EXPECT_EQ(vx.U32(IFLA_VXLAN_ID), 42u);
  EXPECT_EQ(vx.Be16(IFLA_VXLAN_PORT), 4789) << "not the kernel's own default 8472";
  EXPECT_EQ(vx.Ip(LocalAttr()), Local());
  EXPECT_EQ(vx.Ip(GroupAttr()), Remote());
  EXPECT_EQ(static_cast<int>(vx.U32(IFLA_VXLAN_LINK)), Index("u0"));
  EXPECT_EQ(vx.U8(IFLA_VXLAN_LEARNING), 1);
  EXPECT_EQ(vx.mtu, v6() ? 1500u - 70 : 1500u - 50);
  std::cout << "[ fact ] vxlan auto MTU over a 1500 " << FamilyName(GetParam())
            << " underlay: " << vx.mtu << "\n";
}

TEST_P(LinkKindFamilyTest, VxlanTakesDfTtlDstportLearningAndMtu) {
  Create(Device("vxlan", "vx1", {{"vni", "7"}, {"remote", Remote()}, {"dev", "u0"},
                                 {"df", "set"}, {"ttl", "64"}, {"dstport", "8472"},
                                 {"learning", "false"}}, 1300));
  Create(Device("vxlan", "vx2", {{"vni", "8"}, {"remote", Remote()}, {"df", "inherit"}}));
  Create(Device("vxlan", "vx3", {{"vni", "9"}, {"remote", Remote()}, {"df", "unset"}}));
  LinkDump vx1 = ReadLink(*rtnl_, "vx1");
  EXPECT_EQ(vx1.U8(IFLA_VXLAN_DF), VXLAN_DF_SET);
  EXPECT_EQ(vx1.U8(IFLA_VXLAN_TTL), 64);
  EXPECT_EQ(vx1.Be16(IFLA_VXLAN_PORT), 8472);
  EXPECT_EQ(vx1.U8(IFLA_VXLAN_LEARNING), 0);
  EXPECT_EQ(vx1.mtu, 1300u);
  EXPECT_EQ(ReadLink(*rtnl_, "vx2").U8(IFLA_VXLAN_DF), VXLAN_DF_INHERIT);
  EXPECT_EQ(ReadLink(*rtnl_, "vx3").U8(IFLA_VXLAN_DF), VXLAN_DF_UNSET);
}

TEST_P(LinkKindFamilyTest, VxlanGroupGoesIntoTheGroupAttribute) {
  std::string group = v6() ? "ff05::101" : "239.1.1.1";
  Create(Device("vxlan", "vx0", {{"vni", "5"}, {"group", group}, {"dev", "u0"}}));
  EXPECT_EQ(ReadLink(*rtnl_, "vx0").Ip(GroupAttr()), group);
}

TEST_P(LinkKindFamilyTest, VxlanAppendsAnAllZeroFdbEntryPerRemote) {
  std::string third = v6() ? "fd00:1::3" : "10.1.0.3";
  DeviceSpec spec = Device("vxlan", "vx0", {{"vni", "42"}, {"local", Local()}, {"dev", "u0"}});
  spec.fdb = {Remote(), third};
  Create(spec);
  EXPECT_EQ(ZeroMacFdb(*rtnl_, Index("vx0")), (std::set<std::string>{Remote(), third}));
}

TEST_P(LinkKindFamilyTest, GreAndGretapWhereTheKernelHasThem) {
  for (const std::string kind : {"gre", "gretap"}) {
    MTULAB_REQUIRE_KIND(kind);
    Create(Device(kind, kind + "0", {{"local", Local()}, {"remote", Remote()}}));
    LinkDump g = ReadLink(*rtnl_, kind + "0");
    EXPECT_EQ(g.kind, (v6() ? "ip6" : "") + kind);
    EXPECT_EQ(g.Ip(IFLA_GRE_LOCAL), Local());
    EXPECT_EQ(g.Ip(IFLA_GRE_REMOTE), Remote());
    EXPECT_EQ(g.U8(IFLA_GRE_TTL), 64);
    if (!v6()) {
      EXPECT_EQ(g.U8(IFLA_GRE_PMTUDISC), 1);
    }
  }
}

TEST_P(LinkKindFamilyTest, GeneveWhereTheKernelHasIt) {
  MTULAB_REQUIRE_KIND("geneve");
  Create(Device("geneve", "gn0", {{"vni", "77"}, {"remote", Remote()}, {"df", "set"}}));
  LinkDump g = ReadLink(*rtnl_, "gn0");
  EXPECT_EQ(g.U32(IFLA_GENEVE_ID), 77u);
  EXPECT_EQ(g.Ip(v6() ? IFLA_GENEVE_REMOTE6 : IFLA_GENEVE_REMOTE), Remote());
  EXPECT_EQ(g.Be16(IFLA_GENEVE_PORT), 6081);
  EXPECT_EQ(g.U8(IFLA_GENEVE_DF), GENEVE_DF_SET);
}

INSTANTIATE_TEST_SUITE_P(Underlay, LinkKindFamilyTest,
                         ::testing::Values(Family::kIpv4, Family::kIpv6), FamilyParamName);

class LinkKindTest : public KindNamespace {};

TEST_F(LinkKindTest, BridgeMtuFollowsItsSmallestPort) {
  AddVethPair("p1", "p1peer", 1500);
  AddVethPair("p2", "p2peer", 1400);
  Create(Device("bridge", "br0", {{"ports", "p1 p2"}}));
  Create(Device("bridge", "br1", {}));
  LinkDump br = ReadLink(*rtnl_, "br0");
  EXPECT_EQ(br.kind, "bridge");
  EXPECT_EQ(br.mtu, 1400u);
  EXPECT_EQ(ReadLink(*rtnl_, "p1").master, br.ifindex);
  EXPECT_EQ(ReadLink(*rtnl_, "p2").master, br.ifindex);
  EXPECT_EQ(ReadLink(*rtnl_, "br1").mtu, 1500u);
}

TEST_F(LinkKindTest, BridgeSetMtuSticksWhenPortsJoin) {
  AddVethPair("p1", "p1peer", 1500);
  AddVethPair("p2", "p2peer", 1400);
  Create(Device("bridge", "br0", {{"ports", "p1"}}, 1300));
  EXPECT_EQ(ReadLink(*rtnl_, "br0").mtu, 1300u);
  ASSERT_EQ(rtnl_link_enslave_ifindex(rtnl_->sock(), Index("br0"), Index("p2")), 0);
  EXPECT_EQ(ReadLink(*rtnl_, "br0").mtu, 1300u);
}

TEST_F(LinkKindTest, MacvlanTakesItsParentAndMode) {
  Create(Device("macvlan", "mv0", {{"parent", "u0"}}));
  Create(Device("macvlan", "mv1", {{"parent", "u0"}, {"mode", "private"}}));
  Create(Device("macvlan", "mv2", {{"parent", "u0"}, {"mode", "vepa"}}));
  Create(Device("macvlan", "mv3", {{"parent", "u1"}, {"mode", "passthru"}}));
  LinkDump mv0 = ReadLink(*rtnl_, "mv0");
  EXPECT_EQ(mv0.kind, "macvlan");
  EXPECT_EQ(mv0.link, Index("u0"));
  EXPECT_EQ(mv0.mtu, 1500u);
  EXPECT_EQ(mv0.U32(IFLA_MACVLAN_MODE), MACVLAN_MODE_BRIDGE);
  EXPECT_EQ(ReadLink(*rtnl_, "mv1").U32(IFLA_MACVLAN_MODE), MACVLAN_MODE_PRIVATE);
  EXPECT_EQ(ReadLink(*rtnl_, "mv2").U32(IFLA_MACVLAN_MODE), MACVLAN_MODE_VEPA);
  LinkDump mv3 = ReadLink(*rtnl_, "mv3");
  EXPECT_EQ(mv3.link, Index("u1"));
  EXPECT_EQ(mv3.U32(IFLA_MACVLAN_MODE), MACVLAN_MODE_PASSTHRU);
}

TEST_F(LinkKindTest, IpipAndVlanWhereTheKernelHasThem) {
  if (!Lacks("ipip")) {
    Create(Device("ipip", "ip0", {{"local", "10.1.0.1"}, {"remote", "10.1.0.2"}}));
    LinkDump t = ReadLink(*rtnl_, "ip0");
    EXPECT_EQ(t.Ip(IFLA_IPTUN_REMOTE), "10.1.0.2");
    EXPECT_EQ(t.U8(IFLA_IPTUN_TTL), 64);
    EXPECT_EQ(t.U8(IFLA_IPTUN_PMTUDISC), 1);
  }
  MTULAB_REQUIRE_KIND("vlan");
  Create(Device("vlan", "u0.20", {{"parent", "u0"}, {"id", "20"}, {"protocol", "802.1ad"}}));
  LinkDump v = ReadLink(*rtnl_, "u0.20");
  EXPECT_EQ(v.link, Index("u0"));
  EXPECT_EQ(v.U16(IFLA_VLAN_ID), 20);
  EXPECT_EQ(v.Be16(IFLA_VLAN_PROTOCOL), 0x88a8);
}

TEST_F(LinkKindTest, DeleteRemovesEachKind) {
  AddVethPair("p1", "p1peer", std::nullopt);
  Create(Device("bridge", "br0", {{"ports", "p1"}}));
  Create(Device("vxlan", "vx0", {{"vni", "1"}, {"remote", "10.1.0.2"}, {"dev", "u0"}}));
  Create(Device("macvlan", "mv0", {{"parent", "u1"}}));
  for (const char* name : {"br0", "vx0", "mv0"}) {
    EXPECT_EQ(DeleteLink(*rtnl_, Index(name)), 0) << name;
    EXPECT_FALSE(ReadLink(*rtnl_, name).found) << name;
  }
  EXPECT_EQ(LinkNames(), (std::vector<std::string>{"lo", "p1", "p1peer", "u0", "u1"}));
}

TEST_F(LinkKindTest, ExistingNameFailsNamingKindDeviceAndNamespace) {
  try {
    Create(Device("vxlan", "u0", {{"vni", "1"}}));
    FAIL() << "no throw";
  } catch (const SysError& e) {
    EXPECT_EQ(std::string(e.what()), "creating vxlan 'u0' in test namespace: Object exists");
  }
}

/// Whether anything of this process (an fd, a thread) still refers to namespace `inode`.
bool ProcessRefersToNetns(unsigned long inode) {
  const std::string target = "net:[" + std::to_string(inode) + "]";
  auto points_there = [&](const std::string& path) {
    char buf[PATH_MAX] = {};
    ssize_t n = ::readlink(path.c_str(), buf, sizeof buf - 1);
    return n > 0 && std::string(buf, n) == target;
  };
  for (const std::string& fd : DirEntries("/proc/self/fd")) {
    if (points_there("/proc/self/fd/" + fd)) return true;
  }
  for (const std::string& tid : DirEntries("/proc/self/task")) {
    if (points_there("/proc/self/task/" + tid + "/ns/net")) return true;
  }
  return false;
}

TEST(LinkKindLifetimeTest, NothingRemainsOnceTheNamespaceIsGone) {
  MTULAB_REQUIRE_ROOT();
  std::vector<std::string> host_links = LinkNames();
  unsigned long inode = 0;
  {
    Netns ns = Netns::Create();
    inode = ns.Inode();
    ScopedNetnsEnter enter(ns);
    Rtnl rtnl("lifetime namespace");
    rtnl.AddVeth("u0", std::nullopt, "u1", std::nullopt, ns.fd(), "lifetime namespace");
    auto index = [&rtnl](const std::string& n) { return rtnl.GetLink(n).ifindex; };
    DeviceSpec vx = Device("vxlan", "vx0", {{"vni", "3"}, {"remote", "10.1.0.2"}, {"dev", "u0"}});
    vx.fdb = {"10.1.0.2"};
    FindKind("vxlan")->create(rtnl, vx, index);
    FindKind("bridge")->create(rtnl, Device("bridge", "br0", {{"ports", "vx0"}}), index);
    FindKind("macvlan")->create(rtnl, Device("macvlan", "mv0", {{"parent", "u1"}}), index);
    EXPECT_TRUE(ProcessRefersToNetns(inode));
    EXPECT_EQ(rtnl.GetLink("br0").mtu, 1450u);
  }
  EXPECT_FALSE(ProcessRefersToNetns(inode));
  EXPECT_EQ(LinkNames(), host_links);
}

TEST(LinkKindRegistryTest, EverySchemaKindButWireguardHasOps) {
  for (const KindSchema& schema : KindSchemas()) {
    const KindOps* ops = FindKind(schema.kind);
    if (std::string(schema.kind) == "wireguard") {
      EXPECT_EQ(ops, nullptr) << "wireguard belongs to harness/links/wireguard";
      continue;
    }
    ASSERT_NE(ops, nullptr) << schema.kind;
    EXPECT_STREQ(ops->kind, schema.kind);
    EXPECT_NE(ops->create, nullptr);
  }
  EXPECT_EQ(FindKind("veth"), nullptr);
  EXPECT_EQ(FindKind("nope"), nullptr);
}

TEST(KernelSupportsKindTest, ProbingLeavesNothingBehind) {
  MTULAB_REQUIRE_ROOT();
  std::vector<std::string> host_links = LinkNames();
  unsigned long thread_ns = ThreadNetnsInode();
  for (const char* kind : {"bridge", "vxlan", "macvlan", "vlan", "gre", "gretap", "ipip",
                           "geneve"}) {
    std::string reason;
    KernelSupportsKind(kind, &reason);
  }
  EXPECT_EQ(ThreadNetnsInode(), thread_ns);
  EXPECT_EQ(LinkNames(), host_links);
}

TEST(KernelSupportsKindTest, KindsThisProjectRequiresArePresent) {
  MTULAB_REQUIRE_ROOT();
  for (const char* kind : {"bridge", "vxlan", "macvlan"}) {
    std::string reason = "untouched";
    EXPECT_TRUE(KernelSupportsKind(kind, &reason)) << reason;
    EXPECT_EQ(reason, "untouched");
  }
}

TEST(KernelSupportsKindTest, UnknownKindsAndWireguard) {
  std::string reason;
  EXPECT_FALSE(KernelSupportsKind("nope", &reason));
  EXPECT_EQ(reason, "unknown link kind 'nope'");
  EXPECT_TRUE(KernelSupportsKind("wireguard", &reason));  // wireguard-go as a fallback
}

/// The smallest valid spec of `kind` over the u0 -- u1 underlay.
DeviceSpec MinimalSpec(const std::string& kind) {
  if (kind == "vlan") return Device(kind, "k0", {{"parent", "u0"}, {"id", "10"}});
  if (kind == "geneve") return Device(kind, "k0", {{"vni", "1"}, {"remote", "10.1.0.2"}});
  return Device(kind, "k0", {{"local", "10.1.0.1"}, {"remote", "10.1.0.2"}});
}

class KernelLacksKindTest : public KindNamespace,
                            public ::testing::WithParamInterface<const char*> {};

// The skip path: kinds missing from this kernel (DESIGN §8). The probe's answer must agree with
// what creating the kind for real does, and its reason carries the same netlink error.
TEST_P(KernelLacksKindTest, ProbeAgreesWithARealCreate) {
  const std::string kind = GetParam();
  std::string reason;
  bool supported = KernelSupportsKind(kind, &reason);
  std::string again;
  EXPECT_EQ(KernelSupportsKind(kind, &again), supported);
  EXPECT_EQ(again, reason);
  try {
    Create(MinimalSpec(kind));
    EXPECT_TRUE(supported) << "created " << kind << " although the probe said: " << reason;
  } catch (const SysError& e) {
    ASSERT_FALSE(supported) << "probe said yes, create said: " << e.what();
    EXPECT_EQ(reason.rfind("kernel lacks " + kind + " (", 0), 0u) << reason;
    std::string error = std::string(e.what()).substr(std::string(e.what()).rfind(": ") + 2);
    EXPECT_EQ(reason, "kernel lacks " + kind + " (" + error + ")");
    std::cout << "[ fact ] " << reason << "; create: " << e.what() << "\n";
  }
  if (supported) GTEST_SKIP() << kind << " is present on this kernel: no skip path to test";
}

INSTANTIATE_TEST_SUITE_P(Kinds, KernelLacksKindTest,
                         ::testing::Values("gre", "gretap", "ipip", "geneve", "vlan"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           return std::string(info.param);
                         });

}  // namespace
}  // namespace mtulab::integration
