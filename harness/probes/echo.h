#ifndef MTULAB_PROBES_ECHO_H_
#define MTULAB_PROBES_ECHO_H_

#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "harness/probes/probe.h"
#include "harness/sys/unique_fd.h"

namespace mtulab {

/// What happened to one echo request.
struct EchoOutcome {
  std::string result;  // reply, local_emsgsize, frag_needed, packet_too_big, icmp_error,
                       // local_error, timeout
  std::optional<uint32_t> mtu;
  std::optional<std::string> icmp_from;
  int icmp_type = -1, icmp_code = -1;
  size_t reply_size = 0;
  int error = 0;  // errno for local errors
};

struct SockAddr {
  sockaddr_storage ss{};
  socklen_t len = 0;
};

/// The socket address of a resolved target.
SockAddr MakeSockAddr(const ResolvedTarget& target);

/// An ICMP datagram ("ping") socket opened inside `node`'s namespace, with IP_RECVERR, the DF
/// mode (kDefault: left as the kernel made it) and an optional TTL. Throws SysError.
UniqueFd OpenPingSocket(LabNode& node, DfMode df, std::optional<uint32_t> ttl, Family family);

/// Sends echo `seq` with `size` payload bytes and waits up to `timeout` for its reply or an
/// error (errors left from earlier echoes are dropped first).
EchoOutcome SendEcho(int fd, const SockAddr& dst, bool v4, uint16_t seq, uint32_t size,
                     std::chrono::steady_clock::duration timeout);

}  // namespace mtulab

#endif  // MTULAB_PROBES_ECHO_H_
