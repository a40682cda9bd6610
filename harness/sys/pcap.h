#ifndef MTULAB_SYS_PCAP_H_
#define MTULAB_SYS_PCAP_H_

#include <sys/time.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "harness/sys/netns.h"
#include "harness/sys/pcap_filter.h"
#include "harness/sys/unique_fd.h"

struct pcap;  // libpcap's pcap_t

namespace mtulab {

/// One packet as libpcap delivered it.
struct CapturedPacket {
  timeval ts{};
  uint32_t wire_length = 0;   // original length on the wire (pcap "len")
  std::vector<uint8_t> data;  // the captured bytes (pcap "caplen")
};

/// Settings of a live capture.
struct PcapOptions {
  std::string filter;                   // BPF expression; empty: every packet
  uint32_t snaplen = 262144;
  int buffer_bytes = 32 << 20;          // kernel ring (TPACKET_V3 blocks, packets packed)
};

/// The kernel hands a partly filled ring block over after this long (tp_retire_blk_tov).
inline constexpr int kPcapBlockTimeoutMs = 10;
/// Longest PcapReader::Stop() waits for queued packets to come through.
inline constexpr int kPcapDrainLimitMs = 500;

/// Counters of a live capture (pcap_stats). ps_ifdrop is left out: libpcap reads it from
/// sysfs, which shows the host's interfaces, not the namespace's.
struct PcapStats {
  uint64_t received = 0;
  uint64_t dropped = 0;  // by the kernel: the ring was full
};

/// A live libpcap handle on one interface of a namespace. The packet socket is created inside
/// the namespace and stays bound to it; the handle can then be used from any thread, by one
/// thread at a time. Move-only; closed on destruction.
class PcapHandle {
 public:
  /// Opens `ifname` inside `ns`, not promiscuous, with `options`' snaplen, ring size and
  /// filter, non-blocking. Packets are read in ring blocks, which the kernel hands over when
  /// full or after kPcapBlockTimeoutMs. `what` names the capture in errors ("capture 'wire' on api:eth1"). Throws
  /// SysError; a bad filter names the filter and libpcap's text.
  static PcapHandle OpenLive(const Netns& ns, const std::string& ifname,
                             const PcapOptions& options, const std::string& what);
  PcapHandle(PcapHandle&& other) noexcept;
  PcapHandle& operator=(PcapHandle&& other) noexcept;
  PcapHandle(const PcapHandle&) = delete;
  PcapHandle& operator=(const PcapHandle&) = delete;
  ~PcapHandle();

  int dlt() const;
  uint32_t snaplen() const;
  /// A descriptor that polls readable when packets wait.
  int selectable_fd() const;
  /// Calls `on_packet` for every packet waiting now (never blocks); returns how many.
  /// Throws SysError if libpcap reports an error.
  int Dispatch(const std::function<void(const CapturedPacket&)>& on_packet);
  /// pcap_stats. Throws SysError.
  PcapStats Stats();

 private:
  PcapHandle(pcap* p, std::string what) : p_(p), what_(std::move(what)) {}
  pcap* p_ = nullptr;
  std::string what_;
};

/// Reads a handle on a thread of its own until Stop(), so a burst never waits for the step
/// that produces it; `on_packet` runs on that thread. Destruction stops and joins.
class PcapReader {
 public:
  /// Starts the thread. Throws SysError (eventfd) or std::system_error (thread).
  PcapReader(PcapHandle handle, std::function<void(const CapturedPacket&)> on_packet);
  ~PcapReader();
  PcapReader(const PcapReader&) = delete;
  PcapReader& operator=(const PcapReader&) = delete;

  /// Reads every packet the kernel queued before the call (waiting up to kPcapDrainLimitMs
  /// for its last ring block), joins the thread and returns the final counters. Throws
  /// SysError if the thread met an error. Call once.
  PcapStats Stop();
  const PcapHandle& handle() const { return handle_; }

 private:
  void Run();
  void Drain();
  void Join() noexcept;

  PcapHandle handle_;
  std::function<void(const CapturedPacket&)> on_packet_;
  UniqueFd wake_;  // eventfd: Stop() writes it
  std::string error_;  // set by the thread, read after join
  uint64_t delivered_ = 0;  // packets handed to on_packet_, on the thread
  std::thread thread_;
};

/// Writes `packets` to a pcap file of link type `dlt` and `snaplen` (pcap_open_dead +
/// pcap_dump_open). Throws SysError naming the path.
void WritePcapFile(const std::string& path, int dlt, uint32_t snaplen,
                   const std::vector<CapturedPacket>& packets);

/// A pcap file read back.
struct PcapFile {
  int dlt = 0;
  uint32_t snaplen = 0;
  std::vector<CapturedPacket> packets;
};

/// Reads a whole pcap file (pcap_open_offline). Throws SysError naming the path.
PcapFile ReadPcapFile(const std::string& path);

}  // namespace mtulab

#endif  // MTULAB_SYS_PCAP_H_
