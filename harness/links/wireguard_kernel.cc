// The kernel backend: a "wireguard" link over rtnetlink, configured with WG_CMD_SET_DEVICE
// over generic netlink (linux/wireguard.h). Not exercised on a kernel without the module.
#include <arpa/inet.h>
#include <linux/wireguard.h>
#include <netinet/in.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/socket.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <stdexcept>

#include "harness/links/wireguard_internal.h"
#include "harness/model/values.h"
#include "harness/sys/sys_error.h"

namespace mtulab::wg {
namespace {

struct SockFree { void operator()(nl_sock* s) const { nl_socket_free(s); } };
struct LinkPut { void operator()(rtnl_link* l) const { rtnl_link_put(l); } };
using SockPtr = std::unique_ptr<nl_sock, SockFree>;

// Big enough for one peer with a couple of thousand allowed IPs.
constexpr size_t kMsgSize = 64 * 1024;

class KernelWgDevice : public WgDevice {
 public:
  KernelWgDevice(Rtnl rtnl, int ifindex) : rtnl_(std::move(rtnl)), ifindex_(ifindex) {}
  // Deleting the link keeps the contract of the userspace backend: destroyed = gone.
  ~KernelWgDevice() override {
    std::unique_ptr<rtnl_link, LinkPut> l(rtnl_link_alloc());
    rtnl_link_set_ifindex(l.get(), ifindex_);
    rtnl_link_delete(rtnl_.sock(), l.get());  // errors ignored: the namespace may be gone
  }
  const char* backend() const override { return "kernel"; }
  int pid() const override { return 0; }

 private:
  Rtnl rtnl_;  // in the device's namespace, owned so destruction needs nothing else
  int ifindex_;
};

sockaddr_storage ParseEndpoint(const std::string& text, socklen_t* len) {
  std::optional<SocketAddr> endpoint = ParseSocketAddr(text);
  if (!endpoint) {
    throw std::invalid_argument("endpoint '" + text + "' is not ADDR:PORT or [ADDR6]:PORT");
  }
  sockaddr_storage ss{};
  if (endpoint->ip.family == Family::kIpv6) {
    auto* s6 = reinterpret_cast<sockaddr_in6*>(&ss);
    s6->sin6_family = AF_INET6;
    s6->sin6_port = htons(endpoint->port);
    std::memcpy(&s6->sin6_addr, endpoint->ip.bytes.data(), 16);
    *len = sizeof(sockaddr_in6);
  } else {
    auto* s4 = reinterpret_cast<sockaddr_in*>(&ss);
    s4->sin_family = AF_INET;
    s4->sin_port = htons(endpoint->port);
    std::memcpy(&s4->sin_addr, endpoint->ip.bytes.data(), 4);
    *len = sizeof(sockaddr_in);
  }
  return ss;
}

// One WGALLOWEDIP nest (type 0) for "ADDR/LEN".
int PutAllowedIp(nl_msg* m, const std::string& text) {
  std::string error;
  std::optional<IpAddr> addr = ParseIp(text.substr(0, text.find('/')));
  std::optional<Prefix> prefix = addr ? ParsePrefix(text, addr->family, error) : std::nullopt;
  if (!prefix) throw std::invalid_argument("allowed IP '" + text + "' is not ADDR/LEN");
  uint16_t family = prefix->addr.family == Family::kIpv4 ? AF_INET : AF_INET6;
  const uint8_t* buf = prefix->addr.bytes.data();
  int cidr = prefix->len;
  nlattr* ip = nla_nest_start(m, 0);
  int err = ip ? 0 : -NLE_NOMEM;
  if (!err) err = nla_put_u16(m, WGALLOWEDIP_A_FAMILY, family);
  if (!err) err = nla_put(m, WGALLOWEDIP_A_IPADDR, family == AF_INET ? 4 : 16, buf);
  if (!err) err = nla_put_u8(m, WGALLOWEDIP_A_CIDR_MASK, static_cast<uint8_t>(cidr));
  if (!err) nla_nest_end(m, ip);
  return err;
}

// The WGDEVICE_A_PEERS nest holding one peer (nest type 0).
int PutPeer(nl_msg* m, const WgPeerConfig& peer) {
  nlattr* peers = nla_nest_start(m, WGDEVICE_A_PEERS);
  nlattr* p = peers ? nla_nest_start(m, 0) : nullptr;
  if (!p) return -NLE_NOMEM;
  X25519Key key = DecodeKey(peer.public_key, "peer public key");
  int err = nla_put(m, WGPEER_A_PUBLIC_KEY, WG_KEY_LEN, key.data());
  if (!err) err = nla_put_u32(m, WGPEER_A_FLAGS, WGPEER_F_REPLACE_ALLOWEDIPS);
  if (!err && peer.endpoint) {
    socklen_t len = 0;
    sockaddr_storage ss = ParseEndpoint(*peer.endpoint, &len);
    err = nla_put(m, WGPEER_A_ENDPOINT, static_cast<int>(len), &ss);
  }
  if (!err && peer.persistent_keepalive) {
    err = nla_put_u16(m, WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL, *peer.persistent_keepalive);
  }
  nlattr* ips = err ? nullptr : nla_nest_start(m, WGPEER_A_ALLOWEDIPS);
  if (!err && !ips) err = -NLE_NOMEM;
  for (size_t i = 0; !err && i < peer.allowed_ips.size(); ++i) {
    err = PutAllowedIp(m, peer.allowed_ips[i]);
  }
  if (!err) {
    nla_nest_end(m, ips);
    nla_nest_end(m, p);
    nla_nest_end(m, peers);
  }
  return err;
}

// One WG_CMD_SET_DEVICE for `ifindex`; `fill` adds the attributes. Pure: nothing is sent.
template <typename Fill>
NlMsgPtr BuildSetDevice(int family, int ifindex, const std::string& what, Fill fill) {
  NlMsgPtr m(nlmsg_alloc_size(kMsgSize));
  if (!m) ThrowNl(what, -NLE_NOMEM);
  int err = genlmsg_put(m.get(), NL_AUTO_PORT, NL_AUTO_SEQ, family, 0,
                        NLM_F_REQUEST | NLM_F_ACK, WG_CMD_SET_DEVICE, WG_GENL_VERSION)
                ? 0
                : -NLE_NOMEM;
  if (!err) err = nla_put_u32(m.get(), WGDEVICE_A_IFINDEX, static_cast<uint32_t>(ifindex));
  if (!err) err = fill(m.get());
  if (err < 0) ThrowNl(what, err);
  return m;
}

void SendAndWait(nl_sock* sk, nl_msg* m, const std::string& what) {
  int err = nl_send_auto(sk, m);
  if (err >= 0) err = nl_wait_for_ack(sk);
  if (err < 0) ThrowNl(what, err);
}

}  // namespace

NlMsgPtr BuildDeviceRequest(int family, int ifindex, const WgConfig& config,
                            const std::string& what) {
  X25519Key priv = DecodeKey(config.private_key, "private key");
  NlMsgPtr m = BuildSetDevice(family, ifindex, what, [&](nl_msg* msg) {
    int e = nla_put(msg, WGDEVICE_A_PRIVATE_KEY, WG_KEY_LEN, priv.data());
    if (!e && config.listen_port) e = nla_put_u16(msg, WGDEVICE_A_LISTEN_PORT, *config.listen_port);
    if (!e) e = nla_put_u32(msg, WGDEVICE_A_FLAGS, WGDEVICE_F_REPLACE_PEERS);
    return e;
  });
  priv.fill(0);
  return m;
}

NlMsgPtr BuildPeerRequest(int family, int ifindex, const WgPeerConfig& peer,
                          const std::string& what) {
  return BuildSetDevice(family, ifindex, what, [&](nl_msg* m) { return PutPeer(m, peer); });
}

std::unique_ptr<WgDevice> CreateKernel(const Netns& ns, Rtnl& rtnl, const WgConfig& config) {
  const std::string where = Describe(config, rtnl);
  // Both sockets must live in the device's namespace: genl resolves IFINDEX there.
  std::optional<Rtnl> own;
  SockPtr genl(nl_socket_alloc());
  if (!genl) ThrowNl("allocating a generic netlink socket", -NLE_NOMEM);
  {
    ScopedNetnsEnter in(ns);
    own.emplace(rtnl.owner());
    int err = genl_connect(genl.get());
    if (err < 0) ThrowNl("connecting generic netlink in " + rtnl.owner(), err);
  }
  int family = genl_ctrl_resolve(genl.get(), WG_GENL_NAME);
  if (family < 0) ThrowNl("resolving the wireguard genl family", family);

  std::unique_ptr<rtnl_link, LinkPut> l(rtnl_link_alloc());
  rtnl_link_set_name(l.get(), config.ifname.c_str());
  int err = rtnl_link_set_type(l.get(), "wireguard");
  if (err == 0) err = rtnl_link_add(own->sock(), l.get(), NLM_F_CREATE | NLM_F_EXCL);
  if (err < 0) ThrowNl("creating wireguard link " + where, err);
  int ifindex = own->GetLink(config.ifname).ifindex;
  auto dev = std::make_unique<KernelWgDevice>(std::move(*own), ifindex);  // deletes on throw

  // Device attributes first; then one message per peer so no message outgrows its buffer.
  std::string what = "configuring " + where;
  SendAndWait(genl.get(), BuildDeviceRequest(family, ifindex, config, what).get(), what);
  for (size_t i = 0; i < config.peers.size(); ++i) {
    what = "adding peer " + std::to_string(i + 1) + " to " + where;
    SendAndWait(genl.get(), BuildPeerRequest(family, ifindex, config.peers[i], what).get(), what);
  }
  if (config.mtu) rtnl.SetMtu(ifindex, config.ifname, *config.mtu);
  return dev;
}

}  // namespace mtulab::wg
