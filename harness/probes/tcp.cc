// <tcp>: one connection from `from` to a listener in the target's node, both ends run by
// TcpSession (after the handshake, one thread per end); facts from the byte counts, the
// clock and each side's TCP_INFO, read here once the session's threads are joined.
//
// glibc's <netinet/tcp.h> has a truncated struct tcp_info and cannot be combined with
// <linux/tcp.h>; this file uses the kernel header only.
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

#include "harness/probes/probe.h"
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

/// tcp.<side>.snd_mss, rcv_mss, advmss, pmtu, total_retrans from TCP_INFO (left out if the
/// kernel refuses). snd_mss is tp->mss_cache, the value TCP_MAXSEG reads on a connected
/// socket; TCP_MAXSEG itself is not read because on a closed socket it returns the user's
/// MSS instead, and a completed client socket is already closed (TIME_WAIT) here.
void AddSideFacts(int fd, const std::string& side, Facts& f) {
  const std::string prefix = "tcp." + side + ".";
  tcp_info info;
  std::memset(&info, 0, sizeof info);
  socklen_t len = sizeof info;
  if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) == 0 &&
      len >= offsetof(tcp_info, tcpi_total_retrans) + sizeof info.tcpi_total_retrans) {
    f.Set(prefix + "snd_mss", info.tcpi_snd_mss);
    f.Set(prefix + "rcv_mss", info.tcpi_rcv_mss);
    f.Set(prefix + "advmss", info.tcpi_advmss);
    f.Set(prefix + "pmtu", info.tcpi_pmtu);
    f.Set(prefix + "total_retrans", info.tcpi_total_retrans);
  }
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
  std::string server = TargetNode(topology, step.to, target);
  SockAddr dst = WithPort(MakeSockAddr(target), step.port);
  UniqueFd listener = OpenListener(ctx.lab.node(server), target, dst, step);
  UniqueFd client = OpenClient(ctx.lab.node(step.from), target.family, step);
  TcpSession session(std::move(listener), std::move(client),
                     TcpSession::Plan{step.request, step.response,
                                      SecondsToDuration(step.timeout_s),
                                      SecondsToDuration(step.stall_s)});
  TcpOutcome outcome = session.Run(dst);
  Facts f;
  f.Set("tcp.target", target.address);
  f.Set("tcp.port", static_cast<uint32_t>(step.port));
  f.Set("tcp.family", FamilyName(target.family));
  f.Set("tcp.df", DfModeName(step.df));
  f.Set("tcp.server", server);
  AddOutcomeFacts(outcome, f);
  if (outcome.connected) AddSideFacts(session.client_fd(), "client", f);
  if (outcome.accepted) AddSideFacts(session.server_fd(), "server", f);
  return f;
}
MTULAB_REGISTER_STEP_RUNNER(TcpStep, RunTcp);

}  // namespace mtulab
