// Leak check run around every integration test: no /run/netns entry with the test prefix,
// no open fd, no host link and no thread namespace switch may outlive a test.
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "harness/sys/netns.h"
#include "harness/sys/pin.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

/// What a test must leave as it found it.
struct HostSnapshot {
  std::vector<std::string> fds;        // "N -> target" of /proc/self/fd
  std::vector<std::string> links;      // /sys/class/net of the host namespace
  std::vector<std::string> pinned;     // /run/netns entries with the test prefix
  unsigned long thread_netns = 0;      // the main thread's namespace
};

HostSnapshot TakeSnapshot() {
  HostSnapshot s;
  for (const std::string& fd : DirEntries("/proc/self/fd")) {
    char target[PATH_MAX] = {};
    std::string path = "/proc/self/fd/" + fd;
    ssize_t n = ::readlink(path.c_str(), target, sizeof target - 1);
    s.fds.push_back(fd + " -> " + (n > 0 ? std::string(target, n) : "?"));
  }
  s.links = DirEntries("/sys/class/net");
  s.pinned = ListPinned(TestPinPrefix());
  s.thread_netns = ThreadNetnsInode();
  return s;
}

/// Lines of `after` that are not in `before` (what leaked) or the reverse.
std::string Diff(const std::vector<std::string>& before, const std::vector<std::string>& after) {
  std::set<std::string> b(before.begin(), before.end()), a(after.begin(), after.end());
  std::string out;
  for (const std::string& x : a) {
    if (!b.count(x)) out += "\n  + " + x;
  }
  for (const std::string& x : b) {
    if (!a.count(x)) out += "\n  - " + x;
  }
  return out;
}

// The directory fd that lists /proc/self/fd is open during both listings and has the same
// number both times, so it cancels out.
class LeakCheckListener : public ::testing::EmptyTestEventListener {
 public:
  void OnTestStart(const ::testing::TestInfo&) override { before_ = TakeSnapshot(); }

  void OnTestEnd(const ::testing::TestInfo&) override {
    if (::geteuid() != 0) return;
    HostSnapshot after = TakeSnapshot();
    EXPECT_EQ(after.fds.size(), before_.fds.size())
        << "leak check: open fds changed:" << Diff(before_.fds, after.fds);
    EXPECT_EQ(after.links, before_.links)
        << "leak check: host links changed:" << Diff(before_.links, after.links);
    EXPECT_TRUE(after.pinned.empty())
        << "leak check: pinned namespaces left:" << Diff({}, after.pinned);
    EXPECT_EQ(after.thread_netns, before_.thread_netns)
        << "leak check: the test thread was left in another network namespace";
  }

 private:
  HostSnapshot before_;
};

// gtest_main owns main(); the listener is registered before it runs the tests.
const bool kLeakCheckRegistered = [] {
  ::testing::UnitTest::GetInstance()->listeners().Append(new LeakCheckListener);
  return true;
}();

class LeakCheckTest : public ::testing::Test {
 protected:
  void SetUp() override { MTULAB_REQUIRE_ROOT(); }
};

TEST_F(LeakCheckTest, SnapshotSeesAnOpenFd) {
  HostSnapshot before = TakeSnapshot();
  int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  HostSnapshot during = TakeSnapshot();
  ::close(fd);
  EXPECT_EQ(during.fds.size(), before.fds.size() + 1);
  EXPECT_NE(Diff(before.fds, during.fds).find("/dev/null"), std::string::npos);
  EXPECT_EQ(TakeSnapshot().fds.size(), before.fds.size());
}

TEST_F(LeakCheckTest, SnapshotSeesAPinnedNamespace) {
  Netns ns = Netns::Create();
  std::string path = PinNetns(ns, TestPinPrefix() + "leak");
  std::vector<std::string> pinned = TakeSnapshot().pinned;
  EXPECT_TRUE(UnpinNetns(path));
  EXPECT_EQ(pinned, std::vector<std::string>{TestPinPrefix() + "leak"});
  EXPECT_TRUE(TakeSnapshot().pinned.empty());
}

TEST_F(LeakCheckTest, HostLinksAreReadFromTheHostNamespace) {
  // A lab's links live in its namespaces: none may show up in the host's sysfs.
  std::vector<std::string> before = TakeSnapshot().links;
  std::unique_ptr<Lab> lab = Lab::Build(PairTopology());
  EXPECT_EQ(TakeSnapshot().links, before);
  EXPECT_EQ(std::count(before.begin(), before.end(), "lo"), 1);
}

}  // namespace
}  // namespace mtulab::integration
