// Both ends of one <tcp> transfer, non-blocking sockets and poll(). The calling thread runs
// the handshake (connect and accept); then the server's end runs on one helper thread and
// the client's on the calling thread, so that the two ends of a fast path use two CPUs, as
// a separate sender and receiver would. The helper is always joined before Run() returns.
#ifndef MTULAB_PROBES_TRANSPORT_TCP_SESSION_H_
#define MTULAB_PROBES_TRANSPORT_TCP_SESSION_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/suite.h"
#include "harness/probes/echo.h"
#include "harness/probes/transport_tcp_info.h"
#include "harness/probes/transport_util.h"
#include "harness/sys/unique_fd.h"

namespace mtulab {

/// What one transfer observed.
struct TcpOutcome {
  using Duration = TransferClock::Clock::duration;
  /// completed, stalled, timeout, refused, reset, unreachable, truncated (an end of stream
  /// before every byte), error.
  std::string result;
  int error = 0;                    // errno behind the result, 0 if none
  bool connected = false;           // the client's handshake completed
  bool accepted = false;            // the server accepted the connection
  uint64_t request_received = 0;    // counted by the server
  uint64_t response_received = 0;   // counted by the client
  Duration connect_time{};          // start -> handshake complete (when connected)
  Duration last_progress{};         // start -> last byte, handshake or end of stream
  Duration duration{};              // start -> end of the step
  Duration data_time{};             // handshake complete -> end (when connected)
  /// How the server's connection ended as its socket reported it: "fin" (end of stream),
  /// "rst" (ECONNRESET or EPIPE), "none" (neither before the step ended).
  std::string server_saw = "none";
  /// TCP_INFO right after each end's handshake, and at the end: after the transfer, or for
  /// the client just before it closes (end close / abort). Empty when not connected /
  /// accepted, or the kernel refused.
  std::optional<TcpInfoSample> client_connect, server_connect, client_end, server_end;
};

/// One client connection to one listener, both sockets non-blocking and already set up
/// (options, bind, listen). The client sends `request` bytes and ends as plan.end says
/// (TcpEnd: shut down its sending side and read the response, or close, or abort once every
/// request byte is acknowledged); once the server has read them all it answers with
/// `response` bytes and shuts down too. Bytes are counted by the side that receives them.
/// Destruction closes every socket: gracefully after a completed transfer, otherwise with a reset
/// (SO_LINGER 0) so that no orphaned connection keeps retransmitting into the lab after the step.
///
/// Threads: after the handshake each end is driven by its own thread and touches only its
/// own Side. What they share is behind `mu_` (the clock: progress, stall and timeout; the
/// first failure, which wins) and `failed_`; a failure, stall or timeout seen by one end
/// wakes the other at once through an eventfd, so neither outlives the other's verdict.
class TcpSession {
 public:
  struct Plan {
    uint64_t request = 0, response = 0;
    TransferClock::Clock::duration timeout{}, stall{};
    TcpEnd end = TcpEnd::kShutdown;
  };
  TcpSession(UniqueFd listener, UniqueFd client, Plan plan);
  ~TcpSession();
  TcpSession(const TcpSession&) = delete;
  TcpSession& operator=(const TcpSession&) = delete;

  /// Connects to `dst` and runs the transfer until it completes, fails, stalls (nothing
  /// moved on either end for plan.stall after the handshake) or times out (plan.timeout
  /// from the start). Throws SysError when poll() itself fails (on either thread) or when
  /// the helper thread's eventfd cannot be created; the helper is joined first.
  TcpOutcome Run(const SockAddr& dst);

 private:
  using Clock = TransferClock::Clock;
  struct Side {
    UniqueFd fd;
    uint64_t expect = 0;    // bytes this side must receive
    uint64_t to_send = 0;   // bytes this side sends once `ready`
    uint64_t sent = 0, received = 0;
    bool ready = false, eof = false, shut = false;
    bool draining = false;     // the client, end abort: all sent, waiting for the last ACK
    std::vector<char> buffer;  // sent from; recv(MSG_TRUNC) never writes it
  };

  // Any thread.
  void Fail(const char* result, int err);
  bool failed() const { return failed_.load(std::memory_order_acquire); }
  void Progress(Clock::time_point now);
  /// False (after Fail()) once stalled or timed out; else the poll() timeout in ms.
  bool CheckClock(int* timeout_ms);

  // The calling thread, until both ends are connected.
  void Handshake();
  void PollHandshake(int timeout_ms);
  void OnAccept();
  void OnConnectResult();

  // One thread per side afterwards.
  void Drive(Side& side);
  void OnReadable(Side& side);
  void OnWritable(Side& side);
  static short Interest(const Side& side);
  // The client's thread, end close / abort.
  bool Acknowledged(const Side& side) const;
  void EndClient();
  // The server's thread.
  void ServerSaw(const char* what);

  UniqueFd listener_;
  Side client_, server_;
  Plan plan_;
  bool connecting_ = false;
  UniqueFd wake_;  // eventfd, readable once the transfer has failed

  mutable std::mutex mu_;
  TcpOutcome outcome_;  // result and error under mu_; the rest written by one thread at a time
  TransferClock clock_;  // under mu_
  std::atomic<bool> failed_{false};
};

}  // namespace mtulab

#endif  // MTULAB_PROBES_TRANSPORT_TCP_SESSION_H_
