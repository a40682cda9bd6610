#include "harness/sys/mpls_route.h"

#include <linux/rtnetlink.h>
#include <netlink/addr.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/route/nexthop.h>
#include <sys/socket.h>

#include <memory>

#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

constexpr int kLabelShift = 12, kBottomOfStack = 1 << 8;
constexpr uint8_t kLabelBits = 20;  // rtm_dst_len of every AF_MPLS route

struct NlAddrPut {
  void operator()(nl_addr* a) const { nl_addr_put(a); }
};
struct MsgFree {
  void operator()(nl_msg* m) const { nlmsg_free(m); }
};

}  // namespace

std::vector<uint8_t> MplsLabelStack(const std::vector<uint32_t>& labels) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i < labels.size(); ++i) {
    uint32_t entry = labels[i] << kLabelShift;
    if (i + 1 == labels.size()) entry |= kBottomOfStack;
    for (int shift = 24; shift >= 0; shift -= 8)
      out.push_back(static_cast<uint8_t>(entry >> shift));
  }
  return out;
}

void SetMplsEncap(rtnl_nexthop* nh, const std::vector<uint32_t>& labels, const std::string& what) {
  std::vector<uint8_t> stack = MplsLabelStack(labels);
  std::unique_ptr<nl_addr, NlAddrPut> dst(nl_addr_build(AF_MPLS, stack.data(), stack.size()));
  if (!dst) ThrowNl(what + ": building the MPLS label stack", -NLE_NOMEM);
  int err = rtnl_route_nh_encap_mpls(nh, dst.get(), 0);  // TTL 0: copied from the IP TTL
  if (err < 0) ThrowNl(what + ": setting the MPLS encapsulation", err);
}

void AddMplsRoute(NetlinkSender& nl, const MplsRoute& route, int ifindex) {
  const std::string what = "adding mpls route " + std::to_string(route.label) + " dev " +
                           route.dev + " in " + nl.owner();
  std::unique_ptr<nl_msg, MsgFree> msg(nlmsg_alloc_simple(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL));
  if (!msg) ThrowNl(what, -NLE_NOMEM);
  rtmsg rtm{};
  rtm.rtm_family = AF_MPLS;
  rtm.rtm_dst_len = kLabelBits;
  rtm.rtm_table = RT_TABLE_MAIN;
  rtm.rtm_protocol = RTPROT_BOOT;
  rtm.rtm_scope = RT_SCOPE_UNIVERSE;
  rtm.rtm_type = RTN_UNICAST;
  std::vector<uint8_t> dst = MplsLabelStack({route.label});
  int err = nlmsg_append(msg.get(), &rtm, sizeof rtm, NLMSG_ALIGNTO);
  if (err == 0) err = nla_put(msg.get(), RTA_DST, static_cast<int>(dst.size()), dst.data());
  if (err == 0) err = nla_put_u32(msg.get(), RTA_OIF, static_cast<uint32_t>(ifindex));
  if (err < 0) ThrowNl(what + ": building the message", err);
  nl.SendAndAck(msg.get(), what);
}

}  // namespace mtulab
