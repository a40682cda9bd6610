// <udp>: UDP datagrams to a receiver. Its row of the step registry: element, attributes, help,
// reader, description and facts. Its runner: harness/probes/udp.cc.
#include "harness/model/step_row.h"

namespace mtulab {
namespace {

using step_row::Fact, step_row::kInt, step_row::kText, step_row::kAddr, step_row::kTraffic,
    step_row::kState, step_row::kConfig;

UdpStep ReadUdp(StepInput& in) {
  UdpStep udp;
  Family family = ReadFromTo(in, udp);
  udp.port = static_cast<uint16_t>(in.Uint("port", 1, 65535).value_or(udp.port));
  udp.size = in.Uint("size", 0, family == Family::kIpv4 ? 65507 : 65527).value_or(udp.size);
  udp.count = in.Uint("count", 1, 1000).value_or(udp.count);
  udp.df = ReadDf(in);
  udp.timeout_s = in.Seconds("timeout", 0, 60, true).value_or(udp.timeout_s);
  udp.tos = ReadTos(in);
  return udp;
}

std::string DescribeUdp(const UdpStep& s) {
  std::string out = WithFamily("udp " + s.from + " -> " + s.to.text, s.family);
  out += " size " + std::to_string(s.size) + " df=" + DfModeName(s.df);
  out += " count " + std::to_string(s.count);
  out += DescribeTos(s.tos);
  return out;
}

}  // namespace

StepSpec UdpStep::Row() {
  return {
      .name = "udp",
      .attrs = {"from", "to", "family", "port", "size", "count", "df", "timeout", "tos"},
      .help = "UDP datagrams from a connected socket (IP_RECVERR) to a receiver",
      .facts = {Fact(
                    "udp.result", kText, "", kTraffic,
                    "the first datagram: sent; emsgsize (refused locally); error (with udp.errno)"),
                Fact("udp.last_result", kText, "", kTraffic, "the last datagram's result"),
                Fact("udp.sent", kInt, "packets", kTraffic, "datagrams sent"),
                Fact("udp.errors", kInt, "packets", kTraffic, "sends that failed"),
                Fact("udp.received", kInt, "packets", kTraffic, "datagrams at the far end"),
                Fact("udp.received_size", kInt, "bytes", kTraffic, "the first one, as reassembled"),
                Fact("udp.duration_us", kInt, "us", kTraffic,
                     "first send -> last datagram received"),
                Fact("udp.mtu", kInt, "bytes", kTraffic,
                     "from the first error carrying one (local EMSGSIZE, else ICMP; IP_MTU if the "
                     "error queue had none)"),
                Fact("udp.icmp", kText, "", kTraffic,
                     "first ICMP error: frag_needed, packet_too_big, icmp_error"),
                Fact("udp.icmp_from", kAddr, "", kTraffic, "its source"),
                Fact("udp.icmp_type", kInt, "", kTraffic, "its type"),
                Fact("udp.icmp_code", kInt, "", kTraffic, "its code"),
                Fact("udp.errno", kText, "", kTraffic,
                     "text of the first send error (e.g. No buffer space available)"),
                Fact("udp.path_mtu", kInt, "bytes", kState,
                     "IP_MTU/IPV6_MTU of the sending socket after the step"),
                Fact("udp.target", kAddr, "", kConfig, "the receiver's address"),
                Fact("udp.port", kInt, "", kConfig, "the receiver's port"),
                Fact("udp.family", kText, "", kConfig, "ipv4 or ipv6"),
                Fact("udp.df", kText, "", kConfig, "the step's df mode"),
                Fact("udp.size", kInt, "bytes", kConfig, "payload bytes per datagram"),
                Fact("udp.receiver", kText, "", kConfig, "the receiver's node")},
      .sends_traffic = true,
      .pollable = true,
      .read = StepReader<UdpStep, ReadUdp>,
      .describe = StepDescriber<UdpStep, DescribeUdp>};
}

}  // namespace mtulab
