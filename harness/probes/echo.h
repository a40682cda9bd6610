#ifndef MTULAB_PROBES_ECHO_H_
#define MTULAB_PROBES_ECHO_H_

#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/sys/netns.h"

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

/// OpenPingSocket in namespace `ns` (`owner` names it in errors), for callers without a
/// LabNode (mesh mode). Where net.ipv4.ping_group_range excludes the caller's group (the
/// default of a namespace mtulab did not create) it falls back to a raw ICMP socket.
UniqueFd OpenPingSocketIn(const Netns& ns, const std::string& owner, DfMode df,
                          std::optional<uint32_t> ttl, Family family);

/// A raw ICMP (IPv6: ICMPv6) socket in the calling thread's namespace; invalid on failure
/// (errno set). Needs CAP_NET_RAW.
UniqueFd OpenRawIcmp(Family family);

/// The echo identifier requests on `fd` carry when it is a raw ICMP socket (derived from the
/// socket, so two raw sockets of a namespace tell their replies apart); nullopt for a ping
/// socket, whose identifier the kernel sets.
std::optional<uint16_t> RawEchoId(int fd);

/// Writes `id` into the echo request `packet` and, for IPv4, its checksum (the kernel sums
/// ICMPv6 on raw sockets itself).
void FillRawEcho(std::vector<uint8_t>& packet, bool v4, uint16_t id);

/// The length of the IPv4 header at the start of what a raw socket received (`got` bytes);
/// `got` + 1 when it is too short to hold one.
size_t RawIpv4HeaderLength(const char* data, ssize_t got);

/// Sends echo `seq` with `size` payload bytes and waits up to `timeout` for its reply or an
/// error (errors left from earlier echoes are dropped first).
EchoOutcome SendEcho(int fd, const SockAddr& dst, bool v4, uint16_t seq, uint32_t size,
                     std::chrono::steady_clock::duration timeout);

}  // namespace mtulab

#endif  // MTULAB_PROBES_ECHO_H_
