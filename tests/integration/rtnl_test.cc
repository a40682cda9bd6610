// Rtnl (libnl) inside lab namespaces: reads agree with the kernel, errors carry the errno,
// and a socket gives back everything it took when it is destroyed.
#include <malloc.h>

#include <cerrno>
#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "harness/sys/netns.h"
#include "harness/sys/rtnl.h"
#include "harness/sys/sys_error.h"
#include "tests/integration/test_topologies.h"

namespace mtulab::integration {
namespace {

class RtnlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MTULAB_REQUIRE_ROOT();
    lab_ = Lab::Build(PairTopology());
  }
  /// what() of the SysError `fn` throws ("" and a test failure if it does not throw).
  template <typename Fn>
  std::string ErrorOf(Fn fn) {
    try {
      fn();
    } catch (const SysError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no SysError thrown";
    return "";
  }

  std::unique_ptr<Lab> lab_;
};

TEST_F(RtnlTest, GetLinkByNameAndByIndexAgree) {
  Rtnl& rtnl = lab_->node("a").rtnl;
  LinkState by_name = rtnl.GetLink("x");
  LinkState by_index = rtnl.GetLink(by_name.ifindex);
  EXPECT_EQ(by_index.name, "x");
  EXPECT_EQ(by_index.mtu, 1500u);
  EXPECT_EQ(by_index.ifindex, lab_->IfIndex("a", "x"));
  std::string error = ErrorOf([&] { rtnl.GetLink("nope0"); });
  EXPECT_NE(error.find("reading link 'nope0' in node 'a'"), std::string::npos) << error;
}

TEST_F(RtnlTest, SetMtuIsReadBackAndTheKernelsLimitIsReported) {
  Rtnl& rtnl = lab_->node("a").rtnl;
  int x = lab_->IfIndex("a", "x");
  rtnl.SetMtu(x, "x", 1280);
  EXPECT_EQ(rtnl.GetLink(x).mtu, 1280u);
  EXPECT_EQ(lab_->node("b").rtnl.GetLink("y").mtu, 1500u) << "the peer keeps its own MTU";
  std::string error = ErrorOf([&] { rtnl.SetMtu(x, "x", 67); });  // veth minimum: 68
  EXPECT_NE(error.find("setting mtu 67 on 'x' in node 'a'"), std::string::npos) << error;
  EXPECT_EQ(rtnl.GetLink(x).mtu, 1280u);
}

// DESIGN §6: runtime errors name the errno. libnl folds errnos it has no code for (such as
// ENETUNREACH) into NLE_FAILURE, "Unspecific failure", so the reason is lost.
TEST_F(RtnlTest, GetRouteErrorNamesTheErrno) {
  std::string error = ErrorOf([&] { lab_->node("a").rtnl.GetRoute(Family::kIpv4, "10.77.0.1"); });
  EXPECT_NE(error.find("looking up the route to 10.77.0.1 in node 'a'"), std::string::npos)
      << error;
  EXPECT_NE(error.find(std::strerror(ENETUNREACH)), std::string::npos)
      << "BUG: the kernel's ENETUNREACH is reported as: " << error;
}

TEST_F(RtnlTest, AddRouteErrorNamesTheErrno) {
  Route r = MakeRoute(Family::kIpv4, "10.60.0.0/24", "10.8.8.8");
  std::string error = ErrorOf([&] { lab_->node("a").rtnl.AddRoute(RouteRequest{&r, 0}); });
  EXPECT_NE(error.find("adding route 10.60.0.0/24 via 10.8.8.8 in node 'a'"), std::string::npos)
      << error;
  EXPECT_NE(error.find(std::strerror(ENETUNREACH)), std::string::npos)
      << "BUG: the kernel's ENETUNREACH is reported as: " << error;
}

/// Heap bytes in use (main arena; the tests run on the main thread).
size_t HeapInUse() { return mallinfo2().uordblks; }

/// Heap growth over `rounds` Rtnl sockets opened in `ns`, each used once by `use`.
template <typename Use>
size_t HeapGrowthOverSockets(const Netns& ns, int rounds, Use use) {
  ScopedNetnsEnter in(ns);
  size_t before = HeapInUse();
  for (int i = 0; i < rounds; ++i) {
    Rtnl rtnl("node 'scratch'");
    use(rtnl);
  }
  size_t after = HeapInUse();
  return after > before ? after - before : 0;
}

// Rtnl::GetRoute and FlushIpv6Exceptions call nl_socket_get_cb() twice (each takes a
// reference to the socket's callback set) and put only one, so nl_socket_free() never frees
// the callback set of a socket that looked up a route: one nl_cb (~240 bytes) per socket.
TEST_F(RtnlTest, SocketThatLookedUpARouteFreesEverything) {
  constexpr int kRounds = 256;
  const Netns& ns = lab_->node("a").ns;
  auto link = [](Rtnl& r) { r.GetLink("lo"); };
  auto route = [](Rtnl& r) { r.GetRoute(Family::kIpv4, "10.9.0.2"); };
  auto flush = [](Rtnl& r) { r.FlushIpv6Exceptions(); };
  HeapGrowthOverSockets(ns, 8, route);  // warm-up: one-time allocations of libnl and libc
  HeapGrowthOverSockets(ns, 8, flush);
  size_t control = HeapGrowthOverSockets(ns, kRounds, link);
  size_t after_route = HeapGrowthOverSockets(ns, kRounds, route);
  size_t after_flush = HeapGrowthOverSockets(ns, kRounds, flush);
  EXPECT_LT(control, 4096u);
  EXPECT_LT(after_route, 4096u) << "BUG: " << after_route << " bytes kept after " << kRounds
                                << " sockets that each ran GetRoute once";
  EXPECT_LT(after_flush, 4096u) << "BUG: " << after_flush << " bytes kept after " << kRounds
                                << " sockets that each ran FlushIpv6Exceptions once";
}

}  // namespace
}  // namespace mtulab::integration
