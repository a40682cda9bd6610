#ifndef MTULAB_MODEL_CAPTURE_BUDGET_H_
#define MTULAB_MODEL_CAPTURE_BUDGET_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/source_loc.h"
#include "harness/model/suite.h"

namespace mtulab {

/// libpcap cuts a TPACKET_V3 ring into blocks of this size (one 256 KiB "frame" each): ring
/// sizes are rounded up to a multiple of it.
inline constexpr uint64_t kCaptureRingBlock = 256u << 10;
/// The smallest ring sized from the traffic: 8 blocks, so the reader thread may lag 80 ms
/// (8 block timeouts) behind a steady trickle before the kernel drops a packet.
inline constexpr uint64_t kCaptureRingFloor = 2u << 20;
/// The largest ring sized from the traffic (the size every capture had before sizing).
inline constexpr uint64_t kCaptureRingCeiling = 32u << 20;
/// Bounds of an explicit <capture-start buffer="...">.
inline constexpr uint64_t kCaptureBufferMin = kCaptureRingBlock;
inline constexpr uint64_t kCaptureBufferMax = 1u << 30;
/// Capture ring memory a run may hold at once unless --capture-memory says otherwise.
inline constexpr uint64_t kDefaultCaptureBudget = 256u << 20;

/// "4M", "256K", "1G", "512k", "4194304" (bytes; K, M, G are powers of 1024, an optional
/// trailing "iB" or "B" is accepted: "4MiB"). nullopt for anything else or above 2^40.
std::optional<uint64_t> ParseMemorySize(const std::string& text);
/// "2 MiB", "256 KiB", "1.5 MiB", "100 bytes".
std::string FormatMemorySize(uint64_t bytes);

/// Bytes the kernel ring of the capture started by `c.steps[start]` may have to hold: every
/// packet the steps until its <capture-stop> can put on the wire (both directions, ICMP
/// errors, ACKs, retransmissions, fragments of the smallest MTU), each cut to the snaplen,
/// plus the ring's per-packet headers and some background traffic (ARP, neighbour
/// discovery). A generous upper bound, not a prediction.
uint64_t EstimateCaptureTraffic(const Case& c, size_t start);

/// The ring of that capture: its buffer= if given, else the estimate rounded up to whole
/// blocks, between kCaptureRingFloor and kCaptureRingCeiling.
uint64_t CaptureRingSize(const Case& c, size_t start);

/// Sets ring_bytes of every <capture-start> of the suite (CaptureRingSize). Pure.
void SizeCaptureRings(Suite& suite);

/// The most ring memory a case holds at once: the captures running together at its worst
/// moment, and the <capture-start> that reaches it.
struct CaseCaptureMemory {
  uint64_t bytes = 0;
  int captures = 0;           // captures running at that moment
  const Step* peak = nullptr;  // the <capture-start> that reaches `bytes`; null: no capture
};
CaseCaptureMemory PeakCaptureMemory(const Case& c);

/// A run that could exceed its capture memory budget, at the capture that does it.
struct CaptureBudgetError {
  SourceLoc loc;
  std::string message;
};

/// The worst case of a run of `suites` with `jobs` cases at once: the `jobs` cases holding
/// the most ring memory, all at their peak together. nullopt when that fits `budget`, else
/// the capture-start of the case that crosses it (the case's own peak, when one case alone
/// needs more than the budget). Rings of ring_bytes 0 (not sized) count as the ceiling.
std::optional<CaptureBudgetError> CheckCaptureBudget(const std::vector<Suite>& suites, int jobs,
                                                     uint64_t budget);

}  // namespace mtulab

#endif  // MTULAB_MODEL_CAPTURE_BUDGET_H_
