// <tcp> to an address no node of a probe run has: the far end is `mtulab serve`, which
// answers a request that starts with its header (runner/serve.h) with the response size
// asked for. Only the client is ours: its facts, and the server's are absent.
#include <linux/tcp.h>  // TCP_MAXSEG without glibc's <netinet/tcp.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <cstring>
#include <vector>

#include "harness/probes/probe.h"
#include "harness/probes/tcp_remote.h"
#include "harness/probes/transport_tcp_info.h"
#include "harness/probes/transport_util.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

using Clock = TransferClock::Clock;

struct RemoteRun {
  std::string result;
  int error = 0;
  bool connected = false;
  uint64_t sent = 0, received = 0;
  Clock::time_point start = Clock::now(), connected_at{}, progress = start;
  std::optional<TcpInfoSample> at_connect, at_end;
};

// The request: the serve header (magic, response size big-endian), then `request` bytes.
std::vector<char> Request(const TcpStep& step) {
  std::vector<char> out(kRemoteTcpMagic, kRemoteTcpMagic + 8);
  uint32_t size = static_cast<uint32_t>(std::min<uint64_t>(step.response, 1u << 30));
  for (int shift : {24, 16, 8, 0}) out.push_back(static_cast<char>((size >> shift) & 0xff));
  out.resize(out.size() + step.request, 'q');
  return out;
}

// Moves bytes until the response ended, a failure, a stall or the deadline.
void Transfer(int fd, const TcpStep& step, RemoteRun& r) {
  std::vector<char> request = Request(step);
  size_t off = 0;
  bool shut = false;
  char buf[65536];
  auto deadline = r.start + SecondsToDuration(step.timeout_s);
  for (;;) {
    if (off == request.size() && !shut) {
      ::shutdown(fd, SHUT_WR);  // a failure shows as the next read's error
      shut = true;
    }
    auto now = Clock::now();
    if (now >= deadline) return void(r.result = "timeout");
    if (now - r.progress >= SecondsToDuration(step.stall_s)) return void(r.result = "stalled");
    pollfd p{fd, static_cast<short>(POLLIN | (shut ? 0 : POLLOUT)), 0};
    if (::poll(&p, 1, 20) < 0 && errno != EINTR) ThrowErrno("waiting on the tcp client");
    if (!shut && (p.revents & POLLOUT)) {
      ssize_t put = ::send(fd, request.data() + off, request.size() - off, MSG_NOSIGNAL);
      if (put < 0 && errno != EAGAIN) return void(r.result = TcpErrnoResult(r.error = errno));
      if (put > 0) off += static_cast<size_t>(put), r.progress = Clock::now();
    }
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t got = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
      if (got < 0 && errno != EAGAIN) return void(r.result = TcpErrnoResult(r.error = errno));
      if (got == 0) {
        r.result = shut && r.received == step.response ? "completed" : "truncated";
        return;
      }
      if (got > 0) r.received += static_cast<uint64_t>(got), r.progress = Clock::now();
    }
    r.sent = off > kRemoteTcpHeader ? off - kRemoteTcpHeader : 0;
  }
}

// Non-blocking connect within the step's timeout; false with r.result set on failure.
bool Connect(int fd, const SockAddr& dst, const TcpStep& step, RemoteRun& r) {
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&dst.ss), dst.len) != 0 &&
      errno != EINPROGRESS) {
    r.result = TcpErrnoResult(r.error = errno);
    return false;
  }
  pollfd p{fd, POLLOUT, 0};
  int ms = static_cast<int>(WholeMilliseconds(SecondsToDuration(step.timeout_s)));
  if (::poll(&p, 1, ms) == 0) return r.result = "timeout", false;
  socklen_t len = sizeof r.error;
  ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &r.error, &len);
  if (r.error != 0) return r.result = TcpErrnoResult(r.error), false;
  r.connected = true;
  r.connected_at = r.progress = Clock::now();
  r.at_connect = ReadTcpInfo(fd);
  return true;
}

void AddFacts(const RemoteRun& r, const TcpStep& step, Facts& f) {
  f.Set("tcp.server", "remote");
  f.Set("tcp.result", r.result);
  f.SetBool("tcp.connected", r.connected);
  f.SetBool("tcp.completed", r.result == "completed");
  f.SetBool("tcp.stalled", r.result == "stalled");
  f.Set("tcp.request_bytes", static_cast<int64_t>(r.sent));
  f.Set("tcp.response_bytes", static_cast<int64_t>(r.received));
  f.Set("tcp.duration_ms", WholeMilliseconds(Clock::now() - r.start));
  if (r.connected) {
    f.Set("tcp.connect_ms", WholeMilliseconds(r.connected_at - r.start));
    f.Set("tcp.last_progress_ms", WholeMilliseconds(r.progress - r.start));
    if (r.at_connect) AddTcpInfoFacts(*r.at_connect, "tcp.client.connect.", f);
    if (r.at_end) AddTcpInfoFacts(*r.at_end, "tcp.client.", f);
  }
  if (r.result == "completed") {
    f.Set("tcp.throughput_mbps",
          MegabitsPerSecond(step.request + step.response, Clock::now() - r.connected_at));
  }
  if (r.error != 0) f.Set("tcp.errno", std::strerror(r.error));
}

}  // namespace

Facts RunRemoteTcp(ProbeContext& ctx, const TcpStep& step, const ResolvedTarget& target) {
  if (step.end != TcpEnd::kShutdown) {
    ThrowErrno("tcp to " + target.address + ", which no node of this run has: only end=" +
                   "\"shutdown\" is possible with `mtulab serve` as the server",
               EINVAL);
  }
  LabNode& node = ctx.lab.node(step.from);
  std::string where = "the tcp client socket in node '" + node.name + "'";
  UniqueFd fd = OpenSocketIn(node, target.family, SOCK_STREAM, "a tcp client socket");
  ApplyDf(fd.get(), target.family, step.df, where);
  if (step.mss) {
    SetIntOption(fd.get(), IPPROTO_TCP, TCP_MAXSEG, static_cast<int>(*step.mss),
                 "setting TCP_MAXSEG " + std::to_string(*step.mss) + " on " + where);
  }
  RemoteRun r;
  if (Connect(fd.get(), WithPort(MakeSockAddr(target), step.port), step, r)) {
    Transfer(fd.get(), step, r);
    r.at_end = ReadTcpInfo(fd.get());
  }
  if (r.result != "completed") {
    linger l{1, 0};  // a reset: no orphan keeps retransmitting into the network
    ::setsockopt(fd.get(), SOL_SOCKET, SO_LINGER, &l, sizeof l);
  }
  Facts f;
  f.Set("tcp.target", target.address);
  f.Set("tcp.port", static_cast<uint32_t>(step.port));
  f.Set("tcp.family", FamilyName(target.family));
  f.Set("tcp.df", DfModeName(step.df));
  f.Set("tcp.end", TcpEndName(step.end));
  AddFacts(r, step, f);
  return f;
}

}  // namespace mtulab
