// The real binary on the shipped topologies and suites, judged through its JUnit.
#include <unistd.h>

#include <gtest/gtest.h>

#include <set>

#include "harness/config/loader.h"
#include "tests/e2e/e2e_util.h"

namespace mtulab::e2e {
namespace {

class ShippedSuitesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    before_ = TakeSnapshot();
  }
  void TearDown() override {
    if (::geteuid() != 0) return;
    HostSnapshot after = TakeSnapshot();
    EXPECT_EQ(after.pinned, before_.pinned) << "a /run/netns entry was left behind";
    EXPECT_EQ(after.host_links, before_.host_links) << "the host's links changed";
    EXPECT_EQ(after.open_fds, before_.open_fds) << "the test leaked a file descriptor";
    EXPECT_TRUE(after.children.empty()) << "a child process is still running";
    EXPECT_EQ(after.wireguard_go, before_.wireguard_go) << "a wireguard-go process was left";
    EXPECT_FALSE(after.host_run_wireguard && !before_.host_run_wireguard)
        << "/run/wireguard was created on the host";
  }
  HostSnapshot before_;
};

// Every case declared in suites/, as "classname/name" the JUnit writer must produce.
std::set<std::string> DeclaredCases() {
  std::set<std::string> names;
  for (const std::string& f : ListXmlFiles(std::string(MTULAB_SOURCE_DIR) + "/suites")) {
    Suite s = LoadSuite(f);
    for (const Case& c : s.cases) names.insert("mtulab." + s.name + "/" + c.name);
  }
  return names;
}

TEST_F(ShippedSuitesTest, RunWithNoArgumentsPassesEveryCaseAndWritesReportsJunit) {
  TempDir dir;
  CopyShippedFiles(dir.path());
  ProcessResult r = RunMtulab({"run"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  std::vector<JunitCase> cases = ParseJunit(dir.path() + "/reports/junit.xml");
  std::set<std::string> seen;
  for (const JunitCase& c : cases) {
    seen.insert(c.classname + "/" + c.name);
    // The only acceptable non-passes: a link kind this kernel lacks (e.g. GRE on 6.18 here),
    // or a case's <require> this machine does not meet (e.g. wireguard.impl = kernel).
    if (c.outcome == "skipped") {
      EXPECT_TRUE(c.message.rfind("kernel lacks ", 0) == 0 || c.message.rfind("requires ", 0) == 0)
          << c.name << ": " << c.message;
      continue;
    }
    EXPECT_EQ(c.outcome, "pass") << c.classname << "/" << c.name << ": " << c.message << "\n"
                                 << c.body << "\n" << c.system_out;
    EXPECT_NE(c.system_out.find("step 1 "), std::string::npos) << "facts missing for " << c.name;
  }
  EXPECT_EQ(seen, DeclaredCases());
  EXPECT_NE(r.out.find(" passed, 0 failed, "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" skipped, 0 errors"), std::string::npos) << r.out;
}

TEST_F(ShippedSuitesTest, DecidingFactsAppearInTheJunitOutput) {
  TempDir dir;
  CopyShippedFiles(dir.path());
  ProcessResult r = RunMtulab({"run", "--filter", "seed003-svi/rpf_*", "--junit",
                               dir.path() + "/j.xml"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const JunitCase& c : ParseJunit(dir.path() + "/j.xml")) {
    if (c.name == "rpf_loose_learns_1500_from_mgmt") {
      EXPECT_NE(c.system_out.find("ping.icmp_from=172.20.20.2"), std::string::npos) << c.system_out;
      EXPECT_NE(c.system_out.find("route.pmtu=1500"), std::string::npos) << c.system_out;
    }
    if (c.name == "rpf_strict_drops_mgmt_sourced_icmp") {
      EXPECT_NE(c.system_out.find("ping.result=timeout"), std::string::npos) << c.system_out;
    }
  }
}

TEST_F(ShippedSuitesTest, ParallelAndSerialRunsAgree) {
  TempDir dir;
  CopyShippedFiles(dir.path());
  ProcessResult serial = RunMtulab({"run", "-j", "1", "--junit", dir.path() + "/1.xml"},
                                   dir.path());
  ProcessResult parallel = RunMtulab({"run", "-j", "8", "--junit", dir.path() + "/8.xml"},
                                     dir.path());
  EXPECT_EQ(serial.exit_code, 0) << serial.out;
  EXPECT_EQ(parallel.exit_code, 0) << parallel.out;
  EXPECT_EQ(ParseJunit(dir.path() + "/1.xml").size(), ParseJunit(dir.path() + "/8.xml").size());
}

}  // namespace
}  // namespace mtulab::e2e
