#ifndef MTULAB_BASE_SAFE_FILE_H_
#define MTULAB_BASE_SAFE_FILE_H_

// Files mtulab creates, as root, in directories other users may be able to write: never
// through a symlink, never under a predictable name, never replacing a device node. The
// bottom layer (libc only): reports/ and the kernel layers both use it.

#include <stdexcept>
#include <string>

namespace mtulab {

/// A failed file operation; the message names the operation and the file.
class FileError : public std::runtime_error {
 public:
  FileError(const std::string& what, int error_code);
  int error_code() const { return error_code_; }

 private:
  int error_code_;
};

/// An open directory (O_DIRECTORY). Everything below it is reached relative to its
/// descriptor, so renaming or replacing its path later changes nothing. Move-only.
class Directory {
 public:
  /// Opens the directory `path` as the user named it (symlinks in it are followed; "" is
  /// "."). With `create`, missing components are made (mode 0755), and a component this
  /// call made is opened with O_NOFOLLOW (a symlink planted there after mkdir is refused).
  static Directory Open(const std::string& path, bool create);
  Directory(Directory&& other) noexcept;
  Directory& operator=(Directory&& other) noexcept;
  ~Directory();

  /// The subdirectory `name` (one component, not "." or ".."), made (0755) when missing
  /// and `create`. Never follows a symlink: a symlink there is an error (ELOOP/ENOTDIR).
  Directory Sub(const std::string& name, bool create) const;

  int fd() const { return fd_; }
  /// The path as given (for messages).
  const std::string& path() const { return path_; }
  /// path()/name, for messages.
  std::string Join(const std::string& name) const;

 private:
  Directory(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::string path_;
};

/// A file being written into a directory: created unnamed (O_TMPFILE) or, where the file
/// system cannot, as "<name>.tmp.<pid>.<6 random characters>" with O_CREAT|O_EXCL|
/// O_NOFOLLOW (mode 0644). Commit() puts it in place of `name` by rename(2), which
/// replaces whatever entry is there (a symlink is replaced, not followed). Destruction
/// without Commit() removes the temporary file.
class PendingFile {
 public:
  /// `dir` must outlive the PendingFile.
  PendingFile(const Directory& dir, const std::string& name);
  PendingFile(const PendingFile&) = delete;
  PendingFile& operator=(const PendingFile&) = delete;
  ~PendingFile();

  int fd() const { return fd_; }
  void Write(const std::string& text);
  /// fsync, then rename into place. Throws FileError.
  void Commit();

 private:
  int dir_fd_;
  std::string target_, name_;  // "<dir>/<name>" for messages, <name>
  std::string temp_name_;  // empty while unnamed (O_TMPFILE)
  int fd_ = -1;
};

/// The temporary name prefix of `name`: "<name>.tmp.".
std::string TemporaryPrefix(const std::string& name);

/// Removes the temporaries PendingFile left beside `name` in `dir` when its process was
/// killed: only entries named "<name>.tmp.<pid>" or "<name>.tmp.<pid>.<6 alphanumerics>"
/// that are regular files (not followed: lstat), owned by this process's effective uid,
/// with one link, and whose <pid> is not a running process. Returns how many it removed.
int RemoveStaleTemporaries(const Directory& dir, const std::string& name);

/// Where a report path leads.
enum class TargetKind {
  kStdout,  // "-", "/dev/stdout": file descriptor 1 itself
  kStream,  // a character device or FIFO: written in place, never replaced
  kFile,    // a regular file, absent, or a symlink that is not followed: created/replaced
};

/// Classifies `path` ("-" and "/dev/stdout" are kStdout). A symlink as last component is
/// followed only when root or this process's effective uid owns it: to a character device
/// or FIFO it is a kStream, to a regular file or directory an error (ELOOP, EISDIR), when
/// dangling a kFile. Another user's symlink is a kFile (the link is replaced, its target
/// never written). Throws FileError for
/// a directory (EISDIR, "is a directory"), block device or socket (EINVAL, "is a block
/// device", ...: the message leaves the path to the caller), or a failed lstat.
TargetKind ClassifyTarget(const std::string& path);

/// Throws FileError unless neither the directory `dir` nor any existing directory on the
/// way to it (each prefix of its absolute path, followed as open(2) would) is writable by
/// others (S_IWOTH) without the sticky bit: there anyone could replace a directory
/// mtulab writes into by a symlink.
void CheckNotSharedDirectory(const std::string& dir);

/// Writes `text` to `path`: "-" to standard output, a character device or FIFO in place
/// (O_NOCTTY, no O_CREAT or O_TRUNC; a FIFO without a reader is waited for after saying
/// so on stderr), anything else through a PendingFile in its directory (`create_dir`:
/// made when missing). Throws FileError.
void WriteTarget(const std::string& path, const std::string& text, bool create_dir);

}  // namespace mtulab

#endif  // MTULAB_BASE_SAFE_FILE_H_
