// Pieces shared by the <tcp> and <udp> probes: sockets opened inside a node, DF modes, the
// transfer clock (timeout and stall bookkeeping) and result names.
#ifndef MTULAB_PROBES_TRANSPORT_UTIL_H_
#define MTULAB_PROBES_TRANSPORT_UTIL_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "harness/model/suite.h"
#include "harness/model/topology.h"
#include "harness/probes/echo.h"
#include "harness/probes/lab_view.h"
#include "harness/sys/unique_fd.h"

struct sock_extended_err;  // <linux/errqueue.h>

namespace mtulab {

/// When a transfer must end, and whether it stalled. Pure: the caller passes the time.
/// The stall watch starts with the first Progress() (e.g. the completed handshake); before
/// that only the overall timeout applies.
class TransferClock {
 public:
  using Clock = std::chrono::steady_clock;
  enum class State { kRunning, kStalled, kTimedOut };

  TransferClock(Clock::time_point start, Clock::duration timeout, Clock::duration stall);

  /// Something moved at `now` (bytes delivered, a handshake, an end of stream).
  void Progress(Clock::time_point now);
  /// kStalled when nothing moved for `stall` since the last progress (once armed),
  /// kTimedOut when `timeout` passed since start; a stall wins when both hold.
  State Check(Clock::time_point now) const;
  /// Milliseconds until the next deadline (rounded up so a poll() never wakes early), >= 0.
  int PollTimeoutMs(Clock::time_point now) const;
  /// The first and the last progress; equal to start while nothing moved.
  Clock::time_point first_progress() const { return first_progress_; }
  Clock::time_point last_progress() const { return last_progress_; }
  bool armed() const { return armed_; }

 private:
  Clock::time_point start_, first_progress_, last_progress_;
  Clock::duration timeout_, stall_;
  bool armed_ = false;
};

/// A std::chrono duration from seconds given as a double.
TransferClock::Clock::duration SecondsToDuration(double seconds);

/// Whole milliseconds of `d` (rounded down).
int64_t WholeMilliseconds(TransferClock::Clock::duration d);

/// `bytes` over `elapsed` in Mbit/s (10^6 bit/s), rounded down; 0 for an empty interval.
int64_t MegabitsPerSecond(uint64_t bytes, TransferClock::Clock::duration elapsed);

/// The <tcp> result for a socket error: refused, unreachable, timeout, reset, else error.
const char* TcpErrnoResult(int err);

/// IP_MTU_DISCOVER / IPV6_MTU_DISCOVER value for `df`, or -1 for kDefault.
int PmtudValue(DfMode df, Family family);

/// The address that sent the ICMP error behind an error-queue message (SO_EE_OFFENDER),
/// as text; "" when it is neither IPv4 nor IPv6.
std::string OffenderText(const sock_extended_err* ee);

/// A non-blocking, close-on-exec socket of `type` (SOCK_STREAM, SOCK_DGRAM) opened inside
/// `node`'s namespace; it stays there for its whole life. Throws SysError naming `what`.
UniqueFd OpenSocketIn(LabNode& node, Family family, int type, const std::string& what);

/// Sets an int socket option; throws SysError naming `what`.
void SetIntOption(int fd, int level, int name, int value, const std::string& what);

/// Applies `df` (nothing for kDefault). Throws SysError naming `where`.
void ApplyDf(int fd, Family family, DfMode df, const std::string& where);

/// Sets the TOS byte (IP_TOS; IPv6: IPV6_TCLASS) the socket's packets carry, and with it the
/// tos of its route lookups (policy rules by dsfield); nothing when unset. Throws SysError
/// naming `where`.
void ApplyTos(int fd, Family family, std::optional<uint8_t> tos, const std::string& where);

/// `address` with `port` filled in.
SockAddr WithPort(SockAddr address, uint16_t port);

/// "10.0.0.1:5001" / "[fd00::1]:5001".
std::string HostPort(const ResolvedTarget& target, uint16_t port);

}  // namespace mtulab

#endif  // MTULAB_PROBES_TRANSPORT_UTIL_H_
