// Lab::Build against the kernel: links, MTUs, addresses and sysctls, read back inside the
// node namespaces.
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include <bitset>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/sys/netns.h"
#include "harness/sys/sys_error.h"
#include "harness/sys/sysctl.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

///   a                                   b
///   big    9000 ---------------- 9000   bbig   10.1.1.0/24 fd00:11::/64
///   def    (unset) ------------ (unset) bdef   10.2.2.0/24 fd00:12::/64
///   m1400  1400 ----------------- 68    tiny   10.3.3.0/24 (IPv4 only)
/// a: forwarding and node sysctls; big: per-interface sysctls. b: baseline only.
Topology ThreeLinkTopology() {
  Topology t;
  t.name = "three-links";
  Node a{"a", {}, {}, {}};
  a.sysctls = {{"net.ipv4.ip_forward", "1", {}},
               {"net.ipv6.conf.all.forwarding", "1", {}},
               {"net.ipv4.conf.all.rp_filter", "1", {}},
               {"net.ipv4.ip_no_pmtu_disc", "1", {}},
               {"net.ipv4.route.min_pmtu", "600", {}},
               {"net.ipv4.route.mtu_expires", "300", {}},
               {"net.ipv4.icmp_errors_use_inbound_ifaddr", "1", {}},
               {"net.ipv4.tcp_mtu_probing", "1", {}}};
  t.nodes = {a, Node{"b", {}, {}, {}}};
  const Family v4 = Family::kIpv4, v6 = Family::kIpv6;
  Endpoint big = MakeEnd("a", "big", 9000, {Addr(v4, "10.1.1.1/24"), Addr(v6, "fd00:11::1/64")});
  big.sysctls = {{"net.ipv4.conf.big.rp_filter", "2", {}},
                 {"net.ipv6.conf.big.accept_dad", "2", {}}};
  t.links.push_back(MakeLink(
      big, MakeEnd("b", "bbig", 9000, {Addr(v4, "10.1.1.2/24"), Addr(v6, "fd00:11::2/64")})));
  t.links.push_back(MakeLink(
      MakeEnd("a", "def", std::nullopt, {Addr(v4, "10.2.2.1/24"), Addr(v6, "fd00:12::1/64")}),
      MakeEnd("b", "bdef", std::nullopt, {Addr(v4, "10.2.2.2/24"), Addr(v6, "fd00:12::2/64")})));
  t.links.push_back(MakeLink(MakeEnd("a", "m1400", 1400, {Addr(v4, "10.3.3.1/24")}),
                             MakeEnd("b", "tiny", 68, {Addr(v4, "10.3.3.2/24")})));
  return t;
}

/// "ifname ADDR/LEN" for every IPv4 address of the calling thread's namespace, sorted.
std::vector<std::string> Ipv4Addresses() {
  std::vector<std::string> out;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return out;
  for (ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr == nullptr || i->ifa_addr->sa_family != AF_INET) continue;
    char buf[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(i->ifa_addr)->sin_addr, buf, sizeof buf);
    uint32_t mask = ntohl(reinterpret_cast<sockaddr_in*>(i->ifa_netmask)->sin_addr.s_addr);
    out.push_back(std::string(i->ifa_name) + " " + buf + "/" +
                  std::to_string(std::bitset<32>(mask).count()));
  }
  ::freeifaddrs(list);
  std::sort(out.begin(), out.end());
  return out;
}

/// One line of /proc/net/if_inet6.
struct Inet6Line {
  std::string ifname, address;
  int prefix_len = 0;
  unsigned flags = 0;
};

/// Global IPv6 addresses (scope 0) of the calling thread's namespace, keyed by address.
std::map<std::string, Inet6Line> GlobalIpv6Addresses() {
  std::map<std::string, Inet6Line> out;
  std::istringstream in(ReadFile("/proc/thread-self/net/if_inet6"));
  std::string hex, index, plen, scope, flags, ifname;
  while (in >> hex >> index >> plen >> scope >> flags >> ifname) {
    if (std::strtoul(scope.c_str(), nullptr, 16) != 0) continue;
    unsigned char bytes[16];
    for (int i = 0; i < 16; ++i) bytes[i] = std::stoi(hex.substr(2 * i, 2), nullptr, 16);
    char text[INET6_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET6, bytes, text, sizeof text);
    out[text] = Inet6Line{ifname, text, static_cast<int>(std::strtoul(plen.c_str(), nullptr, 16)),
                          static_cast<unsigned>(std::strtoul(flags.c_str(), nullptr, 16))};
  }
  return out;
}

/// Reads `key` inside `node`'s namespace.
std::string NodeSysctl(Lab& lab, const std::string& node, const std::string& key) {
  ScopedNetnsEnter in(lab.node(node).ns);
  return ReadSysctl(key);
}

/// Whitespace runs collapsed to one space (ping_group_range is printed with a tab).
std::string Words(const std::string& text) {
  std::istringstream in(text);
  std::string out;
  for (std::string w; in >> w;) out += (out.empty() ? "" : " ") + w;
  return out;
}

class LabBuildTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MTULAB_REQUIRE_ROOT();
    lab_ = Lab::Build(ThreeLinkTopology());
  }
  std::unique_ptr<Lab> lab_;
};

TEST_F(LabBuildTest, ExplicitMtusAndTheDefault) {
  const std::map<std::string, std::map<std::string, uint32_t>> expected = {
      {"a", {{"big", 9000}, {"def", 1500}, {"m1400", 1400}}},
      {"b", {{"bbig", 9000}, {"bdef", 1500}, {"tiny", 68}}}};
  for (const auto& [node, links] : expected) {
    for (const auto& [ifname, mtu] : links) {
      EXPECT_EQ(lab_->node(node).rtnl.GetLink(ifname).mtu, mtu) << node << " " << ifname;
    }
  }
}

TEST_F(LabBuildTest, EachNodeHoldsExactlyItsInterfacesUpWithCarrier) {
  const std::map<std::string, std::vector<std::string>> expected = {
      {"a", {"big", "def", "lo", "m1400"}}, {"b", {"bbig", "bdef", "lo", "tiny"}}};
  for (const auto& [node, names] : expected) {
    {
      ScopedNetnsEnter in(lab_->node(node).ns);
      EXPECT_EQ(LinkNames(), names) << "node " << node;
    }
    for (const std::string& ifname : names) {
      LinkState s = lab_->node(node).rtnl.GetLink(ifname);
      EXPECT_TRUE(s.admin_up) << node << " " << ifname;
      EXPECT_TRUE(s.lower_up) << node << " " << ifname;
      if (ifname != "lo") {
        EXPECT_EQ(lab_->IfIndex(node, ifname), s.ifindex) << ifname;
      }
    }
  }
}

TEST_F(LabBuildTest, Ipv4AddressesPresent) {
  ScopedNetnsEnter in(lab_->node("b").ns);
  EXPECT_EQ(Ipv4Addresses(), (std::vector<std::string>{"bbig 10.1.1.2/24", "bdef 10.2.2.2/24",
                                                        "lo 127.0.0.1/8", "tiny 10.3.3.2/24"}));
}

TEST_F(LabBuildTest, Ipv6AddressesPresentWithoutDad) {
  constexpr unsigned kNodad = 0x02, kTentative = 0x40;  // IFA_F_NODAD, IFA_F_TENTATIVE
  ScopedNetnsEnter in(lab_->node("a").ns);
  std::map<std::string, Inet6Line> v6 = GlobalIpv6Addresses();
  ASSERT_EQ(v6.size(), 2u) << "only big and def carry global IPv6 addresses";
  for (const auto& [address, ifname] : std::map<std::string, std::string>{
           {"fd00:11::1", "big"}, {"fd00:12::1", "def"}}) {
    ASSERT_EQ(v6.count(address), 1u) << address;
    EXPECT_EQ(v6[address].ifname, ifname);
    EXPECT_EQ(v6[address].prefix_len, 64);
    EXPECT_TRUE(v6[address].flags & kNodad) << address << " flags " << v6[address].flags;
    EXPECT_FALSE(v6[address].flags & kTentative) << address;
  }
}

TEST_F(LabBuildTest, BaselineSysctlsInEveryNode) {
  for (const std::string node : {"a", "b"}) {
    EXPECT_EQ(Words(NodeSysctl(*lab_, node, "net.ipv4.ping_group_range")), "0 2147483647");
    EXPECT_EQ(NodeSysctl(*lab_, node, "net.ipv4.conf.default.rp_filter"), "0") << node;
    EXPECT_EQ(NodeSysctl(*lab_, node, "net.ipv6.conf.all.accept_dad"), "0") << node;
    EXPECT_EQ(NodeSysctl(*lab_, node, "net.ipv6.conf.default.accept_dad"), "0") << node;
  }
  // b has no sysctls of its own: the rest of the baseline shows through.
  EXPECT_EQ(NodeSysctl(*lab_, "b", "net.ipv4.conf.all.rp_filter"), "0");
  EXPECT_EQ(NodeSysctl(*lab_, "b", "net.ipv4.ip_forward"), "0");
  EXPECT_EQ(NodeSysctl(*lab_, "b", "net.ipv6.conf.all.forwarding"), "0");
  // Interfaces created after the baseline inherit it from "default".
  EXPECT_EQ(NodeSysctl(*lab_, "b", "net.ipv4.conf.bbig.rp_filter"), "0");
  EXPECT_EQ(NodeSysctl(*lab_, "b", "net.ipv6.conf.bbig.accept_dad"), "0");
}

TEST_F(LabBuildTest, NodeSysctlsOverrideTheBaseline) {
  const std::map<std::string, std::string> expected = {
      {"net.ipv4.ip_forward", "1"},
      {"net.ipv6.conf.all.forwarding", "1"},
      {"net.ipv4.conf.all.rp_filter", "1"},
      {"net.ipv4.ip_no_pmtu_disc", "1"},
      {"net.ipv4.route.min_pmtu", "600"},
      {"net.ipv4.route.mtu_expires", "300"},
      {"net.ipv4.icmp_errors_use_inbound_ifaddr", "1"},
      {"net.ipv4.tcp_mtu_probing", "1"},
      // Written before the links existed: the kernel carries forwarding to new interfaces.
      {"net.ipv4.conf.big.forwarding", "1"},
      {"net.ipv6.conf.def.forwarding", "1"},
  };
  for (const auto& [key, value] : expected) {
    EXPECT_EQ(NodeSysctl(*lab_, "a", key), value) << key;
  }
}

TEST_F(LabBuildTest, InterfaceSysctlsApplyToThatInterfaceOnly) {
  EXPECT_EQ(NodeSysctl(*lab_, "a", "net.ipv4.conf.big.rp_filter"), "2");
  EXPECT_EQ(NodeSysctl(*lab_, "a", "net.ipv4.conf.def.rp_filter"), "0");
  EXPECT_EQ(NodeSysctl(*lab_, "a", "net.ipv6.conf.big.accept_dad"), "2");
  EXPECT_EQ(NodeSysctl(*lab_, "a", "net.ipv6.conf.def.accept_dad"), "0");
  EXPECT_EQ(NodeSysctl(*lab_, "b", "net.ipv4.conf.bbig.rp_filter"), "0");
}

TEST_F(LabBuildTest, NoIpv6BelowItsMinimumMtu) {
  // The kernel gives an interface under 1280 bytes no IPv6 at all.
  ScopedNetnsEnter in(lab_->node("b").ns);
  EXPECT_THROW(ReadSysctl("net.ipv6.conf.tiny.accept_dad"), SysError);
  EXPECT_EQ(ReadSysctl("net.ipv6.conf.bbig.accept_dad"), "0");
}

class LabNamesTest : public ::testing::Test {
 protected:
  void SetUp() override { MTULAB_REQUIRE_ROOT(); }
};

TEST_F(LabNamesTest, DottedAndLongInterfaceNamesGetTheirSysctls) {
  Topology t = PairTopology();
  t.links[0].ends[0].ifname = "x.10";
  t.links[0].ends[1].ifname = "fifteen-chars-0";  // IFNAMSIZ - 1
  t.links[0].ends[0].sysctls = {{"net.ipv4.conf.x.10.rp_filter", "2", {}}};
  t.links[0].ends[1].sysctls = {{"net.ipv6.conf.fifteen-chars-0.accept_dad", "2", {}}};
  std::unique_ptr<Lab> lab = Lab::Build(t);
  {
    ScopedNetnsEnter in(lab->node("a").ns);
    EXPECT_EQ(LinkNames(), (std::vector<std::string>{"lo", "x.10"}));
    // Read the file directly: SysctlPath is what is under test.
    EXPECT_EQ(ReadFile("/proc/sys/net/ipv4/conf/x.10/rp_filter"), "2\n");
  }
  ScopedNetnsEnter in(lab->node("b").ns);
  EXPECT_EQ(ReadFile("/proc/sys/net/ipv6/conf/fifteen-chars-0/accept_dad"), "2\n");
  EXPECT_TRUE(lab->node("b").rtnl.GetLink("fifteen-chars-0").lower_up);
}

}  // namespace
}  // namespace mtulab::integration
