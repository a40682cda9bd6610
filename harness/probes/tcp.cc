// <tcp>: one connection from `from` to a listener in the target's node, both ends run by
// TcpSession (after the handshake, one thread per end); facts from the byte counts, the
// clock, how the server saw the client end, and each side's TCP_INFO as the session sampled
// it after the handshake and at the end.
//
// TCP_INFO is read by transport_tcp_info.cc (the kernel's header, not glibc's truncated one).
#include <linux/tcp.h>  // TCP_MAXSEG without glibc's <netinet/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>
#include <optional>

#include "harness/probes/probe.h"
#include "harness/probes/tcp_remote.h"
#include "harness/probes/transport_tcp_session.h"
#include "harness/probes/transport_util.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

UniqueFd OpenListener(LabNode& node, const ResolvedTarget& target, const SockAddr& addr,
                      const TcpStep& step) {
  std::string where = "the tcp listener " + HostPort(target, step.port) + " in node '" +
                      node.name + "'";
  UniqueFd fd = OpenSocketIn(node, target.family, SOCK_STREAM, "a tcp listener");
  // A previous step's connection on the same port may still be in TIME_WAIT.
  SetIntOption(fd.get(), SOL_SOCKET, SO_REUSEADDR, 1, "setting SO_REUSEADDR on " + where);
  ApplyDf(fd.get(), target.family, step.df, where);
  if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&addr.ss), addr.len) != 0) {
    ThrowErrno("binding " + where);
  }
  if (::listen(fd.get(), 4) != 0) ThrowErrno("listening on " + where);
  return fd;
}

UniqueFd OpenClient(LabNode& node, Family family, const TcpStep& step) {
  std::string where = "the tcp client socket in node '" + node.name + "'";
  UniqueFd fd = OpenSocketIn(node, family, SOCK_STREAM, "a tcp client socket");
  ApplyDf(fd.get(), family, step.df, where);
  if (step.mss) {
    SetIntOption(fd.get(), IPPROTO_TCP, TCP_MAXSEG, static_cast<int>(*step.mss),
                 "setting TCP_MAXSEG " + std::to_string(*step.mss) + " on " + where);
  }
  return fd;
}

// tcp.<side>.* from TCP_INFO at the end, tcp.<side>.connect.* right after the handshake
// (each left out when the kernel refused). snd_mss is tp->mss_cache, the value TCP_MAXSEG
// reads on a connected socket; TCP_MAXSEG itself is not read because on a closed socket it
// returns the user's MSS instead, and a completed client socket is already closed
// (TIME_WAIT) here.
void AddSideFacts(const std::optional<TcpInfoSample>& connect,
                  const std::optional<TcpInfoSample>& end, const std::string& side, Facts& f) {
  if (connect) AddTcpInfoFacts(*connect, "tcp." + side + ".connect.", f);
  if (end) AddTcpInfoFacts(*end, "tcp." + side + ".", f);
}

void AddOutcomeFacts(const TcpOutcome& o, Facts& f) {
  f.Set("tcp.result", o.result);
  f.SetBool("tcp.connected", o.connected);
  f.SetBool("tcp.completed", o.result == "completed");
  f.SetBool("tcp.stalled", o.result == "stalled");
  f.Set("tcp.request_bytes", static_cast<int64_t>(o.request_received));
  f.Set("tcp.response_bytes", static_cast<int64_t>(o.response_received));
  f.Set("tcp.duration_ms", WholeMilliseconds(o.duration));
  if (o.connected) {
    f.Set("tcp.connect_ms", WholeMilliseconds(o.connect_time));
    f.Set("tcp.last_progress_ms", WholeMilliseconds(o.last_progress));
  }
  if (o.result == "completed") {
    f.Set("tcp.throughput_mbps",
          MegabitsPerSecond(o.request_received + o.response_received, o.data_time));
  }
  if (o.error != 0) f.Set("tcp.errno", std::strerror(o.error));
}

}  // namespace

Facts RunTcp(ProbeContext& ctx, const TcpStep& step) {
  const Topology& topology = ctx.lab.topology();
  ResolvedTarget target = ResolveTarget(topology, step.to, step.family);
  if (!step.to.node && ctx.lab.ExternalTargets() && NodesWith(topology, target.ip).empty()) {
    return RunRemoteTcp(ctx, step, target);  // `mtulab serve` answers there
  }
  std::string server = TargetNode(topology, step.to, target);
  SockAddr dst = WithPort(MakeSockAddr(target), step.port);
  UniqueFd listener = OpenListener(ctx.lab.node(server), target, dst, step);
  UniqueFd client = OpenClient(ctx.lab.node(step.from), target.family, step);
  TcpSession session(
      std::move(listener), std::move(client),
      TcpSession::Plan{step.request, step.response, SecondsToDuration(step.timeout_s),
                       SecondsToDuration(step.stall_s), step.end});
  TcpOutcome outcome = session.Run(dst);
  Facts f;
  f.Set("tcp.target", target.address);
  f.Set("tcp.port", static_cast<uint32_t>(step.port));
  f.Set("tcp.family", FamilyName(target.family));
  f.Set("tcp.df", DfModeName(step.df));
  f.Set("tcp.server", server);
  f.Set("tcp.end", TcpEndName(step.end));
  AddOutcomeFacts(outcome, f);
  if (outcome.accepted) f.Set("tcp.server_saw", outcome.server_saw);
  AddSideFacts(outcome.client_connect, outcome.client_end, "client", f);
  AddSideFacts(outcome.server_connect, outcome.server_end, "server", f);
  return f;
}
MTULAB_REGISTER_STEP_RUNNER(TcpStep, RunTcp);

}  // namespace mtulab
