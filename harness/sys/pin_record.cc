#include "harness/sys/pin_record.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "harness/sys/pin.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

constexpr char kRecordPrefix[] = "up-";

// "up-" + E(topology): E is injective, so is this.
std::string RecordName(const std::string& topology) {
  std::string prefix = PinNamePrefix(topology);  // "mtulab-" + E(topology) + ":"
  return kRecordPrefix + prefix.substr(sizeof kPinPrefix - 1, prefix.size() - sizeof kPinPrefix);
}

// Opens `dir` (creating it 0700 when `create`): a real directory (not a symlink), owned by
// this user and writable by no one else. Returns an invalid descriptor when it does not
// exist and `create` is false.
UniqueFd OpenRecordDir(const std::string& dir, bool create) {
  if (create && ::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    ThrowErrno("creating " + dir);
  }
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT && !create) return fd;
    ThrowErrno("opening " + dir + " (it must be a directory, not a symlink)");
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) ThrowErrno("reading the owner of " + dir);
  if (st.st_uid != ::geteuid() || (st.st_mode & 022) != 0) {
    ThrowErrno(dir + " is not owned by this user or is writable by others: not trusted", EPERM);
  }
  return fd;
}

[[noreturn]] void Malformed(const std::string& path, int line, const std::string& problem) {
  throw std::runtime_error(path + ":" + std::to_string(line) + ": " + problem);
}

PinnedNetns ParseEntry(const std::string& text, const std::string& topology,
                       const std::string& path, int line) {
  std::istringstream fields(text);
  PinnedNetns pin;
  unsigned long long dev = 0, ino = 0;
  std::string extra;
  if (!(fields >> pin.name >> dev >> ino) || (fields >> extra)) {
    Malformed(path, line, "not '<name> <device> <inode>'");
  }
  const std::string prefix = PinNamePrefix(topology);
  if (pin.name.compare(0, prefix.size(), prefix) != 0 || pin.name.size() > NAME_MAX ||
      pin.name.find('/') != std::string::npos) {
    Malformed(path, line, "'" + pin.name + "' is not a pin of topology '" + topology + "'");
  }
  pin.dev = static_cast<dev_t>(dev);
  pin.ino = static_cast<ino_t>(ino);
  return pin;
}

}  // namespace

PinRecord PinRecord::Create(const std::string& topology, const std::string& dir) {
  UniqueFd dir_fd = OpenRecordDir(dir, true);
  std::string name = RecordName(topology);
  std::string path = dir + "/" + name;
  UniqueFd file(::openat(dir_fd.get(), name.c_str(),
                         O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!file.valid()) {
    if (errno == EEXIST) {
      ThrowErrno("topology '" + topology + "' is already up (record " + path +
                     "; `mtulab down` removes it)", EEXIST);
    }
    ThrowErrno("creating " + path);
  }
  return PinRecord(std::move(file), path);
}

void PinRecord::Add(const PinnedNetns& pin) {
  std::string line = pin.name + " " + std::to_string(pin.dev) + " " + std::to_string(pin.ino) +
                     "\n";
  for (size_t done = 0; done < line.size();) {
    ssize_t n = ::write(file_.get(), line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ThrowErrno("writing " + path_);
    done += static_cast<size_t>(n);
  }
  if (::fdatasync(file_.get()) != 0) ThrowErrno("writing " + path_ + " (fdatasync)");
}

std::optional<std::vector<PinnedNetns>> ReadPinRecord(const std::string& topology,
                                                      const std::string& dir) {
  UniqueFd dir_fd = OpenRecordDir(dir, false);
  if (!dir_fd.valid()) return std::nullopt;
  std::string name = RecordName(topology), path = dir + "/" + name;
  UniqueFd file(::openat(dir_fd.get(), name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (!file.valid()) {
    if (errno == ENOENT) return std::nullopt;
    ThrowErrno("opening " + path);
  }
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = ::read(file.get(), buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ThrowErrno("reading " + path);
    text.append(buf, static_cast<size_t>(n));
    if (text.size() > (size_t(1) << 20)) Malformed(path, 0, "larger than 1 MiB");
  }
  std::vector<PinnedNetns> pins;
  std::istringstream lines(text);
  int number = 0;
  for (std::string line; std::getline(lines, line);) {
    pins.push_back(ParseEntry(line, topology, path, ++number));
  }
  return pins;
}

void RemovePinRecord(const std::string& topology, const std::string& dir) {
  UniqueFd dir_fd = OpenRecordDir(dir, false);
  if (!dir_fd.valid()) return;
  std::string name = RecordName(topology);
  if (::unlinkat(dir_fd.get(), name.c_str(), 0) != 0 && errno != ENOENT) {
    ThrowErrno("removing " + dir + "/" + name);
  }
}

int RemoveAllPinRecords(const std::string& dir) {
  UniqueFd dir_fd = OpenRecordDir(dir, false);
  if (!dir_fd.valid()) return 0;
  DIR* listing = ::fdopendir(::fcntl(dir_fd.get(), F_DUPFD_CLOEXEC, 0));
  if (listing == nullptr) ThrowErrno("listing " + dir);
  std::vector<std::string> names;
  while (dirent* e = ::readdir(listing)) {
    if (std::strncmp(e->d_name, kRecordPrefix, sizeof kRecordPrefix - 1) == 0) {
      names.push_back(e->d_name);
    }
  }
  ::closedir(listing);
  int removed = 0;
  for (const std::string& name : names) {
    if (::unlinkat(dir_fd.get(), name.c_str(), 0) == 0) ++removed;
  }
  return removed;
}

}  // namespace mtulab
