// One mesh pair A->B: the route's MTU from A (the expectation unless given), then a DF sweep
// (ICMP echo, DF set, binary search) for the largest packet that crosses.
#include <chrono>
#include <optional>

#include "harness/checks/checks.h"
#include "harness/model/ip.h"
#include "harness/probes/echo.h"
#include "harness/runner/mesh.h"
#include "harness/sys/rtnl.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

using Clock = std::chrono::steady_clock;

// Counts a socket open for as long as it lives, keeping the peak.
class SocketSlot {
 public:
  SocketSlot(std::atomic<int>* open, std::atomic<int>* peak) : open_(open) {
    int now = open_->fetch_add(1) + 1;
    for (int p = peak->load(); now > p && !peak->compare_exchange_weak(p, now);) {
    }
  }
  ~SocketSlot() { open_->fetch_sub(1); }
  SocketSlot(const SocketSlot&) = delete;
  SocketSlot& operator=(const SocketSlot&) = delete;

 private:
  std::atomic<int>* open_;
};

// The smallest MTU on A's route to `addr`: its egress interface's and the route's own (a
// cached PMTU exception is recorded, not expected).
// The netlink socket is closed before returning.
uint32_t RouteMtu(const MeshMember& a, Family family, const std::string& addr, Facts& f) {
  std::optional<Rtnl> rtnl;
  {
    ScopedNetnsEnter in(*a.ns);
    rtnl.emplace("node '" + a.name + "'");
  }
  RouteAnswer route = rtnl->GetRoute(family, addr);
  uint32_t mtu = rtnl->GetLink(route.oif).mtu;
  f.Set("mesh.link_mtu", mtu);
  if (route.mtu && route.expires_ticks > 0) {
    // A PMTU exception learned earlier: what the path gave, not what it should give.
    f.Set("mesh.cached_pmtu", *route.mtu);
  } else if (route.mtu) {
    f.Set("mesh.route_mtu", *route.mtu);
    mtu = std::min(mtu, *route.mtu);
  }
  return mtu;
}

struct Sweep {
  int64_t largest = -1;  // largest payload that crossed; -1: not even the smallest
  int probes = 0;
  std::string first_failure;
};

Sweep DfSweep(int fd, const SockAddr& dst, bool v4, uint32_t lo, uint32_t hi,
              const MeshOptions& o) {
  auto timeout =
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.timeout_s));
  Sweep s;
  uint16_t seq = 0;
  auto crosses = [&](uint32_t size, unsigned tries) {
    for (unsigned t = 0; t < tries; ++t) {
      ++s.probes;
      EchoOutcome e = SendEcho(fd, dst, v4, ++seq, size, timeout);
      if (e.result == "reply") return true;
      if (s.first_failure.empty()) s.first_failure = e.result;
    }
    return false;
  };
  // The smallest size first, with one more try: it also waits for neighbour resolution.
  if (!crosses(lo, o.tries + 1)) return s;
  int64_t low = lo, high = hi;  // every size <= low crossed, every size > high failed
  while (low < high) {
    int64_t mid = low + (high - low + 1) / 2;
    if (crosses(static_cast<uint32_t>(mid), o.tries))
      low = mid;
    else
      high = mid - 1;
  }
  s.largest = low;
  return s;
}

// Judges the pair: an expectation "mesh.path_mtu >= expected" in the step record.
void Judge(CaseResult& r, const std::string& step, Facts f, uint32_t expected) {
  Expectation x;
  x.fact = "mesh.path_mtu";
  x.op = Expectation::Op::kAtLeast;
  x.values = {std::to_string(expected)};
  TypeExpectation(x, FactType::kInteger);
  if (!Satisfies(x, f.Value(x.fact))) {
    r.unmet.push_back(Unmet{1, step, x, f.Get(x.fact)});
    r.outcome = Outcome::kFail;
  }
  r.steps.push_back(StepRecord{1, step, std::move(f), r.seconds, "sweep", {x}});
}

}  // namespace

CaseResult ProbeMeshPair(const MeshMember& a, const MeshMember& b, const MeshOptions& o,
                         std::atomic<int>* sockets, std::atomic<int>* peak) {
  auto start = Clock::now();
  CaseResult r;
  r.name = a.name + "->" + b.name;
  bool v4 = o.family == Family::kIpv4;
  uint32_t header = v4 ? 28 : 48;
  std::string step = "sweep " + a.name + " -> " + b.addr + " (" + b.name + ") df=do " +
                     std::to_string(o.lo) + ".." + std::to_string(o.hi);
  Facts f;
  f.Set("mesh.target", b.addr);
  try {
    uint32_t expected = 0;
    {
      SocketSlot slot(sockets, peak);
      expected = RouteMtu(a, o.family, b.addr, f);
    }
    if (o.expect_mtu) expected = *o.expect_mtu;
    f.Set("mesh.expected_mtu", expected);
    SocketSlot slot(sockets, peak);
    UniqueFd fd = OpenPingSocketIn(*a.ns, a.name, DfMode::kDo, std::nullopt, o.family);
    std::optional<IpAddr> ip = ParseIp(b.addr);
    if (!ip) ThrowErrno(b.name + ": '" + b.addr + "' is not an address", EINVAL);
    SockAddr dst = MakeSockAddr({o.family, b.addr, *ip});
    Sweep s = DfSweep(fd.get(), dst, v4, o.lo - header, o.hi - header, o);
    f.Set("mesh.probes", s.probes);
    if (s.largest < 0) {
      ThrowErrno(b.name + " (" + b.addr + ") did not answer a DF echo of the smallest size, " +
                     std::to_string(o.lo) + " bytes: " + s.first_failure,
                 EHOSTUNREACH);
    }
    f.Set("mesh.path_mtu", s.largest + header);
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    Judge(r, step, std::move(f), expected);
  } catch (const std::exception& e) {
    r.outcome = Outcome::kError;
    r.reason = step + ": " + e.what();
  }
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return r;
}

}  // namespace mtulab
