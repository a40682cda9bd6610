// The pure half of Ethtool: ethtool's feature-name globs, group state and the "Actual
// changes"-style detail, on synthetic feature tables shaped like a veth on 6.18.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/sys/ethtool.h"
#include "harness/sys/ethtool_groups.h"

namespace mtulab {
namespace {

FeatureBit Changeable(const std::string& name, bool active) {
  return FeatureBit{name, true, active, active, false};
}

FeatureBit FixedOff(const std::string& name) {
  return FeatureBit{name, false, false, false, false};
}

// A subset of a default veth: tso/gso/sg/tx on, gro off but changeable, lro fixed off.
std::vector<FeatureBit> VethLike() {
  return {Changeable("tx-scatter-gather", true),
          FixedOff("tx-checksum-ipv4"),
          Changeable("tx-checksum-ip-generic", true),
          FixedOff("tx-checksum-ipv6"),
          Changeable("tx-tcp-segmentation", true),
          Changeable("tx-tcp-ecn-segmentation", true),
          Changeable("tx-tcp6-segmentation", true),
          Changeable("tx-generic-segmentation", true),
          Changeable("rx-gro", false),
          FixedOff("rx-lro"),
          FixedOff("rx-gro-hw"),
          Changeable("tx-scatter-gather-fraglist", true)};
}

std::vector<FeatureBit> With(std::vector<FeatureBit> bits, const std::string& name, bool active) {
  for (FeatureBit& b : bits) {
    if (b.name == name) b.active = active;
  }
  return bits;
}

TEST(EthtoolGroupsTest, GroupOfFeatureFollowsEthtoolGlobs) {
  EXPECT_EQ(GroupOfFeature("tx-tcp-segmentation"), "tso");
  EXPECT_EQ(GroupOfFeature("tx-tcp-ecn-segmentation"), "tso");
  EXPECT_EQ(GroupOfFeature("tx-tcp-mangleid-segmentation"), "tso");
  EXPECT_EQ(GroupOfFeature("tx-tcp6-segmentation"), "tso");
  EXPECT_EQ(GroupOfFeature("tx-tcp-accecn-segmentation"), "tso");  // new on 6.18, same glob
  EXPECT_EQ(GroupOfFeature("tx-generic-segmentation"), "gso");
  EXPECT_EQ(GroupOfFeature("rx-gro"), "gro");
  EXPECT_EQ(GroupOfFeature("rx-lro"), "lro");
  for (const char* tx : {"tx-checksum-ipv4", "tx-checksum-ip-generic", "tx-checksum-ipv6",
                         "tx-checksum-fcoe-crc", "tx-checksum-sctp"}) {
    EXPECT_EQ(GroupOfFeature(tx), "tx") << tx;
  }
  EXPECT_EQ(GroupOfFeature("tx-scatter-gather"), "sg");
  EXPECT_EQ(GroupOfFeature("tx-scatter-gather-fraglist"), "sg");
}

TEST(EthtoolGroupsTest, FeaturesOutsideTheGroupsBelongToNone) {
  for (const char* other : {"rx-gro-hw", "rx-gro-list", "rx-checksum", "tx-udp-segmentation",
                            "tx-gre-segmentation", "tx-sctp-segmentation", "rx-lro-x",
                            "highdma", ""}) {
    EXPECT_EQ(GroupOfFeature(other), "") << other;
  }
}

TEST(EthtoolGroupsTest, GroupsAreTheSixInFixedOrder) {
  EXPECT_EQ(Ethtool::Groups(), (std::vector<std::string>{"tso", "gso", "gro", "lro", "tx", "sg"}));
  EXPECT_TRUE(IsOffloadGroup("lro"));
  EXPECT_FALSE(IsOffloadGroup("rx"));
  EXPECT_EQ(UnknownGroupText("foo"), "unknown offload 'foo' (known: tso, gso, gro, lro, tx, sg)");
}

TEST(EthtoolGroupsTest, FixedOffBitsDoNotHoldAGroupOff) {
  auto bits = VethLike();
  OffloadState tx = GroupState(bits, "tx");
  EXPECT_TRUE(tx.active);
  EXPECT_TRUE(tx.changeable);
  OffloadState tso = GroupState(bits, "tso");
  EXPECT_TRUE(tso.active);
  EXPECT_TRUE(tso.changeable);
}

TEST(EthtoolGroupsTest, GroupWithoutAvailableOrActiveBitsReadsFixedOff) {
  OffloadState lro = GroupState(VethLike(), "lro");
  EXPECT_FALSE(lro.active);
  EXPECT_FALSE(lro.changeable);
  OffloadState absent = GroupState({}, "lro");
  EXPECT_FALSE(absent.active);
  EXPECT_FALSE(absent.changeable);
}

TEST(EthtoolGroupsTest, OneInactiveRelevantBitTurnsTheGroupOff) {
  OffloadState tso = GroupState(With(VethLike(), "tx-tcp6-segmentation", false), "tso");
  EXPECT_FALSE(tso.active);
  EXPECT_TRUE(tso.changeable);
  EXPECT_FALSE(GroupState(VethLike(), "gro").active);
}

TEST(EthtoolGroupsTest, FixedOnBitCountsAsActiveButNotChangeable) {
  std::vector<FeatureBit> bits = {FeatureBit{"rx-lro", false, true, true, false}};
  OffloadState lro = GroupState(bits, "lro");
  EXPECT_TRUE(lro.active);
  EXPECT_FALSE(lro.changeable);
  bits[0] = FeatureBit{"rx-lro", true, true, true, true};  // never_changed beats available
  EXPECT_FALSE(GroupState(bits, "lro").changeable);
}

TEST(EthtoolGroupsTest, ChangeableBitsAreTheGroupsToggleableBits) {
  auto bits = VethLike();
  EXPECT_EQ(ChangeableBits(bits, "tx"), (std::vector<size_t>{2}));
  EXPECT_EQ(ChangeableBits(bits, "tso"), (std::vector<size_t>{4, 5, 6}));
  EXPECT_EQ(ChangeableBits(bits, "sg"), (std::vector<size_t>{0, 11}));
  EXPECT_TRUE(ChangeableBits(bits, "lro").empty());
}

TEST(EthtoolGroupsTest, CleanChangeHasNoDetail) {
  auto before = VethLike();
  auto after = With(With(With(before, "tx-tcp-segmentation", false), "tx-tcp-ecn-segmentation",
                         false),
                    "tx-tcp6-segmentation", false);
  EXPECT_EQ(DescribeChange(before, after, "tso", false), "");
  EXPECT_EQ(DescribeChange(before, before, "tso", true), "");
  EXPECT_EQ(DescribeChange(before, before, "lro", false), "");
}

TEST(EthtoolGroupsTest, FixedGroupNamesItsFixedBits) {
  auto bits = VethLike();
  EXPECT_EQ(DescribeChange(bits, bits, "lro", true), "rx-lro: fixed off");
}

TEST(EthtoolGroupsTest, AvailableButNeverChangedBitHoldsTheGroupOff) {
  std::vector<FeatureBit> before = {FeatureBit{"tx-checksum-ipv4", true, false, false, true},
                                    Changeable("tx-checksum-sctp", false)};
  auto after = With(before, "tx-checksum-sctp", true);
  EXPECT_FALSE(GroupState(after, "tx").active);
  EXPECT_EQ(DescribeChange(before, after, "tx", true), "tx-checksum-ipv4: fixed off");
}

TEST(EthtoolGroupsTest, DependentBitsAreNamedNotRequested) {
  auto before = VethLike();
  auto after = With(With(With(before, "tx-scatter-gather", false), "tx-scatter-gather-fraglist",
                         false),
                    "tx-generic-segmentation", false);
  EXPECT_EQ(DescribeChange(before, after, "sg", false),
            "tx-generic-segmentation: off [not requested]");
}

TEST(EthtoolGroupsTest, RequestedBitKeptByADependencyIsNamedRequested) {
  auto before = With(VethLike(), "tx-generic-segmentation", false);
  EXPECT_EQ(DescribeChange(before, before, "gso", true),
            "tx-generic-segmentation: off [requested on]");
}

}  // namespace
}  // namespace mtulab
