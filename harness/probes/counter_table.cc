#include "harness/probes/counter_table.h"

#include <algorithm>
#include <sstream>
#include <vector>

#include "harness/model/values.h"

namespace mtulab {
namespace {

std::vector<std::string> Words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    prev.swap(cur);
  }
  return prev[b.size()];
}

std::string BareName(const std::string& full) {
  size_t dot = full.find('.');
  return dot == std::string::npos ? full : full.substr(dot + 1);
}

}  // namespace

void CounterTable::AddPairedLines(const std::string& text) {
  std::istringstream in(text);
  std::string names, values;
  while (std::getline(in, names) && std::getline(in, values)) {
    std::vector<std::string> n = Words(names), v = Words(values);
    if (n.empty() || v.empty() || n[0] != v[0] || n[0].back() != ':') continue;
    std::string group = n[0].substr(0, n[0].size() - 1);
    for (size_t i = 1; i < n.size() && i < v.size(); ++i) {
      if (std::optional<int64_t> value = ParseSignedInteger(v[i])) {
        counters_[group + "." + n[i]] = *value;
      }
    }
  }
}

void CounterTable::AddNameValueLines(const std::string& text) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> w = Words(line);
    std::optional<int64_t> value = w.size() == 2 ? ParseSignedInteger(w[1]) : std::nullopt;
    if (value) counters_[w[0]] = *value;
  }
}

namespace {

// The kernel prints per-ICMP-type counters ("IcmpMsg: InType8", "Icmp6InType128") only once
// they are non-zero; such a name that is absent reads as 0.
bool IsPerTypeIcmpCounter(const std::string& name) {
  for (const char* prefix : {"IcmpMsg.InType", "IcmpMsg.OutType", "InType", "OutType",
                             "Icmp6InType", "Icmp6OutType"}) {
    std::string p = prefix;
    if (name.size() > p.size() && name.compare(0, p.size(), p) == 0 &&
        name.find_first_not_of("0123456789", p.size()) == std::string::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool CounterTable::Lookup(const std::string& name, int64_t* value, std::string* error) const {
  auto it = counters_.find(name);
  if (it != counters_.end()) {
    *value = it->second;
    return true;
  }
  std::vector<std::string> matches;
  for (const auto& [full, v] : counters_) {
    if (full.find('.') != std::string::npos && BareName(full) == name) matches.push_back(full);
  }
  if (matches.size() == 1) {
    *value = counters_.at(matches[0]);
    return true;
  }
  if (matches.empty() && IsPerTypeIcmpCounter(name)) {
    *value = 0;
    return true;
  }
  if (matches.size() > 1) {
    std::string list;
    for (const std::string& m : matches) list += (list.empty() ? "" : ", ") + m;
    *error = "counter name '" + name + "' is ambiguous: " + list;
    return false;
  }
  std::string best;
  size_t best_distance = 4;
  for (const auto& [full, v] : counters_) {
    for (const std::string& candidate : {full, BareName(full)}) {
      size_t d = EditDistance(name, candidate);
      if (d < best_distance) best_distance = d, best = full;
    }
  }
  *error = "no counter '" + name + "' in /proc/net/snmp, snmp6 or netstat";
  if (!best.empty()) *error += " (did you mean " + best + "?)";
  return false;
}

}  // namespace mtulab
