#include "harness/sys/pcap_filter.h"

#include <pcap/pcap.h>

#include <memory>

namespace mtulab {

std::string PcapFilterError(const std::string& filter, int dlt) {
  if (filter.size() > kMaxPcapFilterLength) {
    return "longer than " + std::to_string(kMaxPcapFilterLength) + " characters";
  }
  std::unique_ptr<pcap_t, decltype(&pcap_close)> dead(pcap_open_dead(dlt, 262144), &pcap_close);
  if (!dead) return "pcap_open_dead failed";
  bpf_program program{};
  if (pcap_compile(dead.get(), &program, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
    return pcap_geterr(dead.get());
  }
  pcap_freecode(&program);
  return "";
}

std::string DltName(int dlt) {
  const char* name = pcap_datalink_val_to_name(dlt);
  return name != nullptr ? name : "DLT " + std::to_string(dlt);
}

}  // namespace mtulab
