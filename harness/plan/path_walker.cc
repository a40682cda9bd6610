#include "harness/plan/path_walker.h"

#include <algorithm>

#include "harness/plan/overheads.h"

namespace mtulab {
namespace {

constexpr int kMaxHops = 64;
constexpr int kBudget = 200000;  // interfaces visited by one prediction, nested walks included

bool Owns(const Iface& iface, const IpAddr& ip) {
  for (const Address& a : iface.end->addresses) {
    if (a.Ip() == ip) return true;
  }
  return false;
}

std::string RouteMtuText(const PathHop& hop) {
  return std::string("route mtu ") + (hop.route_mtu_locked ? "lock " : "") +
         std::to_string(*hop.route_mtu);
}

}  // namespace

PathWalker::PathWalker(const NetModel& model, int depth, bool icmp_checks, int* budget)
    : model_(model), depth_(depth), icmp_checks_(icmp_checks), budget_(budget) {
  if (budget_ == nullptr) {
    own_budget_ = kBudget;
    budget_ = &own_budget_;
  }
}

bool PathWalker::Spend() {
  if (*budget_ <= 0)
    return Fail("the path search gave up after " + std::to_string(kBudget) +
                " steps (topology too large to predict)");
  --*budget_;
  return true;
}

bool PathWalker::Fail(std::string message) {
  if (error_.empty()) error_ = std::move(message);
  return false;
}

bool PathWalker::Walk(const std::string& from, const IpAddr& dst, std::optional<IpAddr> src,
                      Prediction& p) {
  from_ = from;
  dst_ = dst;
  p.family = dst.family;
  p.destination = IpToString(dst);
  std::string node = from;
  bool ok = true;
  for (int step = 0; ok; ++step) {
    if (model_.NodeOwns(node, dst)) {
      if (step == 0) ok = Fail(p.destination + " is an address of node '" + from + "' itself");
      break;
    }
    ok = HopFrom(node, step, src, p);
  }
  p.ok = ok;
  if (!ok) p.error = error_;
  return ok;
}

bool PathWalker::HopFrom(std::string& node, int step, std::optional<IpAddr> src, Prediction& p) {
  if (!Spend()) return false;
  if (step >= kMaxHops)
    return Fail("routing loop: more than " + std::to_string(kMaxHops) + " hops");
  if (step > 0 && !model_.Forwards(node, dst_.family)) {
    return Fail("node '" + node + "' receives the packet on " + in_->name() +
                " but does not forward " + FamilyName(dst_.family) + " (no forwarding=\"true\")");
  }
  std::optional<RouteChoice> choice = ChooseRoute(node, p.destination);
  if (!choice) return false;
  const Iface* out = model_.Find(node, choice->dev);
  if (out == nullptr) {
    return Fail("node '" + node + "': route " + choice->prefix + " leaves through '" + choice->dev +
                "', which is not defined");
  }
  if (step == 0 && !ChooseSource(node, *choice, src, p)) return false;
  const Iface* receiver = nullptr;
  if (!Cross(node, *out, *choice, step == 0, p.hops, receiver)) return false;
  arrivals_.push_back(receiver);
  in_ = receiver;
  node = receiver->node();
  return true;
}

std::optional<RouteChoice> PathWalker::ChooseRoute(const std::string& node,
                                                   const std::string& destination) {
  std::optional<RouteChoice> choice = model_.Lookup(node, dst_);
  if (!choice) {
    Fail("node '" + node + "' has no " + std::string(FamilyName(dst_.family)) + " route to " +
         destination);
    return std::nullopt;
  }
  if (choice->route && choice->route->nexthops.size() > 1) {
    size_t k = multipath_.size();
    size_t pick = k < nexthops_.size() ? nexthops_[k] : 0;
    multipath_.push_back(Multipath{node, choice->route, pick});
    choice = model_.Lookup(node, dst_, pick);
  }
  return choice;
}

bool PathWalker::ChooseSource(const std::string& node, const RouteChoice& choice,
                              std::optional<IpAddr> src, Prediction& p) {
  std::optional<IpAddr> source = src ? src : model_.SourceFor(choice, node, dst_.family);
  if (!source) {
    return Fail("node '" + node + "' has no " + std::string(FamilyName(dst_.family)) +
                " address to send from");
  }
  src_ = *source;
  p.source = IpToString(src_);
  return true;
}

bool PathWalker::Cross(const std::string& node, const Iface& out, const RouteChoice& choice,
                       bool sender, std::vector<PathHop>& hops, const Iface*& receiver) {
  PathHop hop;
  if (!StartHop(out, choice, sender, hop)) return false;
  if (out.Is(Forwarding::kL3Tunnel)) return Tunnel(out, std::move(hop), hops, receiver);
  IpAddr next = choice.gateway.value_or(dst_);
  if (IsLinkLocal(next)) {
    return Fail("node '" + node + "': gateway " + IpToString(next) +
                " is link-local, which the model does not follow");
  }
  visited_.clear();
  std::vector<PathHop> acc;
  bool ok = Transmit(out, std::move(hop), next, acc, receiver, 0);
  if (!ok) {
    Fail("node '" + node + "': nothing on the segment of " + out.name() + " has address " +
         IpToString(next));
  }
  for (PathHop& h : acc) hops.push_back(std::move(h));
  return ok;
}

bool PathWalker::StartHop(const Iface& out, const RouteChoice& choice, bool sender, PathHop& hop) {
  MtuValue mtu = model_.Mtu(out);
  if (!mtu.bytes) return Fail("interface " + out.Label() + ": " + mtu.error);
  hop.node = out.node();
  hop.ifname = out.name();
  hop.mtu = *mtu.bytes;
  if (choice.route) {
    hop.route_mtu = choice.route->mtu;
    hop.route_mtu_locked = choice.route->mtu_lock;
  }
  Limit tx;
  tx.bytes = hop.route_mtu.value_or(hop.mtu);
  tx.kind = sender ? LimitKind::kLocal : LimitKind::kIcmp;
  tx.why = out.Label() + " (" + (hop.route_mtu ? RouteMtuText(hop) : mtu.why) + ")";
  if (!sender) CheckIcmp(tx, out.node());
  hop.limits.push_back(std::move(tx));
  return true;
}

void PathWalker::CheckIcmp(Limit& limit, const std::string& router) {
  if (!icmp_checks_) return;
  IcmpReturn r = CheckIcmpReturn(model_, router, in_, src_, depth_, budget_);
  if (r.source) limit.icmp_from = IpToString(*r.source);
  limit.icmp_from_why = r.source_why;
  if (r.delivered) return;
  limit.kind = LimitKind::kIcmpLost;
  limit.note = r.lost;
  limit.icmp_blame = r.blame;
  limit.lost_cause = r.cause == IcmpReturn::Cause::kRpFilter     ? "rp_filter"
                     : r.cause == IcmpReturn::Cause::kIcmpFilter ? "icmp-filter"
                                                                 : "no-path";
}

PathHop PathWalker::BridgedHop(const Iface& port, bool bridge_checks) {
  PathHop hop;
  hop.node = port.node();
  hop.ifname = port.name();
  hop.bridged = true;
  MtuValue mtu = model_.Mtu(port);
  hop.mtu = mtu.bytes.value_or(0);
  if (bridge_checks && mtu.bytes) {
    const Iface* master = model_.MasterOf(port);
    hop.limits.push_back(Limit{*mtu.bytes, LimitKind::kSilent,
                               "port " + port.name() + " of " + (master ? master->name() : "?") +
                                   " on " + port.node() + " (mtu " + std::to_string(*mtu.bytes) +
                                   ": the bridge drops larger frames without ICMP)",
                               ""});
  }
  return hop;
}

bool PathWalker::Transmit(const Iface& out, PathHop hop, const IpAddr& next,
                          std::vector<PathHop>& acc, const Iface*& receiver, int tag) {
  if (!Spend() || !visited_.insert({out.node(), out.name()}).second) return false;
  size_t mark = acc.size();
  const KindSchema* row = out.schema();
  if (row == nullptr) {  // veth
    if (TransmitVeth(out, std::move(hop), next, acc, receiver, tag)) return true;
  } else if (row->forwarding == Forwarding::kParentL2 || row->forwarding == Forwarding::kTagged) {
    if (TransmitToParent(out, std::move(hop), next, acc, receiver, tag)) return true;
  } else if (row->forwarding == Forwarding::kBridge) {
    acc.push_back(std::move(hop));
    if (Flood(out, nullptr, next, acc, receiver)) return true;
  } else if (row->forwarding == Forwarding::kL2Overlay) {
    if (Overlay(out, hop, next, acc, receiver)) return true;
  } else if (row->forwarding == Forwarding::kL3Master) {
    Fail(out.Label() + ": " + out.kind() +
         " is an L3 master with its own routing table, which the model does not follow");
  }
  acc.resize(mark);
  return false;
}

bool PathWalker::TransmitVeth(const Iface& out, PathHop hop, const IpAddr& next,
                              std::vector<PathHop>& acc, const Iface*& receiver, int tag) {
  const Iface* peer = model_.VethPeer(out);
  if (peer == nullptr) return false;
  hop.peer_node = peer->node();
  hop.peer_ifname = peer->name();
  if (std::optional<uint32_t> rx = model_.Mtu(*peer).bytes) {
    hop.limits.push_back(Limit{*rx, LimitKind::kSilent,
                               peer->Label() + " (mtu " + std::to_string(*rx) +
                                   ", receiving from " + out.Label() +
                                   ": larger frames are dropped without ICMP)",
                               ""});
  }
  acc.push_back(std::move(hop));
  return Arrive(*peer, next, acc, receiver, tag);
}

bool PathWalker::TransmitToParent(const Iface& out, PathHop hop, const IpAddr& next,
                                  std::vector<PathHop>& acc, const Iface*& receiver, int tag) {
  const Iface* parent = model_.Find(out.node(), out.Param("parent").value_or(""));
  if (parent == nullptr) return false;
  if (out.Is(Forwarding::kParentL2)) {
    for (const Iface* sibling : model_.Children(*parent, out.kind())) {
      if (sibling == &out || !Owns(*sibling, next)) continue;
      hop.peer_node = sibling->node();
      hop.peer_ifname = sibling->name();
      acc.push_back(std::move(hop));
      receiver = sibling;
      return true;
    }
  } else {
    tag = static_cast<int>(ParseUnsigned(out.Param("id").value_or("0")).value_or(0));
  }
  acc.push_back(std::move(hop));
  return Transmit(*parent, BridgedHop(*parent, false), next, acc, receiver, tag);
}

bool PathWalker::Flood(const Iface& bridge, const Iface* except, const IpAddr& next,
                       std::vector<PathHop>& acc, const Iface*& receiver) {
  for (const Iface* port : model_.Ports(bridge)) {
    if (port == except) continue;
    if (Transmit(*port, BridgedHop(*port, true), next, acc, receiver, 0)) return true;
    if (!error_.empty()) return false;
  }
  return false;
}

bool PathWalker::Arrive(const Iface& in, const IpAddr& next, std::vector<PathHop>& acc,
                        const Iface*& receiver, int tag) {
  const Iface* at = &in;
  if (tag != 0) {
    at = nullptr;
    for (const Iface* v : model_.Children(in, Forwarding::kTagged)) {
      if (v->Param("id") == std::to_string(tag)) at = v;
    }
    if (at == nullptr) return false;
  }
  if (Owns(*at, next)) {
    receiver = at;
    return true;
  }
  for (const Iface* m : model_.Children(*at, Forwarding::kParentL2)) {
    if (Owns(*m, next)) {
      receiver = m;
      return true;
    }
  }
  const Iface* master = model_.MasterOf(*at);
  if (master == nullptr) return false;
  if (Owns(*master, next)) {
    receiver = master;
    return true;
  }
  return Flood(*master, at, next, acc, receiver);
}

void Summarize(Prediction& p, const NetModel& model, const std::string& from) {
  bool first = true;
  for (size_t h = 0; h < p.hops.size(); ++h) {
    for (size_t l = 0; l < p.hops[h].limits.size(); ++l) {
      if (first || p.hops[h].limits[l].bytes < p.pmtu) {
        p.pmtu = p.hops[h].limits[l].bytes;
        p.bottleneck = h;
        p.bottleneck_limit = l;
        first = false;
      }
    }
  }
  if (first) {
    p.ok = false;
    p.error = "the path has no hop";
    return;
  }
  uint32_t hdr = TcpHeaderBytes(p.family);
  p.mss = p.pmtu > hdr ? p.pmtu - hdr : 0;
  const Limit& start = p.hops[0].limits[0];
  uint32_t cached = start.bytes;
  bool from_icmp = false;
  p.learned_locked = p.hops[0].route_mtu_locked;
  for (size_t h = 0; h < p.hops.size() && !p.learned_locked && !p.black_hole; ++h) {
    for (const Limit& l : p.hops[h].limits) {
      if (l.bytes >= cached) continue;
      if (l.kind == LimitKind::kSilent || l.kind == LimitKind::kIcmpLost) {
        p.black_hole = true;
        break;
      }
      cached = l.bytes;
      from_icmp = from_icmp || l.kind != LimitKind::kLocal;
    }
  }
  if (p.family == Family::kIpv4 && from_icmp) {
    long min_pmtu = model.SysctlInt(from, "net.ipv4.route.min_pmtu", 552);
    if (min_pmtu > 0 && cached < static_cast<uint32_t>(min_pmtu)) {
      cached = static_cast<uint32_t>(min_pmtu);
      p.learned_locked = true;
    }
  }
  p.learned_pmtu = cached;
}

}  // namespace mtulab
