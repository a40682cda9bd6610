// FOU / GUE under ipip, sit and ip6tnl: the tunnel's encapsulation attributes, and the
// node's receive port over generic netlink (linux/fou.h, libnl-genl-3).
#include "harness/links/fou_port.h"

#include <arpa/inet.h>
#include <linux/fou.h>
#include <linux/if_tunnel.h>
#include <netinet/in.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/socket.h>

#include <cerrno>
#include <mutex>
#include <utility>

#include "harness/model/link_kinds.h"
#include "harness/model/tunnel_encap.h"
#include "harness/sys/netns.h"
#include "harness/sys/rtnl.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

struct SockFree {
  void operator()(nl_sock* s) const { nl_socket_free(s); }
};
using SockPtr = std::unique_ptr<nl_sock, SockFree>;

// A generic netlink socket of the calling thread's namespace, family "fou" resolved. The
// socket keeps using that namespace wherever the thread goes later.
struct FouSocket {
  SockPtr sk;
  int family = 0;
};

FouSocket OpenFou(const std::string& owner) {
  SockPtr sk(nl_socket_alloc());
  if (sk == nullptr) ThrowErrno("allocating a generic netlink socket in " + owner, ENOMEM);
  int err = genl_connect(sk.get());
  if (err < 0) ThrowNl("connecting a generic netlink socket in " + owner, err);
  int family = genl_ctrl_resolve(sk.get(), FOU_GENL_NAME);
  if (family < 0) {
    ThrowNl("resolving generic netlink family 'fou' in " + owner + " (module fou not loaded?)",
            family);
  }
  return {std::move(sk), family};
}

void Send(nl_sock* sk, nl_msg* msg, const std::string& what) {
  int err = nl_send_auto(sk, msg);
  if (err >= 0) err = nl_wait_for_ack(sk);
  if (err < 0) ThrowNl(what, err);
}

std::string PortWhat(const char* verb, const FouPortSpec& p, const std::string& owner) {
  return std::string(verb) + (p.gue ? " gue" : " fou") + " receive port " + std::to_string(p.port) +
         (p.family == AF_INET6 ? " (IPv6)" : " (IPv4)") + " in " + owner;
}

// Removes the port when the lab ends (its namespace is still there: handles go first).
class FouPortHandle : public LinkHandle {
 public:
  FouPortHandle(FouSocket socket, FouPortSpec port) : socket_(std::move(socket)), port_(port) {}
  ~FouPortHandle() override {
    try {
      NlMsgPtr msg = BuildFouMsg(socket_.family, FOU_CMD_DEL, port_, "removing a fou port");
      Send(socket_.sk.get(), msg.get(), "removing a fou port");
    } catch (const SysError&) {
      // Nothing to do at teardown: closing the namespace removes the port too.
    }
  }
  int pid() const override { return 0; }

 private:
  FouSocket socket_;
  FouPortSpec port_;
};

}  // namespace

int PutTunnelEncap(nl_msg* msg, const DeviceSpec& spec, bool ipv6_outer) {
  TunnelEncap encap = TunnelEncapOf(spec.params);
  if (encap == TunnelEncap::kNone) return 0;
  uint16_t type = encap == TunnelEncap::kGue ? TUNNEL_ENCAP_GUE : TUNNEL_ENCAP_FOU;
  uint16_t flags = ipv6_outer ? TUNNEL_ENCAP_FLAG_CSUM6 : 0;
  auto sport = static_cast<uint16_t>(UintParam(spec, "encap_sport").value_or(0));  // 0: auto
  auto dport = static_cast<uint16_t>(Required(spec, "encap_dport", UintParam(spec, "encap_dport")));
  int err = nla_put_u16(msg, IFLA_IPTUN_ENCAP_TYPE, type);
  if (err == 0) err = nla_put_u16(msg, IFLA_IPTUN_ENCAP_FLAGS, flags);
  if (err == 0) err = nla_put_u16(msg, IFLA_IPTUN_ENCAP_SPORT, htons(sport));
  if (err == 0) err = nla_put_u16(msg, IFLA_IPTUN_ENCAP_DPORT, htons(dport));
  return err;
}

std::optional<FouPortSpec> FouPortOf(const DeviceSpec& spec) {
  std::optional<uint32_t> port = UintParam(spec, "fou_port");
  if (!port) return std::nullopt;
  FouPortSpec out;
  out.port = static_cast<uint16_t>(*port);
  out.gue = TunnelEncapOf(spec.params) == TunnelEncap::kGue;
  out.family = spec.kind == "ip6tnl" ? AF_INET6 : AF_INET;
  // Each kind's default mode, as its file creates it: ipip 4in4, sit ip6ip, ip6tnl ip6ip6.
  auto mode = spec.params.find("mode");
  std::string m = mode != spec.params.end() ? mode->second : spec.kind == "ipip" ? "ipip" : "";
  out.ipproto = m == "ipip" || m == "ipip6" ? IPPROTO_IPIP : IPPROTO_IPV6;
  return out;
}

NlMsgPtr BuildFouMsg(int family_id, uint8_t cmd, const FouPortSpec& port, const std::string& what) {
  NlMsgPtr msg(nlmsg_alloc());
  if (msg == nullptr) ThrowErrno(what, ENOMEM);
  if (genlmsg_put(msg.get(), NL_AUTO_PORT, NL_AUTO_SEQ, family_id, 0, NLM_F_REQUEST, cmd,
                  FOU_GENL_VERSION) == nullptr) {
    ThrowErrno(what, ENOMEM);
  }
  int err = nla_put_u16(msg.get(), FOU_ATTR_PORT, htons(port.port));
  if (err == 0) err = nla_put_u8(msg.get(), FOU_ATTR_AF, static_cast<uint8_t>(port.family));
  if (err == 0) {
    err = nla_put_u8(msg.get(), FOU_ATTR_TYPE, port.gue ? FOU_ENCAP_GUE : FOU_ENCAP_DIRECT);
  }
  if (err == 0 && !port.gue) err = nla_put_u8(msg.get(), FOU_ATTR_IPPROTO, port.ipproto);
  if (err < 0) ThrowNl(what, err);
  return msg;
}

std::unique_ptr<LinkHandle> StartFouTunnel(const KindContext& context, const DeviceSpec& spec,
                                           void (*create)(NetlinkSender&, const DeviceSpec&,
                                                          const IfIndexOf&)) {
  std::unique_ptr<LinkHandle> handle;
  if (std::optional<FouPortSpec> port = FouPortOf(spec)) {
    const std::string& owner = context.rtnl.owner();
    FouSocket socket = [&] {
      ScopedNetnsEnter in(context.ns);
      return OpenFou(owner);
    }();
    std::string what = PortWhat("adding", *port, owner);
    Send(socket.sk.get(), BuildFouMsg(socket.family, FOU_CMD_ADD, *port, what).get(), what);
    handle = std::make_unique<FouPortHandle>(std::move(socket), *port);
  }
  create(context.rtnl, spec, context.ifindex_of);  // on failure the handle removes the port
  return handle;
}

namespace {

// One try in a fresh anonymous namespace, gone when this returns.
std::pair<bool, std::string> ProbeEncap(const std::string& kind,
                                        const std::map<std::string, std::string>& params) {
  const KindOps* ops = FindKind(kind);
  const KindSchema* row = FindKindSchema(kind);
  if (ops == nullptr || ops->create == nullptr || row == nullptr) {
    return {false, "unknown link kind '" + kind + "'"};
  }
  const std::string owner = "the scratch namespace probing " + kind + " with fou/gue";
  try {
    Netns scratch = Netns::Create();
    ScopedNetnsEnter enter(scratch);
    Rtnl rtnl(owner);
    DeviceSpec spec{kind, "probe", "probe0", std::nullopt, {}, {}, {}};
    for (const auto& [name, value] : row->sample) spec.params[name] = value;
    for (const char* k : {"encap", "encap_dport", "fou_port", "mode"}) {
      if (params.count(k)) spec.params[k] = params.at(k);
    }
    Topology none;
    std::map<std::string, std::string> secrets;
    IfIndexOf ifindex_of = [&rtnl](const std::string& n) { return rtnl.GetLink(n).ifindex; };
    KindContext context{scratch, rtnl, ifindex_of, none, secrets};
    try {
      StartFouTunnel(context, spec, ops->create);
    } catch (const SysError& e) {
      return {false, "kernel lacks " + std::string(TunnelEncapName(TunnelEncapOf(params))) +
                         " for " + kind + " (" + e.what() + ")"};
    }
    return {true, ""};
  } catch (const SysError& e) {
    return {false, "cannot probe " + kind + " with fou/gue in a scratch namespace: " + e.what()};
  }
}

}  // namespace

bool KernelSupportsTunnelEncap(const std::string& kind,
                               const std::map<std::string, std::string>& params,
                               std::string* reason) {
  if (TunnelEncapOf(params) == TunnelEncap::kNone) return true;
  auto get = [&](const char* k) { return params.count(k) ? params.at(k) : std::string(); };
  std::string key = kind + "/" + get("encap") + "/" + get("mode") + "/" +
                    (params.count("fou_port") ? "port" : "");
  static std::mutex mu;
  static std::map<std::string, std::pair<bool, std::string>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, ProbeEncap(kind, params)).first;
  if (!it->second.first && reason != nullptr) *reason = it->second.second;
  return it->second.first;
}

}  // namespace mtulab
