#ifndef MTULAB_PLAN_PATH_WALKER_H_
#define MTULAB_PLAN_PATH_WALKER_H_

// Internal to harness/plan: the forwarding walk behind PredictPath() and the ICMP return
// check, which needs a walk of its own.

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "harness/plan/net_model.h"
#include "harness/plan/overheads.h"
#include "harness/plan/predictor.h"

namespace mtulab {

/// Follows one packet through the model: route lookups node by node, L2 segments (veth,
/// bridges, macvlan, vlan, L2 overlays) to the next hop's owner, L3 tunnels to their peer,
/// and each overlay's own outer path. Fills Prediction::hops with every limit met.
class PathWalker {
 public:
  /// `depth` counts nested walks (overlay underlays, ICMP return paths); `icmp_checks` asks
  /// whether each router's ICMP error would reach the sender.
  /// `budget` bounds the work of this walk and every walk it starts (nullptr: a fresh one).
  PathWalker(const NetModel& model, int depth, bool icmp_checks, int* budget = nullptr);

  /// Walks from node `from` to `dst`. `src`: the source address (else the route's choice).
  /// Fills p.hops and p.source; false with p.error set when the packet goes nowhere.
  bool Walk(const std::string& from, const IpAddr& dst, std::optional<IpAddr> src, Prediction& p);
  /// The L3 interface the packet entered each node by, in order (the last: the destination).
  const std::vector<const Iface*>& arrivals() const { return arrivals_; }

  /// A multipath route the walk met, and the nexthop it followed.
  struct Multipath {
    std::string node;
    const Route* route;
    size_t nexthop;
  };
  /// Which nexthop to follow at the first, second, ... multipath route met (default 0).
  void FollowNexthops(std::vector<size_t> nexthops) { nexthops_ = std::move(nexthops); }
  const std::vector<Multipath>& multipath() const { return multipath_; }

 private:
  bool Fail(std::string message);
  // One step of Walk: from `node` across one link; `node` becomes the next node.
  bool HopFrom(std::string& node, int step, std::optional<IpAddr> src, Prediction& p);
  std::optional<RouteChoice> ChooseRoute(const std::string& node, const std::string& destination);
  bool ChooseSource(const std::string& node, const RouteChoice& choice, std::optional<IpAddr> src,
                    Prediction& p);
  bool Cross(const std::string& node, const Iface& out, const RouteChoice& choice, bool sender,
             std::vector<PathHop>& hops, const Iface*& receiver);
  bool StartHop(const Iface& out, const RouteChoice& choice, bool sender, PathHop& hop);
  bool Transmit(const Iface& out, PathHop hop, const IpAddr& next, std::vector<PathHop>& acc,
                const Iface*& receiver, int tag);
  bool TransmitVeth(const Iface& out, PathHop hop, const IpAddr& next, std::vector<PathHop>& acc,
                    const Iface*& receiver, int tag);
  bool TransmitToParent(const Iface& out, PathHop hop, const IpAddr& next,
                        std::vector<PathHop>& acc, const Iface*& receiver, int tag);
  bool Arrive(const Iface& in, const IpAddr& next, std::vector<PathHop>& acc,
              const Iface*& receiver, int tag);
  bool Flood(const Iface& bridge, const Iface* except, const IpAddr& next,
             std::vector<PathHop>& acc, const Iface*& receiver);
  bool Overlay(const Iface& out, const PathHop& hop, const IpAddr& next, std::vector<PathHop>& acc,
               const Iface*& receiver);
  bool Tunnel(const Iface& out, PathHop hop, std::vector<PathHop>& acc, const Iface*& receiver);
  bool AddUnderlay(const Iface& tunnel, const IpAddr& remote, std::optional<IpAddr> local,
                   PathHop& hop);
  void UnderlayLimits(const Iface& tunnel, const Prediction& sub, uint32_t oh, bool df,
                      Encapsulation::UnderlayCheck check, PathHop& hop);
  void CheckIcmp(Limit& limit, const std::string& router);
  bool Spend();
  PathHop BridgedHop(const Iface& port, bool bridge_checks);

  const NetModel& model_;
  int depth_;
  bool icmp_checks_;
  std::string error_;
  std::string from_;
  IpAddr src_, dst_;
  const Iface* in_ = nullptr;  // where the packet entered the current node
  std::vector<const Iface*> arrivals_;
  std::set<std::pair<std::string, std::string>> visited_;
  std::vector<size_t> nexthops_;
  std::vector<Multipath> multipath_;
  int own_budget_ = 0;
  int* budget_;
};

/// The device at the far end of tunnel or overlay `tunnel` whose underlay address is `remote`:
/// same kind (and vni, dstport) on the node owning `remote`, preferring one pointing back.
const Iface* TunnelPeer(const NetModel& model, const Iface& tunnel, const IpAddr& remote);

/// Fills pmtu, bottleneck, mss and what PMTUD learns from p.hops; `from` names the sender
/// (its route/min_pmtu).
void Summarize(Prediction& p, const NetModel& model, const std::string& from);

/// Whether a router's ICMP error (frag-needed / Packet Too Big) toward `to` reaches it.
struct IcmpReturn {
  bool delivered = false;
  std::optional<IpAddr> source;         // the address the router sends it from
  std::string source_why;               // "src of route 10.10.10.10/32 dev vlan10 src 172.20.20.2"
  const Route* source_route = nullptr;  // route whose `src` chose the source, if any
  enum class Cause { kNone, kNoPath, kRpFilter, kIcmpFilter } cause = Cause::kNone;
  std::string dropped_at;  // node that drops it
  std::string lost;        // why it is lost, one clause
  SourceLoc blame;         // the setting that loses it: route src, rp_filter, filter
};
/// `inbound`: the interface the offending packet entered `router` by (nullptr: unknown).
IcmpReturn CheckIcmpReturn(const NetModel& model, const std::string& router, const Iface* inbound,
                           const IpAddr& to, int depth, int* budget = nullptr);

}  // namespace mtulab

#endif  // MTULAB_PLAN_PATH_WALKER_H_
