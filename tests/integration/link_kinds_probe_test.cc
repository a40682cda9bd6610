// The capability probe of link kinds: what this kernel has and lacks, and that probing and
// dropping namespaces leaves nothing behind.
#include <sys/stat.h>

#include "tests/integration/link_kinds_fixture.h"

namespace mtulab::integration {
namespace {

/// Whether anything of this process (an fd, a thread) still refers to namespace `inode`.
bool ProcessRefersToNetns(unsigned long inode) {
  const std::string target = "net:[" + std::to_string(inode) + "]";
  auto points_there = [&](const std::string& path) {
    char buf[PATH_MAX] = {};
    ssize_t n = ::readlink(path.c_str(), buf, sizeof buf - 1);
    return n > 0 && std::string(buf, n) == target;
  };
  for (const std::string& fd : DirEntries("/proc/self/fd")) {
    if (points_there("/proc/self/fd/" + fd)) return true;
  }
  for (const std::string& tid : DirEntries("/proc/self/task")) {
    if (points_there("/proc/self/task/" + tid + "/ns/net")) return true;
  }
  return false;
}

TEST(LinkKindLifetimeTest, NothingRemainsOnceTheNamespaceIsGone) {
  MTULAB_REQUIRE_ROOT();
  std::vector<std::string> host_links = LinkNames();
  unsigned long inode = 0;
  {
    Netns ns = Netns::Create();
    inode = ns.Inode();
    ScopedNetnsEnter enter(ns);
    Rtnl rtnl("lifetime namespace");
    rtnl.AddVeth("u0", std::nullopt, "u1", std::nullopt, ns.fd(), "lifetime namespace");
    auto index = [&rtnl](const std::string& n) { return rtnl.GetLink(n).ifindex; };
    DeviceSpec vx = Device("vxlan", "vx0", {{"vni", "3"}, {"remote", "10.1.0.2"}, {"dev", "u0"}});
    vx.fdb = {"10.1.0.2"};
    FindKind("vxlan")->create(rtnl, vx, index);
    FindKind("bridge")->create(rtnl, Device("bridge", "br0", {{"ports", "vx0"}}), index);
    FindKind("macvlan")->create(rtnl, Device("macvlan", "mv0", {{"parent", "u1"}}), index);
    EXPECT_TRUE(ProcessRefersToNetns(inode));
    EXPECT_EQ(rtnl.GetLink("br0").mtu, 1450u);
  }
  EXPECT_FALSE(ProcessRefersToNetns(inode));
  EXPECT_EQ(LinkNames(), host_links);
}

TEST(LinkKindRegistryTest, EverySchemaKindHasOps) {
  for (const KindSchema& schema : KindSchemas()) {
    const KindOps* ops = FindKind(schema.kind);
    ASSERT_NE(ops, nullptr) << schema.kind;
    EXPECT_STREQ(ops->kind, schema.kind);
    // A way to make it; without a supported hook the probe creates the sample with create.
    EXPECT_TRUE(ops->create != nullptr || ops->start != nullptr) << schema.kind;
    if (ops->supported == nullptr) EXPECT_NE(ops->create, nullptr) << schema.kind;
  }
  EXPECT_NE(FindKind("wireguard")->ready, nullptr);
  EXPECT_EQ(FindKind("veth"), nullptr);
  EXPECT_EQ(FindKind("nope"), nullptr);
}

TEST(KernelSupportsKindTest, ProbingLeavesNothingBehind) {
  MTULAB_REQUIRE_ROOT();
  std::vector<std::string> host_links = LinkNames();
  unsigned long thread_ns = ThreadNetnsInode();
  for (const char* kind : {"bridge", "vxlan", "macvlan", "vlan", "gre", "gretap", "ipip",
                           "geneve"}) {
    std::string reason;
    KernelSupportsKind(kind, &reason);
  }
  EXPECT_EQ(ThreadNetnsInode(), thread_ns);
  EXPECT_EQ(LinkNames(), host_links);
}

TEST(KernelSupportsKindTest, KindsThisProjectRequiresArePresent) {
  MTULAB_REQUIRE_ROOT();
  for (const char* kind : {"bridge", "vxlan", "macvlan"}) {
    std::string reason = "untouched";
    EXPECT_TRUE(KernelSupportsKind(kind, &reason)) << reason;
    EXPECT_EQ(reason, "untouched");
  }
}

TEST(KernelSupportsKindTest, UnknownKindsAndWireguard) {
  std::string reason;
  EXPECT_FALSE(KernelSupportsKind("nope", &reason));
  EXPECT_EQ(reason, "unknown link kind 'nope'");
  EXPECT_TRUE(KernelSupportsKind("wireguard", &reason));  // wireguard-go as a fallback
}

/// The smallest valid spec of `kind` over the u0 -- u1 underlay.
DeviceSpec MinimalSpec(const std::string& kind) {
  if (kind == "vlan") return Device(kind, "k0", {{"parent", "u0"}, {"id", "10"}});
  if (kind == "ipvlan") return Device(kind, "k0", {{"parent", "u0"}, {"mode", "l2"}});
  if (kind == "dummy") return Device(kind, "k0", {});
  if (kind == "vrf") return Device(kind, "k0", {{"table", "10"}});
  if (kind == "geneve") return Device(kind, "k0", {{"vni", "1"}, {"remote", "10.1.0.2"}});
  if (kind == "ip6tnl")
    return Device(kind, "k0", {{"local", "fd00:1::1"}, {"remote", "fd00:1::2"}});
  return Device(kind, "k0", {{"local", "10.1.0.1"}, {"remote", "10.1.0.2"}});
}

class KernelLacksKindTest : public KindNamespace,
                            public ::testing::WithParamInterface<const char*> {};

// The skip path: kinds missing from this kernel (DESIGN §8). The probe's answer must agree with
// what creating the kind for real does, and its reason carries the same netlink error.
TEST_P(KernelLacksKindTest, ProbeAgreesWithARealCreate) {
  const std::string kind = GetParam();
  std::string reason;
  bool supported = KernelSupportsKind(kind, &reason);
  std::string again;
  EXPECT_EQ(KernelSupportsKind(kind, &again), supported);
  EXPECT_EQ(again, reason);
  try {
    Create(MinimalSpec(kind));
    EXPECT_TRUE(supported) << "created " << kind << " although the probe said: " << reason;
  } catch (const SysError& e) {
    ASSERT_FALSE(supported) << "probe said yes, create said: " << e.what();
    EXPECT_EQ(reason.rfind("kernel lacks " + kind + " (", 0), 0u) << reason;
    std::string error = std::string(e.what()).substr(std::string(e.what()).rfind(": ") + 2);
    EXPECT_EQ(reason, "kernel lacks " + kind + " (" + error + ")");
    std::cout << "[ fact ] " << reason << "; create: " << e.what() << "\n";
  }
  if (supported) GTEST_SKIP() << kind << " is present on this kernel: no skip path to test";
}

INSTANTIATE_TEST_SUITE_P(Kinds, KernelLacksKindTest,
                         ::testing::Values("gre", "gretap", "ipip", "sit", "ip6tnl", "geneve",
                                           "vlan", "ipvlan", "dummy", "vrf"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           return std::string(info.param);
                         });

}  // namespace
}  // namespace mtulab::integration
