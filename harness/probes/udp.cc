// <udp>: datagrams from a connected socket in `from` to a receiver bound in the target's
// node, both driven by this thread. Local EMSGSIZE and ICMP errors come from the sender's
// error queue (IP_RECVERR), the received (reassembled) sizes from the receiver.
#include <arpa/inet.h>
#include <time.h>  // struct timespec, before <linux/errqueue.h>
#include <linux/errqueue.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

#include "harness/probes/probe.h"
#include "harness/probes/tcp_remote.h"
#include "harness/probes/transport_util.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

using Clock = TransferClock::Clock;

// Room for many large datagrams between two drains of the receiver.
constexpr int kReceiveBuffer = 8 << 20;

struct UdpState {
  const UdpStep& step;
  Family family;
  int sender, receiver;
  std::vector<char> payload, scratch;
  int64_t sent = 0, errors = 0, received = 0;
  Clock::time_point first_send{}, last_receive{};
  Facts facts;
};

UniqueFd OpenReceiver(LabNode& node, const ResolvedTarget& target, const SockAddr& addr,
                      uint16_t port) {
  std::string where = "the udp receiver " + HostPort(target, port) + " in node '" + node.name + "'";
  UniqueFd fd = OpenSocketIn(node, target.family, SOCK_DGRAM, "a udp receiver");
  int size = kReceiveBuffer;
  if (::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) != 0) {
    SetIntOption(fd.get(), SOL_SOCKET, SO_RCVBUF, size, "setting SO_RCVBUF on " + where);
  }
  if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&addr.ss), addr.len) != 0) {
    ThrowErrno("binding " + where);
  }
  return fd;
}

UniqueFd OpenSender(LabNode& node, const ResolvedTarget& target, const SockAddr& addr,
                    const UdpStep& step) {
  std::string where = "the udp sender in node '" + node.name + "'";
  bool v4 = target.family == Family::kIpv4;
  UniqueFd fd = OpenSocketIn(node, target.family, SOCK_DGRAM, "a udp sender");
  SetIntOption(fd.get(), v4 ? SOL_IP : SOL_IPV6, v4 ? IP_RECVERR : IPV6_RECVERR, 1,
               "setting IP_RECVERR on " + where);
  ApplyDf(fd.get(), target.family, step.df, where);
  ApplyTos(fd.get(), target.family, step.tos, where);  // before connect(): its route lookup
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr.ss), addr.len) != 0) {
    ThrowErrno("connecting " + where + " to " + HostPort(target, step.port));
  }
  return fd;
}

/// Records the first error carrying an MTU (udp.mtu) and the first ICMP error.
void RecordError(const sock_extended_err* ee, Facts& f) {
  bool local = ee->ee_origin == SO_EE_ORIGIN_LOCAL;
  bool v4 = ee->ee_origin == SO_EE_ORIGIN_ICMP;
  bool too_big = ee->ee_errno == EMSGSIZE &&
                 (local || (v4 && ee->ee_type == ICMP_DEST_UNREACH &&
                            ee->ee_code == ICMP_FRAG_NEEDED) ||
                  (!v4 && ee->ee_type == ICMPV6_PKT_TOOBIG));
  if (too_big && !f.Has("udp.mtu")) f.Set("udp.mtu", ee->ee_info);
  if (local || f.Has("udp.icmp")) return;
  std::string kind = !too_big ? "icmp_error" : v4 ? "frag_needed" : "packet_too_big";
  f.Set("udp.icmp", kind);
  f.Set("udp.icmp_from", OffenderText(ee));
  f.Set("udp.icmp_type", static_cast<int>(ee->ee_type));
  f.Set("udp.icmp_code", static_cast<int>(ee->ee_code));
}

/// Reads the sender's whole error queue into the facts and clears its pending error, which
/// would otherwise fail the next send() with an error that belongs to an earlier datagram.
void DrainErrors(UdpState& s) {
  for (;;) {
    char control[512];
    msghdr msg{};
    iovec iov{s.scratch.data(), s.scratch.size()};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    if (::recvmsg(s.sender, &msg, MSG_ERRQUEUE | MSG_DONTWAIT) < 0) break;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
      if ((c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR) ||
          (c->cmsg_level == SOL_IPV6 && c->cmsg_type == IPV6_RECVERR)) {
        RecordError(reinterpret_cast<const sock_extended_err*>(CMSG_DATA(c)), s.facts);
      }
    }
  }
  int err = 0;
  socklen_t len = sizeof err;
  ::getsockopt(s.sender, SOL_SOCKET, SO_ERROR, &err, &len);
}

/// Counts every datagram waiting at the receiver; MSG_TRUNC makes recv() return a
/// datagram's full (reassembled) length.
void DrainReceiver(UdpState& s) {
  for (;;) {
    ssize_t got = ::recv(s.receiver, s.scratch.data(), s.scratch.size(), MSG_DONTWAIT | MSG_TRUNC);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return;
    if (s.received == 0) s.facts.Set("udp.received_size", static_cast<int64_t>(got));
    ++s.received;
    s.last_receive = Clock::now();
  }
}

/// The path MTU the connected socket reports (IP_MTU / IPV6_MTU), 0 if it gives none.
int SocketMtu(int fd, Family family) {
  bool v4 = family == Family::kIpv4;
  int mtu = 0;
  socklen_t len = sizeof mtu;
  if (::getsockopt(fd, v4 ? SOL_IP : SOL_IPV6, v4 ? IP_MTU : IPV6_MTU, &mtu, &len) != 0) return 0;
  return mtu;
}

/// Sends one datagram; returns its result (sent, emsgsize, error).
std::string SendOne(UdpState& s) {
  DrainErrors(s);
  Clock::time_point now = Clock::now();
  if (::send(s.sender, s.payload.data(), s.payload.size(), MSG_NOSIGNAL) >= 0) {
    if (s.sent++ == 0) s.first_send = now;
    return "sent";
  }
  int err = errno;
  ++s.errors;
  DrainErrors(s);  // a local EMSGSIZE queues its MTU in addition to failing send()
  if (err == EMSGSIZE) {
    if (!s.facts.Has("udp.mtu")) {
      if (int mtu = SocketMtu(s.sender, s.family); mtu > 0) s.facts.Set("udp.mtu", mtu);
    }
    return "emsgsize";
  }
  if (!s.facts.Has("udp.errno")) s.facts.Set("udp.errno", std::strerror(err));
  return "error";
}

/// Waits up to the step's timeout for datagrams still in flight (or their ICMP errors).
void AwaitStragglers(UdpState& s) {
  TransferClock clock(Clock::now(), SecondsToDuration(s.step.timeout_s), Clock::duration::max());
  while (s.received < s.sent) {
    Clock::time_point now = Clock::now();
    if (clock.Check(now) != TransferClock::State::kRunning) return;
    pollfd fds[2] = {{s.receiver, POLLIN, 0}, {s.sender, 0, 0}};
    int n = ::poll(fds, 2, clock.PollTimeoutMs(now));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ThrowErrno("waiting for udp datagrams (poll)");
    if (fds[1].revents & POLLERR) DrainErrors(s);
    DrainReceiver(s);
  }
}

}  // namespace

Facts RunUdp(ProbeContext& ctx, const UdpStep& step) {
  const Topology& topology = ctx.lab.topology();
  ResolvedTarget target = ResolveTarget(topology, step.to, step.family);
  // Probe mode, an address no node has: `mtulab serve` there echoes each datagram, which
  // comes back to the sender's socket (a round trip).
  bool remote =
      !step.to.node && ctx.lab.ExternalTargets() && NodesWith(topology, target.ip).empty();
  std::string receiver_node = remote ? "remote" : TargetNode(topology, step.to, target);
  SockAddr dst = WithPort(MakeSockAddr(target), step.port);
  UniqueFd receiver =
      remote ? UniqueFd() : OpenReceiver(ctx.lab.node(receiver_node), target, dst, step.port);
  UniqueFd sender = OpenSender(ctx.lab.node(step.from), target, dst, step);
  UdpState s{step, target.family,           sender.get(), remote ? sender.get() : receiver.get(),
             {},   std::vector<char>(65536)};
  s.payload.resize(step.size);
  for (uint32_t i = 0; i < step.size; ++i) s.payload[i] = static_cast<char>(i);
  for (uint32_t i = 0; i < step.count; ++i) {
    std::string result = SendOne(s);
    if (i == 0) s.facts.Set("udp.result", result);
    s.facts.Set("udp.last_result", result);
    DrainReceiver(s);
  }
  AwaitStragglers(s);
  DrainErrors(s);
  Facts& f = s.facts;
  f.Set("udp.target", target.address);
  f.Set("udp.port", static_cast<uint32_t>(step.port));
  f.Set("udp.family", FamilyName(target.family));
  f.Set("udp.df", DfModeName(step.df));
  f.Set("udp.receiver", receiver_node);
  f.Set("udp.size", step.size);
  f.Set("udp.sent", s.sent);
  f.Set("udp.errors", s.errors);
  f.Set("udp.received", s.received);
  if (int mtu = SocketMtu(s.sender, s.family); mtu > 0) f.Set("udp.path_mtu", mtu);
  if (s.received > 0) {
    f.Set("udp.duration_us", static_cast<int64_t>(
                                 std::chrono::duration_cast<std::chrono::microseconds>(
                                     s.last_receive - s.first_send).count()));
  }
  return f;
}
MTULAB_REGISTER_STEP_RUNNER(UdpStep, RunUdp);

}  // namespace mtulab
