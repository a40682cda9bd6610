// PathWalker's overlays and tunnels: which device receives, and what the outer path allows.
#include "harness/model/link_kinds.h"
#include "harness/model/tunnel_encap.h"
#include "harness/plan/overheads.h"
#include "harness/plan/path_walker.h"

namespace mtulab {
namespace {

constexpr int kMaxNesting = 4;  // overlays carried by overlays

uint32_t Minus(uint32_t bytes, uint32_t overhead) {
  return bytes > overhead ? bytes - overhead : 0;
}

std::optional<IpAddr> ParamIp(const Iface& iface, const char* key) {
  std::optional<std::string> text = iface.Param(key);
  return text ? ParseIp(*text) : std::nullopt;
}

const WgPeer* CryptokeyRoute(const Device& wg, const IpAddr& dst) {
  const WgPeer* best = nullptr;
  int best_len = -1;
  for (const WgPeer& peer : wg.peers) {
    for (const Prefix& p : peer.allowed) {
      if (InPrefix(dst, p) && p.len > best_len) {
        best = &peer;
        best_len = p.len;
      }
    }
  }
  return best;
}

// Why a FOU / GUE tunnel's packets are not received by `peer` (its node's receive port is
// not the tunnel's encap_dport, or decapsulates the other way); empty when they are.
std::string FouMismatch(const Iface& out, const Iface& peer) {
  TunnelEncap encap = TunnelEncapOf(out.device->params);
  if (encap == TunnelEncap::kNone) return "";
  std::optional<std::string> dport = out.Param("encap_dport");
  if (peer.Param("fou_port") != dport || TunnelEncapOf(peer.device->params) != encap) {
    return out.Label() + ": sends " + TunnelEncapName(encap) + " to UDP port " +
           dport.value_or("?") + ", but " + peer.Label() + " has no " + TunnelEncapName(encap) +
           " receive port " + dport.value_or("?") + " (fou_port): the packets are dropped";
  }
  return "";
}

}  // namespace

const Iface* TunnelPeer(const NetModel& model, const Iface& tunnel, const IpAddr& remote) {
  const Iface* owner = model.Owner(remote);
  if (owner == nullptr) return nullptr;
  std::optional<IpAddr> local = ParamIp(tunnel, "local");
  const Iface* first = nullptr;
  for (const Iface* i : model.IfacesOf(owner->node())) {
    if (i->kind() != tunnel.kind() || i == &tunnel) continue;
    if (i->Param("vni") != tunnel.Param("vni") || i->Param("dstport") != tunnel.Param("dstport")) {
      continue;
    }
    if (ParamIp(*i, "local") == remote || (local && ParamIp(*i, "remote") == local)) return i;
    if (first == nullptr) first = i;
  }
  return first;
}

bool PathWalker::Overlay(const Iface& out, const PathHop& hop, const IpAddr& next,
                         std::vector<PathHop>& acc, const Iface*& receiver) {
  std::vector<std::string> remotes;
  for (const char* key : {"remote", "group"}) {
    if (std::optional<std::string> r = out.Param(key)) remotes.push_back(*r);
  }
  for (const std::string& f : out.device->fdb) remotes.push_back(f);
  for (const std::string& text : remotes) {
    std::optional<IpAddr> remote = ParseIp(text);
    const Iface* peer = remote ? TunnelPeer(model_, out, *remote) : nullptr;
    if (peer == nullptr) continue;
    PathHop h = hop;
    if (!AddUnderlay(out, *remote, ParamIp(out, "local"), h)) return false;
    h.peer_node = peer->node();
    h.peer_ifname = peer->name();
    size_t mark = acc.size();
    acc.push_back(std::move(h));
    if (Arrive(*peer, next, acc, receiver, 0)) return true;
    acc.resize(mark);
    if (!error_.empty()) return false;
  }
  return false;
}

bool PathWalker::Tunnel(const Iface& out, PathHop hop, std::vector<PathHop>& acc,
                        const Iface*& receiver) {
  IpAddr remote;
  std::optional<IpAddr> local;
  const Iface* peer = nullptr;
  const KindSchema* schema = FindKindSchema(out.kind());
  if (schema != nullptr && schema->peer_by == PeerBy::kCryptokey) {
    const WgPeer* wg = CryptokeyRoute(*out.device, dst_);
    if (wg == nullptr) {
      return Fail(out.Label() + ": no peer's allowed_ips contains " + IpToString(dst_) +
                  ", so WireGuard drops the packet");
    }
    const std::optional<SocketAddr>& endpoint = wg->endpoint_addr;
    if (!endpoint) {
      return Fail(out.Label() + ": the peer for " + IpToString(dst_) +
                  " has no endpoint, so the outer path is unknown");
    }
    remote = endpoint->ip;
    if (wg->node && wg->dev) {
      peer = model_.Find(*wg->node, *wg->dev);
    } else if (const Iface* owner = model_.Owner(remote)) {
      for (const Iface* i : model_.IfacesOf(owner->node())) {
        std::optional<std::string> listen = i->Param("listen_port");
        if (i->kind() == out.kind() && listen && ParseUnsigned(*listen) == endpoint->port) peer = i;
      }
    }
  } else {
    std::optional<IpAddr> r = ParamIp(out, "remote");
    if (r) remote = *r, peer = TunnelPeer(model_, out, remote);
    local = ParamIp(out, "local");
  }
  if (peer == nullptr) {
    return Fail(out.Label() + ": no " + out.kind() + " device answers at the tunnel's remote end");
  }
  if (std::string why = FouMismatch(out, *peer); !why.empty()) return Fail(why);
  if (!AddUnderlay(out, remote, local, hop)) return false;
  hop.peer_node = peer->node();
  hop.peer_ifname = peer->name();
  acc.push_back(std::move(hop));
  receiver = peer;
  return true;
}

bool PathWalker::AddUnderlay(const Iface& tunnel, const IpAddr& remote, std::optional<IpAddr> local,
                             PathHop& hop) {
  const std::string& kind = tunnel.kind();
  if (depth_ >= kMaxNesting) return Fail(tunnel.Label() + ": overlays nested too deep");
  const Encapsulation* enc = FindEncapsulation(kind);
  std::optional<uint32_t> oh = EncapOverhead(tunnel, remote.family);
  if (enc == nullptr || !oh) {
    return Fail(tunnel.Label() + ": the overhead of " + kind + " over an " +
                FamilyName(remote.family) + " underlay is not in the table");
  }
  Prediction sub;
  PathWalker walker(model_, depth_ + 1, icmp_checks_, budget_);
  if (!walker.Walk(tunnel.node(), remote, local, sub)) {
    return Fail("underlay of " + tunnel.Label() + ": " + sub.error);
  }
  Summarize(sub, model_, tunnel.node());
  hop.encap = kind;
  hop.overhead = *oh;
  std::optional<std::string> df_attr = tunnel.Param("df");
  bool df = enc->outer_df == Encapsulation::OuterDf::kSet ||
            (enc->outer_df == Encapsulation::OuterDf::kAttr &&
             (remote.family == Family::kIpv6 || df_attr == "set" || df_attr == "inherit"));
  UnderlayLimits(tunnel, sub, *oh, df, enc->check, hop);
  hop.underlay = std::move(sub.hops);
  return true;
}

// What the outer path allows the inner packets (measured on 6.18 for vxlan: see README
// "Predict and lint"). A DF outer path limits them; a fragmenting one only where fragments die.
void PathWalker::UnderlayLimits(const Iface& tunnel, const Prediction& sub, uint32_t oh, bool df,
                                Encapsulation::UnderlayCheck check, PathHop& hop) {
  using Check = Encapsulation::UnderlayCheck;
  std::optional<std::string> udp = tunnel.Param("encap");  // "ipip/fou": FOU / GUE under it
  std::string tail = " - " + std::to_string(oh) + " " + tunnel.kind() + (udp ? "/" + *udp : "");
  const Limit& b = sub.BottleneckLimit();
  bool at_first = sub.bottleneck == 0 && sub.bottleneck_limit == 0;
  std::string label = tunnel.Label() + " (" + std::to_string(sub.pmtu) + " underlay" +
                      (at_first ? "" : " at " + b.Where()) + tail;
  bool dead = b.kind == LimitKind::kSilent || b.kind == LimitKind::kIcmpLost;
  // skb_tunnel_check_pmtu() answers only for a bridged overlay; a routed one at a router
  // lowers its own route's PMTU, which forwarding ignores, and sends the packet on.
  bool answers = check == Check::kIcmp ||
                 (check == Check::kRoutePmtu && (hop.bridged || tunnel.node() == from_));
  uint32_t checked = hop.mtu;
  if (df) {
    Limit l{Minus(sub.pmtu, oh), answers && !dead ? LimitKind::kTunnel : LimitKind::kSilent,
            label + ")", ""};
    if (l.kind == LimitKind::kSilent) {
      l.why = label + ": larger packets leave in DF outer packets that are dropped, no ICMP)";
    } else if (check == Check::kIcmp && tunnel.node() != from_) {
      CheckIcmp(l, tunnel.node());
    }
    hop.limits.push_back(std::move(l));
    return;
  }
  if (answers) {
    uint32_t first = sub.hops[0].limits[0].bytes;
    Limit l{Minus(first, oh), LimitKind::kTunnel,
            tunnel.Label() + " (" + std::to_string(first) + " underlay" + tail + ")", ""};
    checked = std::min(checked, l.bytes);
    hop.limits.push_back(std::move(l));
  }
  std::string why;
  if (std::optional<uint32_t> f = FragmentingLimit(sub, &why)) {
    hop.limits.push_back(Limit{Minus(*f, oh), LimitKind::kSilent,
                               tunnel.Label() + " (outer fragments dropped at " + why + ": " +
                                   std::to_string(*f) + tail + ")",
                               ""});
  }
  if (Minus(sub.pmtu, oh) < checked) hop.fragments_above = Minus(sub.pmtu, oh);
}

}  // namespace mtulab
