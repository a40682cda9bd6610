#ifndef MTULAB_PROBES_COUNTER_TABLE_H_
#define MTULAB_PROBES_COUNTER_TABLE_H_

#include <cstdint>
#include <map>
#include <string>

namespace mtulab {

/// Every counter of a namespace's /proc/net/snmp, /proc/net/netstat (as "Group.Name", e.g.
/// "TcpExt.IPReversePathFilter", "Icmp.InDestUnreachs") and /proc/net/snmp6 (bare names,
/// e.g. "Icmp6InPktTooBigs"). Pure: parses text handed to it.
class CounterTable {
 public:
  /// Parses the "Group: names" / "Group: values" line pairs of snmp and netstat.
  void AddPairedLines(const std::string& text);
  /// Parses the "Name value" lines of snmp6.
  void AddNameValueLines(const std::string& text);

  /// Looks a counter up by "Group.Name" or by a bare name that is unique across groups.
  /// On failure returns false and sets `error` ("no counter 'X' (did you mean Y?)" or
  /// "counter name 'InErrors' is ambiguous: Icmp.InErrors, Ip.InErrors, ...").
  bool Lookup(const std::string& name, int64_t* value, std::string* error) const;

  const std::map<std::string, int64_t>& all() const { return counters_; }

 private:
  std::map<std::string, int64_t> counters_;
};

}  // namespace mtulab

#endif  // MTULAB_PROBES_COUNTER_TABLE_H_
