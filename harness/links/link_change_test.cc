// ChangeDevice: a kind's own RTM_NEWLINK sent as a change of an existing interface (no
// NLM_F_CREATE/NLM_F_EXCL, ifi_index set), as `ip link set NAME type KIND ...`; recorded, no
// root.
#include <gtest/gtest.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>

#include "harness/links/link_add.h"
#include "harness/links/link_msg_test_util.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

using testing_links::Decode;
using testing_links::DecodedLink;

DeviceSpec Vti6(std::optional<uint32_t> mtu) {
  return DeviceSpec{
      "vti6", "a", "vti6_a", mtu, {{"local", "fc00:1001::1"}, {"remote", "fc00:1001::2"}}, {}};
}

int IndexOf(const std::string& ifname) { return ifname == "u0" ? 7 : 0; }

TEST(LinkChangeTest, AChangeIsTheKindsRequestWithoutCreateOnTheExistingIndex) {
  RecordingSender nl("node 'A'");
  ChangeDevice(nl, Vti6(std::nullopt), IndexOf, 42);
  ASSERT_EQ(nl.sent().size(), 1u);
  EXPECT_EQ(nl.sent()[0].what, "changing vti6 'vti6_a' in node 'A'");
  DecodedLink d = Decode(nl.sent()[0]);
  EXPECT_EQ(d.type, RTM_NEWLINK);
  EXPECT_EQ(d.flags & (NLM_F_CREATE | NLM_F_EXCL), 0);
  EXPECT_EQ(d.flags & NLM_F_REQUEST, NLM_F_REQUEST);
  EXPECT_EQ(d.ifindex, 42);
  EXPECT_EQ(d.ifname, std::nullopt);  // named by index: 6.1 refuses a name on an up link
  EXPECT_EQ(d.kind, "vti6");          // the kernel runs vti6's changelink
  EXPECT_EQ(d.Ip(IFLA_VTI_LOCAL), "fc00:1001::1");
  EXPECT_EQ(d.Ip(IFLA_VTI_REMOTE), "fc00:1001::2");
  EXPECT_EQ(d.mtu, std::nullopt);  // no mtu: the kernel re-derives it from the new underlay
}

TEST(LinkChangeTest, AnMtuGoesInTheSameRequest) {
  RecordingSender nl("node 'A'");
  ChangeDevice(nl, Vti6(1280), IndexOf, 42);
  ASSERT_EQ(nl.sent().size(), 1u);
  DecodedLink d = Decode(nl.sent()[0]);
  EXPECT_EQ(d.mtu, 1280u);
  EXPECT_EQ(d.ifname, std::nullopt);
  EXPECT_EQ(d.Ip(IFLA_VTI_REMOTE), "fc00:1001::2");  // the attributes after the name kept
}

TEST(LinkChangeTest, OnlyACreationIsTurnedIntoAChange) {
  // A bridge's create also enslaves its ports: those requests go out as they are.
  RecordingSender nl("node 'A'");
  DeviceSpec bridge{"bridge", "a", "br0", 1400, {{"ports", "u0"}}, {}};
  ChangeDevice(
      nl, bridge, [](const std::string& n) { return n == "u0" ? 7 : 9; }, 9);
  ASSERT_EQ(nl.sent().size(), 3u);
  DecodedLink change = Decode(nl.sent()[0]);
  EXPECT_EQ(change.ifindex, 9);
  EXPECT_EQ(change.flags & NLM_F_CREATE, 0);
  DecodedLink port = Decode(nl.sent()[1]);
  EXPECT_EQ(port.ifindex, 7);
  EXPECT_EQ(port.master, 9u);
  EXPECT_EQ(nl.sent()[2].mtu, 1400u);  // the bridge's MTU: set once its ports are in
}

TEST(LinkChangeTest, TheKernelsRefusalNamesTheChange) {
  RecordingSender nl("node 'A'");
  nl.FailOn("changing vti6", EINVAL);
  try {
    ChangeDevice(nl, Vti6(67), IndexOf, 42);
    FAIL() << "no error";
  } catch (const SysError& e) {
    EXPECT_EQ(e.error_code(), EINVAL);
    EXPECT_EQ(std::string(e.what()).rfind("changing vti6 'vti6_a' in node 'A'", 0), 0u) << e.what();
  }
}

TEST(LinkChangeTest, AnUnknownKindIsNotChanged) {
  RecordingSender nl("node 'A'");
  DeviceSpec spec = Vti6(std::nullopt);
  spec.kind = "nosuchkind";
  EXPECT_THROW(ChangeDevice(nl, spec, IndexOf, 42), SysError);
  EXPECT_TRUE(nl.sent().empty());
}

}  // namespace
}  // namespace mtulab
