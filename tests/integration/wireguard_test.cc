// WgDevice for real: a tunnel between two namespaces, both ends named wg0 (which collides
// on wireguard-go's global socket path unless each instance has a private /run), its MTU
// and DF limits, and what destruction leaves behind.
//
//   a  x 10.99.0.1/24 -------- veth -------- 10.99.0.2/24 y  b
//      wg0 10.200.0.1/24 ====== WireGuard ====== 10.200.0.2/24 wg0
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "harness/links/wireguard.h"
#include "harness/probes/probe.h"
#include "harness/sys/process.h"
#include "harness/sys/sys_error.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

constexpr uint16_t kPort = 51820;
constexpr uint32_t kDefaultMtu = 1420;

bool PathExists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

///   a x ---------- y b      10.99.0.1/24 -- 10.99.0.2/24
Topology UnderlayTopology() {
  Topology t;
  t.name = "wg-underlay";
  t.nodes = {Node{"a", {}, {}, {}}, Node{"b", {}, {}, {}}};
  t.links.push_back(MakeLink(MakeEnd("a", "x", std::nullopt, {Addr(Family::kIpv4, "10.99.0.1/24")}),
                             MakeEnd("b", "y", std::nullopt, {Addr(Family::kIpv4, "10.99.0.2/24")})));
  return t;
}

class WireguardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MTULAB_REQUIRE_ROOT();
    if (!KernelHasWireguard() && !FindExecutable("wireguard-go")) {
      GTEST_SKIP() << "kernel lacks wireguard and wireguard-go is not installed";
    }
    host_had_run_wireguard_ = PathExists("/run/wireguard");
    lab_ = Lab::Build(UnderlayTopology());
    ctx_ = std::make_unique<ProbeContext>(ProbeContext{*lab_, {}});
    key_a_ = GenerateWgPrivateKey();
    key_b_ = GenerateWgPrivateKey();
  }

  WgConfig Config(const WgKey& own, const WgKey& peer, const std::string& peer_ip) {
    WgConfig c;
    c.ifname = "wg0";
    c.private_key = own;
    c.listen_port = kPort;
    c.peers.push_back(
        WgPeerConfig{WgPublicKey(peer), peer_ip + ":" + std::to_string(kPort), {"10.200.0.0/24"},
                     std::nullopt});
    return c;
  }

  /// Creates wg0 in both nodes, checks it is down, then addresses it and brings it up.
  void BuildTunnel() {
    auto start = std::chrono::steady_clock::now();
    wg_a_ = WgDevice::Create(lab_->node("a").ns, lab_->node("a").rtnl,
                             Config(key_a_, key_b_, "10.99.0.2"));
    auto ms = std::chrono::duration_cast<std::chrono::microseconds>(
                  std::chrono::steady_clock::now() - start).count() / 1000.0;
    RecordProperty("create_ms", std::to_string(ms));
    std::printf("[ wg ] backend %s, first WgDevice::Create took %.1f ms\n", wg_a_->backend(), ms);
    wg_b_ = WgDevice::Create(lab_->node("b").ns, lab_->node("b").rtnl,
                             Config(key_b_, key_a_, "10.99.0.1"));
    for (const char* n : {"a", "b"}) {
      Rtnl& rtnl = lab_->node(n).rtnl;
      LinkState wg = rtnl.GetLink("wg0");
      EXPECT_FALSE(wg.admin_up) << n << ": WgDevice must leave the interface down";
      std::string addr = std::string("10.200.0.") + (n[0] == 'a' ? "1" : "2") + "/24";
      rtnl.AddAddress(wg.ifindex, "wg0", Addr(Family::kIpv4, addr));
      rtnl.SetUp(wg.ifindex, "wg0");
    }
  }

  Facts Ping(uint32_t size) {
    return RunPing(*ctx_, MakePing("a", "10.200.0.2", Family::kIpv4, size));
  }

  bool host_had_run_wireguard_ = false;
  std::unique_ptr<Lab> lab_;
  std::unique_ptr<ProbeContext> ctx_;
  WgKey key_a_, key_b_;
  std::unique_ptr<WgDevice> wg_a_, wg_b_;
};

TEST_F(WireguardTest, TunnelCarriesDfPingsUpToItsDefaultMtu) {
  BuildTunnel();
  EXPECT_EQ(lab_->node("a").rtnl.GetLink("wg0").mtu, kDefaultMtu);
  Facts first = Ping(56);  // also waits for the handshake
  EXPECT_EQ(FactOr(first, "ping.result"), "reply") << Dump(first);
  Facts fits = Ping(kDefaultMtu - 28);
  EXPECT_EQ(FactOr(fits, "ping.result"), "reply") << Dump(fits);
  Facts too_big = Ping(kDefaultMtu - 27);
  EXPECT_EQ(FactOr(too_big, "ping.result"), "local_emsgsize") << Dump(too_big);
  EXPECT_EQ(FactOr(too_big, "ping.mtu"), std::to_string(kDefaultMtu)) << Dump(too_big);
}

TEST_F(WireguardTest, EqualNamesInTwoNamespacesDoNotShareASocket) {
  BuildTunnel();
  if (std::string(wg_a_->backend()) == "kernel") GTEST_SKIP() << "no socket on the kernel path";
  ASSERT_NE(wg_a_->pid(), wg_b_->pid());
  for (int pid : {wg_a_->pid(), wg_b_->pid()}) {
    EXPECT_TRUE(PathExists("/proc/" + std::to_string(pid) + "/root/run/wireguard/wg0.sock"));
  }
  EXPECT_EQ(PathExists("/run/wireguard"), host_had_run_wireguard_);
  EXPECT_FALSE(PathExists("/run/wireguard/wg0.sock"));
  Facts f = Ping(56);
  EXPECT_EQ(FactOr(f, "ping.result"), "reply") << Dump(f);
}

TEST_F(WireguardTest, DestructionStopsReapsAndRemovesEverything) {
  BuildTunnel();
  int pids[2] = {wg_a_->pid(), wg_b_->pid()};
  wg_a_.reset();
  wg_b_.reset();
  for (int pid : pids) {
    if (pid == 0) continue;  // kernel backend
    EXPECT_EQ(::kill(pid, 0), -1) << pid;
    EXPECT_EQ(errno, ESRCH) << pid;
    EXPECT_FALSE(PathExists("/proc/" + std::to_string(pid))) << pid;
  }
  for (const char* n : {"a", "b"}) {
    Rtnl& rtnl = lab_->node(n).rtnl;
    EXPECT_TRUE(WaitFor([&] {
      try {
        rtnl.GetLink("wg0");
        return false;
      } catch (const SysError&) {
        return true;
      }
    })) << n << ": wg0 still exists";
  }
  EXPECT_EQ(PathExists("/run/wireguard"), host_had_run_wireguard_);
  EXPECT_EQ(DirEntries("/run/wireguard"), std::vector<std::string>{});
  EXPECT_EQ(DirEntries("/var/run/wireguard"), std::vector<std::string>{});
}

TEST_F(WireguardTest, ConfiguredMtuIsApplied) {
  WgConfig c = Config(key_a_, key_b_, "10.99.0.2");
  c.mtu = 1300;
  auto dev = WgDevice::Create(lab_->node("a").ns, lab_->node("a").rtnl, c);
  LinkState wg = lab_->node("a").rtnl.GetLink("wg0");
  EXPECT_EQ(wg.mtu, 1300u);
  EXPECT_FALSE(wg.admin_up);
}

TEST_F(WireguardTest, RejectedConfigurationThrowsWithoutTheKeyAndLeavesNothing) {
  WgConfig c = Config(key_a_, key_b_, "10.99.0.2");
  c.peers[0].allowed_ips = {"10.200.0.0/99"};
  try {
    WgDevice::Create(lab_->node("a").ns, lab_->node("a").rtnl, c);
    FAIL() << "no exception";
  } catch (const SysError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("'wg0' in node 'a'"), std::string::npos) << what;
    EXPECT_EQ(what.find(key_a_), std::string::npos) << what;
    EXPECT_EQ(what.find(key_a_.substr(0, 20)), std::string::npos) << what;
    EXPECT_EQ(e.error_code(), EINVAL) << what;
    std::printf("[ wg ] %s\n", what.c_str());
  }
  EXPECT_TRUE(WaitFor([&] {
    try {
      lab_->node("a").rtnl.GetLink("wg0");
      return false;
    } catch (const SysError&) {
      return true;
    }
  }));
}

TEST_F(WireguardTest, NameTakenByAnotherInterfaceFailsWithTheBackendsWordsAndKeepsIt) {
  WgConfig c = Config(key_a_, key_b_, "10.99.0.2");
  c.ifname = "x";  // the veth
  try {
    WgDevice::Create(lab_->node("a").ns, lab_->node("a").rtnl, c);
    FAIL() << "no exception";
  } catch (const SysError& e) {
    std::string what = e.what();
    std::printf("[ wg ] %s\n", what.c_str());
    EXPECT_NE(what.find("'x' in node 'a'"), std::string::npos) << what;
    if (!KernelHasWireguard()) {
      EXPECT_EQ(what.rfind("starting wireguard-go for 'x' in node 'a': wireguard-go exited", 0), 0)
          << what;
      EXPECT_NE(what.find("it said: "), std::string::npos) << what;
    }
  }
  EXPECT_TRUE(lab_->node("a").rtnl.GetLink("x").lower_up);
}

}  // namespace
}  // namespace mtulab::integration
