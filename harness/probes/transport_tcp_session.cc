#include "harness/probes/transport_tcp_session.h"

#include <linux/sockios.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <exception>
#include <thread>

#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

// One send()/recv() moves up to this much; large enough that a 9000-MTU veth is never
// limited by system calls.
constexpr size_t kChunk = 1 << 20;
// Bytes read from one socket per wake-up, so that a stall, a timeout or the other end's
// failure is noticed between batches.
constexpr uint64_t kReadBudget = 16 << 20;

void AbortConnection(int fd) {
  if (fd < 0) return;
  linger l{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

}  // namespace

TcpSession::TcpSession(UniqueFd listener, UniqueFd client, Plan plan)
    : listener_(std::move(listener)), plan_(plan),
      clock_(Clock::now(), plan.timeout, plan.stall) {
  client_.fd = std::move(client);
  client_.expect = plan.response;
  client_.to_send = plan.request;
  client_.buffer.resize(kChunk);
  server_.expect = plan.request;
  server_.to_send = plan.response;
  server_.buffer.resize(kChunk);
}

TcpSession::~TcpSession() {
  if (outcome_.result != "completed") {
    AbortConnection(client_.fd.get());
    AbortConnection(server_.fd.get());
  }
}

TcpOutcome TcpSession::Run(const SockAddr& dst) {
  int efd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (efd < 0) ThrowErrno("creating the tcp transfer's eventfd");
  wake_.Reset(efd);
  const Clock::time_point start = Clock::now();
  {
    std::lock_guard<std::mutex> lock(mu_);
    clock_ = TransferClock(start, plan_.timeout, plan_.stall);
  }
  if (::connect(client_.fd.get(), reinterpret_cast<const sockaddr*>(&dst.ss), dst.len) == 0) {
    OnConnectResult();
  } else if (errno == EINPROGRESS) {
    connecting_ = true;
  } else {
    Fail(TcpErrnoResult(errno), errno);
  }
  Handshake();
  if (!failed()) {
    // The server's end on a helper thread (its socket stays in its namespace, no setns),
    // the client's here. Leaving this block in any way joins the helper; unless both ends
    // finished, it is told to stop first.
    std::exception_ptr server_error;
    std::thread helper([this, &server_error] {
      try {
        Drive(server_);
      } catch (...) {
        server_error = std::current_exception();
        Fail("error", 0);
      }
    });
    struct Joiner {
      TcpSession* session;
      std::thread* thread;
      ~Joiner() {
        if (!thread->joinable()) return;  // joined below: both ends are done
        session->Fail("error", 0);        // the client's end threw: stop the server's
        thread->join();
      }
    } joiner{this, &helper};
    Drive(client_);
    helper.join();
    if (server_error) std::rethrow_exception(server_error);
  }
  const Clock::time_point end = Clock::now();
  std::lock_guard<std::mutex> lock(mu_);
  if (outcome_.result.empty()) outcome_.result = "completed";  // both ends finished
  outcome_.request_received = server_.received;
  outcome_.response_received = client_.received;
  outcome_.duration = end - start;
  if (clock_.armed()) outcome_.last_progress = clock_.last_progress() - start;
  if (outcome_.connected) {
    outcome_.connect_time = clock_.first_progress() - start;
    outcome_.data_time = end - clock_.first_progress();
    if (client_.fd.valid()) outcome_.client_end = ReadTcpInfo(client_.fd.get());
  }
  if (outcome_.accepted) outcome_.server_end = ReadTcpInfo(server_.fd.get());
  return outcome_;
}

void TcpSession::Fail(const char* result, int err) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!outcome_.result.empty()) return;
    outcome_.result = result;
    outcome_.error = err;
    failed_.store(true, std::memory_order_release);
  }
  if (wake_.valid()) {
    uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_.get(), &one, sizeof one);  // stays readable
  }
}

void TcpSession::Progress(Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  clock_.Progress(now);
}

bool TcpSession::CheckClock(int* timeout_ms) {
  const Clock::time_point now = Clock::now();
  const char* result = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    TransferClock::State state = clock_.Check(now);
    if (state == TransferClock::State::kStalled) {
      result = "stalled";
    } else if (state == TransferClock::State::kTimedOut) {
      result = "timeout";
    } else {
      *timeout_ms = clock_.PollTimeoutMs(now);
    }
  }
  if (result == nullptr) return true;
  Fail(result, 0);
  return false;
}

short TcpSession::Interest(const Side& side) {
  short events = 0;
  if (!side.eof) events |= POLLIN;
  if (side.ready && !side.shut && !side.draining) events |= POLLOUT;
  return events;
}

// Every byte sent has been acknowledged (SIOCOUTQ: unacknowledged + unsent bytes).
bool TcpSession::Acknowledged(const Side& side) const {
  int queued = 0;
  return ::ioctl(side.fd.get(), SIOCOUTQ, &queued) == 0 && queued == 0;
}

// The client's last act for end close / abort: TCP_INFO as it was, then close(), after
// SO_LINGER 0 for abort (an RST instead of a FIN). Nothing is read after this.
void TcpSession::EndClient() {
  outcome_.client_end = ReadTcpInfo(client_.fd.get());
  if (plan_.end == TcpEnd::kAbort) AbortConnection(client_.fd.get());
  client_.fd.Reset();
  client_.eof = client_.shut = true;
  client_.draining = false;
}

void TcpSession::ServerSaw(const char* what) {
  if (outcome_.server_saw == "none") outcome_.server_saw = what;
}

void TcpSession::Handshake() {
  int timeout_ms = 0;
  while (!failed() && !(outcome_.connected && outcome_.accepted) && CheckClock(&timeout_ms)) {
    PollHandshake(timeout_ms);
  }
}

// The listener and the client until both ends are connected. The client may already send
// (its first bytes can be what completes the server's side of the handshake).
void TcpSession::PollHandshake(int timeout_ms) {
  pollfd fds[2];
  nfds_t n = 0;
  int listener_at = -1, client_at = -1;
  if (listener_.valid()) {
    listener_at = static_cast<int>(n);
    fds[n++] = {listener_.get(), POLLIN, 0};
  }
  if (connecting_ || (outcome_.connected && Interest(client_) != 0)) {
    client_at = static_cast<int>(n);
    fds[n++] = {client_.fd.get(), connecting_ ? short{POLLOUT} : Interest(client_), 0};
  }
  int ready = ::poll(fds, n, timeout_ms);
  if (ready < 0 && errno == EINTR) return;
  if (ready < 0) ThrowErrno("waiting on the tcp transfer's sockets (poll)");
  if (listener_at >= 0 && fds[listener_at].revents != 0) OnAccept();
  if (client_at < 0 || failed()) return;
  short revents = fds[client_at].revents;
  if (revents == 0) return;
  if (connecting_) {
    OnConnectResult();
    return;
  }
  if (revents & (POLLIN | POLLHUP | POLLERR)) OnReadable(client_);
  if (!failed() && (revents & POLLOUT)) OnWritable(client_);
}

void TcpSession::OnAccept() {
  int fd = ::accept4(listener_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (fd < 0) {
    if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED) Fail("error", errno);
    return;
  }
  server_.fd.Reset(fd);
  server_.ready = server_.expect == 0;
  outcome_.accepted = true;
  outcome_.server_connect = ReadTcpInfo(fd);
  listener_.Reset();  // one connection per step
}

void TcpSession::OnConnectResult() {
  int err = 0;
  socklen_t len = sizeof err;
  if (::getsockopt(client_.fd.get(), SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
  connecting_ = false;
  if (err != 0) {
    Fail(TcpErrnoResult(err), err);
    return;
  }
  outcome_.connected = true;
  outcome_.client_connect = ReadTcpInfo(client_.fd.get());
  client_.ready = true;
  Progress(Clock::now());
  OnWritable(client_);  // shuts the sending side at once for an empty request
}

// Runs one end until it has sent and received everything, or the transfer failed (here,
// on the other end, or by the clock).
void TcpSession::Drive(Side& side) {
  const char* what = &side == &client_ ? "waiting on the tcp transfer's client socket (poll)"
                                       : "waiting on the tcp transfer's server socket (poll)";
  int timeout_ms = 0;
  while (!failed() && !(side.eof && side.shut) && CheckClock(&timeout_ms)) {
    if (side.draining) {
      if (Acknowledged(side)) {
        EndClient();
        break;
      }
      timeout_ms = std::min(timeout_ms, 1);  // ACKs do not wake poll(): look again soon
    }
    pollfd fds[2] = {{side.fd.get(), Interest(side), 0}, {wake_.get(), POLLIN, 0}};
    int ready = ::poll(fds, 2, timeout_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) ThrowErrno(what);
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) OnReadable(side);
    if (!failed() && (fds[0].revents & POLLOUT)) OnWritable(side);
  }
}

void TcpSession::OnReadable(Side& side) {
  // MSG_TRUNC on a TCP socket discards the bytes without copying them: only the count
  // matters, and the receiver must not be the bottleneck of a throughput measurement.
  bool moved = false;
  for (uint64_t budget = kReadBudget; budget > 0;) {
    ssize_t got = ::recv(side.fd.get(), side.buffer.data(), side.buffer.size(),
                         MSG_DONTWAIT | MSG_TRUNC);
    if (got > 0) {
      side.received += static_cast<uint64_t>(got);
      budget -= std::min<uint64_t>(budget, static_cast<uint64_t>(got));
      moved = true;
      continue;
    }
    if (got == 0) {
      side.eof = true;
      if (&side == &server_) ServerSaw("fin");
      Progress(Clock::now());
      moved = false;
      if (side.received != side.expect) Fail("truncated", 0);
      break;
    }
    if (errno == EINTR) continue;
    if (errno == ECONNRESET && &side == &server_) ServerSaw("rst");
    if (errno != EAGAIN) Fail(TcpErrnoResult(errno), errno);
    break;
  }
  if (moved) Progress(Clock::now());  // one clock read per batch: the batch's last byte
  if (!failed() && &side == &server_ && !server_.ready && server_.received >= server_.expect) {
    server_.ready = true;
    OnWritable(server_);
  }
}

void TcpSession::OnWritable(Side& side) {
  while (side.sent < side.to_send) {
    size_t len =
        static_cast<size_t>(std::min<uint64_t>(side.buffer.size(), side.to_send - side.sent));
    ssize_t put = ::send(side.fd.get(), side.buffer.data(), len, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (put > 0) {
      side.sent += static_cast<uint64_t>(put);
      continue;
    }
    if (put < 0 && errno == EINTR) continue;
    if (put < 0 && (errno == ECONNRESET || errno == EPIPE) && &side == &server_) ServerSaw("rst");
    if (put < 0 && errno != EAGAIN) Fail(TcpErrnoResult(errno), errno);
    return;
  }
  if (&side == &client_ && plan_.end != TcpEnd::kShutdown) {
    if (plan_.end == TcpEnd::kClose) {
      EndClient();
    } else {
      side.draining = true;
    }
    return;
  }
  if (!side.shut) {
    if (::shutdown(side.fd.get(), SHUT_WR) != 0) {
      Fail(TcpErrnoResult(errno), errno);
      return;
    }
    side.shut = true;
  }
}

}  // namespace mtulab
