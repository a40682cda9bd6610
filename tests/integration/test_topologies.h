// Shared helpers for the namespace integration tests: topologies built as plain structs,
// step builders, and small readers of what the kernel says inside a namespace.
#ifndef MTULAB_TESTS_INTEGRATION_TEST_TOPOLOGIES_H_
#define MTULAB_TESTS_INTEGRATION_TEST_TOPOLOGIES_H_

#include <dirent.h>
#include <net/if.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "harness/model/facts.h"
#include "harness/model/ip.h"
#include "harness/model/suite.h"
#include "harness/model/topology.h"
#include "harness/probes/probe.h"
#include "harness/runner/lab.h"

namespace mtulab::integration {

/// Skips the current test (from SetUp or a body) unless running as root.
#define MTULAB_REQUIRE_ROOT()                               \
  do {                                                      \
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";     \
  } while (0)

/// "Ipv4" / "Ipv6": names the instances of a family-parameterized test.
inline std::string FamilyParamName(const ::testing::TestParamInfo<Family>& info) {
  return info.param == Family::kIpv4 ? "Ipv4" : "Ipv6";
}

/// Prefix of every /run/netns entry these tests create: "mtulabtest-<pid>-".
inline std::string TestPinPrefix() {
  return "mtulabtest-" + std::to_string(::getpid()) + "-";
}

/// An interface address "ADDR/LEN".
inline Address Addr(Family family, const std::string& text) {
  return Address{family, text, {}};
}

/// A bare address written in a test ("10.0.1.254"); a typo throws at once.
inline IpAddr TestIp(const std::string& text) {
  std::optional<IpAddr> ip = ParseIp(text);
  if (!ip) throw std::invalid_argument("test address '" + text + "'");
  return *ip;
}

/// A route destination written in a test: "default" (unset) or "ADDR/LEN".
inline std::optional<Prefix> TestDst(Family family, const std::string& text) {
  if (text == "default") return std::nullopt;
  std::string error;
  std::optional<Prefix> prefix = ParsePrefix(text, family, error);
  if (!prefix) throw std::invalid_argument("test route to '" + text + "'" + error);
  return prefix;
}

/// Inode of the calling thread's network namespace, from /proc (0 on error).
inline unsigned long ThreadNetnsInode() {
  struct stat st {};
  return ::stat("/proc/thread-self/ns/net", &st) == 0 ? st.st_ino : 0;
}

/// Names of every interface in the calling thread's namespace, sorted.
inline std::vector<std::string> LinkNames() {
  std::vector<std::string> names;
  if (struct if_nameindex* list = ::if_nameindex()) {
    for (struct if_nameindex* i = list; i->if_index != 0; ++i) names.push_back(i->if_name);
    ::if_freenameindex(list);
  }
  std::sort(names.begin(), names.end());
  return names;
}

/// Entries of a directory (without "." and ".."), sorted; empty if it cannot be read.
inline std::vector<std::string> DirEntries(const std::string& path) {
  std::vector<std::string> out;
  if (DIR* dir = ::opendir(path.c_str())) {
    while (dirent* e = ::readdir(dir)) {
      std::string n = e->d_name;
      if (n != "." && n != "..") out.push_back(n);
    }
    ::closedir(dir);
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Polls `done` every millisecond until it holds or `limit` passes; returns its last value.
inline bool WaitFor(const std::function<bool()>& done,
                    std::chrono::milliseconds limit = std::chrono::seconds(5)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

/// The fact's value, or "<absent>" so comparisons print something readable.
inline std::string FactOr(const Facts& facts, const std::string& name) {
  return facts.Get(name).value_or("<absent>");
}

/// Every fact as "name=value" lines, for failure messages.
inline std::string Dump(const Facts& facts) {
  std::string out = "facts:";
  for (const auto& [name, value] : facts.All()) out += "\n  " + name + "=" + value;
  return out;
}

/// Addresses of the chain topology for one family.
struct ChainAddrs {
  std::string h1, r_in, r_out, h2, h2_second, unrouted;
};

inline ChainAddrs ChainAddresses(Family family) {
  if (family == Family::kIpv4) {
    return {"10.0.1.1", "10.0.1.254", "10.0.2.254", "10.0.2.2", "10.0.2.3", "10.0.9.9"};
  }
  return {"fd00:1::1", "fd00:1::254", "fd00:2::254", "fd00:2::2", "fd00:2::3", "fd00:9::9"};
}

/// MTU of both ends of the r -- h2 link.
inline constexpr uint32_t kBottleneckMtu = 1400;
/// net.ipv{4,6}.route.mtu_expires on h1: bounds route.expires_s of a learned PMTU.
inline constexpr uint32_t kChainMtuExpires = 120;

/// A route with the common fields set.
inline Route MakeRoute(Family family, const std::string& dst, std::optional<std::string> via,
                       std::optional<std::string> dev = std::nullopt) {
  Route r;
  r.family = family;
  r.dst = TestDst(family, dst);
  if (via) r.via = TestIp(*via);
  r.dev = std::move(dev);
  return r;
}

/// One veth end.
inline Endpoint MakeEnd(const std::string& node, const std::string& ifname,
                        std::optional<uint32_t> mtu, std::vector<Address> addresses) {
  Endpoint e;
  e.node = node;
  e.ifname = ifname;
  e.mtu = mtu;
  e.addresses = std::move(addresses);
  return e;
}

/// A veth link between two ends.
inline Link MakeLink(Endpoint a, Endpoint b) {
  Link l;
  l.ends = {std::move(a), std::move(b)};
  return l;
}

///   h1 eth0 ---------- eth1 r eth2 ---------- eth0 h2
///       10.0.1.1/24   10.0.1.254   10.0.2.254   10.0.2.2/24 10.0.2.3/24
///       fd00:1::1/64  fd00:1::254  fd00:2::254  fd00:2::2/64 fd00:2::3/64
///       1500          1500         1400         1400
/// r forwards both families and has no default route; h1 and h2 route everything via r.
inline Topology ChainTopology() {
  Topology t;
  t.name = "chain";
  Node h1{"h1", {}, {}, {}};
  for (const char* key : {"net.ipv4.route.mtu_expires", "net.ipv6.route.mtu_expires"}) {
    h1.sysctls.push_back(Sysctl{key, std::to_string(kChainMtuExpires), {}});
  }
  h1.routes = {MakeRoute(Family::kIpv4, "default", "10.0.1.254"),
               MakeRoute(Family::kIpv6, "default", "fd00:1::254")};
  Node r{"r", {{"net.ipv4.ip_forward", "1", {}}, {"net.ipv6.conf.all.forwarding", "1", {}}},
         {}, {}};
  Node h2{"h2", {}, {}, {}};
  h2.routes = {MakeRoute(Family::kIpv4, "default", "10.0.2.254"),
               MakeRoute(Family::kIpv6, "default", "fd00:2::254")};
  t.nodes = {h1, r, h2};
  const Family v4 = Family::kIpv4, v6 = Family::kIpv6;
  t.links.push_back(MakeLink(
      MakeEnd("h1", "eth0", std::nullopt, {Addr(v4, "10.0.1.1/24"), Addr(v6, "fd00:1::1/64")}),
      MakeEnd("r", "eth1", std::nullopt,
              {Addr(v4, "10.0.1.254/24"), Addr(v6, "fd00:1::254/64")})));
  t.links.push_back(MakeLink(
      MakeEnd("r", "eth2", kBottleneckMtu,
              {Addr(v4, "10.0.2.254/24"), Addr(v6, "fd00:2::254/64")}),
      MakeEnd("h2", "eth0", kBottleneckMtu,
              {Addr(v4, "10.0.2.2/24"), Addr(v4, "10.0.2.3/24"), Addr(v6, "fd00:2::2/64"),
               Addr(v6, "fd00:2::3/64")})));
  return t;
}

///   a x ---------- y b      10.9.0.1/24 fd00:90::1/64 -- 10.9.0.2/24 fd00:90::2/64
/// The smallest lab: two nodes, one veth, default MTUs.
inline Topology PairTopology() {
  Topology t;
  t.name = "pair";
  t.nodes = {Node{"a", {}, {}, {}}, Node{"b", {}, {}, {}}};
  t.links.push_back(MakeLink(
      MakeEnd("a", "x", std::nullopt,
              {Addr(Family::kIpv4, "10.9.0.1/24"), Addr(Family::kIpv6, "fd00:90::1/64")}),
      MakeEnd("b", "y", std::nullopt,
              {Addr(Family::kIpv4, "10.9.0.2/24"), Addr(Family::kIpv6, "fd00:90::2/64")})));
  return t;
}

/// A ping step to a literal address.
inline PingStep MakePing(const std::string& from, const std::string& to, Family family,
                         uint32_t size, DfMode df = DfMode::kDo, uint32_t count = 1,
                         double timeout_s = 2.0) {
  PingStep s;
  s.from = from;
  s.to = Target{to, std::nullopt, std::nullopt};
  s.family = family;
  s.size = size;
  s.count = count;
  s.df = df;
  s.timeout_s = timeout_s;
  return s;
}

/// A pmtu step to a literal address.
inline PmtuStep MakePmtu(const std::string& from, const std::string& to, Family family) {
  return PmtuStep{from, Target{to, std::nullopt, std::nullopt}, family};
}

/// Holds one chain lab and the probe context of the test using it.
class ChainLabHolder {
 protected:
  /// Builds `topology` (the plain chain unless given) and a fresh ProbeContext.
  void BuildLab(const Topology& topology = ChainTopology(),
                const std::set<std::string>& pods_may_fail = {}) {
    ctx_.reset();
    lab_.reset();
    lab_ = Lab::Build(topology, pods_may_fail);
    ctx_ = std::make_unique<ProbeContext>(ProbeContext{*lab_, {}});
  }
  Lab& lab() { return *lab_; }
  ProbeContext& ctx() { return *ctx_; }

  std::unique_ptr<Lab> lab_;
  std::unique_ptr<ProbeContext> ctx_;
};

}  // namespace mtulab::integration

#endif  // MTULAB_TESTS_INTEGRATION_TEST_TOPOLOGIES_H_
