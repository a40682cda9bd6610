#include "harness/probes/capture_summary.h"

namespace mtulab {

namespace {

std::string PacketKey(const IpHeader& ip) {
  return std::to_string(ip.protocol) + "/" + std::to_string(ip.id) + "/" + ip.src.ToString() + ">" +
         ip.dst.ToString();
}

}  // namespace

void CaptureSummary::IcmpErrors::Add(const IpHeader& ip, const IcmpMessage& icmp,
                                     std::optional<bool> seen) {
  uint32_t mtu_now = icmp.mtu.value_or(0);
  if (count++ == 0) {
    mtu = mtu_now;
    from = ip.src;
    quoted = icmp.quoted;
    quoted_seen = seen;
    return;
  }
  if (mtu_now != mtu || !(ip.src == from)) all_agree = false;
}

void CaptureSummary::IcmpErrors::Report(Facts& f, const std::string& prefix) const {
  f.Set(prefix + ".count", count);
  if (count == 0) return;
  f.Set(prefix + ".mtu", mtu);
  f.Set(prefix + ".from", from.ToString());
  f.SetBool(prefix + ".all_agree", all_agree);
  if (!quoted) return;
  f.Set(prefix + ".inner_protocol", IpProtocolName(quoted->protocol));
  f.Set(prefix + ".inner_src", quoted->src.ToString());
  f.Set(prefix + ".inner_dst", quoted->dst.ToString());
  f.Set(prefix + ".inner_id", quoted->id);
  if (quoted_seen) f.SetBool(prefix + ".inner_seen", *quoted_seen);
}

void CaptureSummary::Handshake::Add(const IpHeader& ip, const TcpSegment& tcp) {
  if (count++ != 0) return;
  from = ip.src;
  to = ip.dst;
  first = tcp;
}

void CaptureSummary::Handshake::Report(Facts& f, const std::string& prefix) const {
  f.Set(prefix + ".count", count);
  if (count == 0) return;
  f.Set(prefix + ".from", from.ToString());
  f.Set(prefix + ".to", to.ToString());
  if (first.mss) f.Set(prefix + ".mss", uint32_t{*first.mss});
  if (first.wscale) f.Set(prefix + ".wscale", uint32_t{*first.wscale});
  f.SetBool(prefix + ".sack_permitted", first.sack_permitted);
}

void CaptureSummary::Add(const uint8_t* data, size_t caplen, uint32_t wire_length) {
  DecodedPacket p = DecodePacket(dlt_, data, caplen, wire_length);
  ++packets_;
  bytes_ += wire_length;
  int64_t l3 = p.L3Length();
  if (l3 > largest_) largest_ = l3;
  if (l3 > if_mtu_) ++over_mtu_;
  if (p.ip) AddIp(p);
  lists_.Add(p);
}

void CaptureSummary::AddIp(const DecodedPacket& p) {
  const IpHeader& ip = *p.ip;
  if (ip.IsFragment()) ++(ip.version == 4 ? ipv4_fragments_ : ipv6_fragments_);
  if (ip.version == 4 && ip.protocol == 6) ++(ip.df ? tcp_df_ : tcp_no_df_);
  std::optional<bool> seen;
  if (p.icmp && p.icmp->quoted) seen = Seen(*p.icmp->quoted);
  if (p.icmp && p.icmp->IsFragNeeded()) frag_needed_.Add(ip, *p.icmp, seen);
  if (p.icmp && p.icmp->IsPacketTooBig()) packet_too_big_.Add(ip, *p.icmp, seen);
  if (p.tcp && p.tcp->Syn()) (p.tcp->Ack() ? syn_ack_ : syn_).Add(ip, *p.tcp);
  if (seen_.size() < CaptureLists::kMaxListed) {
    seen_.insert(PacketKey(ip));
  } else {
    seen_overflow_ = true;
  }
}

std::optional<bool> CaptureSummary::Seen(const IpHeader& ip) const {
  if (seen_.count(PacketKey(ip)) != 0) return true;
  if (seen_overflow_) return std::nullopt;
  return false;
}

Facts CaptureSummary::ToFacts() const {
  Facts f;
  f.Set("capture.packets", packets_);
  f.Set("capture.bytes", bytes_);
  f.Set("capture.largest_packet", largest_);
  f.Set("capture.if_mtu", if_mtu_);
  f.Set("capture.over_mtu.count", over_mtu_);
  f.Set("capture.ipv4_fragments.count", ipv4_fragments_);
  f.Set("capture.ipv6_fragments.count", ipv6_fragments_);
  f.Set("capture.tcp_df.count", tcp_df_);
  f.Set("capture.tcp_no_df.count", tcp_no_df_);
  frag_needed_.Report(f, "capture.icmp_frag_needed");
  packet_too_big_.Report(f, "capture.icmp6_packet_too_big");
  syn_.Report(f, "capture.tcp_syn");
  syn_ack_.Report(f, "capture.tcp_synack");
  lists_.Report(f);
  return f;
}

}  // namespace mtulab
