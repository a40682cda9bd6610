#include "harness/probes/transport_util.h"

#include <arpa/inet.h>
#include <time.h>  // struct timespec, before <linux/errqueue.h>
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

#include "harness/sys/netns.h"
#include "harness/sys/sys_error.h"

namespace mtulab {

TransferClock::TransferClock(Clock::time_point start, Clock::duration timeout,
                             Clock::duration stall)
    : start_(start), first_progress_(start), last_progress_(start), timeout_(timeout),
      stall_(stall) {}

void TransferClock::Progress(Clock::time_point now) {
  if (!armed_) first_progress_ = now;
  armed_ = true;
  last_progress_ = now;
}

TransferClock::State TransferClock::Check(Clock::time_point now) const {
  if (armed_ && now - last_progress_ >= stall_) return State::kStalled;
  if (now - start_ >= timeout_) return State::kTimedOut;
  return State::kRunning;
}

int TransferClock::PollTimeoutMs(Clock::time_point now) const {
  Clock::time_point next = start_ + timeout_;
  if (armed_) next = std::min(next, last_progress_ + stall_);
  if (next <= now) return 0;
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(next - now).count();
  return static_cast<int>(std::min<int64_t>((us + 999) / 1000, 1 << 30));
}

TransferClock::Clock::duration SecondsToDuration(double seconds) {
  return std::chrono::duration_cast<TransferClock::Clock::duration>(
      std::chrono::duration<double>(seconds));
}

int64_t WholeMilliseconds(TransferClock::Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

int64_t MegabitsPerSecond(uint64_t bytes, TransferClock::Clock::duration elapsed) {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count();
  if (ns <= 0) return 0;
  // bits / (ns * 1e-9) / 1e6 = bits * 1000 / ns; long double keeps 1 GiB * 8000 exact enough.
  long double mbps = static_cast<long double>(bytes) * 8000.0L / static_cast<long double>(ns);
  return static_cast<int64_t>(mbps);
}

const char* TcpErrnoResult(int err) {
  switch (err) {
    case ECONNREFUSED: return "refused";
    case ENETUNREACH:
    case EHOSTUNREACH:
    case EHOSTDOWN:
    case ENONET: return "unreachable";
    case ETIMEDOUT: return "timeout";
    case ECONNRESET:
    case ECONNABORTED:
    case EPIPE: return "reset";
    default: return "error";
  }
}

int PmtudValue(DfMode df, Family family) {
  bool v4 = family == Family::kIpv4;
  switch (df) {
    case DfMode::kDo: return v4 ? int{IP_PMTUDISC_DO} : int{IPV6_PMTUDISC_DO};
    case DfMode::kWant: return v4 ? int{IP_PMTUDISC_WANT} : int{IPV6_PMTUDISC_WANT};
    case DfMode::kDont: return v4 ? int{IP_PMTUDISC_DONT} : int{IPV6_PMTUDISC_DONT};
    case DfMode::kProbe: return v4 ? int{IP_PMTUDISC_PROBE} : int{IPV6_PMTUDISC_PROBE};
    case DfMode::kDefault: break;
  }
  return -1;
}

std::string OffenderText(const sock_extended_err* ee) {
  const sockaddr* off = SO_EE_OFFENDER(ee);
  char buf[INET6_ADDRSTRLEN] = {};
  if (off->sa_family == AF_INET) {
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(off)->sin_addr, buf, sizeof buf);
  } else if (off->sa_family == AF_INET6) {
    ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(off)->sin6_addr, buf,
                sizeof buf);
  }
  return buf;
}

UniqueFd OpenSocketIn(LabNode& node, Family family, int type, const std::string& what) {
  UniqueFd fd;
  int err = 0;
  {
    ScopedNetnsEnter in(node.ns);
    fd.Reset(::socket(family == Family::kIpv4 ? AF_INET : AF_INET6,
                      type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    err = errno;
  }
  if (!fd.valid()) ThrowErrno("opening " + what + " in node '" + node.name + "'", err);
  return fd;
}

void SetIntOption(int fd, int level, int name, int value, const std::string& what) {
  if (::setsockopt(fd, level, name, &value, sizeof value) != 0) ThrowErrno(what);
}

void ApplyDf(int fd, Family family, DfMode df, const std::string& where) {
  int value = PmtudValue(df, family);
  if (value < 0) return;
  bool v4 = family == Family::kIpv4;
  SetIntOption(fd, v4 ? SOL_IP : SOL_IPV6, v4 ? IP_MTU_DISCOVER : IPV6_MTU_DISCOVER, value,
               std::string("setting ") + (v4 ? "IP_MTU_DISCOVER" : "IPV6_MTU_DISCOVER") + " on " +
                   where);
}

void ApplyTos(int fd, Family family, std::optional<uint8_t> tos, const std::string& where) {
  if (!tos) return;
  bool v4 = family == Family::kIpv4;
  SetIntOption(fd, v4 ? SOL_IP : SOL_IPV6, v4 ? IP_TOS : IPV6_TCLASS, *tos,
               std::string("setting ") + (v4 ? "IP_TOS" : "IPV6_TCLASS") + " on " + where);
}

SockAddr WithPort(SockAddr address, uint16_t port) {
  if (address.ss.ss_family == AF_INET) {
    reinterpret_cast<sockaddr_in*>(&address.ss)->sin_port = htons(port);
  } else {
    reinterpret_cast<sockaddr_in6*>(&address.ss)->sin6_port = htons(port);
  }
  return address;
}

std::string HostPort(const ResolvedTarget& target, uint16_t port) {
  if (target.family == Family::kIpv6) return "[" + target.address + "]:" + std::to_string(port);
  return target.address + ":" + std::to_string(port);
}

}  // namespace mtulab
