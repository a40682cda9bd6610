// MSS clamps on real namespaces, with each backend (nftables, iptables TCPMSS): the MSS option
// of a SYN that h1 sends to h2 through r, read on h2's interface with a raw AF_PACKET socket
// (not the capture helper).
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>

#include "harness/runner/firewall_iptables.h"
#include "harness/sys/netns.h"
#include "harness/sys/process.h"
#include "harness/sys/unique_fd.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

constexpr uint16_t kPort = 5101;

/// A socket of `type` made inside `ns`; fails the test (invalid fd) on error.
UniqueFd SocketIn(const Netns& ns, int domain, int type, int protocol) {
  ScopedNetnsEnter in(ns);
  UniqueFd fd(::socket(domain, type | SOCK_CLOEXEC, protocol));
  EXPECT_TRUE(fd.valid()) << std::strerror(errno);
  return fd;
}

/// `ip:port` of `family`.
sockaddr_storage SockAddr(Family family, const std::string& ip, uint16_t port) {
  sockaddr_storage ss{};
  if (family == Family::kIpv4) {
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    a->sin_family = AF_INET;
    a->sin_port = htons(port);
    ::inet_pton(AF_INET, ip.c_str(), &a->sin_addr);
  } else {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(port);
    ::inet_pton(AF_INET6, ip.c_str(), &a->sin6_addr);
  }
  return ss;
}

/// The MSS option of `tcp` (a TCP header of `len` bytes) if it is a SYN without ACK to
/// kPort; -1 when it is another segment, 0 when the SYN has no MSS option.
int SynMss(const uint8_t* tcp, size_t len) {
  if (len < 20 || ((tcp[2] << 8) | tcp[3]) != kPort) return -1;
  if ((tcp[13] & 0x12) != 0x02) return -1;  // SYN set, ACK clear
  size_t header = (tcp[12] >> 4) * 4u;
  for (size_t i = 20; i + 1 < header && i + 1 < len;) {
    if (tcp[i] == 0) break;
    if (tcp[i] == 1) {
      ++i;
      continue;
    }
    if (tcp[i] == 2 && tcp[i + 1] == 4 && i + 3 < len) return (tcp[i + 2] << 8) | tcp[i + 3];
    if (tcp[i + 1] < 2) break;
    i += tcp[i + 1];
  }
  return 0;
}

/// The transport header of an IPv4/IPv6 packet carrying TCP, or nullptr.
const uint8_t* TcpOf(const uint8_t* ip, size_t len, size_t* tcp_len) {
  if (len >= 20 && (ip[0] >> 4) == 4 && ip[9] == IPPROTO_TCP) {
    size_t ihl = (ip[0] & 0x0f) * 4u;
    *tcp_len = len > ihl ? len - ihl : 0;
    return ip + ihl;
  }
  if (len >= 40 && (ip[0] >> 4) == 6 && ip[6] == IPPROTO_TCP) {
    *tcp_len = len - 40;
    return ip + 40;
  }
  return nullptr;
}

using Backend = MssClamp::Backend;

class MssClampTest : public ::testing::TestWithParam<std::tuple<Family, Backend>>,
                     public ChainLabHolder {
 protected:
  void SetUp() override {
    MTULAB_REQUIRE_ROOT();
    if (backend() == Backend::kIptables) {
      for (const char* program : {kIptablesProgram, kIp6tablesProgram}) {
        if (!FindExecutable(program)) GTEST_SKIP() << program << " is not installed";
      }
    }
    a_ = ChainAddresses(family());
  }
  Family family() const { return std::get<0>(GetParam()); }
  Backend backend() const { return std::get<1>(GetParam()); }
  bool V4() const { return family() == Family::kIpv4; }
  /// A clamp written by the backend under test.
  MssClamp Clamp(std::optional<uint32_t> mss, std::optional<std::string> dev = std::nullopt,
                 std::optional<Family> only = std::nullopt) const {
    return MssClamp{std::move(dev), mss, only, {}, backend()};
  }
  /// What h1 offers on its 1500 link: 1500 - 40 (IPv6: 60).
  int Offered() const { return V4() ? 1460 : 1440; }

  /// Builds the chain with `clamp` on r, connects h1 -> h2:kPort (after TCP_MAXSEG
  /// `client_mss` if set) and returns the MSS option of the SYN as h2's eth0 received it.
  int SynMssAtH2(std::optional<MssClamp> clamp, std::optional<int> client_mss = std::nullopt) {
    Topology t = ChainTopology();
    if (clamp) t.FindNode("r")->mss_clamps.push_back(*clamp);
    BuildLab(t);
    const Netns& h1 = lab().node("h1").ns;
    const Netns& h2 = lab().node("h2").ns;
    int domain = V4() ? AF_INET : AF_INET6;
    UniqueFd sniffer = SocketIn(h2, AF_PACKET, SOCK_DGRAM, htons(ETH_P_ALL));
    sockaddr_ll ll{};
    ll.sll_family = AF_PACKET;
    ll.sll_protocol = htons(ETH_P_ALL);
    ll.sll_ifindex = lab().IfIndex("h2", "eth0");
    EXPECT_EQ(::bind(sniffer.get(), reinterpret_cast<sockaddr*>(&ll), sizeof ll), 0);
    UniqueFd listener = SocketIn(h2, domain, SOCK_STREAM, 0);
    sockaddr_storage any = SockAddr(family(), V4() ? "0.0.0.0" : "::", kPort);
    EXPECT_EQ(::bind(listener.get(), reinterpret_cast<sockaddr*>(&any), sizeof any), 0);
    EXPECT_EQ(::listen(listener.get(), 1), 0);
    UniqueFd client = SocketIn(h1, domain, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (client_mss) {
      EXPECT_EQ(::setsockopt(client.get(), IPPROTO_TCP, TCP_MAXSEG, &*client_mss, sizeof(int)), 0);
    }
    sockaddr_storage to = SockAddr(family(), a_.h2, kPort);
    ::connect(client.get(), reinterpret_cast<sockaddr*>(&to), sizeof to);
    return ReadSynMss(sniffer.get());
  }

  /// Waits up to 3 s for the SYN on the sniffer; -1 if none came.
  static int ReadSynMss(int fd) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    uint8_t buf[2048];
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      size_t tcp_len = 0;
      const uint8_t* tcp = n > 0 ? TcpOf(buf, static_cast<size_t>(n), &tcp_len) : nullptr;
      int mss = tcp ? SynMss(tcp, tcp_len) : -1;
      if (mss >= 0) return mss;
    }
    return -1;
  }

  ChainAddrs a_;
};

TEST_P(MssClampTest, WithoutAClampTheSynKeepsTheSendersMss) {
  EXPECT_EQ(SynMssAtH2(std::nullopt), Offered());
}

TEST_P(MssClampTest, FixedClampLowersTheMss) {
  EXPECT_EQ(SynMssAtH2(Clamp(1360u)), 1360);
  EXPECT_EQ(SynMssAtH2(Clamp(1300u, "eth2", family())), 1300);
}

TEST_P(MssClampTest, PmtuClampFollowsTheBottleneckRoute) {
  // rt mtu: min(route toward h2 = 1400, route back to h1 = 1500) - 40 (IPv6: 60).
  EXPECT_EQ(SynMssAtH2(Clamp(std::nullopt)), V4() ? 1360 : 1340);
  EXPECT_EQ(SynMssAtH2(Clamp(std::nullopt, "eth2")), V4() ? 1360 : 1340);
}

TEST_P(MssClampTest, ClampNeverRaisesALowerMss) {
  // The rule is a plain `set`: the kernel itself refuses to raise an MSS option.
  EXPECT_EQ(SynMssAtH2(Clamp(1360u), 1200), 1200);
  EXPECT_EQ(SynMssAtH2(Clamp(std::nullopt), 1200), 1200);
  EXPECT_EQ(SynMssAtH2(std::nullopt, 1200), 1200) << "control: the client's own option";
}

TEST_P(MssClampTest, ClampOnAnotherInterfaceOrFamilyLeavesTheSynAlone) {
  EXPECT_EQ(SynMssAtH2(Clamp(1360u, "eth1")), Offered());
  Family other = V4() ? Family::kIpv6 : Family::kIpv4;
  EXPECT_EQ(SynMssAtH2(Clamp(1360u, std::nullopt, other)), Offered());
}

INSTANTIATE_TEST_SUITE_P(FamiliesAndBackends, MssClampTest,
                         ::testing::Combine(::testing::Values(Family::kIpv4, Family::kIpv6),
                                            ::testing::Values(Backend::kNftables,
                                                              Backend::kIptables)),
                         [](const ::testing::TestParamInfo<std::tuple<Family, Backend>>& info) {
                           return std::string(FamilyName(std::get<0>(info.param))) +
                                  MssClampBackendName(std::get<1>(info.param));
                         });

}  // namespace
}  // namespace mtulab::integration
