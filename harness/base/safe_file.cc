#include "harness/base/safe_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <utility>

namespace mtulab {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void Fail(const std::string& what, int err) {
  throw FileError(what + ": " + std::strerror(err), err);
}

void WriteAll(int fd, const std::string& text, const std::string& what) {
  for (size_t done = 0; done < text.size();) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) Fail(what, errno);
    done += static_cast<size_t>(n);
  }
}

// Six characters of [A-Za-z0-9] from getrandom(2), as mkstemp uses.
std::string RandomSuffix() {
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  unsigned char bytes[6];
  if (::getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) {
    Fail("getrandom", errno != 0 ? errno : EIO);
  }
  std::string out;
  for (unsigned char b : bytes) out += kChars[b % (sizeof kChars - 1)];
  return out;
}

std::string TemporaryName(const std::string& name) {
  return TemporaryPrefix(name) + std::to_string(::getpid()) + "." + RandomSuffix();
}

bool IsComponent(const std::string& name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos;
}

// The pid of a temporary name "<prefix><pid>" or "<prefix><pid>.<6 alphanumerics>", or 0.
pid_t TemporaryPid(const std::string& entry, const std::string& prefix) {
  if (entry.compare(0, prefix.size(), prefix) != 0) return 0;
  std::string rest = entry.substr(prefix.size());
  size_t digits = 0;
  while (digits < rest.size() && digits < 10 &&
         std::isdigit(static_cast<unsigned char>(rest[digits]))) {
    ++digits;
  }
  if (digits == 0 || rest[0] == '0') return 0;
  std::string tail = rest.substr(digits);
  if (!tail.empty()) {
    if (tail.size() != 7 || tail[0] != '.') return 0;
    for (size_t i = 1; i < tail.size(); ++i) {
      if (!std::isalnum(static_cast<unsigned char>(tail[i]))) return 0;
    }
  }
  long pid = std::stol(rest.substr(0, digits));
  return pid > 0 && pid <= 0x3fffffff ? static_cast<pid_t>(pid) : 0;
}

}  // namespace

FileError::FileError(const std::string& what, int error_code)
    : std::runtime_error(what), error_code_(error_code) {}

Directory Directory::Open(const std::string& path, bool create) {
  std::string p = path.empty() ? "." : path;
  int fd = ::open(p.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) return Directory(fd, path);
  if (errno != ENOENT || !create) Fail("opening directory " + p, errno);
  // Made one component at a time, each relative to its parent's descriptor.
  Directory at(::open(p[0] == '/' ? "/" : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC), "");
  if (at.fd_ < 0) Fail("opening directory " + p, errno);
  std::string walked = p[0] == '/' ? "/" : "";
  for (const fs::path& part : fs::path(p).relative_path()) {
    std::string c = part.string();
    if (c.empty() || c == ".") continue;
    walked += (walked.empty() || walked.back() == '/' ? "" : "/") + c;
    bool made = c != ".." && ::mkdirat(at.fd_, c.c_str(), 0755) == 0;
    if (!made && c != ".." && errno != EEXIST) Fail("creating directory " + walked, errno);
    int next =
        ::openat(at.fd_, c.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | (made ? O_NOFOLLOW : 0));
    if (next < 0) Fail("opening directory " + walked, errno);
    at = Directory(next, walked);
  }
  at.path_ = path;
  return at;
}

Directory::Directory(Directory&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}

Directory& Directory::operator=(Directory&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
  }
  return *this;
}

Directory::~Directory() {
  if (fd_ >= 0) ::close(fd_);
}

std::string Directory::Join(const std::string& name) const {
  if (path_.empty() || path_ == ".") return name;
  return path_ + (path_.back() == '/' ? "" : "/") + name;
}

Directory Directory::Sub(const std::string& name, bool create) const {
  if (!IsComponent(name)) Fail("opening directory " + Join(name), EINVAL);
  if (create && ::mkdirat(fd_, name.c_str(), 0755) != 0 && errno != EEXIST) {
    Fail("creating directory " + Join(name), errno);
  }
  int fd = ::openat(fd_, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) Fail("opening directory " + Join(name) + " (not following a symlink)", errno);
  return Directory(fd, Join(name));
}

std::string TemporaryPrefix(const std::string& name) { return name + ".tmp."; }

PendingFile::PendingFile(const Directory& dir, const std::string& name)
    : dir_fd_(dir.fd()), target_(dir.Join(name)), name_(name) {
  if (!IsComponent(name)) Fail("creating " + dir.Join(name), EINVAL);
  fd_ = ::openat(dir_fd_, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
  if (fd_ >= 0) return;
  // EISDIR: a kernel without O_TMPFILE; EOPNOTSUPP: a file system without it.
  if (errno != EOPNOTSUPP && errno != EISDIR) {
    Fail("creating a file in " + (dir.path().empty() ? std::string(".") : dir.path()), errno);
  }
  for (int attempt = 0; fd_ < 0 && attempt < 100; ++attempt) {
    temp_name_ = TemporaryName(name);
    fd_ = ::openat(dir_fd_, temp_name_.c_str(),
                   O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd_ < 0 && errno != EEXIST) {
      int err = errno;
      temp_name_.clear();
      Fail("creating " + dir.Join(name) + ".tmp.*", err);
    }
  }
  if (fd_ < 0) {
    temp_name_.clear();
    Fail("creating " + dir.Join(name) + ".tmp.*", EEXIST);
  }
}

PendingFile::~PendingFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!temp_name_.empty()) ::unlinkat(dir_fd_, temp_name_.c_str(), 0);
}

void PendingFile::Write(const std::string& text) { WriteAll(fd_, text, "writing " + target_); }

void PendingFile::Commit() {
  const std::string& target = target_;
  if (::fsync(fd_) != 0) Fail("writing " + target + " (fsync)", errno);
  if (temp_name_.empty()) {  // unnamed: give it a random name first, then rename
    std::string proc = "/proc/self/fd/" + std::to_string(fd_);
    for (int attempt = 0; temp_name_.empty() && attempt < 100; ++attempt) {
      std::string candidate = TemporaryName(name_);
      int rc = ::linkat(AT_FDCWD, proc.c_str(), dir_fd_, candidate.c_str(), AT_SYMLINK_FOLLOW);
      if (rc != 0 && errno == ENOENT) {  // no /proc: AT_EMPTY_PATH (CAP_DAC_READ_SEARCH)
        rc = ::linkat(fd_, "", dir_fd_, candidate.c_str(), AT_EMPTY_PATH);
      }
      if (rc == 0) {
        temp_name_ = candidate;
      } else if (errno != EEXIST) {
        Fail("writing " + target + " (linking the new file)", errno);
      }
    }
    if (temp_name_.empty()) Fail("writing " + target + " (linking the new file)", EEXIST);
  }
  int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0) Fail("writing " + target + " (close)", errno);
  if (::renameat(dir_fd_, temp_name_.c_str(), dir_fd_, name_.c_str()) != 0) {
    Fail("writing " + target + " (rename)", errno);
  }
  temp_name_.clear();
}

int RemoveStaleTemporaries(const Directory& dir, const std::string& name) {
  int fd = ::openat(dir.fd(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) Fail("listing " + dir.Join(""), errno);
  DIR* d = ::fdopendir(fd);
  if (d == nullptr) {
    int err = errno;
    ::close(fd);
    Fail("listing " + dir.Join(""), err);
  }
  std::string prefix = TemporaryPrefix(name);
  int removed = 0;
  while (const dirent* e = ::readdir(d)) {
    pid_t pid = TemporaryPid(e->d_name, prefix);
    if (pid == 0) continue;
    struct stat st {};
    if (::fstatat(dir.fd(), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (!S_ISREG(st.st_mode) || st.st_uid != ::geteuid() || st.st_nlink != 1) continue;
    if (::kill(pid, 0) == 0 || errno != ESRCH) continue;  // its writer may still run
    if (::unlinkat(dir.fd(), e->d_name, 0) == 0) ++removed;
  }
  ::closedir(d);
  return removed;
}

TargetKind ClassifyTarget(const std::string& path) {
  if (path == "-" || path == "/dev/stdout") return TargetKind::kStdout;
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return TargetKind::kFile;
    Fail("inspecting " + path, errno);
  }
  if (S_ISLNK(st.st_mode)) {
    struct stat to {};
    bool trusted = st.st_uid == 0 || st.st_uid == ::geteuid();
    if (!trusted || ::stat(path.c_str(), &to) != 0) return TargetKind::kFile;
    if (S_ISCHR(to.st_mode) || S_ISFIFO(to.st_mode)) return TargetKind::kStream;
    if (S_ISDIR(to.st_mode)) throw FileError("is a directory", EISDIR);
    // Neither written through nor replaced: a trusted link (/dev/stderr to a file, or the
    // user's own) is plumbing someone meant; replacing it could break the system.
    throw FileError(
        "is a symlink to a regular file (mtulab writes through no symlink: name "
        "the file itself)",
        ELOOP);
  }
  if (S_ISREG(st.st_mode)) return TargetKind::kFile;
  if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) return TargetKind::kStream;
  const char* kind = S_ISDIR(st.st_mode)    ? "a directory"
                     : S_ISBLK(st.st_mode)  ? "a block device"
                     : S_ISSOCK(st.st_mode) ? "a socket"
                                            : "not a regular file";
  throw FileError(std::string("is ") + kind, S_ISDIR(st.st_mode) ? EISDIR : EINVAL);
}

void CheckNotSharedDirectory(const std::string& dir) {
  fs::path abs = fs::absolute(dir.empty() ? fs::path(".") : fs::path(dir));
  std::string prefix;
  for (const fs::path& part : abs) {
    std::string c = part.string();
    if (c.empty()) continue;
    prefix += (prefix.empty() || prefix.back() == '/' ? "" : "/") + c;
    struct stat st {};
    if (::stat(prefix.c_str(), &st) != 0) return;  // missing: mtulab makes it (0755)
    if (S_ISDIR(st.st_mode) && (st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX)) {
      char mode[8];
      std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
      throw FileError(prefix + " is writable by every user (mode " + mode +
                          ") without the sticky bit: anyone could put a symlink in place "
                          "of what mtulab writes there as root",
                      EPERM);
    }
  }
}

void WriteTarget(const std::string& path, const std::string& text, bool create_dir) {
  switch (ClassifyTarget(path)) {
    case TargetKind::kStdout:
      std::fflush(stdout);
      WriteAll(STDOUT_FILENO, text, "writing to standard output");
      return;
    case TargetKind::kStream: {
      int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
      if (fd < 0 && errno == ENXIO) {  // a FIFO nobody reads yet
        std::fprintf(stderr, "mtulab: waiting for a reader of the FIFO %s\n", path.c_str());
        fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
      }
      if (fd < 0) Fail("opening " + path, errno);
      struct stat st {};
      int err = ::fstat(fd, &st) != 0                           ? errno
                : (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) ? 0
                                                                : EINVAL;
      if (err == 0 && ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) err = errno;
      try {
        if (err != 0) Fail("opening " + path + " (no longer a device or FIFO)", err);
        WriteAll(fd, text, "writing " + path);
      } catch (...) {
        ::close(fd);
        throw;
      }
      if (::close(fd) != 0) Fail("writing " + path + " (close)", errno);
      return;
    }
    case TargetKind::kFile: {
      fs::path p(path);
      std::string name = p.filename().string();
      if (!IsComponent(name)) Fail("writing " + path, EISDIR);
      Directory dir = Directory::Open(p.parent_path().string(), create_dir);
      PendingFile file(dir, name);
      file.Write(text);
      file.Commit();
      return;
    }
  }
}

}  // namespace mtulab
