// The cross-platform userspace API of wireguard-go: "key=value" lines, a request ends with
// an empty line, the reply too, with "errno=0" on success (negative errno on failure).
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdint>

#include "harness/links/wireguard_internal.h"
#include "harness/model/values.h"
#include "harness/sys/sys_error.h"

namespace mtulab::wg {

std::string UapiSetRequest(const WgConfig& config) {
  std::string r = "set=1\n";
  r += "private_key=" + KeyToHex(DecodeKey(config.private_key, "private key")) + "\n";
  if (config.listen_port) r += "listen_port=" + std::to_string(*config.listen_port) + "\n";
  r += "replace_peers=true\n";
  for (const WgPeerConfig& p : config.peers) {
    r += "public_key=" + KeyToHex(DecodeKey(p.public_key, "peer public key")) + "\n";
    if (p.endpoint) r += "endpoint=" + *p.endpoint + "\n";
    r += "replace_allowed_ips=true\n";
    for (const std::string& ip : p.allowed_ips) r += "allowed_ip=" + ip + "\n";
    if (p.persistent_keepalive) {
      r += "persistent_keepalive_interval=" + std::to_string(*p.persistent_keepalive) + "\n";
    }
  }
  return r + "\n";
}

std::optional<int> UapiErrno(const std::string& reply) {
  if (reply.size() < 2 || reply.compare(reply.size() - 2, 2, "\n\n") != 0) return std::nullopt;
  size_t at = reply.rfind("errno=");
  if (at == std::string::npos || (at > 0 && reply[at - 1] != '\n')) return std::nullopt;
  size_t from = at + 6, to = reply.find('\n', from);
  std::optional<int64_t> value = ParseSignedInteger(reply.substr(from, to - from));
  if (!value || *value < INT32_MIN || *value > INT32_MAX) return std::nullopt;
  return static_cast<int>(*value);
}

std::string UapiExchange(int fd, const std::string& request, const std::string& what,
                         std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  size_t sent = 0;
  while (sent < request.size()) {
    ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ThrowErrno(what + ": writing to the UAPI socket");
    sent += static_cast<size_t>(n);
  }
  std::string reply;
  while (reply.size() < 2 || reply.compare(reply.size() - 2, 2, "\n\n") != 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) == 0) {
      ThrowErrno(what + ": waiting for the UAPI reply", ETIMEDOUT);
    }
    char buf[1024];
    ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) ThrowErrno(what + ": reading the UAPI reply");
    if (n == 0) ThrowErrno(what + ": the UAPI socket closed without a complete reply", EPROTO);
    reply.append(buf, static_cast<size_t>(n));
  }
  return reply;
}

}  // namespace mtulab::wg
