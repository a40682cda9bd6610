#include "harness/sys/userns.h"

#include <gtest/gtest.h>

namespace mtulab {
namespace {

TEST(IsInitialUidMapTest, TheHostsIdentityMap) {
  // As the kernel prints it (%10u %10u %10u).
  EXPECT_TRUE(IsInitialUidMap("         0          0 4294967295\n"));
  EXPECT_TRUE(IsInitialUidMap("0 0 4294967295"));
}

TEST(IsInitialUidMapTest, AnyOtherMapIsAUserNamespaceBelowTheHost) {
  EXPECT_FALSE(IsInitialUidMap("         0          0          1\n"));     // unshare -Ur as root
  EXPECT_FALSE(IsInitialUidMap("         0       1000          1\n"));     // unshare -Ur as 1000
  EXPECT_FALSE(IsInitialUidMap("         0     100000      65536\n"));     // rootless container
  EXPECT_FALSE(IsInitialUidMap("         0          0 4294967294\n"));     // all but one UID
  EXPECT_FALSE(IsInitialUidMap("         0          0       1000\n"
                               "      1000       1000 4294966295\n"));     // split in two
  EXPECT_FALSE(IsInitialUidMap("         1          1 4294967295\n"));
  EXPECT_FALSE(IsInitialUidMap(""));  // no map written yet: nothing is mapped
  EXPECT_FALSE(IsInitialUidMap("0 0 4294967295 7"));
  EXPECT_FALSE(IsInitialUidMap("0 0"));
}

TEST(IsInitialUidMapTest, ThisProcessMapIsReadable) {
  std::optional<std::string> map = ReadSelfUidMap();
  ASSERT_TRUE(map.has_value());
  EXPECT_FALSE(map->empty());
}

}  // namespace
}  // namespace mtulab
