#ifndef MTULAB_RUNNER_SERVE_H_
#define MTULAB_RUNNER_SERVE_H_

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <optional>

#include "harness/probes/tcp_remote.h"
#include "harness/sys/netns.h"

namespace mtulab {

/// The first bytes of a <tcp> request to `mtulab serve`: this magic, then the response size
/// as 4 bytes big-endian. A client that does not send it (nc, telnet) gets a discard server.
inline constexpr const char* kServeMagic = kRemoteTcpMagic;  // 8 bytes
inline constexpr size_t kServeHeaderBytes = kRemoteTcpHeader;
inline constexpr uint32_t kServeMaxResponse = 1u << 30;

struct ServeOptions {
  std::optional<uint16_t> tcp;  // listen on [::]:PORT (IPv4 too)
  std::optional<uint16_t> udp;  // echo every datagram back to its sender
  double seconds = 0;           // 0: until *stop
  const std::atomic<int>* stop = nullptr;
};

/// What a serve run handled.
struct ServeCounts {
  uint64_t connections = 0, tcp_bytes_in = 0, tcp_bytes_out = 0;
  uint64_t datagrams = 0, udp_bytes = 0;
};

/// The other end of probes from another namespace or host: a TCP server (after the header
/// above it reads the request to its end, then answers with the response size of bytes and
/// closes; without it, it discards) and a UDP echo, in namespace `ns`, one thread, poll().
/// Returns when `*options.stop` becomes non-zero or options.seconds passed. Throws SysError
/// naming the socket when a port cannot be opened.
ServeCounts Serve(const Netns& ns, const ServeOptions& options);

}  // namespace mtulab

#endif  // MTULAB_RUNNER_SERVE_H_
