#include "harness/sys/sys_error.h"

#include <gtest/gtest.h>
#include <netlink/errno.h>

#include <cerrno>

namespace mtulab {
namespace {

// sys/ only adds the errno / netlink context: callers above sys/ catch the neutral type.
TEST(SysErrorTest, ErrnoFailureIsAHarnessError) {
  try {
    ThrowErrno("opening /x", ENOENT);
    FAIL() << "no throw";
  } catch (const HarnessError& e) {
    EXPECT_STREQ(e.what(), "opening /x: No such file or directory");
    EXPECT_EQ(e.error_code(), ENOENT);
    EXPECT_NE(dynamic_cast<const SysError*>(&e), nullptr);
  }
}

TEST(SysErrorTest, NetlinkFailureKeepsTheNegativeCode) {
  try {
    ThrowNl("adding link 'a'", NLE_EXIST);
    FAIL() << "no throw";
  } catch (const HarnessError& e) {
    EXPECT_EQ(e.error_code(), -NLE_EXIST);
    EXPECT_EQ(std::string(e.what()), std::string("adding link 'a': ") + nl_geterror(NLE_EXIST));
  }
}

TEST(SysErrorTest, ErrnoNameIsSymbolic) {
  EXPECT_EQ(ErrnoName(EINVAL), "EINVAL");
  EXPECT_EQ(ErrnoName(ERANGE), "ERANGE");
  EXPECT_EQ(ErrnoName(0), "E0");
  EXPECT_EQ(ErrnoName(-5), "E-5");
}

}  // namespace
}  // namespace mtulab
