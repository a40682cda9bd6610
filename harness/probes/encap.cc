// Encapsulation overhead as the wire sees it: one echo of a known inner size, and the bytes
// the underlay interface sent for it.
#include <cerrno>
#include <chrono>

#include "harness/probes/echo.h"
#include "harness/probes/probe.h"
#include "harness/sys/sys_error.h"

namespace mtulab {

Facts RunEncap(ProbeContext& ctx, const EncapStep& step) {
  ResolvedTarget target = ResolveTarget(ctx.lab.topology(), step.to, step.family);
  bool v4 = target.family == Family::kIpv4;
  LabNode& node = ctx.lab.node(step.from);
  int underlay = ctx.lab.IfIndex(step.from, *step.underlay.ifname);
  UniqueFd fd = OpenPingSocket(node, DfMode::kDo, std::nullopt, target.family);
  SockAddr dst = MakeSockAddr(target);
  auto timeout = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(step.timeout_s));
  // A first echo resolves neighbours and completes any tunnel handshake, so that only the
  // measured echo's packet crosses the underlay afterwards.
  EchoOutcome warm = SendEcho(fd.get(), dst, v4, 1, step.size, timeout);
  // Other traffic (IPv6 MLD/ND, a handshake) may share the window; only a window holding
  // exactly one underlay packet is a measurement. Try a few windows.
  constexpr int kWindows = 5;
  EchoOutcome o;
  int64_t packets = 0, bytes = 0;
  int attempts = 0;
  while (attempts < kWindows) {
    ++attempts;
    LinkState before = node.rtnl.GetLink(underlay);
    o = SendEcho(fd.get(), dst, v4, static_cast<uint16_t>(1 + attempts), step.size, timeout);
    LinkState after = node.rtnl.GetLink(underlay);
    packets = static_cast<int64_t>(after.tx_packets - before.tx_packets);
    bytes = static_cast<int64_t>(after.tx_bytes - before.tx_bytes);
    if (o.result != "reply" || packets == 1) break;
  }
  Facts f;
  f.Set("encap.result", o.result);
  f.Set("encap.warmup_result", warm.result);
  f.Set("encap.windows", attempts);
  int64_t inner = step.size + (v4 ? 28 : 48);
  f.Set("encap.inner_packet", inner);
  f.Set("encap.underlay_packets", packets);
  if (o.result == "reply" && packets == 1) {
    // veth counts the Ethernet header (14 bytes) in tx_bytes.
    f.Set("encap.outer_packet", bytes - 14);
    f.Set("encap.overhead", bytes - 14 - inner);
  }
  return f;
}
MTULAB_REGISTER_STEP_RUNNER(EncapStep, RunEncap);

}  // namespace mtulab
