// The kind rows are consistent: what the plan and the capability probe read from a row is
// there for every kind that needs it.
#include "harness/model/link_kinds.h"

#include "harness/model/topology.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace mtulab {
namespace {

TEST(LinkKindsTest, KindsAreUniqueAndFindable) {
  std::set<std::string> seen;
  for (const KindSchema& k : KindSchemas()) {
    EXPECT_TRUE(seen.insert(k.kind).second) << k.kind;
    EXPECT_EQ(FindKindSchema(k.kind), &k);
  }
  EXPECT_EQ(FindKindSchema("veth"), nullptr);
  EXPECT_EQ(FindKindSchema("nope"), nullptr);
}

TEST(LinkKindsTest, RowsCarryWhatTheirRulesRead) {
  for (const KindSchema& k : KindSchemas()) {
    SCOPED_TRACE(k.kind);
    bool encapsulates =
        k.forwarding == Forwarding::kL2Overlay || k.forwarding == Forwarding::kL3Tunnel;
    EXPECT_EQ(k.encap.has_value(), encapsulates);
    if (k.encap) EXPECT_EQ(k.encap->l2, k.forwarding == Forwarding::kL2Overlay);
    if (k.mtu == MtuRule::kDevMinusOverhead || k.mtu == MtuRule::kDefaultMinusOverhead) {
      EXPECT_TRUE(k.encap.has_value());
    }
    if (k.mtu == MtuRule::kDevMinusOverhead) EXPECT_NE(FindParam(k, "dev"), nullptr);
    if (k.mtu == MtuRule::kSmallestPort) EXPECT_NE(FindParam(k, "ports"), nullptr);
    bool on_parent = k.forwarding == Forwarding::kParentL2 || k.forwarding == Forwarding::kTagged;
    EXPECT_EQ(k.mtu == MtuRule::kParent, on_parent);
    if (on_parent) {
      ASSERT_NE(FindParam(k, "parent"), nullptr);
      EXPECT_TRUE(FindParam(k, "parent")->required);
    }
    if (k.forwarding == Forwarding::kTagged) EXPECT_NE(FindParam(k, "id"), nullptr);
    if (k.carrier_needs != nullptr) EXPECT_NE(FindParam(k, k.carrier_needs), nullptr);
    if (k.exclusive_ports != nullptr) {
      ASSERT_NE(FindParam(k, k.exclusive_ports), nullptr);
      EXPECT_EQ(FindParam(k, k.exclusive_ports)->type, ParamType::kIfnameList);
    }
  }
}

// The capability probe creates the row's sample: it must be a valid device of the kind.
TEST(LinkKindsTest, SamplesSetEveryRequiredAttributeAndNothingElse) {
  for (const KindSchema& k : KindSchemas()) {
    SCOPED_TRACE(k.kind);
    std::set<std::string> given;
    for (const auto& [name, value] : k.sample) {
      EXPECT_NE(FindParam(k, name), nullptr) << name;
      given.insert(name);
    }
    for (const ParamSpec& p : k.params) {
      if (p.required) EXPECT_TRUE(given.count(p.name)) << p.name;
    }
  }
}

TEST(LinkKindsTest, DependenciesAreTheRowsInterfaceAttributes) {
  Device bridge{"bridge", {}, {{"ports", " p1  p2 "}}, {}, {}, {}};
  EXPECT_EQ(bridge.DependsOn(), (std::vector<std::string>{"p1", "p2"}));
  Device ipvlan{"ipvlan", {}, {{"parent", "eth0"}, {"mode", "l2"}}, {}, {}, {}};
  EXPECT_EQ(ipvlan.DependsOn(), (std::vector<std::string>{"eth0"}));
  // Not an attribute of the kind: not a dependency.
  Device vxlan{"vxlan", {}, {{"vni", "1"}, {"parent", "eth0"}}, {}, {}, {}};
  EXPECT_TRUE(vxlan.DependsOn().empty());
}

// Issue 15: what only one kind checks is in its row, not in the loader (ipip is IPv4-only; a
// vxlan group is multicast and excludes remote), and how a tunnel finds its far end.
TEST(LinkKindsTest, KindSpecificChecksAreTheRows) {
  const KindSchema& ipip = *FindKindSchema("ipip");
  ASSERT_NE(ipip.check, nullptr);
  EXPECT_EQ(ipip.check({{"local", "10.0.0.1"}, {"remote", "10.0.0.2"}}),
            std::vector<std::string>{});
  EXPECT_EQ(ipip.check({{"local", "fd00::1"}, {"remote", "10.0.0.2"}}),
            std::vector<std::string>{"ipip carries IPv4 over IPv4 only"});
  EXPECT_EQ(FindKindSchema("sit")->check({{"local", "10.0.0.1"}, {"remote", "fd00::2"}}),
            std::vector<std::string>{"sit runs over IPv4 only"});
  EXPECT_EQ(FindKindSchema("ip6tnl")->check({{"local", "fd00::1"}, {"remote", "fd00::2"}}),
            std::vector<std::string>{});
  EXPECT_EQ(FindKindSchema("ip6tnl")->check({{"local", "10.0.0.1"}, {"remote", "fd00::2"}}),
            std::vector<std::string>{"ip6tnl runs over IPv6 only"});
  const KindSchema& vxlan = *FindKindSchema("vxlan");
  ASSERT_NE(vxlan.check, nullptr);
  EXPECT_EQ(vxlan.check({{"group", "239.1.1.1"}}), std::vector<std::string>{});
  EXPECT_EQ(vxlan.check({{"group", "ff05::1"}}), std::vector<std::string>{});
  EXPECT_EQ(vxlan.check({{"remote", "10.0.0.2"}, {"group", "10.1.1.1"}}),
            (std::vector<std::string>{"give either remote or group, not both",
                                      "group 10.1.1.1 is not a multicast address"}));
  EXPECT_EQ(FindKindSchema("gre")->check, nullptr);
  for (const KindSchema& k : KindSchemas()) {
    EXPECT_EQ(k.peer_by == PeerBy::kCryptokey, k.takes_peers) << k.kind;
  }
}

}  // namespace
}  // namespace mtulab
