// Both ends of one <tcp> transfer driven from the calling thread: non-blocking sockets and
// poll(), no helper thread.
#ifndef MTULAB_PROBES_TRANSPORT_TCP_SESSION_H_
#define MTULAB_PROBES_TRANSPORT_TCP_SESSION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "harness/probes/echo.h"
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
};

/// One client connection to one listener, both sockets non-blocking and already set up
/// (options, bind, listen). The client sends `request` bytes and shuts down its sending
/// side; once the server has read them all it answers with `response` bytes and shuts down
/// too. Bytes are counted by the side that receives them. Destruction closes every socket:
/// gracefully after a completed transfer, otherwise with a reset (SO_LINGER 0) so that no
/// orphaned connection keeps retransmitting into the lab after the step.
class TcpSession {
 public:
  struct Plan {
    uint64_t request = 0, response = 0;
    TransferClock::Clock::duration timeout{}, stall{};
  };
  TcpSession(UniqueFd listener, UniqueFd client, Plan plan);
  ~TcpSession();
  TcpSession(const TcpSession&) = delete;
  TcpSession& operator=(const TcpSession&) = delete;

  /// Connects to `dst` and runs the transfer until it completes, fails, stalls (nothing
  /// moved for plan.stall after the handshake) or times out (plan.timeout from the start).
  /// Throws SysError only when poll() itself fails.
  TcpOutcome Run(const SockAddr& dst);

  /// The sockets, still open for TCP_INFO after Run(); -1 when absent.
  int client_fd() const { return client_.fd.get(); }
  int server_fd() const { return server_.fd.get(); }

 private:
  using Clock = TransferClock::Clock;
  struct Side {
    UniqueFd fd;
    uint64_t expect = 0;    // bytes this side must receive
    uint64_t to_send = 0;   // bytes this side sends once `ready`
    uint64_t sent = 0, received = 0;
    bool ready = false, eof = false, shut = false;
  };

  void Fail(const char* result, int err);
  bool Done() const;
  void PollOnce(int timeout_ms);
  void OnAccept();
  void OnConnectResult();
  void OnReadable(Side& side);
  void OnWritable(Side& side);
  short Interest(const Side& side) const;

  UniqueFd listener_;
  Side client_, server_;
  Plan plan_;
  bool connecting_ = false;
  TcpOutcome outcome_;
  TransferClock clock_;
  std::vector<char> buffer_;
};

}  // namespace mtulab

#endif  // MTULAB_PROBES_TRANSPORT_TCP_SESSION_H_
