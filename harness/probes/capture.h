#ifndef MTULAB_PROBES_CAPTURE_H_
#define MTULAB_PROBES_CAPTURE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "harness/model/facts.h"
#include "harness/model/suite.h"
#include "harness/probes/lab_view.h"
#include "harness/sys/pcap.h"

namespace mtulab {

/// Packet bytes a capture keeps in memory for its file; facts count every packet regardless.
inline constexpr size_t kMaxKeptCaptureBytes = 64u << 20;

/// A capture that was stopped: what it kept for a file.
struct FinishedCapture {
  std::string name, node, ifname;
  int dlt = 0;
  uint32_t snaplen = 0;
  std::string filter;
  std::vector<CapturedPacket> packets;  // in arrival order, at most kMaxKeptCaptureBytes
  std::string what;                      // "capture 'wire' on api:eth1", for errors
  int ring_bytes = 0;                    // the kernel ring it had
};

/// The captures of one case: running ones (a libpcap handle read on its own thread) and
/// finished ones (their packets, kept until the case's verdict decides whether they are
/// written). Destruction stops whatever still runs; nothing outlives the set.
class CaptureSet {
 public:
  CaptureSet();
  ~CaptureSet();
  CaptureSet(const CaptureSet&) = delete;
  CaptureSet& operator=(const CaptureSet&) = delete;

  /// Opens the capture inside the node's namespace and starts reading; snapshots every
  /// node's interfaces for the interface map. Returns capture.linktype and capture.if_mtu.
  /// Throws SysError (bad interface, bad filter, a name already running).
  Facts Start(LabView& lab, const CaptureStartStep& step);
  /// Stops the capture, drains the ring and returns its facts (README: capture-stop).
  /// Throws SysError for an unknown name, a reader that failed, or packets the kernel
  /// dropped because the ring was full (ENOBUFS; the packets seen are kept for the file).
  Facts Stop(const CaptureStopStep& step);
  /// Stops every running capture, keeping its packets; never throws.
  void StopAll() noexcept;

  const std::vector<FinishedCapture>& finished() const { return finished_; }
  /// ReadInterfaceMap() as read at the latest capture-start.
  const std::string& interface_map() const { return interface_map_; }

 private:
  struct Running;
  std::map<std::string, std::unique_ptr<Running>> running_;
  std::vector<FinishedCapture> finished_;
  std::string interface_map_;
};

/// The interfaces of every node of the lab, one line each, read from the kernel inside each
/// namespace: node, ifname, ifindex, MAC, MTU, addresses. Throws SysError.
std::string ReadInterfaceMap(LabView& lab);

/// Writes each finished capture to `reports_dir`/`suite`/`case_name`/<node>-<ifname>.pcap
/// (<node>-<ifname>-<capture>.pcap when two captures share an interface) plus interfaces.txt,
/// and returns the written paths relative to `reports_dir`. Writes nothing when there is no
/// capture. Throws SysError naming the file that could not be written.
std::vector<std::string> KeepCaptureFiles(const CaptureSet& captures,
                                          const std::string& reports_dir,
                                          const std::string& suite,
                                          const std::string& case_name);

}  // namespace mtulab

#endif  // MTULAB_PROBES_CAPTURE_H_
