#ifndef MTULAB_SYS_PCAP_FILTER_H_
#define MTULAB_SYS_PCAP_FILTER_H_

#include <string>

namespace mtulab {

// The parts of libpcap that need no interface and no root. They are compiled into the pure
// core library too, so the suite loader can reject a bad capture filter at its attribute.

/// DLT_EN10MB: the link type of veth, bridge and the other Ethernet-like interfaces.
inline constexpr int kDltEthernet = 1;
/// Longest capture filter accepted (libpcap's parser is not meant for megabytes of text).
inline constexpr size_t kMaxPcapFilterLength = 4096;

/// Compiles `filter` as for a capture of link type `dlt` without opening any interface.
/// Returns the reason it is invalid (libpcap's text, e.g. "syntax error"), or "" when valid.
std::string PcapFilterError(const std::string& filter, int dlt);

/// "EN10MB", "RAW", "LINUX_SLL" (pcap_datalink_val_to_name), else "DLT <n>".
std::string DltName(int dlt);

}  // namespace mtulab

#endif  // MTULAB_SYS_PCAP_FILTER_H_
