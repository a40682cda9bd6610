// Pinning lab namespaces under /run/netns (mtulab up / --keep) and removing exactly them.
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/sys/netns.h"
#include "harness/sys/pin.h"
#include "harness/sys/sys_error.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

bool Exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

/// Output of `ip netns list` ("" if iproute2 is missing).
std::string IpNetnsList() {
  std::string out;
  if (FILE* p = ::popen("ip netns list 2>/dev/null", "r")) {
    char buf[256];
    while (std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
    ::pclose(p);
  }
  return out;
}

class PinTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MTULAB_REQUIRE_ROOT();
    prefix_ = TestPinPrefix();
  }
  void TearDown() override {
    for (const std::string& name : ListPinned(prefix_)) UnpinNetns(Path(name));
  }
  static std::string Path(const std::string& name) {
    return std::string(kNetnsRunDir) + "/" + name;
  }

  std::string prefix_;
};

TEST_F(PinTest, LabPinBindsEveryNodeUnderRunNetns) {
  std::unique_ptr<Lab> lab = Lab::Build(PairTopology());
  lab->Pin(prefix_);
  EXPECT_EQ(ListPinned(prefix_), (std::vector<std::string>{prefix_ + "a", prefix_ + "b"}));
  for (const std::string node : {"a", "b"}) {
    ASSERT_TRUE(Exists(Path(prefix_ + node))) << node;
    EXPECT_EQ(Netns::Open(Path(prefix_ + node)).Inode(), lab->node(node).ns.Inode()) << node;
  }
  if (::system("command -v ip >/dev/null 2>&1") != 0) GTEST_SKIP() << "iproute2 missing";
  std::string listed = IpNetnsList();
  EXPECT_NE(listed.find(prefix_ + "a"), std::string::npos) << listed;
  EXPECT_NE(listed.find(prefix_ + "b"), std::string::npos) << listed;
}

TEST_F(PinTest, UnpinRemovesTheEntry) {
  Netns ns = Netns::Create();
  std::string path = PinNetns(ns, prefix_ + "one");
  EXPECT_EQ(path, Path(prefix_ + "one"));
  ASSERT_TRUE(Exists(path));
  EXPECT_TRUE(UnpinNetns(path));
  EXPECT_FALSE(Exists(path));
  EXPECT_TRUE(ListPinned(prefix_).empty());
  EXPECT_TRUE(UnpinNetns(path)) << "a missing pin is already removed";
  EXPECT_THROW(Netns::Open(path), SysError);
}

TEST_F(PinTest, PinnedNamespaceOutlivesTheLab) {
  std::unique_ptr<Lab> lab = Lab::Build(PairTopology());
  unsigned long inode = lab->node("a").ns.Inode();
  lab->Pin(prefix_);
  lab.reset();
  Netns a = Netns::Open(Path(prefix_ + "a"));
  EXPECT_EQ(a.Inode(), inode);
  ScopedNetnsEnter in(a);
  EXPECT_EQ(LinkNames(), (std::vector<std::string>{"lo", "x"}));
}

TEST_F(PinTest, PinningATakenNameFails) {
  Netns first = Netns::Create();
  Netns second = Netns::Create();
  std::string path = PinNetns(first, prefix_ + "dup");
  try {
    PinNetns(second, prefix_ + "dup");
    FAIL() << "pinning a taken name did not throw";
  } catch (const SysError& e) {
    EXPECT_EQ(e.error_code(), EEXIST);
    EXPECT_NE(std::string(e.what()).find("already in use"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  EXPECT_EQ(Netns::Open(path).Inode(), first.Inode()) << "the first pin is untouched";
}

TEST_F(PinTest, FailedLabPinRemovesOnlyWhatItPinned) {
  Netns foreign = Netns::Create();
  PinNetns(foreign, prefix_ + "b");
  std::unique_ptr<Lab> lab = Lab::Build(PairTopology());
  try {
    lab->Pin(prefix_);
    FAIL() << "Lab::Pin over a taken name did not throw";
  } catch (const SysError& e) {
    EXPECT_NE(std::string(e.what()).find("already in use"), std::string::npos) << e.what();
  }
  EXPECT_EQ(ListPinned(prefix_), std::vector<std::string>{prefix_ + "b"});
  EXPECT_EQ(Netns::Open(Path(prefix_ + "b")).Inode(), foreign.Inode());
}

TEST_F(PinTest, ListPinnedFiltersByPrefixAndSorts) {
  Netns ns = Netns::Create();
  PinNetns(ns, prefix_ + "x2");
  PinNetns(ns, prefix_ + "x1");
  PinNetns(ns, prefix_ + "y1");
  EXPECT_EQ(ListPinned(prefix_ + "x"),
            (std::vector<std::string>{prefix_ + "x1", prefix_ + "x2"}));
  EXPECT_EQ(ListPinned(prefix_).size(), 3u);
  EXPECT_TRUE(ListPinned(prefix_ + "z").empty());
}

}  // namespace
}  // namespace mtulab::integration
