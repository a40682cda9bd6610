// How big each capture's kernel ring is, and whether a run's rings fit its memory budget.
#include "harness/model/capture_budget.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace mtulab {
namespace {

// What the ring holds per packet besides the packet: the TPACKET_V3 header, sockaddr_ll,
// the link-layer header, alignment (~110 bytes), rounded up.
constexpr uint64_t kRingPerPacket = 192;
// Packets are counted as if the path cut every message into pieces of this much payload
// (IPv4's minimum MTU is 576): more packets, more headers, never fewer than really seen.
constexpr uint64_t kMinPiece = 512;
// An ICMP error quotes at most 1280 bytes (ICMPv6 Packet Too Big); one per message sent.
constexpr uint64_t kIcmpError = 1280 + 48;
// ARP, neighbour discovery, MLD and the like during one capture.
constexpr uint64_t kBackground = 64u << 10;
// A stalled TCP transfer retransmits; with TSO a retransmission can be a 64 KiB segment.
constexpr uint64_t kTcpRetransmits = 8 * (64u << 10);
// ICMP (8) + IPv6 (40) headers on top of an echo's payload; 100 for an encapsulation.
constexpr uint64_t kEchoHeaders = 48;
constexpr uint64_t kEncapHeaders = 100;

uint64_t CeilDiv(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

// `messages` messages of `bytes` payload in total, in one direction, cut to the snaplen.
uint64_t Flow(uint64_t bytes, uint64_t messages, uint32_t snaplen) {
  uint64_t packets = messages + CeilDiv(bytes, kMinPiece);
  uint64_t captured = std::min<uint64_t>(bytes, packets * snaplen);
  return captured + packets * kRingPerPacket;
}

// Echoes of `payload` bytes that may each be answered (same size back) or refused (an error).
uint64_t Echoes(uint64_t count, uint64_t payload, uint32_t snaplen) {
  return 2 * Flow(count * payload, count, snaplen) + count * kIcmpError;
}

uint64_t SweepEchoes(const SweepStep& s) {
  uint64_t bits = 1;
  while ((uint64_t{1} << bits) <= uint64_t{s.max} - s.min + 1) ++bits;
  return (uint64_t{s.tries} + 1) + uint64_t{s.tries} * (bits + 2);  // priming + bisection
}

uint64_t StepTraffic(const StepBody& body, uint32_t snaplen) {
  if (const auto* p = std::get_if<PingStep>(&body)) {
    return Echoes(p->count, uint64_t{p->size} + kEchoHeaders, snaplen);
  }
  if (const auto* s = std::get_if<SweepStep>(&body)) {
    return Echoes(SweepEchoes(*s), uint64_t{s->max} + kEchoHeaders, snaplen);
  }
  if (const auto* e = std::get_if<EncapStep>(&body)) {
    return Echoes(1, uint64_t{e->size} + kEchoHeaders + kEncapHeaders, snaplen);
  }
  if (const auto* u = std::get_if<UdpStep>(&body)) {
    return Flow(uint64_t{u->count} * u->size, u->count, snaplen) + u->count * kIcmpError;
  }
  if (const auto* t = std::get_if<TcpStep>(&body)) {
    uint64_t bytes = t->request + t->response;
    uint64_t acks = 16 + CeilDiv(bytes, kMinPiece);  // handshake, teardown, one per piece
    return Flow(bytes, 2, snaplen) + acks * kRingPerPacket + kTcpRetransmits;
  }
  return 0;  // reads kernel state, changes settings or waits: no traffic of its own
}

}  // namespace

std::optional<uint64_t> ParseMemorySize(const std::string& text) {
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0 || digits > 13) return std::nullopt;
  uint64_t n = std::stoull(text.substr(0, digits));
  std::string unit = text.substr(digits);
  int shift = 0;
  if (!unit.empty() && unit != "B") {
    const std::string kLetters = "KkMG";
    size_t letter = kLetters.find(unit[0]);
    std::string rest = unit.substr(1);
    if (letter == std::string::npos || (rest != "" && rest != "B" && rest != "iB")) {
      return std::nullopt;
    }
    shift = letter <= 1 ? 10 : letter == 2 ? 20 : 30;
  }
  if (n > (uint64_t{1} << (40 - shift))) return std::nullopt;
  return n << shift;
}

std::string FormatMemorySize(uint64_t bytes) {
  static const char* kUnits[] = {"bytes", "KiB", "MiB", "GiB"};
  int unit = 0;
  double value = static_cast<double>(bytes);
  while (unit < 3 && value >= 1024) {
    value /= 1024;
    ++unit;
  }
  char text[48];
  if (unit == 0 || value == static_cast<double>(static_cast<uint64_t>(value))) {
    std::snprintf(text, sizeof text, "%llu %s", static_cast<unsigned long long>(value),
                  kUnits[unit]);
  } else {
    std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
  }
  return text;
}

uint64_t EstimateCaptureTraffic(const Case& c, size_t start) {
  const auto& capture = std::get<CaptureStartStep>(c.steps.at(start).body);
  uint64_t total = kBackground;
  for (size_t i = start + 1; i < c.steps.size(); ++i) {
    const StepBody& body = c.steps[i].body;
    const auto* stop = std::get_if<CaptureStopStep>(&body);
    if (stop != nullptr && stop->name == capture.name) break;
    total += StepTraffic(body, capture.snaplen);
  }
  return total;
}

uint64_t CaptureRingSize(const Case& c, size_t start) {
  const auto& capture = std::get<CaptureStartStep>(c.steps.at(start).body);
  if (capture.buffer) return *capture.buffer;
  uint64_t ring = CeilDiv(EstimateCaptureTraffic(c, start), kCaptureRingBlock) *
                  kCaptureRingBlock;
  return std::clamp(ring, kCaptureRingFloor, kCaptureRingCeiling);
}

void SizeCaptureRings(Suite& suite) {
  for (Case& c : suite.cases) {
    for (size_t i = 0; i < c.steps.size(); ++i) {
      if (auto* capture = std::get_if<CaptureStartStep>(&c.steps[i].body)) {
        capture->ring_bytes = CaptureRingSize(c, i);
      }
    }
  }
}

CaseCaptureMemory PeakCaptureMemory(const Case& c) {
  CaseCaptureMemory peak;
  std::map<std::string, uint64_t> running;  // name -> ring bytes
  uint64_t now = 0;
  for (const Step& step : c.steps) {
    if (const auto* start = std::get_if<CaptureStartStep>(&step.body)) {
      uint64_t ring = start->ring_bytes != 0 ? start->ring_bytes : kCaptureRingCeiling;
      now += ring;
      running[start->name] += ring;
      if (now > peak.bytes) {
        peak = {now, static_cast<int>(running.size()), &step};
      }
    } else if (const auto* stop = std::get_if<CaptureStopStep>(&step.body)) {
      auto it = running.find(stop->name);
      if (it == running.end()) continue;
      now -= it->second;
      running.erase(it);
    }
  }
  return peak;
}

namespace {

struct CasePeak {
  const Suite* suite;
  const Case* kase;
  CaseCaptureMemory memory;
};

std::string PeakText(const CasePeak& p) {
  const auto& capture = std::get<CaptureStartStep>(p.memory.peak->body);
  return "capture '" + capture.name + "' brings case '" + p.suite->name + "/" + p.kase->name +
         "' to " + std::to_string(p.memory.captures) + " capture" +
         (p.memory.captures == 1 ? "" : "s") + " at once, " +
         FormatMemorySize(p.memory.bytes) + " of kernel rings";
}

}  // namespace

std::optional<CaptureBudgetError> CheckCaptureBudget(const std::vector<Suite>& suites, int jobs,
                                                     uint64_t budget) {
  std::vector<CasePeak> peaks;
  for (const Suite& s : suites) {
    for (const Case& c : s.cases) {
      CaseCaptureMemory m = PeakCaptureMemory(c);
      if (m.peak != nullptr) peaks.push_back({&s, &c, m});
    }
  }
  std::stable_sort(peaks.begin(), peaks.end(), [](const CasePeak& a, const CasePeak& b) {
    return a.memory.bytes > b.memory.bytes;
  });
  const std::string hint = "; raise --capture-memory, or give captures a smaller buffer=";
  std::string limit = "the capture memory budget of " + FormatMemorySize(budget);
  uint64_t total = 0;
  for (size_t i = 0; i < peaks.size() && i < static_cast<size_t>(std::max(jobs, 1)); ++i) {
    const CasePeak& p = peaks[i];
    total += p.memory.bytes;
    if (total <= budget) continue;
    if (i == 0) {
      return CaptureBudgetError{p.memory.peak->loc, PeakText(p) + ", over " + limit + hint};
    }
    return CaptureBudgetError{
        p.memory.peak->loc,
        PeakText(p) + "; with -j " + std::to_string(jobs) + " the " + std::to_string(i + 1) +
            " cases with the most capture memory may run together and hold " +
            FormatMemorySize(total) + ", over " + limit + hint + ", or lower -j"};
  }
  return std::nullopt;
}

}  // namespace mtulab
