#include "harness/sys/rtnl.h"

#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <netlink/addr.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/route.h>
#include <netlink/socket.h>
#include <linux/if.h>

#include <cstring>
#include <utility>
#include <memory>
#include <vector>

#include "harness/model/values.h"
#include "harness/sys/mpls_route.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

struct LinkPut { void operator()(rtnl_link* l) const { rtnl_link_put(l); } };
struct AddrPut { void operator()(rtnl_addr* a) const { rtnl_addr_put(a); } };
struct RoutePut { void operator()(rtnl_route* r) const { rtnl_route_put(r); } };
struct NlAddrPut { void operator()(nl_addr* a) const { nl_addr_put(a); } };
struct MsgFree { void operator()(nl_msg* m) const { nlmsg_free(m); } };
struct CbPut { void operator()(nl_cb* c) const { nl_cb_put(c); } };
using LinkPtr = std::unique_ptr<rtnl_link, LinkPut>;
using NlAddrPtr = std::unique_ptr<nl_addr, NlAddrPut>;
using MsgPtr = std::unique_ptr<nl_msg, MsgFree>;
using CbPtr = std::unique_ptr<nl_cb, CbPut>;

int AfOf(Family f) { return f == Family::kIpv4 ? AF_INET : AF_INET6; }

NlAddrPtr ParseAddr(const std::string& text, int af, const std::string& what) {
  nl_addr* a = nullptr;
  int err = nl_addr_parse(text.c_str(), af, &a);
  if (err < 0) ThrowNl(what + ": parsing address '" + text + "'", err);
  return NlAddrPtr(a);
}

// The model's typed address as libnl's: no text parsing on the way to the kernel.
NlAddrPtr BuildAddr(const IpAddr& ip, const std::string& what) {
  int af = AfOf(ip.family);
  size_t len = ip.family == Family::kIpv4 ? 4 : 16;
  nl_addr* a = nl_addr_build(af, ip.bytes.data(), len);
  if (a == nullptr) ThrowNl(what + ": building address " + IpToString(ip), -NLE_NOMEM);
  return NlAddrPtr(a);
}

// A route's destination: the prefix, or for "default" the zero-length address of the family
// (what nl_addr_parse("default") gives: no RTA_DST, rtm_dst_len 0).
NlAddrPtr BuildDst(const Route& r, const std::string& what) {
  if (r.dst) {
    NlAddrPtr a = BuildAddr(r.dst->addr, what);
    nl_addr_set_prefixlen(a.get(), r.dst->len);
    return a;
  }
  nl_addr* a = nl_addr_alloc(0);
  if (a == nullptr) ThrowNl(what + ": building the default destination", -NLE_NOMEM);
  nl_addr_set_family(a, AfOf(r.family));
  nl_addr_set_prefixlen(a, 0);
  return NlAddrPtr(a);
}

std::string AddrText(int af, const void* data) {
  char buf[INET6_ADDRSTRLEN] = {};
  ::inet_ntop(af, data, buf, sizeof buf);
  return buf;
}

LinkState ToLinkState(rtnl_link* l) {
  LinkState s;
  s.ifindex = rtnl_link_get_ifindex(l);
  if (const char* n = rtnl_link_get_name(l)) s.name = n;
  s.mtu = rtnl_link_get_mtu(l);
  unsigned flags = rtnl_link_get_flags(l);
  s.admin_up = flags & IFF_UP;
  s.lower_up = flags & IFF_LOWER_UP;
  s.oper_up = rtnl_link_get_operstate(l) == IF_OPER_UP;
  s.tx_packets = rtnl_link_get_stat(l, RTNL_LINK_TX_PACKETS);
  s.tx_bytes = rtnl_link_get_stat(l, RTNL_LINK_TX_BYTES);
  s.rx_packets = rtnl_link_get_stat(l, RTNL_LINK_RX_PACKETS);
  s.rx_bytes = rtnl_link_get_stat(l, RTNL_LINK_RX_BYTES);
  s.tx_dropped = rtnl_link_get_stat(l, RTNL_LINK_TX_DROPPED);
  s.rx_dropped = rtnl_link_get_stat(l, RTNL_LINK_RX_DROPPED);
  return s;
}

// Parses one RTM_NEWROUTE answer into a RouteAnswer.
int ParseRouteAnswer(nl_msg* msg, void* arg) {
  auto* out = static_cast<RouteAnswer*>(arg);
  nlmsghdr* h = nlmsg_hdr(msg);
  if (h->nlmsg_type != RTM_NEWROUTE) return NL_SKIP;
  auto* rtm = static_cast<rtmsg*>(nlmsg_data(h));
  nlattr* tb[RTA_MAX + 1] = {};
  if (nlmsg_parse(h, sizeof(rtmsg), tb, RTA_MAX, nullptr) < 0) return NL_SKIP;
  out->cloned = rtm->rtm_flags & RTM_F_CLONED;
  if (tb[RTA_OIF]) out->oif = static_cast<int>(nla_get_u32(tb[RTA_OIF]));
  if (tb[RTA_GATEWAY]) out->gateway = AddrText(rtm->rtm_family, nla_data(tb[RTA_GATEWAY]));
  if (tb[RTA_PREFSRC]) out->prefsrc = AddrText(rtm->rtm_family, nla_data(tb[RTA_PREFSRC]));
  if (tb[RTA_METRICS]) {
    nlattr* mx[RTAX_MAX + 1] = {};
    if (nla_parse_nested(mx, RTAX_MAX, tb[RTA_METRICS], nullptr) == 0) {
      if (mx[RTAX_MTU]) out->mtu = nla_get_u32(mx[RTAX_MTU]);
      if (mx[RTAX_ADVMSS]) out->advmss = nla_get_u32(mx[RTAX_ADVMSS]);
      if (mx[RTAX_LOCK]) out->mtu_locked = nla_get_u32(mx[RTAX_LOCK]) & (1u << RTAX_MTU);
    }
  }
  if (tb[RTA_CACHEINFO]) {
    rta_cacheinfo ci{};
    nla_memcpy(&ci, tb[RTA_CACHEINFO], sizeof ci);
    out->expires_ticks = static_cast<int32_t>(ci.rta_expires);
  }
  return NL_OK;
}

// Keeps a copy of every cloned (exception) route of a dump.
int CollectCloned(nl_msg* msg, void* arg) {
  auto* out = static_cast<std::vector<std::vector<char>>*>(arg);
  nlmsghdr* h = nlmsg_hdr(msg);
  if (h->nlmsg_type != RTM_NEWROUTE) return NL_OK;
  auto* rtm = static_cast<rtmsg*>(nlmsg_data(h));
  if (!(rtm->rtm_flags & RTM_F_CLONED)) return NL_OK;
  const char* p = static_cast<const char*>(nlmsg_data(h));
  out->emplace_back(p, p + nlmsg_datalen(h));
  return NL_OK;
}

// Remembers the kernel's errno; NL_STOP still makes libnl return its own (mapped) error.
int RememberKernelError(sockaddr_nl*, nlmsgerr* e, void* arg) {
  *static_cast<int*>(arg) = -e->error;
  return NL_STOP;
}

// A private copy of the socket's callbacks (which carry the error hook) with `valid` set.
CbPtr CloneCallbacks(nl_sock* sk, nl_recvmsg_msg_cb_t valid, void* arg) {
  nl_cb* own = nl_socket_get_cb(sk);  // takes a reference
  CbPtr cb(nl_cb_clone(own));
  nl_cb_put(own);
  nl_cb_set(cb.get(), NL_CB_VALID, NL_CB_CUSTOM, valid, arg);
  return cb;
}

}  // namespace

void Rtnl::ThrowError(const std::string& what, int nl_error) {
  int kernel = std::exchange(*kernel_error_, 0);
  if (kernel != 0) ThrowErrno(what, kernel);
  ThrowNl(what, nl_error);
}

Rtnl::Rtnl(std::string owner) : owner_(std::move(owner)) {
  sk_ = nl_socket_alloc();
  if (sk_ == nullptr) ThrowErrno("allocating a netlink socket for " + owner_, ENOMEM);
  int err = nl_connect(sk_, NETLINK_ROUTE);
  if (err < 0) {
    nl_socket_free(sk_);
    sk_ = nullptr;
    ThrowNl("connecting a netlink socket for " + owner_, err);
  }
  nl_socket_modify_err_cb(sk_, NL_CB_CUSTOM, RememberKernelError, kernel_error_.get());
}

Rtnl::~Rtnl() {
  if (sk_ != nullptr) nl_socket_free(sk_);  // closes the fd; the namespace ref goes with it
}

Rtnl::Rtnl(Rtnl&& other) noexcept : sk_(std::exchange(other.sk_, nullptr)),
                                     owner_(std::move(other.owner_)),
                                     kernel_error_(std::move(other.kernel_error_)) {}

void Rtnl::AddVeth(const std::string& name, std::optional<uint32_t> mtu, const std::string& peer,
                   std::optional<uint32_t> peer_mtu, int peer_ns_fd,
                   const std::string& peer_owner) {
  std::string what = "creating veth '" + name + "' in " + owner_ + " (peer '" + peer + "' in " +
                     peer_owner + ")";
  rtnl_link* veth = rtnl_link_veth_alloc();
  if (veth == nullptr) ThrowErrno(what, ENOMEM);
  rtnl_link_set_name(veth, name.c_str());
  if (mtu) rtnl_link_set_mtu(veth, *mtu);
  rtnl_link* p = rtnl_link_veth_get_peer(veth);
  rtnl_link_set_name(p, peer.c_str());
  rtnl_link_set_ns_fd(p, peer_ns_fd);
  if (peer_mtu) rtnl_link_set_mtu(p, *peer_mtu);
  int err = rtnl_link_add(sk_, veth, NLM_F_CREATE | NLM_F_EXCL);
  rtnl_link_put(p);
  rtnl_link_veth_release(veth);
  if (err < 0) ThrowError(what, err);
}

LinkState Rtnl::GetLink(const std::string& name) {
  rtnl_link* l = nullptr;
  int err = rtnl_link_get_kernel(sk_, 0, name.c_str(), &l);
  if (err < 0) ThrowError("reading link '" + name + "' in " + owner_, err);
  LinkPtr holder(l);
  return ToLinkState(l);
}

LinkState Rtnl::GetLink(int ifindex) {
  rtnl_link* l = nullptr;
  int err = rtnl_link_get_kernel(sk_, ifindex, nullptr, &l);
  if (err < 0) ThrowError("reading link #" + std::to_string(ifindex) + " in " + owner_, err);
  LinkPtr holder(l);
  return ToLinkState(l);
}

void Rtnl::SetUp(int ifindex, const std::string& name) {
  LinkPtr chg(rtnl_link_alloc());
  rtnl_link_set_ifindex(chg.get(), ifindex);
  rtnl_link_set_flags(chg.get(), IFF_UP);
  int err = rtnl_link_change(sk_, chg.get(), chg.get(), 0);
  if (err < 0) ThrowError("bringing up '" + name + "' in " + owner_, err);
}

void Rtnl::SendAndAck(nl_msg* msg, const std::string& what) {
  int err = nl_send_auto(sk_, msg);  // adds NLM_F_ACK
  if (err >= 0) err = nl_wait_for_ack(sk_);
  if (err < 0) ThrowNl(what, err);
}

void Rtnl::SetMtu(int ifindex, const std::string& name, uint32_t mtu) {
  LinkPtr chg(rtnl_link_alloc());
  rtnl_link_set_ifindex(chg.get(), ifindex);
  rtnl_link_set_mtu(chg.get(), mtu);
  int err = rtnl_link_change(sk_, chg.get(), chg.get(), 0);
  if (err < 0) {
    ThrowError("setting mtu " + std::to_string(mtu) + " on '" + name + "' in " + owner_, err);
  }
}

void Rtnl::AddAddress(int ifindex, const std::string& ifname, const Address& address) {
  std::string what = "adding address " + address.text + " to '" + ifname + "' in " + owner_;
  int af = AfOf(address.family);
  NlAddrPtr local = ParseAddr(address.text, af, what);
  std::unique_ptr<rtnl_addr, AddrPut> a(rtnl_addr_alloc());
  rtnl_addr_set_ifindex(a.get(), ifindex);
  rtnl_addr_set_family(a.get(), af);
  int err = rtnl_addr_set_local(a.get(), local.get());
  if (err == 0 && af == AF_INET6) rtnl_addr_set_flags(a.get(), IFA_F_NODAD);
  if (err == 0) err = rtnl_addr_add(sk_, a.get(), NLM_F_EXCL);
  if (err < 0) ThrowError(what, err);
}

void Rtnl::AddRoute(const RouteRequest& request) {
  SendRoute(request, NLM_F_EXCL, "adding route " + request.route->Describe() + " in " + owner_);
}

void Rtnl::ReplaceRoute(const RouteRequest& request) {
  SendRoute(request, NLM_F_REPLACE,
            "replacing route " + request.route->Describe() + " in " + owner_);
}

nl_msg* BuildRouteRequest(const RouteRequest& request, int flags, const std::string& what) {
  const Route& r = *request.route;
  std::unique_ptr<rtnl_route, RoutePut> rt(rtnl_route_alloc());
  rtnl_route_set_family(rt.get(), static_cast<uint8_t>(AfOf(r.family)));
  NlAddrPtr dst = BuildDst(r, what);
  rtnl_route_set_dst(rt.get(), dst.get());
  if (r.nexthops.empty()) {
    rtnl_nexthop* nh = rtnl_route_nh_alloc();
    rtnl_route_add_nexthop(rt.get(), nh);  // the route owns nh from here
    if (request.ifindex != 0) rtnl_route_nh_set_ifindex(nh, request.ifindex);
    if (r.via) rtnl_route_nh_set_gateway(nh, BuildAddr(*r.via, what).get());
    if (!r.mpls_labels.empty()) SetMplsEncap(nh, r.mpls_labels, what);
  }
  for (size_t i = 0; i < r.nexthops.size(); ++i) {  // several: RTA_MULTIPATH
    const Nexthop& path = r.nexthops[i];
    rtnl_nexthop* nh = rtnl_route_nh_alloc();
    if (i < request.nexthop_ifindex.size() && request.nexthop_ifindex[i] != 0) {
      rtnl_route_nh_set_ifindex(nh, request.nexthop_ifindex[i]);
    }
    if (path.via) rtnl_route_nh_set_gateway(nh, BuildAddr(*path.via, what).get());
    // libnl sends the weight as rtnh_hops as given; the kernel's weight is rtnh_hops + 1.
    rtnl_route_nh_set_weight(nh, static_cast<uint8_t>(path.weight - 1));
    rtnl_route_add_nexthop(rt.get(), nh);
  }
  if (r.src) rtnl_route_set_pref_src(rt.get(), BuildAddr(*r.src, what).get());
  if (r.metric) rtnl_route_set_priority(rt.get(), *r.metric);
  if (r.mtu) rtnl_route_set_metric(rt.get(), RTAX_MTU, *r.mtu);
  if (r.mtu && r.mtu_lock) rtnl_route_set_metric(rt.get(), RTAX_LOCK, 1u << RTAX_MTU);
  if (r.advmss) rtnl_route_set_metric(rt.get(), RTAX_ADVMSS, *r.advmss);
  nl_msg* msg = nullptr;
  int err = rtnl_route_build_add_request(rt.get(), flags, &msg);  // libnl adds NLM_F_CREATE
  if (err < 0) ThrowNl(what + ": building the request", err);
  return msg;
}

void Rtnl::SendRoute(const RouteRequest& request, int flags, const std::string& what) {
  MsgPtr msg(BuildRouteRequest(request, flags, what));
  int err = nl_send_auto(sk_, msg.get());  // adds NLM_F_ACK
  if (err >= 0) err = nl_wait_for_ack(sk_);
  if (err < 0) ThrowError(what, err);
}

void Rtnl::DeleteLink(int ifindex, const std::string& name) {
  LinkPtr link(rtnl_link_alloc());
  rtnl_link_set_ifindex(link.get(), ifindex);
  int err = rtnl_link_delete(sk_, link.get());
  if (err < 0) ThrowError("deleting '" + name + "' in " + owner_, err);
}

bool Rtnl::LinkExists(int ifindex) {
  rtnl_link* l = nullptr;
  int err = rtnl_link_get_kernel(sk_, ifindex, nullptr, &l);
  if (err == 0) {
    rtnl_link_put(l);
    return true;
  }
  if (err == -NLE_NODEV || *kernel_error_ == ENODEV) {  // libnl maps the kernel's ENODEV
    *kernel_error_ = 0;
    return false;
  }
  ThrowError("reading link #" + std::to_string(ifindex) + " in " + owner_, err);
}

RouteAnswer Rtnl::GetRoute(Family family, const std::string& address, int oif) {
  std::string what = "looking up the route to " + address + " in " + owner_;
  int af = AfOf(family);
  std::optional<IpAddr> ip = ParseIp(address);
  if (!ip || ip->family != family) ThrowErrno(what + ": bad address", EINVAL);
  const uint8_t* bytes = ip->bytes.data();
  MsgPtr m(nlmsg_alloc_simple(RTM_GETROUTE, NLM_F_REQUEST));
  rtmsg rtm{};
  rtm.rtm_family = static_cast<unsigned char>(af);
  rtm.rtm_dst_len = af == AF_INET ? 32 : 128;
  // No RTM_F_FIB_MATCH: that would describe the FIB entry and hide the exception.
  nlmsg_append(m.get(), &rtm, sizeof rtm, NLMSG_ALIGNTO);
  nla_put(m.get(), RTA_DST, af == AF_INET ? 4 : 16, bytes);
  if (oif != 0) nla_put_u32(m.get(), RTA_OIF, static_cast<uint32_t>(oif));
  RouteAnswer answer;
  CbPtr cb = CloneCallbacks(sk_, ParseRouteAnswer, &answer);
  int err = nl_send_auto(sk_, m.get());
  if (err >= 0) err = nl_recvmsgs(sk_, cb.get());
  if (err >= 0) err = nl_wait_for_ack(sk_);
  if (err < 0) ThrowError(what, err);
  return answer;
}

std::vector<std::vector<char>> Rtnl::DumpExceptions(Family family, const std::string& what) {
  MsgPtr dump(nlmsg_alloc_simple(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP));
  rtmsg rtm{};
  rtm.rtm_family = static_cast<unsigned char>(AfOf(family));
  rtm.rtm_flags = RTM_F_CLONED;  // ask for exceptions (kernel >= 5.3)
  nlmsg_append(dump.get(), &rtm, sizeof rtm, NLMSG_ALIGNTO);
  std::vector<std::vector<char>> cloned;
  CbPtr cb = CloneCallbacks(sk_, CollectCloned, &cloned);
  int err = nl_send_auto(sk_, dump.get());
  if (err >= 0) err = nl_recvmsgs(sk_, cb.get());
  if (err < 0) ThrowError(what, err);
  return cloned;
}

int Rtnl::ListExceptions(Family family) {
  std::string what = std::string("listing ") + (family == Family::kIpv4 ? "IPv4" : "IPv6") +
                     " route exceptions in " + owner_;
  return static_cast<int>(DumpExceptions(family, what).size());
}

int Rtnl::FlushIpv6Exceptions() {
  std::string what = "flushing IPv6 route exceptions in " + owner_;
  std::vector<std::vector<char>> cloned = DumpExceptions(Family::kIpv6, what);
  for (const std::vector<char>& body : cloned) {
    // Sending the dumped exception back as RTM_DELROUTE (RTM_F_CLONED kept) deletes it.
    MsgPtr del(nlmsg_alloc_simple(RTM_DELROUTE, NLM_F_REQUEST));
    nlmsg_append(del.get(), const_cast<char*>(body.data()), body.size(), NLMSG_ALIGNTO);
    int err = nl_send_auto(sk_, del.get());
    if (err >= 0) err = nl_wait_for_ack(sk_);
    if (err == -NLE_OBJ_NOTFOUND) *kernel_error_ = 0;  // already gone: fine
    if (err < 0 && err != -NLE_OBJ_NOTFOUND) ThrowError(what, err);
  }
  return static_cast<int>(cloned.size());
}

}  // namespace mtulab
