#include "harness/sys/cpu_pin.h"

#include <gtest/gtest.h>
#include <sched.h>

#include <regex>
#include <thread>

namespace mtulab {
namespace {

int AllowedCount() {
  cpu_set_t set;
  CPU_ZERO(&set);
  EXPECT_EQ(::sched_getaffinity(0, sizeof set, &set), 0);
  return CPU_COUNT(&set);
}

unsigned LastAllowed() {
  cpu_set_t set;
  CPU_ZERO(&set);
  EXPECT_EQ(::sched_getaffinity(0, sizeof set, &set), 0);
  unsigned last = 0;
  for (unsigned c = 0; c < CPU_SETSIZE; ++c) {
    if (CPU_ISSET(c, &set)) last = c;
  }
  return last;
}

TEST(CpuPinTest, RunsOnTheCpuThenRestoresTheAffinity) {
  // In a thread of its own, so the test runner's affinity is never touched.
  std::thread([] {
    int before = AllowedCount();
    unsigned cpu = LastAllowed();
    ASSERT_TRUE(CpuAvailable(cpu));
    {
      ScopedCpuPin pin(cpu);
      EXPECT_EQ(AllowedCount(), 1);
      EXPECT_EQ(::sched_getcpu(), static_cast<int>(cpu));
    }
    EXPECT_EQ(AllowedCount(), before);
  }).join();
}

TEST(CpuPinTest, CpusOutsideTheAllowedSetAreNotAvailable) {
  EXPECT_FALSE(CpuAvailable(CPU_SETSIZE));
  EXPECT_FALSE(CpuAvailable(LastAllowed() + 1));  // above the highest allowed CPU
}

TEST(CpuPinTest, AllowedCpusIsAList) {
  std::string list = AllowedCpus();
  EXPECT_TRUE(std::regex_match(list, std::regex(R"(\d+(-\d+)?(,\d+(-\d+)?)*)"))) << list;
}

}  // namespace
}  // namespace mtulab
