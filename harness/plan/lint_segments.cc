// Lint checks over single interfaces and L2 segments: MTU mismatches, IPv6 below 1280,
// overlays larger than their underlay.
#include <algorithm>
#include <sstream>

#include "harness/plan/lint_internal.h"
#include "harness/plan/overheads.h"
#include "harness/plan/path_walker.h"

namespace mtulab {
namespace {

std::string N(uint32_t n) { return std::to_string(n); }

// Where a finding about a link points: an override that set one end's MTU (its end then
// lives in another file), else the link.
SourceLoc Place(const Link& link) {
  for (const Endpoint& end : link.ends) {
    if (end.loc.file != link.loc.file) return end.loc;
  }
  return link.loc;
}

void VethMismatch(const NetModel& model, const Link& link, std::vector<Finding>& out) {
  const Iface* a = model.Find(link.ends[0].node, link.ends[0].ifname);
  const Iface* b = model.Find(link.ends[1].node, link.ends[1].ifname);
  if (a == nullptr || b == nullptr) return;
  std::optional<uint32_t> ma = model.Mtu(*a).bytes, mb = model.Mtu(*b).bytes;
  if (!ma || !mb || *ma == *mb) return;
  const Iface* small = *ma < *mb ? a : b;
  const Iface* big = small == a ? b : a;
  uint32_t lo = std::min(*ma, *mb), hi = std::max(*ma, *mb);
  Finding f;
  f.loc = Place(link);
  f.severity = Severity::kError;
  f.check = "mtu-mismatch";
  f.message = "veth " + a->Label() + " (mtu " + N(*ma) + ") and " + b->Label() + " (mtu " + N(*mb) +
              ") disagree on MTU";
  f.wire = "packets of " + N(lo + 1) + ".." + N(hi) + " bytes that " + big->node() +
           " sends through " + big->name() + " are dropped by " + small->Label() +
           " without ICMP (a veth, like a switch port, drops frames above the receiver's MTU): "
           "a black hole in that direction";
  f.fix = "give both ends the same MTU: mtu=\"" + N(lo) + "\" on " + big->Label() + ", or mtu=\"" +
          N(hi) + "\" on both";
  out.push_back(std::move(f));
}

void BridgeMismatch(const NetModel& model, const Iface& bridge, std::vector<Finding>& out) {
  std::optional<uint32_t> own = model.Mtu(bridge).bytes;
  std::string list;
  uint32_t lo = UINT32_MAX, hi = 0;
  for (const Iface* port : model.Ports(bridge)) {
    std::optional<uint32_t> m = model.Mtu(*port).bytes;
    if (!m) return;
    list += (list.empty() ? "" : ", ") + port->name() + " " + N(*m);
    lo = std::min(lo, *m);
    hi = std::max(hi, *m);
  }
  if (!own || lo == UINT32_MAX || (lo == hi && *own <= lo)) return;
  Finding f;
  f.loc = bridge.end->loc;
  f.severity = Severity::kError;
  f.check = "mtu-mismatch";
  f.message = "bridge " + bridge.Label() + " (mtu " + N(*own) + ") and its ports (" + list +
              ") disagree on MTU";
  f.wire = "frames above " + N(lo) + " bytes that the bridge forwards or sends through its " +
           N(lo) + "-byte port are dropped without ICMP: a black hole for them";
  f.fix = "give the bridge and every port one MTU (" + N(lo) + ", or " + N(std::max(hi, *own)) +
          " on all)";
  out.push_back(std::move(f));
}

std::vector<std::string> Remotes(const Iface& tunnel) {
  std::vector<std::string> out;
  for (const char* key : {"remote", "group"}) {
    if (std::optional<std::string> r = tunnel.Param(key)) out.push_back(*r);
  }
  for (const std::string& f : tunnel.device->fdb) out.push_back(f);
  for (const WgPeer& p : tunnel.device->peers) {
    if (p.endpoint_addr) out.push_back(IpToString(p.endpoint_addr->ip));
  }
  return out;
}

// What an overlay larger than its underlay does, by kind (README "Predict and lint").
void DescribeOverlay(const NetModel& model, const Iface& x, const Encapsulation& enc, bool df,
                     uint32_t room, Finding& f) {
  using Check = Encapsulation::UnderlayCheck;
  std::string range = N(room + 1) + "+ bytes";
  if (enc.check == Check::kRoutePmtu && df) {
    bool routes =
        model.Forwards(x.node(), Family::kIpv4) || model.Forwards(x.node(), Family::kIpv6);
    f.severity = routes ? Severity::kError : Severity::kWarning;
    f.wire = "a local sender loses its first inner packet of " + range +
             " (the overlay only lowers the route's PMTU), then learns " + N(room);
    if (routes) {
      f.wire += "; packets " + x.node() + " routes into " + x.name() +
                " are encapsulated anyway and dropped in DF outer packets, with no ICMP to "
                "their sender (measured on 6.18): a black hole";
    }
  } else if (enc.check == Check::kIcmp) {
    f.wire = "inner DF packets of " + range + " get frag-needed (mtu " + N(room) +
             ") from the tunnel itself: PMTU discovery must repair what the MTU promises";
  } else {
    f.wire = "inner packets of " + range + " cross as fragmented outer packets (" +
             (enc.check == Check::kNone ? "WireGuard never refuses them" : "no DF outside") +
             "): twice the packets, reassembly at the far end, and a lost first packet where "
             "a smaller hop further away answers an outer DF";
  }
}

void OverlayFinding(const NetModel& model, const Iface& x, std::vector<Finding>& out) {
  const Encapsulation* enc = FindEncapsulation(x.kind());
  MtuValue mtu = model.Mtu(x);
  if (enc == nullptr || !mtu.bytes) return;
  for (const std::string& text : Remotes(x)) {
    std::optional<IpAddr> remote = ParseIp(text);
    std::optional<uint32_t> oh = remote ? EncapOverhead(x, remote->family) : std::nullopt;
    if (!oh) continue;
    Prediction under = PredictPath(model, x.node(), text, remote->family);
    if (!under.ok || *mtu.bytes + *oh <= under.pmtu) continue;
    uint32_t room = under.pmtu > *oh ? under.pmtu - *oh : 0;
    std::optional<std::string> df_attr = x.Param("df");
    bool df = enc->outer_df == Encapsulation::OuterDf::kSet ||
              (enc->outer_df == Encapsulation::OuterDf::kAttr &&
               (remote->family == Family::kIpv6 || df_attr == "set" || df_attr == "inherit"));
    Finding f;
    f.loc = x.end->loc;
    f.check = "overlay-mtu";
    std::string why = mtu.why == "mtu " + N(*mtu.bytes) ? "" : " (" + mtu.why + ")";
    f.message = x.kind() + " " + x.Label() + " has mtu " + N(*mtu.bytes) + why +
                ", but its underlay path to " + text + " carries " + N(under.pmtu) +
                " (bottleneck " + under.BottleneckLimit().Where() + "): " + N(*mtu.bytes) + " + " +
                N(*oh) + " " + x.kind() + " > " + N(under.pmtu);
    DescribeOverlay(model, x, *enc, df, room, f);
    std::string where;
    if (std::optional<uint32_t> frag = FragmentingLimit(under, &where); frag && !df) {
      f.severity = Severity::kError;
      f.wire += "; outer fragments above " + N(*frag) + " bytes die at " + where +
                " without ICMP: a black hole";
    }
    f.fix = "set mtu=\"" + N(room) + "\" on " + x.name() +
            " (and on its peer), or raise the "
            "underlay path to " +
            N(*mtu.bytes + *oh);
    out.push_back(std::move(f));
    return;
  }
}

}  // namespace

void CheckSegments(const NetModel& model, std::vector<Finding>& out) {
  for (const Link& link : model.topology().links) VethMismatch(model, link, out);
  for (const Iface& i : model.ifaces()) {
    if (i.Is(Forwarding::kBridge)) BridgeMismatch(model, i, out);
  }
}

void CheckIpv6MinMtu(const NetModel& model, std::vector<Finding>& out) {
  for (const Iface& i : model.ifaces()) {
    if (i.end->FirstAddress(Family::kIpv6) == nullptr) continue;
    MtuValue mtu = model.Mtu(i);
    if (!mtu.bytes || *mtu.bytes >= 1280 || i.end->mtu == mtu.bytes) continue;
    Finding f;
    f.loc = i.end->loc;
    f.severity = Severity::kError;
    f.check = "ipv6-min-mtu";
    f.message = i.Label() + " has IPv6 addresses, but its MTU will be " + N(*mtu.bytes) + " (" +
                mtu.why + "), below IPv6's minimum of 1280";
    f.wire =
        "Linux turns IPv6 off on an interface below 1280: its IPv6 addresses are removed "
        "and IPv6 traffic through it has no route";
    f.fix = "give " + i.name() +
            " an MTU of at least 1280 (its lower device at least 1280 plus "
            "the overhead)";
    out.push_back(std::move(f));
  }
}

void CheckOverlays(const NetModel& model, std::vector<Finding>& out) {
  for (const Iface& i : model.ifaces()) {
    if (i.device == nullptr || FindEncapsulation(i.kind()) == nullptr) continue;
    if (i.schema()->mtu == MtuRule::kDevMinusOverhead && i.Param("dev") && i.end->mtu) {
      MtuValue mtu = model.Mtu(i);
      if (mtu.bytes && *mtu.bytes < *i.end->mtu) {
        Finding f;
        f.loc = i.end->loc;
        f.check = "overlay-mtu";
        f.message = i.kind() + " " + i.Label() + " asks for mtu " + N(*i.end->mtu) +
                    ", above what its dev allows: " + mtu.why;
        f.wire = "the interface carries " + N(*mtu.bytes) + ", not " + N(*i.end->mtu) +
                 " (measured: the kernel clamps without an error)";
        f.fix = "set mtu=\"" + N(*mtu.bytes) + "\", or raise dev's MTU";
        out.push_back(std::move(f));
      }
    }
    OverlayFinding(model, i, out);
  }
}

}  // namespace mtulab
