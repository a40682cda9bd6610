#ifndef MTULAB_PROBES_TCP_REMOTE_H_
#define MTULAB_PROBES_TCP_REMOTE_H_

#include <cstddef>

#include "harness/model/facts.h"
#include "harness/probes/probe.h"

namespace mtulab {

/// The header a <tcp> request to `mtulab serve` starts with: this magic (8 bytes), then the
/// response size, 4 bytes big-endian (runner/serve.h implements the server side).
inline constexpr char kRemoteTcpMagic[] = "mtulab1\n";
inline constexpr size_t kRemoteTcpHeader = 12;

/// <tcp> of a probe run to `target`, which no node of the run has (LabView::ExternalTargets):
/// only the client is ours; `mtulab serve` answers there. Throws SysError.
Facts RunRemoteTcp(ProbeContext& ctx, const TcpStep& step, const ResolvedTarget& target);

}  // namespace mtulab

#endif  // MTULAB_PROBES_TCP_REMOTE_H_
