#ifndef MTULAB_PROBES_CAPTURE_SUMMARY_H_
#define MTULAB_PROBES_CAPTURE_SUMMARY_H_

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "harness/model/facts.h"
#include "harness/probes/capture_lists.h"
#include "harness/probes/decode.h"

namespace mtulab {

/// What a capture saw, accumulated packet by packet (pure; no kernel). The facts are listed
/// in README.md ("Facts", capture-stop); every name starts with "capture.".
class CaptureSummary {
 public:
  /// `dlt`: the capture's link type; `if_mtu`: the interface MTU when the capture started
  /// (the threshold of capture.over_mtu.count).
  CaptureSummary(int dlt, uint32_t if_mtu) : dlt_(dlt), if_mtu_(if_mtu) {}

  /// Adds one packet: `caplen` captured bytes of a `wire_length` packet.
  void Add(const uint8_t* data, size_t caplen, uint32_t wire_length);

  /// Every capture.* fact the packets support; counts are always present, first-seen values
  /// (mtu, from, mss, ...) only when something was seen.
  Facts ToFacts() const;

  /// Packets added so far.
  int64_t packets() const { return packets_; }

 private:
  // First ICMP error of a kind (frag-needed or Packet Too Big) and whether later ones agree.
  struct IcmpErrors {
    int64_t count = 0;
    uint32_t mtu = 0;
    IpAddress from;
    std::optional<IpHeader> quoted;
    bool all_agree = true;
    std::optional<bool> quoted_seen;  // the first one's quoted packet was captured before
    void Add(const IpHeader& ip, const IcmpMessage& icmp, std::optional<bool> seen);
    void Report(Facts& f, const std::string& prefix) const;
  };
  // First SYN (or SYN-ACK) and its options.
  struct Handshake {
    int64_t count = 0;
    IpAddress from, to;
    TcpSegment first;
    void Add(const IpHeader& ip, const TcpSegment& tcp);
    void Report(Facts& f, const std::string& prefix) const;
  };
  void AddIp(const DecodedPacket& p);
  // Whether a packet with `ip`'s protocol, id, source and destination was seen; nullopt when
  // too many packets came before to remember them all.
  std::optional<bool> Seen(const IpHeader& ip) const;

  int dlt_;
  uint32_t if_mtu_;
  int64_t packets_ = 0, bytes_ = 0, largest_ = 0, over_mtu_ = 0;
  int64_t ipv4_fragments_ = 0, ipv6_fragments_ = 0, tcp_df_ = 0, tcp_no_df_ = 0;
  IcmpErrors frag_needed_, packet_too_big_;
  Handshake syn_, syn_ack_;
  CaptureLists lists_;
  std::set<std::string> seen_;  // Seen()'s keys, up to CaptureLists::kMaxListed of them
  bool seen_overflow_ = false;
};

}  // namespace mtulab

#endif  // MTULAB_PROBES_CAPTURE_SUMMARY_H_
