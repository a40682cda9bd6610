#include "harness/sys/ethtool_groups.h"

#include <fnmatch.h>

#include <algorithm>

namespace mtulab {
namespace {

struct GroupGlob {
  const char* group;
  const char* glob;
};

// ethtool 6.1's off_flag_def rows for the groups mtulab exposes, in Groups() order.
constexpr GroupGlob kGroupGlobs[] = {
    {"tso", "tx-tcp*-segmentation"}, {"gso", "tx-generic-segmentation"},
    {"gro", "rx-gro"},               {"lro", "rx-lro"},
    {"tx", "tx-checksum-*"},         {"sg", "tx-scatter-gather*"},
};

const char* OnOff(bool on) { return on ? "on" : "off"; }

std::vector<size_t> BitsOf(const std::vector<FeatureBit>& features, const std::string& group) {
  std::vector<size_t> bits;
  for (size_t i = 0; i < features.size(); ++i) {
    if (GroupOfFeature(features[i].name) == group) bits.push_back(i);
  }
  return bits;
}

bool Relevant(const FeatureBit& bit) { return bit.available || bit.active; }

// The group's fixed bits that keep it from `on`; empty when it reached `on`.
std::vector<std::string> FixedLines(const std::vector<FeatureBit>& after,
                                    const std::string& group, bool on) {
  std::vector<std::string> lines;
  if (GroupState(after, group).active == on) return lines;
  std::vector<size_t> bits = BitsOf(after, group);
  bool any_relevant = std::any_of(bits.begin(), bits.end(),
                                  [&](size_t i) { return Relevant(after[i]); });
  for (size_t i : bits) {
    const FeatureBit& b = after[i];
    if (b.Changeable() || b.active == on || (any_relevant && !Relevant(b))) continue;
    lines.push_back(b.name + ": fixed " + OnOff(b.active));
  }
  return lines;
}

}  // namespace

const std::vector<std::string>& Ethtool::Groups() {
  static const std::vector<std::string> kGroups = [] {
    std::vector<std::string> names;
    for (const GroupGlob& g : kGroupGlobs) names.push_back(g.group);
    return names;
  }();
  return kGroups;
}

std::string GroupOfFeature(std::string_view feature) {
  std::string name(feature);
  for (const GroupGlob& g : kGroupGlobs) {
    if (::fnmatch(g.glob, name.c_str(), 0) == 0) return g.group;
  }
  return "";
}

bool IsOffloadGroup(const std::string& group) {
  const auto& groups = Ethtool::Groups();
  return std::find(groups.begin(), groups.end(), group) != groups.end();
}

std::string UnknownGroupText(const std::string& group) {
  std::string known;
  for (const std::string& g : Ethtool::Groups()) known += (known.empty() ? "" : ", ") + g;
  return "unknown offload '" + group + "' (known: " + known + ")";
}

OffloadState GroupState(const std::vector<FeatureBit>& features, const std::string& group) {
  OffloadState state;
  bool any_relevant = false;
  bool all_relevant_active = true;
  for (size_t i : BitsOf(features, group)) {
    const FeatureBit& b = features[i];
    state.changeable = state.changeable || b.Changeable();
    if (!Relevant(b)) continue;
    any_relevant = true;
    all_relevant_active = all_relevant_active && b.active;
  }
  state.active = any_relevant && all_relevant_active;
  return state;
}

std::vector<size_t> ChangeableBits(const std::vector<FeatureBit>& features,
                                   const std::string& group) {
  std::vector<size_t> bits = BitsOf(features, group);
  std::erase_if(bits, [&](size_t i) { return !features[i].Changeable(); });
  return bits;
}

std::string DescribeChange(const std::vector<FeatureBit>& before,
                           const std::vector<FeatureBit>& after, const std::string& group,
                           bool on) {
  std::vector<size_t> valid = ChangeableBits(before, group);
  std::vector<std::string> lines;
  for (size_t i = 0; i < after.size() && i < before.size(); ++i) {
    bool requested = std::find(valid.begin(), valid.end(), i) != valid.end();
    bool expected = requested ? on : before[i].active;
    if (after[i].active == expected) continue;
    lines.push_back(after[i].name + ": " + OnOff(after[i].active) +
                    (requested ? std::string(" [requested ") + OnOff(on) + "]"
                               : std::string(" [not requested]")));
  }
  for (std::string& line : FixedLines(after, group, on)) lines.push_back(std::move(line));
  std::string detail;
  for (const std::string& line : lines) detail += (detail.empty() ? "" : "; ") + line;
  return detail;
}

}  // namespace mtulab
