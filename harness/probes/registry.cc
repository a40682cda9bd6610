#include <type_traits>

#include "harness/probes/probe.h"

namespace mtulab {

Facts RunStep(ProbeContext& ctx, const Step& step) {
  return std::visit(
      [&ctx](const auto& body) -> Facts {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, PingStep>) return RunPing(ctx, body);
        if constexpr (std::is_same_v<T, PmtuStep>) return RunPmtu(ctx, body);
        if constexpr (std::is_same_v<T, CounterStep>) return RunCounter(ctx, body);
        if constexpr (std::is_same_v<T, LinkStep>) return RunLinkRead(ctx, body);
        if constexpr (std::is_same_v<T, SetStep>) return RunSet(ctx, body);
        if constexpr (std::is_same_v<T, FlushStep>) return RunFlush(ctx, body);
        if constexpr (std::is_same_v<T, WaitStep>) return RunWait(ctx, body);
        if constexpr (std::is_same_v<T, SweepStep>) return RunSweep(ctx, body);
        if constexpr (std::is_same_v<T, EncapStep>) return RunEncap(ctx, body);
        if constexpr (std::is_same_v<T, TcpStep>) return RunTcp(ctx, body);
        if constexpr (std::is_same_v<T, UdpStep>) return RunUdp(ctx, body);
        if constexpr (std::is_same_v<T, CaptureStartStep>) return RunCaptureStart(ctx, body);
        if constexpr (std::is_same_v<T, CaptureStopStep>) return RunCaptureStop(ctx, body);
        if constexpr (std::is_same_v<T, DeleteLinkStep>) return RunDeleteLink(ctx, body);
        if constexpr (std::is_same_v<T, RouteReplaceStep>) return RunRouteReplace(ctx, body);
      },
      step.body);
}

}  // namespace mtulab
