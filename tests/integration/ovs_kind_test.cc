// The ovs kind against the kernel: where openvswitch is missing (this project's host) it is
// reported as lacking with the generic netlink error; where it is there (the kernel lane's
// guests, e.g. through MTULAB_GUEST_HOOK) the datapath, its tunnel device and their MTUs
// exist while the lab holds the handle, and nothing is left once it is dropped.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "harness/links/link_kind.h"
#include "harness/sys/sys_error.h"
#include "tests/integration/link_kinds_fixture.h"

namespace mtulab::integration {
namespace {

class OvsKindTest : public KindNamespace {};

TEST_F(OvsKindTest, LackedWithTheFamilyErrorOrBuiltAndDeleted) {
  std::string reason;
  if (!KernelSupportsKind("ovs", &reason)) {
    EXPECT_EQ(reason.rfind("kernel lacks ovs (resolving generic netlink family ovs_datapath: ", 0),
              0u)
        << reason;
    GTEST_SKIP() << reason;
  }
  Topology topology;
  std::map<std::string, std::string> secrets;
  IfIndexOf ifindex_of = [this](const std::string& n) { return Index(n); };
  KindContext context{*ns_, *rtnl_, ifindex_of, topology, secrets};
  DeviceSpec spec = Device("ovs", "ovs_br0",
                           {{"port", "u1"},
                            {"tunnel", "vxlan"},
                            {"local", "10.1.0.1"},
                            {"remote", "10.1.0.2"},
                            {"vni", "1"},
                            {"tunnel_mtu", "4321"}},
                           5000);
  std::unique_ptr<LinkHandle> datapath = FindKind("ovs")->start(context, spec);
  EXPECT_EQ(rtnl_->GetLink("ovs_br0").mtu, 5000u);
  EXPECT_EQ(rtnl_->GetLink("vxlan_sys_4789").mtu, 4321u);
  EXPECT_TRUE(rtnl_->GetLink("vxlan_sys_4789").admin_up);  // the vport brings it up
  EXPECT_EQ(datapath->pid(), 0);
  datapath.reset();
  EXPECT_THROW(rtnl_->GetLink("ovs_br0"), SysError);
  EXPECT_THROW(rtnl_->GetLink("vxlan_sys_4789"), SysError);
  EXPECT_EQ(rtnl_->GetLink("u1").mtu, 1500u);  // the port itself stays
}

}  // namespace
}  // namespace mtulab::integration
