// <ipsec> against the kernel, in throwaway namespaces: the policies and states land in the
// node's namespace (dumped back over XFRM netlink), the ESP-in-UDP socket takes UDP_ENCAP,
// and the ESP probe gives a reason when it says no. Kernels without ESP (this project's
// 6.18) still take policies; the SA part runs where ESP exists (the kernel lane).
#include <gtest/gtest.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <netlink/cache.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>
#include <sys/socket.h>

#include <set>
#include <utility>

#include "harness/links/ipsec.h"
#include "harness/sys/netns.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

Ipsec Tunnel(const char* a, const char* b, bool udp) {
  Ipsec t;
  t.ends[0] = IpsecEnd{"A", *ParseIp(a), a, {}};
  t.ends[1] = IpsecEnd{"B", *ParseIp(b), b, {}};
  t.mark = 10;
  t.aead = IpsecAlgo{"rfc4106(gcm(aes))", "", 160, 128};
  t.encap_udp = udp;
  return t;
}

// (dir, mark) of every policy in the calling thread's namespace.
std::set<std::pair<int, unsigned>> Policies() {
  nl_sock* sock = nl_socket_alloc();
  EXPECT_EQ(nl_connect(sock, NETLINK_XFRM), 0);
  nl_cache* cache = nullptr;
  EXPECT_EQ(xfrmnl_sp_alloc_cache(sock, &cache), 0);
  std::set<std::pair<int, unsigned>> out;
  for (nl_object* o = nl_cache_get_first(cache); o != nullptr; o = nl_cache_get_next(o)) {
    auto* sp = reinterpret_cast<xfrmnl_sp*>(o);
    unsigned v = 0, m = 0;
    xfrmnl_sp_get_mark(sp, &m, &v);  // libnl's order: mask, then value
    out.insert({xfrmnl_sp_get_dir(sp), v});
  }
  nl_cache_free(cache);
  nl_socket_free(sock);
  return out;
}

// How many SAs the calling thread's namespace holds.
int States() {
  nl_sock* sock = nl_socket_alloc();
  EXPECT_EQ(nl_connect(sock, NETLINK_XFRM), 0);
  nl_cache* cache = nullptr;
  EXPECT_EQ(xfrmnl_sa_alloc_cache(sock, &cache), 0);
  int n = nl_cache_nitems(cache);
  nl_cache_free(cache);
  nl_socket_free(sock);
  return n;
}

class IpsecTest : public ::testing::Test {
 protected:
  void SetUp() override { MTULAB_REQUIRE_ROOT(); }
};

TEST_F(IpsecTest, PoliciesLandInTheNodesNamespaceOnly) {
  Ipsec t = Tunnel("10.0.1.1", "10.0.1.2", false);
  t.fwd = true;
  std::unique_ptr<IpsecKeys> keys = MakeIpsecKeys(t);
  IpsecObjects objects = BuildIpsecObjects(t, 0, *keys);
  objects.sas.clear();  // policies need no ESP module
  objects.names.erase(objects.names.begin(), objects.names.begin() + 2);
  Netns ns = Netns::Create();
  Netns other = Netns::Create();
  {
    ScopedNetnsEnter in(ns);
    InstallIpsecObjects(objects, t, "node 'A'");
    EXPECT_EQ(Policies(), (std::set<std::pair<int, unsigned>>{
                              {XFRM_POLICY_IN, 10}, {XFRM_POLICY_OUT, 10}, {XFRM_POLICY_FWD, 10}}));
  }
  ScopedNetnsEnter in(other);
  EXPECT_TRUE(Policies().empty());
}

TEST_F(IpsecTest, EspInUdpSocketTakesUdpEncapInBothFamilies) {
  Netns ns = Netns::Create();
  ScopedNetnsEnter in(ns);
  for (const auto& [a, b] : {std::pair{"10.0.1.1", "10.0.1.2"}, std::pair{"fd00::a", "fd00::b"}}) {
    UniqueFd fd = OpenEspInUdpSocket(Tunnel(a, b, true), "node 'A'");
    sockaddr_storage ss{};
    socklen_t len = sizeof(ss);
    ASSERT_EQ(getsockname(fd.get(), reinterpret_cast<sockaddr*>(&ss), &len), 0);
    uint16_t port = ss.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port
                                             : reinterpret_cast<sockaddr_in*>(&ss)->sin_port;
    EXPECT_EQ(ntohs(port), 4500);
    int type = 0;
    socklen_t type_len = sizeof(type);
    ASSERT_EQ(getsockopt(fd.get(), IPPROTO_UDP, UDP_ENCAP, &type, &type_len), 0);
    EXPECT_EQ(type, UDP_ENCAP_ESPINUDP);
  }
}

TEST_F(IpsecTest, StatesWhereTheKernelHasEsp) {
  std::string reason;
  if (!KernelSupportsEsp(&reason)) {
    EXPECT_EQ(reason.rfind("kernel lacks ESP (", 0), 0u) << reason;
    GTEST_SKIP() << reason;
  }
  Ipsec t = Tunnel("fd00::a", "fd00::b", true);
  std::unique_ptr<IpsecKeys> keys = MakeIpsecKeys(t);
  Netns ns = Netns::Create();
  ScopedNetnsEnter in(ns);
  InstallIpsecObjects(BuildIpsecObjects(t, 1, *keys), t, "node 'B'");
  EXPECT_EQ(States(), 2);
  EXPECT_EQ(Policies().size(), 2u);
}

}  // namespace
}  // namespace mtulab::integration
