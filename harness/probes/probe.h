#ifndef MTULAB_PROBES_PROBE_H_
#define MTULAB_PROBES_PROBE_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "harness/model/errors.h"
#include "harness/model/facts.h"
#include "harness/model/suite.h"
#include "harness/probes/lab_view.h"

namespace mtulab {

class CaptureSet;  // harness/probes/capture.h

/// What a step runs against: the built lab and the case's memory of earlier readings
/// (for ".delta" facts).
struct ProbeContext {
  LabView& lab;
  std::map<std::string, int64_t> previous;  // "node|counter" -> last value read
  /// The case's packet captures, made by the first <capture-start> (or by the case runner,
  /// which keeps their files when the case fails). Running captures stop when the last
  /// owner lets go.
  std::shared_ptr<CaptureSet> captures;
  /// Whether a fact's value (nullopt: absent) meets an expectation: the checks engine's
  /// Satisfies, handed down by the case runner (probes do not include checks). <until>
  /// needs it; a null one makes an <until> a logic error.
  bool (*satisfies)(const Expectation& e, const FactValue* observed) = nullptr;
  /// Set when the user aborts the running cases (a second Ctrl-C): <wait> and <until> stop
  /// sleeping within a tick and throw CaseAborted. Null: never aborted.
  const std::atomic<bool>* abort = nullptr;
};

/// Sleeps until `until`, waking every 50 ms to look at ctx.abort; throws CaseAborted when
/// it is set (the case runner names the step).
void SleepUnlessAborted(const ProbeContext& ctx, std::chrono::steady_clock::time_point until);

/// A step target resolved to an address.
struct ResolvedTarget {
  // All three, always: a target without its parsed address cannot be built (a default
  // IpAddr would silently be 0.0.0.0, the local host).
  ResolvedTarget(Family f, std::string text, IpAddr addr)
      : family(f), address(std::move(text)), ip(addr) {}
  Family family;
  std::string address;  // as written in the step or the topology, for facts and messages
  IpAddr ip;            // the address itself (parsed by the loader)
};

/// Resolves "ADDR" or "node:ifname" (first address of the family). Throws SysError
/// (EADDRNOTAVAIL) if the interface has no address of that family.
ResolvedTarget ResolveTarget(const Topology& topology, const Target& target,
                             std::optional<Family> family);

/// The nodes with an interface that has `ip` (compared as binary addresses: "fd00:0::1" and
/// "fd00::1" are the same host), each once, in topology order.
std::vector<std::string> NodesWith(const Topology& topology, const IpAddr& ip);

/// The node that answers for `target` (where a <tcp> server or <udp> receiver runs): the
/// node of "node:ifname", else the one node owning the literal address. Throws SysError
/// (EADDRNOTAVAIL) when no node owns it, or when several do.
std::string TargetNode(const Topology& topology, const Target& target,
                       const ResolvedTarget& resolved);

/// Records `value` as fact `name` and `name.delta` (change since the last reading of `key`).
void SetWithDelta(ProbeContext& ctx, Facts& facts, const std::string& key, const std::string& name,
                  int64_t value);

/// A step kind's runner: the facts it observed. It throws SysError when the harness could not
/// do what was asked (the case then becomes `error`).
using StepRunner = Facts (*)(ProbeContext& ctx, const StepBody& body);

/// Sets the runner of StepBody alternative `index` (once: a second runner of a kind is a
/// logic error, reported by StepRunnerProblems()). MTULAB_REGISTER_STEP_RUNNER does it.
struct StepRunnerRegistration {
  StepRunnerRegistration(size_t index, StepRunner run);
};

/// Adapts `kRun`, the runner of one kind's struct, to StepRunner.
template <typename T, Facts (*kRun)(ProbeContext&, const T&)>
Facts RunStepBody(ProbeContext& ctx, const StepBody& body) {
  return kRun(ctx, std::get<T>(body));
}

/// In the step's file under harness/probes (namespace mtulab), after its runner:
/// MTULAB_REGISTER_STEP_RUNNER(PingStep, RunPing). The executables link mtulab_kernel as a
/// whole archive, so the registration is kept although nothing references it.
#define MTULAB_REGISTER_STEP_RUNNER(StepT, run)                                               \
  const ::mtulab::StepRunnerRegistration kStepRunner_##StepT {                                \
    ::mtulab::StepBody(std::in_place_type<StepT>).index(), &::mtulab::RunStepBody<StepT, run> \
  }

/// What is wrong with the runners registered: a kind without one or with several ("step
/// kind 'udp' has no runner"); empty when every row has exactly one.
std::vector<std::string> StepRunnerProblems();

// The runners of the step kinds, declared for the integration tests that run one probe
// directly; a new kind needs no line here (its file registers its runner).
Facts RunPing(ProbeContext& ctx, const PingStep& step);
Facts RunPmtu(ProbeContext& ctx, const PmtuStep& step);
Facts RunCounter(ProbeContext& ctx, const CounterStep& step);
Facts RunLinkRead(ProbeContext& ctx, const LinkStep& step);
Facts RunSet(ProbeContext& ctx, const SetStep& step);
Facts RunFlush(ProbeContext& ctx, const FlushStep& step);
Facts RunWait(ProbeContext& ctx, const WaitStep& step);
Facts RunSweep(ProbeContext& ctx, const SweepStep& step);
Facts RunEncap(ProbeContext& ctx, const EncapStep& step);
Facts RunTcp(ProbeContext& ctx, const TcpStep& step);
Facts RunUdp(ProbeContext& ctx, const UdpStep& step);
Facts RunCaptureStart(ProbeContext& ctx, const CaptureStartStep& step);
Facts RunCaptureStop(ProbeContext& ctx, const CaptureStopStep& step);
Facts RunDeleteLink(ProbeContext& ctx, const DeleteLinkStep& step);
Facts RunRouteReplace(ProbeContext& ctx, const RouteReplaceStep& step);
Facts RunRead(ProbeContext& ctx, const ReadStateStep& step);
Facts RunUntil(ProbeContext& ctx, const UntilStep& step);
Facts RunCni(ProbeContext& ctx, const CniStep& step);
Facts RunAddLink(ProbeContext& ctx, const AddLinkStep& step);
Facts RunChangeLink(ProbeContext& ctx, const ChangeLinkStep& step);

/// Runs `change`, a write to the kernel. Without `refusal_is_fact` it is plain (an error
/// propagates and the case errors). With it, the kernel refusing (a SysError with an errno)
/// becomes facts `<prefix>.result` = refused, `<prefix>.errno` ("EINVAL") and `<prefix>.error`
/// (the message); success sets `<prefix>.result` = ok. Returns whether the change was made.
bool TryKernelChange(bool refusal_is_fact, const std::string& prefix, Facts& facts,
                     const std::function<void()>& change);

/// Dispatches to the function for the step's kind (the registry).
Facts RunStep(ProbeContext& ctx, const Step& step);

}  // namespace mtulab

#endif  // MTULAB_PROBES_PROBE_H_
