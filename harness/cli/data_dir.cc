// The installed data directory (<prefix>/share/mtulab) or the checkout's, found at run time
// from the binary's own path, so an installed tree may be moved (DESTDIR, dpkg -x).
#include "harness/cli/data_dir.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace mtulab {

std::string InstalledDataDir(const std::string& exe) {
  namespace fs = std::filesystem;
  fs::path bin = fs::path(exe).parent_path();
  if (bin.filename() != "bin") return "";
  fs::path data = bin.parent_path() / "share" / "mtulab";
  std::error_code ec;
  if (!fs::is_directory(data / "suites", ec)) return "";
  return data.string();
}

namespace {

DataDirs Find() {
  DataDirs dirs;
  std::string data;
  if (const char* env = std::getenv("MTULAB_DATA_DIR"); env != nullptr && *env != '\0') {
    data = env;
  } else {
    std::error_code ec;
    std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) data = InstalledDataDir(exe.string());
  }
  if (data.empty()) {
    dirs.suites = "suites";
    dirs.docs = "README.md";
    return dirs;
  }
  std::filesystem::path d(data);
  dirs.installed = true;
  dirs.suites = (d / "suites").string();
  dirs.docs = (d.parent_path() / "doc" / "mtulab" / "README.md").string();
  return dirs;
}

}  // namespace

const DataDirs& FindDataDirs() {
  static const DataDirs dirs = Find();
  return dirs;
}

}  // namespace mtulab
