#include "harness/probes/transport_tcp_session.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

// One send()/recv() moves up to this much; large enough that a 9000-MTU veth is never
// limited by system calls.
constexpr size_t kChunk = 1 << 20;
// Bytes read from one socket per wake-up, so that neither side starves the other.
constexpr uint64_t kReadBudget = 16 << 20;

void AbortConnection(int fd) {
  if (fd < 0) return;
  linger l{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

}  // namespace

TcpSession::TcpSession(UniqueFd listener, UniqueFd client, Plan plan)
    : listener_(std::move(listener)), plan_(plan),
      clock_(Clock::now(), plan.timeout, plan.stall), buffer_(kChunk) {
  client_.fd = std::move(client);
  client_.expect = plan.response;
  client_.to_send = plan.request;
  server_.expect = plan.request;
  server_.to_send = plan.response;
}

TcpSession::~TcpSession() {
  if (outcome_.result != "completed") {
    AbortConnection(client_.fd.get());
    AbortConnection(server_.fd.get());
  }
}

TcpOutcome TcpSession::Run(const SockAddr& dst) {
  const Clock::time_point start = Clock::now();
  clock_ = TransferClock(start, plan_.timeout, plan_.stall);
  if (::connect(client_.fd.get(), reinterpret_cast<const sockaddr*>(&dst.ss), dst.len) == 0) {
    OnConnectResult();
  } else if (errno == EINPROGRESS) {
    connecting_ = true;
  } else {
    Fail(TcpErrnoResult(errno), errno);
  }
  while (outcome_.result.empty()) {
    if (Done()) {
      outcome_.result = "completed";
      break;
    }
    Clock::time_point now = Clock::now();
    TransferClock::State state = clock_.Check(now);
    if (state == TransferClock::State::kStalled) {
      outcome_.result = "stalled";
    } else if (state == TransferClock::State::kTimedOut) {
      outcome_.result = "timeout";
    } else {
      PollOnce(clock_.PollTimeoutMs(now));
    }
  }
  const Clock::time_point end = Clock::now();
  outcome_.request_received = server_.received;
  outcome_.response_received = client_.received;
  outcome_.duration = end - start;
  if (clock_.armed()) outcome_.last_progress = clock_.last_progress() - start;
  if (outcome_.connected) {
    outcome_.connect_time = clock_.first_progress() - start;
    outcome_.data_time = end - clock_.first_progress();
  }
  return outcome_;
}

void TcpSession::Fail(const char* result, int err) {
  if (!outcome_.result.empty()) return;
  outcome_.result = result;
  outcome_.error = err;
}

bool TcpSession::Done() const {
  return outcome_.connected && client_.shut && server_.shut && client_.eof && server_.eof;
}

short TcpSession::Interest(const Side& side) const {
  short events = 0;
  if (!side.eof) events |= POLLIN;
  if (side.ready && !side.shut) events |= POLLOUT;
  return events;
}

void TcpSession::PollOnce(int timeout_ms) {
  pollfd fds[3];
  Side* sides[3] = {};
  nfds_t n = 0;
  if (listener_.valid()) fds[n++] = {listener_.get(), POLLIN, 0};
  if (connecting_) {
    sides[n] = &client_;
    fds[n++] = {client_.fd.get(), POLLOUT, 0};
  } else if (outcome_.connected && Interest(client_) != 0) {
    sides[n] = &client_;
    fds[n++] = {client_.fd.get(), Interest(client_), 0};
  }
  if (server_.fd.valid() && Interest(server_) != 0) {
    sides[n] = &server_;
    fds[n++] = {server_.fd.get(), Interest(server_), 0};
  }
  int ready = ::poll(fds, n, timeout_ms);
  if (ready < 0 && errno == EINTR) return;
  if (ready < 0) ThrowErrno("waiting on the tcp transfer's sockets (poll)");
  for (nfds_t i = 0; i < n && outcome_.result.empty(); ++i) {
    if (fds[i].revents == 0) continue;
    if (sides[i] == nullptr) {
      OnAccept();
    } else if (sides[i] == &client_ && connecting_) {
      OnConnectResult();
    } else {
      if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) OnReadable(*sides[i]);
      if (outcome_.result.empty() && (fds[i].revents & POLLOUT)) OnWritable(*sides[i]);
    }
  }
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
  client_.ready = true;
  clock_.Progress(Clock::now());
  OnWritable(client_);  // shuts the sending side at once for an empty request
}

void TcpSession::OnReadable(Side& side) {
  // MSG_TRUNC on a TCP socket discards the bytes without copying them: only the count
  // matters, and the receiver must not be the bottleneck of a throughput measurement.
  for (uint64_t budget = kReadBudget; budget > 0;) {
    ssize_t got = ::recv(side.fd.get(), buffer_.data(), buffer_.size(), MSG_DONTWAIT | MSG_TRUNC);
    if (got > 0) {
      side.received += static_cast<uint64_t>(got);
      budget -= std::min<uint64_t>(budget, static_cast<uint64_t>(got));
      clock_.Progress(Clock::now());
      continue;
    }
    if (got == 0) {
      side.eof = true;
      clock_.Progress(Clock::now());
      if (side.received != side.expect) Fail("truncated", 0);
      break;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN) Fail(TcpErrnoResult(errno), errno);
    break;
  }
  if (outcome_.result.empty() && &side == &server_ && !server_.ready &&
      server_.received >= server_.expect) {
    server_.ready = true;
    OnWritable(server_);
  }
}

void TcpSession::OnWritable(Side& side) {
  while (side.sent < side.to_send) {
    size_t len = static_cast<size_t>(std::min<uint64_t>(buffer_.size(), side.to_send - side.sent));
    ssize_t put = ::send(side.fd.get(), buffer_.data(), len, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (put > 0) {
      side.sent += static_cast<uint64_t>(put);
      continue;
    }
    if (put < 0 && errno == EINTR) continue;
    if (put < 0 && errno != EAGAIN) Fail(TcpErrnoResult(errno), errno);
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
