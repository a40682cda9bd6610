// glibc's <netinet/tcp.h> has a truncated struct tcp_info and cannot be combined with
// <linux/tcp.h>; this file uses the kernel header only.
#include "harness/probes/transport_tcp_info.h"

#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstring>

namespace mtulab {

std::optional<TcpInfoSample> ReadTcpInfo(int fd) {
  tcp_info info;
  std::memset(&info, 0, sizeof info);
  socklen_t len = sizeof info;
  if (fd < 0 || ::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0 ||
      len < offsetof(tcp_info, tcpi_total_retrans) + sizeof info.tcpi_total_retrans) {
    return std::nullopt;
  }
  return TcpInfoSample{info.tcpi_snd_mss, info.tcpi_rcv_mss, info.tcpi_advmss, info.tcpi_pmtu,
                       info.tcpi_total_retrans};
}

void AddTcpInfoFacts(const TcpInfoSample& sample, const std::string& prefix, Facts& facts) {
  facts.Set(prefix + "snd_mss", sample.snd_mss);
  facts.Set(prefix + "rcv_mss", sample.rcv_mss);
  facts.Set(prefix + "advmss", sample.advmss);
  facts.Set(prefix + "pmtu", sample.pmtu);
  facts.Set(prefix + "total_retrans", sample.total_retrans);
}

}  // namespace mtulab
