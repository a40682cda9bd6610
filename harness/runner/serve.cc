// `mtulab serve`: a TCP request/response (or discard) server and a UDP echo, poll()-driven.
#include "harness/runner/serve.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <list>
#include <vector>

#include "harness/sys/sys_error.h"
#include "harness/sys/unique_fd.h"

namespace mtulab {
namespace {

using Clock = std::chrono::steady_clock;

UniqueFd OpenPort(const Netns& ns, int type, uint16_t port) {
  const std::string what =
      std::string(type == SOCK_STREAM ? "tcp" : "udp") + " port " + std::to_string(port);
  UniqueFd fd;
  {
    ScopedNetnsEnter in(ns);
    fd.Reset(::socket(AF_INET6, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  }
  if (!fd.valid()) ThrowErrno("opening the socket of " + what);
  int zero = 0, one = 1;
  ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);  // IPv4 as well
  ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in6 a{};
  a.sin6_family = AF_INET6;
  a.sin6_port = htons(port);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0)
    ThrowErrno("binding " + what);
  if (type == SOCK_STREAM && ::listen(fd.get(), 64) != 0) ThrowErrno("listening on " + what);
  return fd;
}

// One accepted connection: header, request (discarded), then the response.
struct Conn {
  UniqueFd fd;
  std::string header;
  bool eof = false;
  uint64_t to_send = 0;  // response bytes still to write once the request ended
};

// Reads what `c` has; false when it is done with (closed or failed).
bool ReadConn(Conn& c, ServeCounts& n) {
  char buf[65536];
  for (;;) {
    ssize_t got = ::recv(c.fd.get(), buf, sizeof buf, MSG_DONTWAIT);
    if (got == 0) {
      c.eof = true;
      return true;
    }
    if (got < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
    n.tcp_bytes_in += static_cast<uint64_t>(got);
    size_t take = std::min(kServeHeaderBytes - c.header.size(), static_cast<size_t>(got));
    c.header.append(buf, take);
    if (c.header.size() == kServeHeaderBytes && c.header.compare(0, 8, kServeMagic) == 0 &&
        take > 0) {
      const auto* p = reinterpret_cast<const unsigned char*>(c.header.data() + 8);
      uint32_t size = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (p[2] << 8) | p[3];
      c.to_send = std::min(size, kServeMaxResponse);
    }
  }
}

// Writes the response once the request ended; false when the connection is finished.
bool WriteConn(Conn& c, ServeCounts& n) {
  static const std::vector<char> zeros(65536, 'm');
  while (c.to_send > 0) {
    size_t len = static_cast<size_t>(std::min<uint64_t>(c.to_send, zeros.size()));
    ssize_t put = ::send(c.fd.get(), zeros.data(), len, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (put < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
    c.to_send -= static_cast<uint64_t>(put);
    n.tcp_bytes_out += static_cast<uint64_t>(put);
  }
  return false;  // all sent: close (a FIN)
}

void EchoDatagrams(int fd, ServeCounts& n) {
  std::vector<char> buf(65536);
  for (;;) {
    sockaddr_storage from{};
    socklen_t len = sizeof from;
    ssize_t got = ::recvfrom(fd, buf.data(), buf.size(), MSG_DONTWAIT,
                             reinterpret_cast<sockaddr*>(&from), &len);
    if (got < 0) return;
    ++n.datagrams;
    n.udp_bytes += static_cast<uint64_t>(got);
    ::sendto(fd, buf.data(), static_cast<size_t>(got), MSG_DONTWAIT,
             reinterpret_cast<sockaddr*>(&from), len);
  }
}

void AcceptAll(int listener, std::list<Conn>& conns, ServeCounts& n) {
  for (int fd; (fd = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0;) {
    conns.push_back(Conn{UniqueFd(fd), {}, false, 0});
    ++n.connections;
  }
}

}  // namespace

ServeCounts Serve(const Netns& ns, const ServeOptions& o) {
  UniqueFd tcp = o.tcp ? OpenPort(ns, SOCK_STREAM, *o.tcp) : UniqueFd();
  UniqueFd udp = o.udp ? OpenPort(ns, SOCK_DGRAM, *o.udp) : UniqueFd();
  ServeCounts n;
  std::list<Conn> conns;
  auto end = Clock::now() +
             std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  while ((o.stop == nullptr || o.stop->load() == 0) && (o.seconds <= 0 || Clock::now() < end)) {
    std::vector<pollfd> fds = {{tcp.get(), POLLIN, 0}, {udp.get(), POLLIN, 0}};
    for (Conn& c : conns) fds.push_back({c.fd.get(), c.eof ? POLLOUT : POLLIN, 0});
    if (::poll(fds.data(), fds.size(), 50) < 0 && errno != EINTR) ThrowErrno("serve: poll");
    if (fds[0].revents & POLLIN) AcceptAll(tcp.get(), conns, n);
    if (fds[1].revents & POLLIN) EchoDatagrams(udp.get(), n);
    auto it = conns.begin();  // the connections polled, in order (new ones come after)
    for (size_t k = 2; k < fds.size(); ++k) {
      bool keep = true;
      if (fds[k].revents != 0) {
        keep = it->eof ? WriteConn(*it, n) : ReadConn(*it, n);
        if (keep && it->eof) keep = WriteConn(*it, n);  // the request ended: answer at once
      }
      it = keep ? std::next(it) : conns.erase(it);
    }
  }
  return n;
}

}  // namespace mtulab
