// <capture-start> / <capture-stop>: libpcap inside a node's namespace, read on a thread of
// its own, summarized into capture.* facts as packets arrive.
#include "harness/probes/capture.h"

#include <algorithm>
#include <cerrno>

#include "harness/probes/capture_summary.h"
#include "harness/probes/probe.h"
#include "harness/sys/sys_error.h"

namespace mtulab {

struct CaptureSet::Running {
  Running(FinishedCapture k, uint32_t if_mtu) : kept(std::move(k)), summary(kept.dlt, if_mtu) {}

  // Runs on the reader thread; the set reads the fields only after the thread is joined.
  void Add(const CapturedPacket& packet) {
    summary.Add(packet.data.data(), packet.data.size(), packet.wire_length);
    if (kept_bytes + packet.data.size() > kMaxKeptCaptureBytes) return;
    kept.packets.push_back(packet);
    kept_bytes += packet.data.size();
  }

  FinishedCapture kept;
  CaptureSummary summary;
  size_t kept_bytes = 0;
  bool empty_allowed = false;          // <capture-start empty="allowed">
  std::unique_ptr<PcapReader> reader;  // last: stopped before the fields it writes go away
};

namespace {

std::string DropsText(const FinishedCapture& c, const PcapStats& stats) {
  return c.what + ": the kernel dropped " + std::to_string(stats.dropped) + " of " +
         std::to_string(stats.received) + " packets, its " +
         std::to_string(c.ring_bytes >> 10) +
         " KiB ring was full; its facts would be incomplete (give <capture-start> a larger "
         "buffer=, e.g. buffer=\"" + std::to_string(std::max(4, (c.ring_bytes >> 20) * 4)) +
         "M\")";
}

std::string EmptyText(const FinishedCapture& c) {
  return c.what + (c.filter.empty() ? "" : " (filter \"" + c.filter + "\")") +
         " saw no packet; its facts would be vacuous (say empty=\"allowed\" on <capture-start> "
         "if that is the expectation)";
}

}  // namespace

CaptureSet::CaptureSet() = default;

CaptureSet::~CaptureSet() { StopAll(); }

Facts CaptureSet::Start(LabView& lab, const CaptureStartStep& step) {
  if (running_.count(step.name) != 0) {
    throw SysError("capture '" + step.name + "'", EEXIST, "already running");
  }
  if (!step.at.node || !step.at.ifname) {
    throw SysError("capture '" + step.name + "' at '" + step.at.text + "'", EINVAL,
                   "not node:ifname");
  }
  LabNode& node = lab.node(*step.at.node);
  std::string what = "capture '" + step.name + "' on " + step.at.text;
  // The ring holds what arrives before the reader thread starts: nothing is lost meanwhile.
  PcapOptions options{step.filter, step.snaplen};
  if (step.ring_bytes != 0) options.buffer_bytes = static_cast<int>(step.ring_bytes);
  PcapHandle handle = PcapHandle::OpenLive(node.ns, *step.at.ifname, options, what);
  uint32_t if_mtu = node.rtnl.GetLink(*step.at.ifname).mtu;
  interface_map_ = ReadInterfaceMap(lab);
  FinishedCapture kept{step.name, *step.at.node, *step.at.ifname, handle.dlt(),
                       handle.snaplen(), step.filter, {}, what, options.buffer_bytes};
  auto running = std::make_unique<Running>(std::move(kept), if_mtu);
  running->empty_allowed = step.empty_allowed;
  Running* r = running.get();
  running->reader = std::make_unique<PcapReader>(
      std::move(handle), [r](const CapturedPacket& packet) { r->Add(packet); });
  Facts f;
  f.Set("capture.linktype", DltName(r->kept.dlt));
  f.Set("capture.if_mtu", if_mtu);
  running_[step.name] = std::move(running);
  return f;
}

Facts CaptureSet::Stop(const CaptureStopStep& step) {
  auto it = running_.find(step.name);
  if (it == running_.end()) {
    throw SysError("capture-stop '" + step.name + "'", ENOENT, "no capture of that name runs");
  }
  std::unique_ptr<Running> r = std::move(it->second);
  running_.erase(it);
  PcapStats stats;
  try {
    stats = r->reader->Stop();
  } catch (...) {
    finished_.push_back(std::move(r->kept));
    throw;
  }
  Facts f = r->summary.ToFacts();
  f.Set("capture.linktype", DltName(r->kept.dlt));
  f.Set("capture.pcap_drops", static_cast<int64_t>(stats.dropped));
  f.Set("capture.kept_packets", static_cast<int64_t>(r->kept.packets.size()));
  FinishedCapture& kept = finished_.emplace_back(std::move(r->kept));
  // Counts with holes could pass an expectation they would fail: no verdict on them.
  if (stats.dropped != 0) throw SysError(DropsText(kept, stats), ENOBUFS, "capture incomplete");
  // Zero counts would pass any "no fragment" expectation without the traffic ever passing.
  if (r->summary.packets() == 0 && !r->empty_allowed) {
    throw SysError(EmptyText(kept), ENODATA, "capture empty");
  }
  return f;
}

void CaptureSet::StopAll() noexcept {
  for (auto& [name, r] : running_) {
    r->reader.reset();  // joins the reader thread and closes the handle
    try {
      finished_.push_back(std::move(r->kept));
    } catch (...) {
      // Out of memory while keeping a file of a case that already broke: drop the file.
    }
  }
  running_.clear();
}

Facts RunCaptureStart(ProbeContext& ctx, const CaptureStartStep& step) {
  if (!ctx.captures) ctx.captures = std::make_shared<CaptureSet>();
  return ctx.captures->Start(ctx.lab, step);
}
MTULAB_REGISTER_STEP_RUNNER(CaptureStartStep, RunCaptureStart);

Facts RunCaptureStop(ProbeContext& ctx, const CaptureStopStep& step) {
  if (!ctx.captures) {
    throw SysError("capture-stop '" + step.name + "'", ENOENT, "no capture of that name runs");
  }
  return ctx.captures->Stop(step);
}
MTULAB_REGISTER_STEP_RUNNER(CaptureStopStep, RunCaptureStop);

}  // namespace mtulab
