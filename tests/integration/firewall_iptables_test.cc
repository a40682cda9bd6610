// The iptables backend of MSS clamps on real namespaces: where its rules land (the node's
// namespace, never the host's) and that it never touches the host's xtables lock. What the
// rules do to a SYN on the wire is firewall_mss_test.cc, run with each backend.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <chrono>

#include "harness/runner/firewall_iptables.h"
#include "harness/sys/process.h"
#include "harness/sys/unique_fd.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

constexpr char kHostLock[] = "/run/xtables.lock";

/// What `program` (iptables-legacy-save) prints in `ns` (nullptr: the host's namespace),
/// comment and chain/counter lines dropped; "<failed: ...>" if it did not exit 0. Without
/// -t it dumps only the tables that exist (/proc/net/ip_tables_names), creating none.
std::string Rules(const std::string& program, const Netns* ns) {
  SpawnOptions options;
  options.argv = {FindExecutable(program).value_or(program)};
  options.env = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin"};
  options.netns = ns;
  ChildProcess child = ChildProcess::Spawn(options);
  if (!child.WaitExit(std::chrono::seconds(10)) || child.wait_status() != 0) {
    return "<failed: " + child.Describe() + ": " + child.Output() + ">";
  }
  std::string out;
  std::string text = child.Output(1 << 20);
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line[0] != '#' && line[0] != ':') out += line + "\n";
    start = end + 1;
  }
  return out;
}

class IptablesClampTest : public ::testing::Test, public ChainLabHolder {
 protected:
  void SetUp() override {
    MTULAB_REQUIRE_ROOT();
    for (const char* program :
         {"iptables-legacy-save", "ip6tables-legacy-save", kIptablesProgram, kIp6tablesProgram}) {
      if (!FindExecutable(program)) GTEST_SKIP() << program << " is not installed";
    }
  }

  /// Builds the chain with a fixed clamp on r's eth2 (IPv4) and a pmtu clamp (both
  /// families), both with the iptables backend.
  void BuildClamped() {
    Topology t = ChainTopology();
    t.FindNode("r")->mss_clamps = {
        MssClamp{"eth2", 1360u, Family::kIpv4, {}, MssClamp::Backend::kIptables},
        MssClamp{"eth1", std::nullopt, std::nullopt, {}, MssClamp::Backend::kIptables}};
    BuildLab(t);
  }
};

TEST_F(IptablesClampTest, RulesLandInTheNodeNamespaceOnly) {
  const std::string host4 = Rules("iptables-legacy-save", nullptr);
  const std::string host6 = Rules("ip6tables-legacy-save", nullptr);
  BuildClamped();
  const Netns& r = lab().node("r").ns;
  EXPECT_EQ(Rules("iptables-legacy-save", &r),
            "*mangle\n"
            "-A FORWARD -o eth2 -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 1360\n"
            "-A FORWARD -o eth1 -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS "
            "--clamp-mss-to-pmtu\n"
            "COMMIT\n");
  EXPECT_EQ(Rules("ip6tables-legacy-save", &r),
            "*mangle\n"
            "-A FORWARD -o eth1 -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS "
            "--clamp-mss-to-pmtu\n"
            "COMMIT\n");
  EXPECT_EQ(Rules("iptables-legacy-save", &lab().node("h1").ns), "")
      << "a node without clamps has no legacy table";
  EXPECT_EQ(Rules("iptables-legacy-save", nullptr), host4);
  EXPECT_EQ(Rules("ip6tables-legacy-save", nullptr), host6);
}

TEST_F(IptablesClampTest, TheHostXtablesLockIsNeverUsed) {
  struct stat st {};
  if (::stat(kHostLock, &st) != 0) {
    BuildClamped();
    EXPECT_NE(::stat(kHostLock, &st), 0) << kHostLock << " was created on the host";
    return;
  }
  // The host's lock exists: hold it. An iptables -w that took it would wait until the
  // 10 s timeout and fail the build.
  UniqueFd lock(::open(kHostLock, O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  ASSERT_TRUE(lock.valid());
  ASSERT_EQ(::flock(lock.get(), LOCK_EX | LOCK_NB), 0) << "the host's xtables lock is busy";
  const auto start = std::chrono::steady_clock::now();
  BuildClamped();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace mtulab::integration
