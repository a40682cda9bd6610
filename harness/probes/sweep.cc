// Largest DF payload that crosses: a binary search of echo sizes.
#include <chrono>

#include "harness/probes/echo.h"
#include "harness/probes/probe.h"

namespace mtulab {

Facts RunSweep(ProbeContext& ctx, const SweepStep& step) {
  ResolvedTarget target = ResolveTarget(ctx.lab.topology(), step.to, step.family);
  bool v4 = target.family == Family::kIpv4;
  UniqueFd fd = OpenPingSocket(ctx.lab.node(step.from), step.df, std::nullopt, target.family);
  SockAddr dst = MakeSockAddr(target);
  auto timeout = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(step.timeout_s));
  uint16_t seq = 0;
  int probes = 0;
  std::string first_failure;
  auto crosses = [&](uint32_t size) {
    for (uint32_t t = 0; t < step.tries; ++t) {
      ++probes;
      EchoOutcome o = SendEcho(fd.get(), dst, v4, ++seq, size, timeout);
      if (o.result == "reply") return true;
      if (first_failure.empty()) first_failure = o.result;
    }
    return false;
  };
  // The first echoes of a path also wait for neighbour resolution on every hop (and, over
  // an overlay, for its underlay's); on a busy machine that outlasted both tries of the
  // first bisection size, which then counted as too big (seen: 1399 found on a 1422 path).
  // So the path is primed with echoes of the smallest size first; they decide nothing.
  for (uint32_t t = 0; t <= step.tries; ++t) {
    ++probes;
    if (SendEcho(fd.get(), dst, v4, ++seq, step.min, timeout).result == "reply") break;
  }
  // Invariant: every size <= lo crossed (or lo == min - 1), every size > hi failed.
  int64_t lo = static_cast<int64_t>(step.min) - 1, hi = step.max;
  while (lo < hi) {
    int64_t mid = lo + (hi - lo + 1) / 2;
    if (crosses(static_cast<uint32_t>(mid))) lo = mid; else hi = mid - 1;
  }
  Facts f;
  f.Set("sweep.target", target.address);
  f.Set("sweep.probes", probes);
  if (!first_failure.empty()) f.Set("sweep.failure", first_failure);
  if (lo < static_cast<int64_t>(step.min)) return f;  // nothing crossed: no size facts
  int64_t header = v4 ? 28 : 48;  // IP + ICMP headers around the payload
  f.Set("sweep.largest_payload", lo);
  f.Set("sweep.path_mtu", lo + header);
  if (step.underlay) {
    LabNode& n = ctx.lab.node(*step.underlay->node);
    int64_t mtu = n.rtnl.GetLink(ctx.lab.IfIndex(*step.underlay->node, *step.underlay->ifname)).mtu;
    f.Set("sweep.underlay_mtu", mtu);
    f.Set("sweep.overhead", mtu - (lo + header));
  }
  return f;
}
MTULAB_REGISTER_STEP_RUNNER(SweepStep, RunSweep);

}  // namespace mtulab
