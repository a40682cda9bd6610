// One TCP_INFO sample of a socket: what the <tcp> probe reports for each end, right after
// the handshake and at the end of the transfer.
#ifndef MTULAB_PROBES_TRANSPORT_TCP_INFO_H_
#define MTULAB_PROBES_TRANSPORT_TCP_INFO_H_

#include <cstdint>
#include <optional>
#include <string>

#include "harness/model/facts.h"

namespace mtulab {

/// The TCP_INFO fields the <tcp> facts carry.
struct TcpInfoSample {
  uint32_t snd_mss = 0;        // tp->mss_cache: the MSS it sends with, minus options in use
  uint32_t rcv_mss = 0;        // the peer's MSS as estimated
  uint32_t advmss = 0;         // the MSS its SYN advertised, minus options in use
  uint32_t pmtu = 0;           // the path MTU TCP uses
  uint32_t total_retrans = 0;  // retransmissions, tail loss probes included
};

/// TCP_INFO of `fd` now; nullopt when the kernel refuses it or returns a struct too short
/// to hold total_retrans.
std::optional<TcpInfoSample> ReadTcpInfo(int fd);

/// `<prefix>snd_mss`, rcv_mss, advmss, pmtu, total_retrans ("tcp.client.connect.").
void AddTcpInfoFacts(const TcpInfoSample& sample, const std::string& prefix, Facts& facts);

}  // namespace mtulab

#endif  // MTULAB_PROBES_TRANSPORT_TCP_INFO_H_
