// Link kinds against the kernel: each kind created through FindKind inside a throwaway
// namespace and read back with RTM_GETLINK / RTM_GETNEIGH; and the capability probe, for kinds
// this kernel has and kinds it lacks.
//
//   test namespace:  u0 ------------ u1   (one veth pair, both ends here, the underlay)
//                    10.1.0.1/24     10.1.0.2/24
//                    fd00:1::1/64    fd00:1::2/64
#include <cerrno>

#include "tests/integration/link_kinds_fixture.h"

namespace mtulab::integration {
namespace {

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
    // The kernel's errno (EEXIST), not libnl's translation of it ("Object exists").
    EXPECT_EQ(e.error_code(), EEXIST);
    EXPECT_EQ(std::string(e.what()), "creating vxlan 'u0' in test namespace: File exists");
  }
}

}  // namespace
}  // namespace mtulab::integration
