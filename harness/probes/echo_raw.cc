// Raw ICMP sockets: the echo socket in namespaces whose ping_group_range admits no group.
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "harness/probes/echo.h"

namespace mtulab {

UniqueFd OpenRawIcmp(Family family) {
  bool v4 = family == Family::kIpv4;
  return UniqueFd(::socket(v4 ? AF_INET : AF_INET6, SOCK_RAW | SOCK_CLOEXEC,
                           v4 ? int{IPPROTO_ICMP} : int{IPPROTO_ICMPV6}));
}

std::optional<uint16_t> RawEchoId(int fd) {
  int type = 0;
  socklen_t len = sizeof type;
  if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0 || type != SOCK_RAW) {
    return std::nullopt;
  }
  struct stat st {};
  ::fstat(fd, &st);  // the socket's inode: unique among the open sockets
  return static_cast<uint16_t>(st.st_ino ^ (st.st_ino >> 16));
}

void FillRawEcho(std::vector<uint8_t>& packet, bool v4, uint16_t id) {
  packet[4] = static_cast<uint8_t>(id >> 8);
  packet[5] = static_cast<uint8_t>(id & 0xff);
  if (!v4) return;
  packet[2] = packet[3] = 0;
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < packet.size(); i += 2) sum += (packet[i] << 8) | packet[i + 1];
  if (packet.size() % 2 != 0) sum += packet.back() << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  uint16_t check = static_cast<uint16_t>(~sum);
  packet[2] = static_cast<uint8_t>(check >> 8);
  packet[3] = static_cast<uint8_t>(check & 0xff);
}

size_t RawIpv4HeaderLength(const char* data, ssize_t got) {
  if (got < 20) return static_cast<size_t>(got < 0 ? 0 : got) + 1;
  return static_cast<size_t>(data[0] & 0x0f) * 4;
}

}  // namespace mtulab
