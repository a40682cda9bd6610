#ifndef MTULAB_PROBES_CAPTURE_LISTS_H_
#define MTULAB_PROBES_CAPTURE_LISTS_H_

#include <array>
#include <cstddef>
#include <cstdint>

#include "harness/model/fact_value.h"
#include "harness/model/facts.h"
#include "harness/probes/decode.h"

namespace mtulab {

/// The per-packet capture facts (pure; no kernel): lists with one element per IP packet in
/// capture order (length, DF, MF, fragment offset, IP id: element i of each list is the same
/// packet), the lengths and count per protocol, and outer/inner lengths of tunnel packets.
/// A list is reported only whole: past kMaxListed elements it is absent (so no check can
/// pass on part of a capture); counts are always reported.
class CaptureLists {
 public:
  static constexpr size_t kMaxListed = 2048;

  /// Adds one decoded packet; packets without an IP header are not listed.
  void Add(const DecodedPacket& p);
  /// capture.ip_lengths, .df, .mf, .fragment_offsets, .ip_ids, .link_header_lengths,
  /// capture.<P>.count and
  /// .ip_lengths (P = icmp, icmpv6, udp, tcp), capture.tunneled.*.
  void Report(Facts& f) const;

 private:
  struct Protocol {
    int64_t count = 0;
    IntegerList lengths;
  };
  // Appends `value` while the list is not over the limit; `seen` counts every element.
  template <typename T>
  static void Append(std::vector<T>& list, size_t seen, T value);

  size_t ip_packets_ = 0, tunneled_ = 0;
  IntegerList lengths_, df_, mf_, offsets_, ids_, link_headers_;
  std::array<Protocol, 4> protocols_;  // icmp, icmpv6, udp, tcp (kProtocolNames order)
  IntegerList outer_, inner_;
  TextList kinds_;
};

}  // namespace mtulab

#endif  // MTULAB_PROBES_CAPTURE_LISTS_H_
