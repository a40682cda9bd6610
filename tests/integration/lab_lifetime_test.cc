// What a Lab leaves behind: nothing after destruction, nothing after a failed build, and
// nothing shared between two labs that use the same names and addresses.
#include <net/if.h>
#include <limits.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/probes/probe.h"
#include "harness/sys/netns.h"
#include "harness/sys/sys_error.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

/// True if any fd or thread of this process refers to the namespace with `inode`.
bool ProcessReferencesNetns(unsigned long inode) {
  std::string wanted = "net:[" + std::to_string(inode) + "]";
  std::vector<std::string> links;
  for (const std::string& fd : DirEntries("/proc/self/fd")) links.push_back("/proc/self/fd/" + fd);
  for (const std::string& t : DirEntries("/proc/self/task")) {
    links.push_back("/proc/self/task/" + t + "/ns/net");
  }
  for (const std::string& path : links) {
    char target[PATH_MAX] = {};
    ssize_t n = ::readlink(path.c_str(), target, sizeof target - 1);
    if (n > 0 && std::string(target, n) == wanted) return true;
  }
  return false;
}

size_t OpenFdCount() { return DirEntries("/proc/self/fd").size(); }

class LabLifetimeTest : public ::testing::Test {
 protected:
  void SetUp() override { MTULAB_REQUIRE_ROOT(); }
};

TEST_F(LabLifetimeTest, DestroyingTheLabFreesItsNamespacesAndLinks) {
  std::unique_ptr<Lab> lab = Lab::Build(PairTopology());
  unsigned long b_inode = lab->node("b").ns.Inode();
  ASSERT_TRUE(ProcessReferencesNetns(b_inode));
  // Keep a's namespace alive by a second fd to watch from there: once b's namespace is
  // really freed, the kernel deletes its veth end, and the peer `x` in a goes with it.
  Netns a = Netns::Open("/proc/self/fd/" + std::to_string(lab->node("a").ns.fd()));
  {
    ScopedNetnsEnter in(a);
    ASSERT_NE(::if_nametoindex("x"), 0u);
  }
  lab.reset();
  EXPECT_FALSE(ProcessReferencesNetns(b_inode));
  ScopedNetnsEnter in(a);
  EXPECT_TRUE(WaitFor([] { return ::if_nametoindex("x") == 0; }))
      << "veth x still exists: b's namespace was not freed";
  EXPECT_EQ(LinkNames(), std::vector<std::string>{"lo"});
}

TEST_F(LabLifetimeTest, FailedBuildThrowsNamingTheRouteAndReleasesEverything) {
  size_t fds = OpenFdCount();
  Topology t = PairTopology();
  t.nodes[0].routes.push_back(MakeRoute(Family::kIpv4, "10.60.0.0/24", "10.8.8.8"));
  try {
    Lab::Build(t);
    FAIL() << "a route via an unreachable gateway was accepted";
  } catch (const SysError& e) {
    EXPECT_NE(std::string(e.what()).find("adding route 10.60.0.0/24 via 10.8.8.8 in node 'a'"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(OpenFdCount(), fds);
}

TEST_F(LabLifetimeTest, DuplicateInterfaceNameInANodeIsRefused) {
  Topology t = PairTopology();
  t.links.push_back(MakeLink(MakeEnd("a", "x", std::nullopt, {}),
                             MakeEnd("b", "y2", std::nullopt, {})));
  size_t fds = OpenFdCount();
  try {
    Lab::Build(t);
    FAIL() << "a second interface 'x' in node a was accepted";
  } catch (const SysError& e) {
    EXPECT_NE(std::string(e.what()).find("creating veth 'x' in node 'a' (peer 'y2' in node 'b')"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(OpenFdCount(), fds);
}

TEST_F(LabLifetimeTest, BadSysctlFailsTheBuildNamingTheNode) {
  Topology t = PairTopology();
  t.nodes[1].sysctls.push_back(Sysctl{"net.ipv4.no_such_knob", "1", {}});
  try {
    Lab::Build(t);
    FAIL() << "an unknown sysctl was accepted";
  } catch (const SysError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("net.ipv4.no_such_knob=1"), std::string::npos) << what;
    EXPECT_NE(what.find("node 'b'"), std::string::npos) << what;
  }
}

// Nodes are created by several threads: the failure reported must still be the first in
// declaration order, and every namespace made before or beside it must be released.
TEST_F(LabLifetimeTest, ParallelNodeCreationReportsTheFirstFailingNodeAndLeaksNothing) {
  Topology t;
  t.name = "many-nodes";
  for (int i = 0; i < 24; ++i) t.nodes.push_back(Node{"n" + std::to_string(i), {}, {}, {}});
  t.nodes[9].sysctls.push_back(Sysctl{"net.ipv4.no_such_knob_9", "1", {}});
  t.nodes[10].sysctls.push_back(Sysctl{"net.ipv4.no_such_knob_10", "1", {}});
  t.nodes[23].sysctls.push_back(Sysctl{"net.ipv4.no_such_knob_23", "1", {}});
  size_t fds = OpenFdCount();
  for (int round = 0; round < 5; ++round) {
    try {
      Lab::Build(t);
      FAIL() << "unknown sysctls were accepted";
    } catch (const SysError& e) {
      std::string what = e.what();
      EXPECT_NE(what.find("net.ipv4.no_such_knob_9=1"), std::string::npos) << what;
      EXPECT_NE(what.find("node 'n9'"), std::string::npos) << what;
    }
    EXPECT_EQ(OpenFdCount(), fds) << "round " << round;
  }
}

TEST_F(LabLifetimeTest, TwoLabsWithTheSameNamesAndAddressesCoexist) {
  std::unique_ptr<Lab> first = Lab::Build(PairTopology());
  std::unique_ptr<Lab> second = Lab::Build(PairTopology());
  EXPECT_NE(first->node("a").ns.Inode(), second->node("a").ns.Inode());
  for (Lab* lab : {first.get(), second.get()}) {
    ProbeContext ctx{*lab, {}};
    Facts f = RunPing(ctx, MakePing("a", "10.9.0.2", Family::kIpv4, 56));
    EXPECT_EQ(FactOr(f, "ping.result"), "reply") << Dump(f);
    Facts f6 = RunPing(ctx, MakePing("a", "fd00:90::2", Family::kIpv6, 56));
    EXPECT_EQ(FactOr(f6, "ping.result"), "reply") << Dump(f6);
  }
  // Traffic in one lab never shows up in the other.
  ProbeContext ctx{*first, {}};
  Facts echoes = RunCounter(ctx, CounterStep{"b", {"Icmp.InEchos"}});
  EXPECT_EQ(FactOr(echoes, "counter.Icmp.InEchos"), "1") << Dump(echoes);
}

TEST_F(LabLifetimeTest, UnknownNodeOrInterfaceIsReported) {
  std::unique_ptr<Lab> lab = Lab::Build(PairTopology());
  EXPECT_THROW(lab->node("nope"), std::out_of_range);
  try {
    lab->IfIndex("a", "nope0");
    FAIL() << "IfIndex of an unknown interface did not throw";
  } catch (const SysError& e) {
    EXPECT_EQ(e.error_code(), ENODEV);
    EXPECT_NE(std::string(e.what()).find("'nope0' in node 'a'"), std::string::npos) << e.what();
  }
  EXPECT_EQ(lab->IfIndex("a", "x"), static_cast<int>(lab->node("a").rtnl.GetLink("x").ifindex));
}

}  // namespace
}  // namespace mtulab::integration
