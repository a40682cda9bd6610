// DF ping over an ICMP datagram ("ping") socket, errors read from the socket's error queue.
#include <arpa/inet.h>
#include <linux/errqueue.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

#include "harness/model/values.h"
#include "harness/probes/echo.h"
#include "harness/probes/probe.h"
#include "harness/probes/transport_util.h"
#include "harness/sys/cpu_pin.h"
#include "harness/sys/netns.h"
#include "harness/sys/sys_error.h"
#include "harness/sys/unique_fd.h"

namespace mtulab {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

SockAddr MakeSockAddr(const ResolvedTarget& t) {
  if (t.ip.family != t.family) {
    ThrowErrno("addressing " + t.address + ": not an " + FamilyName(t.family) + " address", EINVAL);
  }
  SockAddr a;
  if (t.family == Family::kIpv4) {
    auto* s = reinterpret_cast<sockaddr_in*>(&a.ss);
    s->sin_family = AF_INET;
    if (t.ip.family == Family::kIpv4) std::memcpy(&s->sin_addr, t.ip.bytes.data(), 4);
    a.len = sizeof(sockaddr_in);
  } else {
    auto* s = reinterpret_cast<sockaddr_in6*>(&a.ss);
    s->sin6_family = AF_INET6;
    if (t.ip.family == Family::kIpv6) std::memcpy(&s->sin6_addr, t.ip.bytes.data(), 16);
    a.len = sizeof(sockaddr_in6);
  }
  return a;
}

namespace {

void SetOpt(int fd, int level, int name, int value, const std::string& what) {
  if (::setsockopt(fd, level, name, &value, sizeof value) != 0) ThrowErrno(what);
}

}  // namespace

UniqueFd OpenPingSocket(LabNode& node, DfMode df, std::optional<uint32_t> ttl, Family family) {
  return OpenPingSocketIn(node.ns, node.name, df, ttl, family);
}

UniqueFd OpenPingSocketIn(const Netns& ns, const std::string& owner, DfMode df,
                          std::optional<uint32_t> ttl, Family family) {
  bool v4 = family == Family::kIpv4;
  UniqueFd fd;
  {
    ScopedNetnsEnter in(ns);  // the socket belongs to the node's namespace for good
    fd.Reset(::socket(v4 ? AF_INET : AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC,
                      v4 ? int{IPPROTO_ICMP} : int{IPPROTO_ICMPV6}));
    // A namespace mtulab did not create keeps net.ipv4.ping_group_range "1 0" (no group
    // may open ping sockets), which probe mode must not change: a raw socket does instead.
    if (!fd.valid() && errno == EACCES) fd = OpenRawIcmp(family);
  }
  const std::string& name = owner;
  std::string where = " on the ping socket in node '" + name + "'";
  if (!fd.valid()) ThrowErrno("opening an ICMP ping socket in node '" + name + "'");
  SetOpt(fd.get(), v4 ? SOL_IP : SOL_IPV6, v4 ? IP_RECVERR : IPV6_RECVERR, 1,
         "setting IP_RECVERR" + where);
  int pmtud = PmtudValue(df, family);
  if (pmtud >= 0) {
    SetOpt(fd.get(), v4 ? SOL_IP : SOL_IPV6, v4 ? IP_MTU_DISCOVER : IPV6_MTU_DISCOVER, pmtud,
           "setting IP_MTU_DISCOVER" + where);
  }
  if (ttl) {
    SetOpt(fd.get(), v4 ? SOL_IP : SOL_IPV6, v4 ? IP_TTL : IPV6_UNICAST_HOPS,
           static_cast<int>(*ttl), "setting the TTL" + where);
  }
  return fd;
}

namespace {

EchoOutcome Classify(const sock_extended_err* ee) {
  EchoOutcome o;
  o.error = static_cast<int>(ee->ee_errno);
  if (ee->ee_origin == SO_EE_ORIGIN_LOCAL) {
    o.result = ee->ee_errno == EMSGSIZE ? "local_emsgsize" : "local_error";
    if (ee->ee_errno == EMSGSIZE) o.mtu = ee->ee_info;
    return o;
  }
  o.icmp_type = ee->ee_type;
  o.icmp_code = ee->ee_code;
  o.icmp_from = OffenderText(ee);
  bool v4 = ee->ee_origin == SO_EE_ORIGIN_ICMP;
  if (v4 && ee->ee_type == ICMP_DEST_UNREACH && ee->ee_code == ICMP_FRAG_NEEDED) {
    o.result = "frag_needed";
    o.mtu = ee->ee_info;
  } else if (!v4 && ee->ee_type == ICMPV6_PKT_TOOBIG) {
    o.result = "packet_too_big";
    o.mtu = ee->ee_info;
  } else {
    o.result = "icmp_error";
  }
  return o;
}

/// Dequeues one entry of the error queue into `out` (out->result stays empty for an entry
/// without an extended error); false if the queue was empty.
bool ReadErrorQueue(int fd, EchoOutcome* out) {
  char data[2048];
  char control[512];
  iovec iov{data, sizeof data};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  if (::recvmsg(fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT) < 0) return false;
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    if ((c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR) ||
        (c->cmsg_level == SOL_IPV6 && c->cmsg_type == IPV6_RECVERR)) {
      *out = Classify(reinterpret_cast<const sock_extended_err*>(CMSG_DATA(c)));
    }
  }
  return true;
}

/// ICMP errors also set the socket's pending error, which keeps poll() reporting POLLERR;
/// SO_ERROR reads and clears it.
void ClearSocketError(int fd) {
  int err = 0;
  socklen_t len = sizeof err;
  ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
}

/// Drops errors left over from an earlier echo so they are not blamed on the next one.
void DrainErrors(int fd) {
  EchoOutcome ignored;
  while (ReadErrorQueue(fd, &ignored)) {
  }
  ClearSocketError(fd);
}

/// Waits for the reply to `seq` or an error, up to `timeout`.
EchoOutcome AwaitEcho(int fd, bool v4, uint16_t seq, Clock::duration timeout,
                      std::optional<uint16_t> raw_id) {
  std::vector<char> buf(70000);
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return EchoOutcome{"timeout"};
    pollfd p{fd, POLLIN, 0};
    int n = ::poll(&p, 1, static_cast<int>(left.count()) + 1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ThrowErrno("waiting for an echo reply");
    if (n == 0) continue;
    EchoOutcome err;
    if ((p.revents & POLLERR) && ReadErrorQueue(fd, &err) && !err.result.empty()) return err;
    if (p.revents & POLLERR) ClearSocketError(fd);  // sk_err without a queued entry
    if (!(p.revents & POLLIN)) continue;
    ssize_t got = ::recv(fd, buf.data(), buf.size(), MSG_DONTWAIT);
    // A raw IPv4 socket receives the IP header too, and every echo reply of the namespace.
    size_t at = raw_id && v4 ? RawIpv4HeaderLength(buf.data(), got) : 0;
    if (got < static_cast<ssize_t>(at + 8)) continue;
    const char* icmp = buf.data() + at;
    uint8_t type = static_cast<uint8_t>(icmp[0]);
    uint16_t got_seq = 0, got_id = 0;
    std::memcpy(&got_seq, icmp + 6, 2);
    std::memcpy(&got_id, icmp + 4, 2);
    bool is_reply = v4 ? type == ICMP_ECHOREPLY : type == ICMPV6_ECHO_REPLY;
    if (raw_id && ntohs(got_id) != *raw_id) continue;
    if (is_reply && ntohs(got_seq) == seq) {
      EchoOutcome o{"reply"};
      o.reply_size = static_cast<size_t>(got) - at;
      return o;
    }
  }
}

}  // namespace

EchoOutcome SendEcho(int fd, const SockAddr& dst, bool v4, uint16_t seq, uint32_t size,
                     std::chrono::steady_clock::duration timeout) {
  std::vector<uint8_t> packet(8 + size);
  packet[0] = v4 ? ICMP_ECHO : ICMPV6_ECHO_REQUEST;  // id and checksum: the kernel's
  uint16_t nseq = htons(seq);
  std::memcpy(packet.data() + 6, &nseq, 2);
  for (uint32_t i = 0; i < size; ++i) packet[8 + i] = static_cast<uint8_t>(i);
  std::optional<uint16_t> raw_id = RawEchoId(fd);
  if (raw_id) FillRawEcho(packet, v4, *raw_id);  // a datagram socket: the kernel does it
  DrainErrors(fd);
  if (::sendto(fd, packet.data(), packet.size(), 0, reinterpret_cast<const sockaddr*>(&dst.ss),
               dst.len) < 0) {
    int err = errno;
    EchoOutcome o;
    if (ReadErrorQueue(fd, &o) && o.result == "local_emsgsize") return o;  // carries the mtu
    o = EchoOutcome{err == EMSGSIZE ? "local_emsgsize" : "local_error"};
    o.error = err;
    return o;
  }
  return AwaitEcho(fd, v4, seq, timeout, raw_id);
}

namespace {

void RecordFirstError(Facts& f, const EchoOutcome& o) {
  if (o.mtu && !f.Has("ping.mtu")) f.Set("ping.mtu", *o.mtu);
  if (o.icmp_from && !f.Has("ping.icmp_from")) {
    f.Set("ping.icmp_from", *o.icmp_from);
    f.Set("ping.icmp_type", o.icmp_type);
    f.Set("ping.icmp_code", o.icmp_code);
  }
  if (o.result == "local_error" && !f.Has("ping.errno"))
    f.Set("ping.errno", std::strerror(o.error));
}

// Every echo's outcome, in order: the counts and the per-echo lists.
struct EchoTally {
  int64_t replies = 0, errors = 0;
  TextList results;
  IntegerList mtus, times_us;

  void Add(Facts& f, const EchoOutcome& o, Clock::duration took) {
    if (results.empty()) f.Set("ping.result", o.result);
    results.push_back(o.result);
    mtus.push_back(o.mtu.value_or(0));
    times_us.push_back(std::chrono::duration_cast<std::chrono::microseconds>(took).count());
    if (o.result == "reply") {
      ++replies;
      if (!f.Has("ping.reply_size")) f.Set("ping.reply_size", static_cast<int64_t>(o.reply_size));
    } else if (o.result != "timeout") {
      ++errors;
      RecordFirstError(f, o);
    }
  }

  void Report(Facts& f, uint32_t sent) {
    if (!results.empty()) f.Set("ping.last_result", results.back());
    f.Set("ping.sent", static_cast<int64_t>(sent));
    f.Set("ping.replies", replies);
    f.Set("ping.errors", errors);
    f.SetList("ping.results", std::move(results));
    f.SetList("ping.mtus", std::move(mtus));
    f.SetList("ping.times_us", std::move(times_us));
  }
};

}  // namespace

Facts RunPing(ProbeContext& ctx, const PingStep& step) {
  std::optional<ScopedCpuPin> pin;
  if (step.cpu) {
    if (!CpuAvailable(*step.cpu)) {
      throw CaseSkip("CPU " + std::to_string(*step.cpu) +
                     " is not available (allowed: " + AllowedCpus() + ")");
    }
    pin.emplace(*step.cpu);
  }
  ResolvedTarget target = ResolveTarget(ctx.lab.topology(), step.to, step.family);
  bool v4 = target.family == Family::kIpv4;
  UniqueFd fd = OpenPingSocket(ctx.lab.node(step.from), step.df, step.ttl, target.family);
  ApplyTos(fd.get(), target.family, step.tos, "the ping socket in node '" + step.from + "'");
  SockAddr dst = MakeSockAddr(target);
  auto timeout =
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(step.timeout_s));
  Facts f;
  f.Set("ping.target", target.address);
  f.Set("ping.family", FamilyName(target.family));
  f.Set("ping.df", DfModeName(step.df));
  if (step.cpu) f.Set("ping.cpu", ::sched_getcpu());
  EchoTally tally;
  for (uint32_t i = 0; i < step.count; ++i) {
    if (i > 0 && step.interval_s > 0) {
      std::this_thread::sleep_for(std::chrono::duration<double>(step.interval_s));
    }
    Clock::time_point start = Clock::now();
    EchoOutcome o = SendEcho(fd.get(), dst, v4, static_cast<uint16_t>(i + 1), step.size, timeout);
    tally.Add(f, o, Clock::now() - start);
  }
  tally.Report(f, step.count);
  return f;
}
MTULAB_REGISTER_STEP_RUNNER(PingStep, RunPing);

}  // namespace mtulab
