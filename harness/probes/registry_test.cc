#include <gtest/gtest.h>

#include "harness/model/step_specs.h"
#include "harness/sys/ethtool.h"

namespace mtulab {
namespace {

// The registry (model, no kernel) names the offload groups the ethtool layer implements.
TEST(StepRegistryTest, OffloadGroupsAreTheEthtoolGroups) {
  EXPECT_EQ(OffloadGroups(), Ethtool::Groups());
}

}  // namespace
}  // namespace mtulab
