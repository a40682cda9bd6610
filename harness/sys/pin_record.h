#ifndef MTULAB_SYS_PIN_RECORD_H_
#define MTULAB_SYS_PIN_RECORD_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "harness/sys/unique_fd.h"

namespace mtulab {

/// Where `mtulab up` records what it pinned: one file per topology, "up-<E(topology)>"
/// (E as in PinName), in a directory of root's (mode 0700) that mtulab creates.
inline constexpr char kPinRecordDir[] = "/run/mtulab";

/// One namespace `mtulab up` pinned: its name under /run/netns and the identity of the
/// namespace (device and inode of its nsfs file), so that `down` removes only that one.
struct PinnedNetns {
  std::string name;
  dev_t dev = 0;
  ino_t ino = 0;
};

/// The record of one `mtulab up` of a topology, written as it pins: each entry is on disk
/// (fdatasync) before its pin exists, so a pin is never left unrecorded by a crash.
/// Files are opened relative to the record directory with O_NOFOLLOW, the record itself
/// created with O_EXCL: no symlink is followed, no predictable name is reused. The
/// directory must be a real directory owned by this user and writable by no one else.
class PinRecord {
 public:
  /// Creates the record of `topology`. Throws SysError; EEXIST when the topology is up
  /// already (or a `down` was never run): "topology 'x' is already up (record ...)".
  static PinRecord Create(const std::string& topology, const std::string& dir = kPinRecordDir);

  /// Appends `pin`. Throws SysError.
  void Add(const PinnedNetns& pin);
  const std::string& path() const { return path_; }

 private:
  PinRecord(UniqueFd file, std::string path) : file_(std::move(file)), path_(std::move(path)) {}
  UniqueFd file_;
  std::string path_;
};

/// The entries of the record of `topology`, or nullopt when there is none. Every name is
/// checked to be a pin of that topology (PinNamePrefix) and a plain file name. Throws
/// SysError (unreadable) or std::runtime_error naming the file and line (malformed).
std::optional<std::vector<PinnedNetns>> ReadPinRecord(const std::string& topology,
                                                      const std::string& dir = kPinRecordDir);

/// Removes the record of `topology` (none: nothing to do). Throws SysError.
void RemovePinRecord(const std::string& topology, const std::string& dir = kPinRecordDir);

/// Removes every record in `dir` (after `mtulab clean`). Returns how many. Throws SysError.
int RemoveAllPinRecords(const std::string& dir = kPinRecordDir);

}  // namespace mtulab

#endif  // MTULAB_SYS_PIN_RECORD_H_
