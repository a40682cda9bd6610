#include "harness/sys/ethtool.h"

#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <utility>

#include "harness/sys/ethtool_groups.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

constexpr uint32_t kBitsPerBlock = 32;

// The ethtool command structs end in flexible arrays, which C++ cannot declare as locals
// with room behind them: they live in zeroed, 8-byte-aligned storage of the right size.
class IoctlBuffer {
 public:
  explicit IoctlBuffer(size_t bytes) : words_((bytes + sizeof(uint64_t) - 1) / sizeof(uint64_t)) {}
  template <typename T>
  T* As() {
    return reinterpret_cast<T*>(words_.data());
  }

 private:
  std::vector<uint64_t> words_;
};

// Every feature bit of a device plus the block count SFEATURES insists on.
struct DeviceFeatures {
  std::vector<FeatureBit> bits;
  uint32_t blocks = 0;
};

// SIOCETHTOOL on `ifname`; throws SysError(what) on failure, else returns the ioctl result
// (SFEATURES reports ETHTOOL_F_* flags there).
int EthtoolIoctl(int fd, const std::string& ifname, void* command, const std::string& what) {
  ifreq ifr{};
  std::memcpy(ifr.ifr_name, ifname.data(), ifname.size());
  ifr.ifr_data = static_cast<char*>(command);
  int rc = ::ioctl(fd, SIOCETHTOOL, &ifr);
  if (rc < 0) ThrowErrno(what);
  return rc;
}

uint32_t FeatureCount(int fd, const std::string& ifname, const std::string& what) {
  IoctlBuffer buf(sizeof(ethtool_sset_info) + sizeof(uint32_t));
  auto* info = buf.As<ethtool_sset_info>();
  info->cmd = ETHTOOL_GSSET_INFO;
  info->sset_mask = 1ULL << ETH_SS_FEATURES;
  EthtoolIoctl(fd, ifname, info, what);
  // The kernel clears the bits of string sets it does not have.
  if ((info->sset_mask & (1ULL << ETH_SS_FEATURES)) == 0 || info->data[0] == 0) {
    throw SysError(what, EOPNOTSUPP, "no feature names (ETH_SS_FEATURES)");
  }
  return info->data[0];
}

std::vector<std::string> FeatureNames(int fd, const std::string& ifname, uint32_t count,
                                      const std::string& what) {
  IoctlBuffer buf(sizeof(ethtool_gstrings) + size_t{count} * ETH_GSTRING_LEN);
  auto* strings = buf.As<ethtool_gstrings>();
  strings->cmd = ETHTOOL_GSTRINGS;
  strings->string_set = ETH_SS_FEATURES;
  strings->len = count;
  EthtoolIoctl(fd, ifname, strings, what);
  std::vector<std::string> names;
  for (uint32_t i = 0; i < strings->len && i < count; ++i) {
    const char* slot = reinterpret_cast<const char*>(strings->data) + size_t{i} * ETH_GSTRING_LEN;
    names.emplace_back(slot, ::strnlen(slot, ETH_GSTRING_LEN));
  }
  return names;
}

DeviceFeatures ReadDevice(int fd, const std::string& ifname, const std::string& what) {
  if (ifname.empty() || ifname.size() >= IFNAMSIZ) {
    throw SysError(what, EINVAL, "interface names have 1 to 15 characters");
  }
  std::vector<std::string> names = FeatureNames(fd, ifname, FeatureCount(fd, ifname, what), what);
  uint32_t blocks = (static_cast<uint32_t>(names.size()) + kBitsPerBlock - 1) / kBitsPerBlock;
  for (;;) {
    IoctlBuffer buf(sizeof(ethtool_gfeatures) + blocks * sizeof(ethtool_get_features_block));
    auto* get = buf.As<ethtool_gfeatures>();
    get->cmd = ETHTOOL_GFEATURES;
    get->size = blocks;
    EthtoolIoctl(fd, ifname, get, what);
    // On return `size` is the block count the kernel has; it copied at most ours.
    if (get->size > blocks) {
      blocks = get->size;
      continue;
    }
    DeviceFeatures device{{}, get->size};
    for (size_t i = 0; i < names.size() && i / kBitsPerBlock < get->size; ++i) {
      const ethtool_get_features_block& b = get->features[i / kBitsPerBlock];
      const uint32_t mask = 1u << (i % kBitsPerBlock);
      device.bits.push_back(FeatureBit{names[i], (b.available & mask) != 0,
                                       (b.requested & mask) != 0, (b.active & mask) != 0,
                                       (b.never_changed & mask) != 0});
    }
    return device;
  }
}

void WriteDevice(int fd, const std::string& ifname, uint32_t blocks,
                 const std::vector<size_t>& valid_bits, bool on, const std::string& what) {
  IoctlBuffer buf(sizeof(ethtool_sfeatures) + blocks * sizeof(ethtool_set_features_block));
  auto* set = buf.As<ethtool_sfeatures>();
  set->cmd = ETHTOOL_SFEATURES;
  set->size = blocks;
  for (size_t i : valid_bits) {
    ethtool_set_features_block& b = set->features[i / kBitsPerBlock];
    const uint32_t mask = 1u << (i % kBitsPerBlock);
    b.valid |= mask;
    if (on) b.requested |= mask;
  }
  // The ETHTOOL_F_* result flags are not needed: the caller re-reads the device.
  EthtoolIoctl(fd, ifname, set, what);
}

UniqueFd OpenSocketIn(const Netns& ns, const std::string& owner) {
  ScopedNetnsEnter in(ns);
  UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) ThrowErrno("opening the ethtool socket in " + owner);
  return fd;
}

}  // namespace

Ethtool::Ethtool(const Netns& ns, std::string owner)
    : fd_(OpenSocketIn(ns, owner)), owner_(std::move(owner)) {}

std::map<std::string, OffloadState> Ethtool::Read(const std::string& ifname) {
  std::string what = "reading offloads of '" + ifname + "' in " + owner_;
  DeviceFeatures device = ReadDevice(fd_.get(), ifname, what);
  std::map<std::string, OffloadState> states;
  for (const std::string& group : Groups()) states[group] = GroupState(device.bits, group);
  return states;
}

OffloadChange Ethtool::Set(const std::string& ifname, const std::string& group, bool on) {
  std::string what = "turning offload '" + group + "' " + (on ? "on" : "off") + " for '" +
                     ifname + "' in " + owner_;
  if (!IsOffloadGroup(group)) throw SysError(what, EINVAL, UnknownGroupText(group));
  DeviceFeatures before = ReadDevice(fd_.get(), ifname, what);
  std::vector<size_t> valid = ChangeableBits(before.bits, group);
  // An empty `valid` would be a no-op at best; a group with nothing changeable is reported
  // as fixed instead of asking the kernel.
  if (!valid.empty()) WriteDevice(fd_.get(), ifname, before.blocks, valid, on, what);
  DeviceFeatures after = valid.empty() ? before : ReadDevice(fd_.get(), ifname, what);
  OffloadChange change;
  change.after = GroupState(after.bits, group);
  change.applied = change.after.active == on;
  change.detail = DescribeChange(before.bits, after.bits, group, on);
  return change;
}

}  // namespace mtulab
