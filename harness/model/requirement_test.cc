#include "harness/model/requirement.h"

#include <gtest/gtest.h>

namespace mtulab {
namespace {

TEST(RequirementTest, KernelVersionsCompareNumerically) {
  EXPECT_LT(CompareKernelVersions("6.1.0-57-amd64", "6.8"), 0);
  EXPECT_GT(CompareKernelVersions("6.12.118+deb12-amd64", "6.8"), 0);
  EXPECT_EQ(CompareKernelVersions("6.8.0-1", "6.8"), 0);
  EXPECT_GT(CompareKernelVersions("6.18.44-fc-v1272", "6.12"), 0);
  EXPECT_LT(CompareKernelVersions("5.15", "6"), 0);
}

TEST(RequirementTest, UnmetNamesTheRequirementAndTheMachine) {
  Case c;
  Requirement go{"wireguard.impl", Requirement::Op::kEquals, "go", {"s.xml", 4, 5}};
  Requirement new_kernel{"kernel.version", Requirement::Op::kAtLeast, "6.8", {"s.xml", 5, 5}};
  c.requirements = {go, new_kernel};
  EXPECT_EQ(UnmetRequirement(c, {{"wireguard.impl", "go"}, {"kernel.version", "6.18.44"}}), "");
  EXPECT_EQ(UnmetRequirement(c, {{"wireguard.impl", "kernel"}, {"kernel.version", "6.18"}}),
            "requires wireguard.impl = go; this machine: kernel (s.xml:4:5)");
  EXPECT_EQ(UnmetRequirement(c, {{"wireguard.impl", "go"}, {"kernel.version", "6.1.0-57"}}),
            "requires kernel.version >= 6.8; this machine: 6.1.0-57 (s.xml:5:5)");
  Requirement old_kernel{"kernel.version", Requirement::Op::kBelow, "6.8", {}};
  EXPECT_TRUE(RequirementHolds(old_kernel, "6.1.0-57-amd64"));
  EXPECT_FALSE(RequirementHolds(old_kernel, "6.12.1"));
}

}  // namespace
}  // namespace mtulab
