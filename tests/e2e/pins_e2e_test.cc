// `mtulab up` / `down` of topologies whose old pin names collided (issue 17, item 7):
// topology "relq-x" node "y-z" and topology "relq-x-y" node "z" were both
// /run/netns/mtulab-relq-x-y-z, so `down` of one removed the other's namespace.
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/e2e/e2e_util.h"

namespace mtulab::e2e {
namespace {

namespace fs = std::filesystem;

bool Pinned(const std::string& name) { return fs::exists("/run/netns/" + name); }

// A topology of two nodes joined by a veth (node names as given).
std::string Topology(const std::string& name, const std::string& a, const std::string& b) {
  return "<topology name=\"" + name + "\">\n"
         "  <node name=\"" + a + "\"/>\n"
         "  <node name=\"" + b + "\"/>\n"
         "  <link>\n"
         "    <end node=\"" + a + "\" name=\"e0\" mtu=\"1500\" ipv4=\"10.0.0.1/24\"/>\n"
         "    <end node=\"" + b + "\" name=\"e1\" mtu=\"1500\" ipv4=\"10.0.0.2/24\"/>\n"
         "  </link>\n"
         "</topology>\n";
}

class PinsE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    // Unique per test process: other runs of mtulab may pin at the same time.
    x_ = "relq" + std::to_string(::getpid()) + "-x";
    xy_ = x_ + "-y";
    WriteFile(dir_.path() + "/x.xml", Topology(x_, "y-z", "w"));
    WriteFile(dir_.path() + "/xy.xml", Topology(xy_, "z", "v"));
  }
  void TearDown() override {
    if (::geteuid() != 0) return;
    RunMtulab({"down", "x.xml"}, dir_.path());
    RunMtulab({"down", "xy.xml"}, dir_.path());
  }

  TempDir dir_;
  std::string x_, xy_;
};

TEST_F(PinsE2eTest, DownOfOneCollidingTopologyLeavesTheOthersPins) {
  ProcessResult up = RunMtulab({"up", "x.xml"}, dir_.path());
  ASSERT_EQ(up.exit_code, 0) << up.err;
  ProcessResult up2 = RunMtulab({"up", "xy.xml"}, dir_.path());
  ASSERT_EQ(up2.exit_code, 0) << up2.err << "\n(the old names collided: 'already in use')";
  EXPECT_NE(up.out.find("ip netns exec mtulab-" + x_ + ":y-z ip addr"), std::string::npos)
      << up.out;
  ASSERT_TRUE(Pinned("mtulab-" + x_ + ":y-z"));
  ASSERT_TRUE(Pinned("mtulab-" + xy_ + ":z"));

  ProcessResult down = RunMtulab({"down", "x.xml"}, dir_.path());
  EXPECT_EQ(down.exit_code, 0) << down.err;
  EXPECT_NE(down.out.find("removed 2 namespaces of topology '" + x_ + "'"), std::string::npos)
      << down.out;
  EXPECT_FALSE(Pinned("mtulab-" + x_ + ":y-z"));
  EXPECT_FALSE(Pinned("mtulab-" + x_ + ":w"));
  EXPECT_TRUE(Pinned("mtulab-" + xy_ + ":z")) << "down of " << x_ << " removed " << xy_ << "'s";
  EXPECT_TRUE(Pinned("mtulab-" + xy_ + ":v"));
  ProcessResult ping = RunProcess({"ip", "netns", "exec", "mtulab-" + xy_ + ":z", "ping", "-c",
                                   "1", "-W", "2", "10.0.0.2"}, dir_.path());
  EXPECT_EQ(ping.exit_code, 0) << ping.out << ping.err;

  ProcessResult again = RunMtulab({"down", "x.xml"}, dir_.path());
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("no record of `mtulab up` for topology '" + x_ + "'"),
            std::string::npos)
      << again.out;
  EXPECT_TRUE(Pinned("mtulab-" + xy_ + ":z"));
  ProcessResult down2 = RunMtulab({"down", "xy.xml"}, dir_.path());
  EXPECT_EQ(down2.exit_code, 0) << down2.err;
  EXPECT_FALSE(Pinned("mtulab-" + xy_ + ":z"));
}

// `down` reads only the topology's name from the file: the record says what `up` pinned,
// also after the file's nodes changed, and a pin recreated since is not `up`'s to remove.
TEST_F(PinsE2eTest, DownRemovesWhatUpRecordedEvenAfterTheFileChanged) {
  ASSERT_EQ(RunMtulab({"up", "x.xml"}, dir_.path()).exit_code, 0);
  ProcessResult twice = RunMtulab({"up", "x.xml"}, dir_.path());
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_NE(twice.err.find("topology '" + x_ + "' is already up"), std::string::npos)
      << twice.err;
  WriteFile(dir_.path() + "/x.xml", Topology(x_, "renamed", "w"));
  // Someone replaced one pin by a namespace of their own under the same name.
  std::string w = "mtulab-" + x_ + ":w";
  ASSERT_EQ(RunProcess({"ip", "netns", "del", w}, dir_.path()).exit_code, 0);
  ASSERT_EQ(RunProcess({"ip", "netns", "add", w}, dir_.path()).exit_code, 0);
  ProcessResult down = RunMtulab({"down", "x.xml"}, dir_.path());
  EXPECT_NE(down.out.find("removed 1 namespace of topology"), std::string::npos) << down.out;
  EXPECT_NE(down.err.find("left /run/netns/" + w + ": it is no longer the namespace"),
            std::string::npos)
      << down.err;
  EXPECT_FALSE(Pinned("mtulab-" + x_ + ":y-z")) << "the node is gone from the file, not the pin";
  EXPECT_TRUE(Pinned(w));
  RunProcess({"ip", "netns", "del", w}, dir_.path());
}

}  // namespace
}  // namespace mtulab::e2e
