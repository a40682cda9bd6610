#include "harness/sys/pcap.h"

#include <poll.h>
#include <pcap/pcap.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <memory>
#include <new>

#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

[[noreturn]] void ThrowPcap(const std::string& what, pcap_t* p, int status = PCAP_ERROR) {
  std::string text = p != nullptr ? pcap_geterr(p) : "";
  if (text.empty()) text = pcap_statustostr(status);
  throw SysError(what, status, text);
}

void Check(int rc, const std::string& what, pcap_t* p) {
  if (rc != 0) ThrowPcap(what, p, rc);
}

// Settings go in between pcap_create and pcap_activate; activation creates the packet
// socket, so it must run in the namespace of the interface.
void Configure(pcap_t* p, const PcapOptions& o, const std::string& what) {
  Check(pcap_set_snaplen(p, static_cast<int>(o.snaplen)), what + ": setting snaplen", p);
  Check(pcap_set_promisc(p, 0), what + ": setting promiscuous mode", p);
  // Not immediate mode: immediate mode means TPACKET_V2, one ring frame per packet sized for
  // the largest packet the interface may carry (64 KiB with offloads on), so a 32 MiB ring
  // held ~500 packets and a 1 MiB transfer of 1400-byte segments overflowed it (284 drops
  // measured). TPACKET_V3 packs packets into blocks; a block reaches us when full or when
  // the kernel retires it after the timeout, and PcapReader::Stop waits for that.
  Check(pcap_set_immediate_mode(p, 0), what + ": setting immediate mode", p);
  Check(pcap_set_buffer_size(p, o.buffer_bytes), what + ": setting the buffer size", p);
  Check(pcap_set_timeout(p, kPcapBlockTimeoutMs), what + ": setting the timeout", p);
}

void SetFilter(pcap_t* p, const std::string& filter, const std::string& what) {
  if (filter.empty()) return;
  bpf_program program{};
  if (pcap_compile(p, &program, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
    ThrowPcap(what + ": compiling filter '" + filter + "'", p);
  }
  int rc = pcap_setfilter(p, &program);
  pcap_freecode(&program);
  if (rc != 0) ThrowPcap(what + ": setting filter '" + filter + "'", p);
}

using PcapPtr = std::unique_ptr<pcap_t, decltype(&pcap_close)>;

}  // namespace

PcapHandle PcapHandle::OpenLive(const Netns& ns, const std::string& ifname,
                                const PcapOptions& options, const std::string& what) {
  char err[PCAP_ERRBUF_SIZE] = {};
  PcapPtr p(nullptr, &pcap_close);
  {
    ScopedNetnsEnter enter(ns);
    p.reset(pcap_create(ifname.c_str(), err));
    if (!p) throw SysError(what + ": pcap_create", PCAP_ERROR, err);
    Configure(p.get(), options, what);
    int status = pcap_activate(p.get());
    if (status < 0) ThrowPcap(what + ": activating", p.get(), status);
  }
  SetFilter(p.get(), options.filter, what);
  if (pcap_setnonblock(p.get(), 1, err) != 0) {
    throw SysError(what + ": setting non-blocking mode", PCAP_ERROR, err);
  }
  if (pcap_get_selectable_fd(p.get()) < 0) {
    throw SysError(what + ": no selectable descriptor", PCAP_ERROR, "pcap_get_selectable_fd");
  }
  return PcapHandle(p.release(), what);
}

PcapHandle::PcapHandle(PcapHandle&& other) noexcept
    : p_(std::exchange(other.p_, nullptr)), what_(std::move(other.what_)) {}

PcapHandle& PcapHandle::operator=(PcapHandle&& other) noexcept {
  if (this != &other) {
    if (p_ != nullptr) pcap_close(p_);
    p_ = std::exchange(other.p_, nullptr);
    what_ = std::move(other.what_);
  }
  return *this;
}

PcapHandle::~PcapHandle() {
  if (p_ != nullptr) pcap_close(p_);
}

int PcapHandle::dlt() const { return pcap_datalink(p_); }
uint32_t PcapHandle::snaplen() const { return static_cast<uint32_t>(pcap_snapshot(p_)); }
int PcapHandle::selectable_fd() const { return pcap_get_selectable_fd(p_); }

namespace {

struct DispatchState {
  const std::function<void(const CapturedPacket&)>* on_packet;
  pcap_t* p;
  CapturedPacket scratch;
  bool failed = false;
};

// libpcap calls this from C: nothing may propagate out of it.
void OnPacket(u_char* user, const pcap_pkthdr* h, const u_char* bytes) {
  auto* s = reinterpret_cast<DispatchState*>(user);
  try {
    s->scratch.ts = h->ts;
    s->scratch.wire_length = h->len;
    s->scratch.data.assign(bytes, bytes + h->caplen);
    (*s->on_packet)(s->scratch);
  } catch (...) {
    s->failed = true;
    pcap_breakloop(s->p);
  }
}

}  // namespace

int PcapHandle::Dispatch(const std::function<void(const CapturedPacket&)>& on_packet) {
  DispatchState state{&on_packet, p_, {}, false};
  int n = pcap_dispatch(p_, -1, OnPacket, reinterpret_cast<u_char*>(&state));
  if (state.failed) throw SysError(what_ + ": handling a packet", ENOMEM, "out of memory");
  if (n == PCAP_ERROR) ThrowPcap(what_ + ": reading packets", p_);
  return n < 0 ? 0 : n;
}

PcapStats PcapHandle::Stats() {
  pcap_stat st{};
  if (pcap_stats(p_, &st) != 0) ThrowPcap(what_ + ": reading statistics", p_);
  return PcapStats{st.ps_recv, st.ps_drop};
}

PcapReader::PcapReader(PcapHandle handle, std::function<void(const CapturedPacket&)> on_packet)
    : handle_(std::move(handle)), on_packet_(std::move(on_packet)) {
  wake_.Reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!wake_.valid()) ThrowErrno("creating an eventfd for the capture reader");
  thread_ = std::thread([this] { Run(); });
}

PcapReader::~PcapReader() { Join(); }

void PcapReader::Run() {
  pollfd fds[2] = {{handle_.selectable_fd(), POLLIN, 0}, {wake_.get(), POLLIN, 0}};
  try {
    for (;;) {
      ::poll(fds, 2, 100);
      delivered_ += static_cast<uint64_t>(handle_.Dispatch(on_packet_));
      if (fds[1].revents != 0) break;
    }
    Drain();
  } catch (const std::exception& e) {
    error_ = e.what();
  }
}

// Stop was asked: the packets the kernel queued before are in the ring, the last ones maybe
// in a block it has not retired yet. Its counters say how many it queued (received minus
// dropped); read until all of them came through. Packets libpcap itself discards (queued
// before the filter was set, then failing it) make the counts differ: the limit ends that.
void PcapReader::Drain() {
  auto limit = std::chrono::steady_clock::now() + std::chrono::milliseconds(kPcapDrainLimitMs);
  for (;;) {
    delivered_ += static_cast<uint64_t>(handle_.Dispatch(on_packet_));
    PcapStats s = handle_.Stats();
    if (delivered_ >= s.received - s.dropped) return;
    if (std::chrono::steady_clock::now() > limit) return;
    pollfd fd{handle_.selectable_fd(), POLLIN, 0};
    ::poll(&fd, 1, 2);
  }
}

void PcapReader::Join() noexcept {
  if (!thread_.joinable()) return;
  uint64_t one = 1;
  while (::write(wake_.get(), &one, sizeof one) < 0 && errno == EINTR) {
  }
  thread_.join();
}

PcapStats PcapReader::Stop() {
  Join();
  if (!error_.empty()) throw SysError(error_, EIO, "capture reader stopped");
  return handle_.Stats();
}

void WritePcapFile(const std::string& path, int dlt, uint32_t snaplen,
                   const std::vector<CapturedPacket>& packets) {
  PcapPtr dead(pcap_open_dead(dlt, static_cast<int>(snaplen)), &pcap_close);
  if (!dead) throw SysError("writing " + path + ": pcap_open_dead", ENOMEM, "out of memory");
  pcap_dumper_t* d = pcap_dump_open(dead.get(), path.c_str());
  if (d == nullptr) ThrowPcap("writing " + path, dead.get());
  for (const CapturedPacket& packet : packets) {
    pcap_pkthdr h{};
    h.ts = packet.ts;
    h.caplen = static_cast<bpf_u_int32>(packet.data.size());
    h.len = packet.wire_length;
    pcap_dump(reinterpret_cast<u_char*>(d), &h, packet.data.data());
  }
  bool flushed = pcap_dump_flush(d) == 0;
  int err = errno;
  pcap_dump_close(d);
  if (!flushed) ThrowErrno("writing " + path, err);
}

PcapFile ReadPcapFile(const std::string& path) {
  char err[PCAP_ERRBUF_SIZE] = {};
  PcapPtr p(pcap_open_offline(path.c_str(), err), &pcap_close);
  if (!p) throw SysError("reading " + path, PCAP_ERROR, err);
  PcapFile file;
  file.dlt = pcap_datalink(p.get());
  file.snaplen = static_cast<uint32_t>(pcap_snapshot(p.get()));
  pcap_pkthdr* h = nullptr;
  const u_char* bytes = nullptr;
  int rc;
  while ((rc = pcap_next_ex(p.get(), &h, &bytes)) == 1) {
    file.packets.push_back(CapturedPacket{h->ts, h->len, {bytes, bytes + h->caplen}});
  }
  if (rc != PCAP_ERROR_BREAK) ThrowPcap("reading " + path, p.get(), rc);
  return file;
}

}  // namespace mtulab
