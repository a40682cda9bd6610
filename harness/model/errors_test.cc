#include "harness/model/errors.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace mtulab {
namespace {

TEST(HarnessErrorTest, MessageNamesWhatThenCause) {
  HarnessError e("capture 'c'", EEXIST, "already running");
  EXPECT_STREQ(e.what(), "capture 'c': already running");
  EXPECT_EQ(e.error_code(), EEXIST);
}

TEST(CaseSkipTest, MessageIsTheReason) {
  try {
    throw CaseSkip("CPU 7 is not available");
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "CPU 7 is not available");
  }
}

}  // namespace
}  // namespace mtulab
