// Netns and ScopedNetnsEnter against the kernel: fresh namespaces, switching back, and
// sysctls that stay inside.
#include <cerrno>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/sys/netns.h"
#include "harness/sys/sys_error.h"
#include "harness/sys/sysctl.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

class NetnsTest : public ::testing::Test {
 protected:
  void SetUp() override { MTULAB_REQUIRE_ROOT(); }
};

TEST_F(NetnsTest, CreateGivesAFreshNamespaceAndLeavesTheThreadWhereItWas) {
  unsigned long host = ThreadNetnsInode();
  ASSERT_NE(host, 0u);
  Netns ns = Netns::Create();
  EXPECT_NE(ns.Inode(), 0u);
  EXPECT_NE(ns.Inode(), host);
  EXPECT_EQ(ThreadNetnsInode(), host);
  EXPECT_EQ(Netns::Current().Inode(), host);
  Netns other = Netns::Create();
  EXPECT_NE(other.Inode(), ns.Inode());
  EXPECT_NE(other.Inode(), host);
}

TEST_F(NetnsTest, FreshNamespaceHoldsOnlyLoopback) {
  Netns ns = Netns::Create();
  ScopedNetnsEnter in(ns);
  EXPECT_EQ(LinkNames(), std::vector<std::string>{"lo"});
}

TEST_F(NetnsTest, ScopedEnterSwitchesAndRestoresNested) {
  unsigned long host = ThreadNetnsInode();
  Netns a = Netns::Create();
  Netns b = Netns::Create();
  {
    ScopedNetnsEnter in_a(a);
    EXPECT_EQ(ThreadNetnsInode(), a.Inode());
    EXPECT_EQ(Netns::Current().Inode(), a.Inode());
    {
      ScopedNetnsEnter in_b(b);
      EXPECT_EQ(ThreadNetnsInode(), b.Inode());
    }
    EXPECT_EQ(ThreadNetnsInode(), a.Inode());
  }
  EXPECT_EQ(ThreadNetnsInode(), host);
}

TEST_F(NetnsTest, OpenByPathNamesTheSameNamespace) {
  Netns ns = Netns::Create();
  Netns again = Netns::Open("/proc/self/fd/" + std::to_string(ns.fd()));
  EXPECT_NE(again.fd(), ns.fd());
  EXPECT_EQ(again.Inode(), ns.Inode());
}

TEST_F(NetnsTest, OpenOfAMissingPathThrowsNamingThePath) {
  try {
    Netns::Open("/run/netns/" + TestPinPrefix() + "does-not-exist");
    FAIL() << "Netns::Open did not throw";
  } catch (const SysError& e) {
    EXPECT_EQ(e.error_code(), ENOENT);
    EXPECT_NE(std::string(e.what()).find("opening network namespace /run/netns/" +
                                         TestPinPrefix() + "does-not-exist"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(NetnsTest, EnteringSomethingElseThrowsAndStaysPut) {
  unsigned long host = ThreadNetnsInode();
  // An fd that is not a namespace: setns fails with EINVAL and the thread must not move.
  Netns not_a_namespace = Netns::Open("/proc/self/stat");
  EXPECT_THROW(ScopedNetnsEnter in(not_a_namespace), SysError);
  EXPECT_EQ(ThreadNetnsInode(), host);
}

/// A value for `key` different from `current`.
std::string Other(const std::string& current, const std::string& alternative) {
  return current == alternative ? "0" : alternative;
}

TEST_F(NetnsTest, SysctlWrittenInsideDoesNotReachTheHost) {
  const std::vector<std::string> keys = {"net.ipv4.ip_forward", "net.ipv4.conf.all.rp_filter",
                                         "net.ipv4.conf.default.rp_filter"};
  std::vector<std::string> host;
  for (const std::string& k : keys) host.push_back(ReadSysctl(k));
  Netns ns = Netns::Create();
  {
    ScopedNetnsEnter in(ns);
    for (size_t i = 0; i < keys.size(); ++i) {
      std::string value = Other(host[i], i == 0 ? "1" : "2");
      WriteSysctl(keys[i], value);
      EXPECT_EQ(ReadSysctl(keys[i]), value) << keys[i] << " inside";
    }
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(ReadSysctl(keys[i]), host[i]) << keys[i] << " on the host";
  }
}

TEST_F(NetnsTest, LabBuildLeavesHostSysctlsAlone) {
  const std::vector<std::string> keys = {
      "net.ipv4.ip_forward", "net.ipv4.conf.all.rp_filter", "net.ipv4.conf.default.rp_filter",
      "net.ipv6.conf.all.forwarding", "net.ipv4.ping_group_range",
      "net.ipv6.conf.all.accept_dad"};
  std::vector<std::string> host;
  for (const std::string& k : keys) host.push_back(ReadSysctl(k));
  Topology t = PairTopology();
  t.nodes[0].sysctls = {{"net.ipv4.ip_forward", Other(host[0], "1"), {}},
                        {"net.ipv4.conf.all.rp_filter", Other(host[1], "1"), {}},
                        {"net.ipv6.conf.all.forwarding", Other(host[3], "1"), {}}};
  std::unique_ptr<Lab> lab = Lab::Build(t);
  {
    ScopedNetnsEnter in(lab->node("a").ns);
    EXPECT_EQ(ReadSysctl("net.ipv4.ip_forward"), Other(host[0], "1"));
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(ReadSysctl(keys[i]), host[i]) << keys[i] << " on the host";
  }
}

}  // namespace
}  // namespace mtulab::integration
