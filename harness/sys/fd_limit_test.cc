// RLIMIT_NOFILE: raised for mtulab, given back to children, named in EMFILE errors.
#include "harness/sys/fd_limit.h"

#include <sys/resource.h>

#include <cerrno>
#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "harness/sys/process.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

TEST(FdLimitTest, RaisesTheSoftLimitAndChildrenGetTheOldOneBack) {
  rlimit start {};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &start), 0);
  if (start.rlim_max != RLIM_INFINITY && start.rlim_max <= 256) {
    GTEST_SKIP() << "hard limit " << start.rlim_max << " leaves nothing to raise";
  }
  rlimit low {256, start.rlim_max};
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &low), 0);

  EXPECT_EQ(RaiseFdLimit(), start.rlim_max);
  rlimit now {};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &now), 0);
  EXPECT_EQ(now.rlim_cur, start.rlim_max);

  SpawnOptions o;
  o.argv = {"/bin/sh", "-c", "ulimit -Sn"};
  ChildProcess child = ChildProcess::Spawn(o);
  for (int i = 0; i < 500 && child.Running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(child.Output(), "256") << "a child must not inherit the raised limit";

  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &start), 0);
}

TEST(FdLimitTest, TooManyOpenFilesNamesTheLimit) {
  try {
    ThrowErrno("opening x", EMFILE);
    FAIL() << "no exception";
  } catch (const SysError& e) {
    std::string what = e.what();
    EXPECT_EQ(what.rfind("opening x: Too many open files (RLIMIT_NOFILE is ", 0), 0u) << what;
    EXPECT_NE(what.find("ulimit -n"), std::string::npos) << what;
    EXPECT_EQ(e.error_code(), EMFILE);
  }
}

}  // namespace
}  // namespace mtulab
