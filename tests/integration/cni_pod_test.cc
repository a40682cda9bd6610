// Pods built by the real CNI plugins of Debian's containernetworking-plugins (root; skipped
// without them): plugins run inside the node's namespace, chains pass prevResult, errors
// carry the plugin's message, and nothing is left on the host.
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "harness/config/loader.h"
#include "harness/sys/process.h"
#include "harness/sys/sys_error.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

namespace fs = std::filesystem;

// Bridge + host-local, the bridge plugin's `mtu`; `extra` is appended to the plugins list.
std::string BridgeList(int mtu, const std::string& extra = "") {
  return R"({"cniVersion":"1.0.0","name":"podnet","plugins":[{"type":"bridge","bridge":"cni0",
    "isGateway":true,)" +
         (mtu ? "\"mtu\":" + std::to_string(mtu) + "," : std::string()) +
         R"("ipam":{"type":"host-local","ranges":[[{"subnet":"10.244.1.0/24"}]],
    "routes":[{"dst":"0.0.0.0/0"}]}})" +
         extra + "]}";
}

// Entries of /tmp named like a CNI state directory.
std::vector<std::string> StateDirs() {
  std::vector<std::string> out;
  for (const std::string& e : DirEntries("/tmp")) {
    if (e.rfind("mtulab-cni.", 0) == 0) out.push_back(e);
  }
  return out;
}

class CniPodTest : public ::testing::Test, public ChainLabHolder {
 protected:
  void SetUp() override {
    MTULAB_REQUIRE_ROOT();
    if (::access("/usr/lib/cni/bridge", X_OK) != 0) GTEST_SKIP() << "no /usr/lib/cni/bridge";
    char pattern[] = "/tmp/mtulab-cnitest-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    ctx_.reset();
    lab_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // node1 (uplink eth0 1500 to ext) with pods p1, p2 on `conf`.
  Topology Load(const std::string& conf) {
    std::ofstream(dir_ + "/net.conflist") << conf;
    std::ofstream(dir_ + "/t.xml") << R"(<topology name="t">
  <node name="node1" forwarding="true"/>
  <node name="ext"><route to="10.244.1.0/24" via="10.0.0.1"/></node>
  <link><end node="node1" name="eth0" ipv4="10.0.0.1/24"/><end node="ext" name="eth0" ipv4="10.0.0.2/24"/></link>
  <pod name="p1" node="node1" config="net.conflist"/>
  <pod name="p2" node="node1" config="net.conflist"/>
</topology>)";
    return LoadTopology(dir_ + "/t.xml");
  }

  std::string dir_;
};

TEST_F(CniPodTest, BridgePodsGetTheResultAndTheBridgeMtuHoldsOnTheWire) {
  std::vector<std::string> host_links = LinkNames();
  std::vector<std::string> state_before = StateDirs();
  BuildLab(Load(BridgeList(1400)));
  EXPECT_EQ(StateDirs().size(), state_before.size() + 1);
  Facts f = RunCni(ctx(), CniStep{"p1"});
  EXPECT_EQ(f.Get("cni.plugins"), "1");
  EXPECT_EQ(f.Get("cni.interfaces"), "3");  // cni0, the node-side veth, eth0
  EXPECT_EQ(f.Get("cni.ipv4.prefix"), "24");
  EXPECT_EQ(f.Get("cni.ipv4.gateway"), "10.244.1.1");
  EXPECT_EQ(f.Get("cni.route.default"), "true");
  EXPECT_EQ(f.Get("cni.mtu"), "1400");
  EXPECT_EQ(f.Get("cni.host.mtu"), "1400");
  // The bridge and the veths are in node1, the pod's address is p1:eth0's.
  std::string p1 = *f.Get("cni.ipv4");
  EXPECT_EQ(
      IpToString(lab().topology().FindEndpoint("p1", "eth0")->FirstAddress(Family::kIpv4)->Ip()),
      p1);
  EXPECT_NO_THROW(lab().node("node1").rtnl.GetLink("cni0"));
  EXPECT_EQ(LinkNames(), host_links);
  std::string p2 = *RunCni(ctx(), CniStep{"p2"}).Get("cni.ipv4");
  EXPECT_NE(p1, p2);
  // 1400-byte DF echoes cross to the other pod and out of the node; 1401 is refused locally.
  EXPECT_EQ(RunPing(ctx(), MakePing("p1", p2, Family::kIpv4, 1372)).Get("ping.result"), "reply");
  EXPECT_EQ(RunPing(ctx(), MakePing("p1", "10.0.0.2", Family::kIpv4, 1372)).Get("ping.result"),
            "reply");
  Facts big = RunPing(ctx(), MakePing("p1", "10.0.0.2", Family::kIpv4, 1373));
  EXPECT_EQ(big.Get("ping.result"), "local_emsgsize");
  EXPECT_EQ(big.Get("ping.mtu"), "1400");
  // From outside, node1 refuses to forward 1401 into the pod's veth: frag-needed 1400.
  Facts in = RunPing(ctx(), MakePing("ext", p1, Family::kIpv4, 1400));
  EXPECT_EQ(in.Get("ping.result"), "frag_needed");
  EXPECT_EQ(in.Get("ping.mtu"), "1400");
  ctx_.reset();
  lab_.reset();
  EXPECT_EQ(StateDirs(), state_before) << "the CNI state directory outlived the lab";
}

TEST_F(CniPodTest, ChainPassesPrevResultAndTuningChangesOnlyThePodSide) {
  BuildLab(Load(BridgeList(0, R"(,{"type":"tuning","mtu":1280})")));
  Facts f = RunCni(ctx(), CniStep{"p1"});
  EXPECT_EQ(f.Get("cni.plugins"), "2");
  EXPECT_EQ(f.Get("cni.interfaces"), "3");  // tuning returned the bridge's result
  EXPECT_EQ(f.Get("cni.mtu"), "1280");
  EXPECT_EQ(f.Get("cni.host.mtu"), "1500");
}

TEST_F(CniPodTest, PluginErrorCarriesItsMessageAndLeavesNothing) {
  std::vector<std::string> state_before = StateDirs();
  std::string conf = R"({"cniVersion":"1.0.0","name":"mv","type":"macvlan","master":"eth0",
    "mtu":9000,"ipam":{"type":"host-local","subnet":"10.5.0.0/24"}})";
  try {
    BuildLab(Load(conf));
    ADD_FAILURE() << "the build succeeded";
  } catch (const SysError& e) {
    EXPECT_NE(std::string(e.what()).find("CNI ADD of pod 'p1' (" + dir_ +
                                         "/net.conflist), plugin 'macvlan': invalid MTU 9000"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(StateDirs(), state_before);
}

// What a plugin process gets: the node's namespace (not the caller's), the pod's at fd 3
// (no other descriptor), the configuration on stdin.
TEST_F(CniPodTest, SpawnEntersTheNodeNamespaceAndInheritsOnlyThePod) {
  Netns node = Netns::Create(), pod = Netns::Create();
  UniqueFd in(::memfd_create("stdin", MFD_CLOEXEC));
  ASSERT_EQ(::write(in.get(), "{}", 2), 2);
  ASSERT_EQ(::lseek(in.get(), 0, SEEK_SET), 0);
  UniqueFd out(::memfd_create("stdout", MFD_CLOEXEC));
  SpawnOptions o;
  o.argv = {"/bin/sh", "-c", "readlink /proc/self/ns/net /proc/self/fd/3; ls /proc/self/fd; cat"};
  o.netns = &node;
  o.stdin_fd = in.get();
  o.stdout_fd = out.get();
  o.inherit_fd = pod.fd();
  ChildProcess child = ChildProcess::Spawn(o);
  ASSERT_TRUE(child.WaitExit(std::chrono::seconds(5)));
  std::string text(4096, '\0');
  ssize_t n = ::pread(out.get(), text.data(), text.size(), 0);
  ASSERT_GT(n, 0);
  text.resize(static_cast<size_t>(n));
  std::string want =
      "net:[" + std::to_string(node.Inode()) + "]\nnet:[" + std::to_string(pod.Inode()) + "]\n";
  EXPECT_EQ(text.substr(0, want.size()), want) << text;
  // 0-2, the pod at 3, and the fd ls itself opens: nothing else of mtulab's.
  EXPECT_EQ(text.substr(want.size()), "0\n1\n2\n3\n4\n{}") << text;
}

TEST_F(CniPodTest, ExpectedRefusalIsRecordedAndThePodLeftWithoutInterface) {
  std::string conf = R"({"cniVersion":"1.0.0","name":"mv","type":"macvlan","master":"eth0",
    "mtu":9000,"ipam":{"type":"static","addresses":[{"address":"10.0.0.9/24"}]}})";
  BuildLab(Load(conf), {"p1", "p2"});
  Facts f = RunCni(ctx(), CniStep{"p1"});
  EXPECT_EQ(f.Get("cni.result"), "refused");
  EXPECT_EQ(f.Get("cni.error"), "invalid MTU 9000, must be [0, master MTU(1500)] [code 999]");
  EXPECT_FALSE(f.Has("cni.mtu"));
  EXPECT_EQ(lab().topology().FindEndpoint("p1", "eth0"), nullptr);
  // Only the pods the case expects to fail may: p2 alone is not enough.
  EXPECT_THROW(BuildLab(Load(conf), {"p2"}), CniPluginError);
}

TEST_F(CniPodTest, StateOfAKilledRunIsRemovedByTheNextLab) {
  pid_t dead = ::fork();
  if (dead == 0) ::_exit(0);
  ASSERT_GT(dead, 0);
  ASSERT_EQ(::waitpid(dead, nullptr, 0), dead);
  std::string stale = "/tmp/mtulab-cni." + std::to_string(dead) + ".test01";
  fs::create_directories(stale + "/podnet");
  std::ofstream(stale + "/podnet/10.244.1.2") << "mtulab-p1";
  std::string alive = "/tmp/mtulab-cni." + std::to_string(::getpid()) + ".test02";
  fs::create_directories(alive);
  BuildLab(Load(BridgeList(1400)));
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(alive)) << "a live process's directory was removed";
  fs::remove_all(alive);
}

TEST_F(CniPodTest, MissingPluginNamesThePathSearched) {
  Topology t = Load(R"({"cniVersion":"1.0.0","name":"n","type":"no-such-plugin"})");
  EXPECT_EQ(MissingFeature(t),
            "CNI plugin 'no-such-plugin' not found: searched "
            "/usr/lib/cni/no-such-plugin");
  t.pods[0].cni_path = dir_;
  t.pods[1].cni_path = dir_;
  EXPECT_EQ(MissingFeature(t),
            "CNI plugin 'no-such-plugin' not found: searched " + dir_ + "/no-such-plugin");
}

}  // namespace
}  // namespace mtulab::integration
