#include "harness/probes/capture_lists.h"

#include <string>

namespace mtulab {
namespace {

struct ProtocolName {
  uint8_t number;
  const char* name;
};
constexpr ProtocolName kProtocolNames[] = {{1, "icmp"}, {58, "icmpv6"}, {17, "udp"}, {6, "tcp"}};

}  // namespace

template <typename T>
void CaptureLists::Append(std::vector<T>& list, size_t seen, T value) {
  if (seen <= kMaxListed) list.push_back(std::move(value));
}

void CaptureLists::Add(const DecodedPacket& p) {
  if (!p.ip) return;
  const IpHeader& ip = *p.ip;
  size_t n = ++ip_packets_;
  Append<int64_t>(lengths_, n, ip.length);
  Append<int64_t>(df_, n, ip.df ? 1 : 0);
  Append<int64_t>(mf_, n, ip.mf ? 1 : 0);
  Append<int64_t>(offsets_, n, ip.fragment_offset);
  Append<int64_t>(ids_, n, ip.id);
  Append<int64_t>(link_headers_, n, p.link_header);
  for (size_t i = 0; i < protocols_.size(); ++i) {
    if (kProtocolNames[i].number != ip.protocol) continue;
    Protocol& proto = protocols_[i];
    Append<int64_t>(proto.lengths, static_cast<size_t>(++proto.count), ip.length);
  }
  if (p.tunnel) {
    size_t t = ++tunneled_;
    Append<int64_t>(outer_, t, ip.length);
    Append<int64_t>(inner_, t, p.tunnel->ip.length);
    Append<std::string>(kinds_, t, p.tunnel->kind);
  }
}

void CaptureLists::Report(Facts& f) const {
  auto list = [&f](const std::string& name, size_t seen, const auto& values) {
    if (seen <= kMaxListed) f.SetList(name, values);
  };
  list("capture.ip_lengths", ip_packets_, lengths_);
  list("capture.df", ip_packets_, df_);
  list("capture.mf", ip_packets_, mf_);
  list("capture.fragment_offsets", ip_packets_, offsets_);
  list("capture.ip_ids", ip_packets_, ids_);
  list("capture.link_header_lengths", ip_packets_, link_headers_);
  for (size_t i = 0; i < protocols_.size(); ++i) {
    std::string prefix = std::string("capture.") + kProtocolNames[i].name;
    f.Set(prefix + ".count", protocols_[i].count);
    list(prefix + ".ip_lengths", static_cast<size_t>(protocols_[i].count), protocols_[i].lengths);
  }
  f.Set("capture.tunneled.count", static_cast<int64_t>(tunneled_));
  list("capture.tunneled.outer_ip_lengths", tunneled_, outer_);
  list("capture.tunneled.inner_ip_lengths", tunneled_, inner_);
  list("capture.tunneled.kinds", tunneled_, kinds_);
}

}  // namespace mtulab
