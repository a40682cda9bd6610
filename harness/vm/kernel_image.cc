#include "harness/vm/kernel_image.h"

#include <filesystem>
#include <stdexcept>
#include <vector>

namespace mtulab {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void Refuse(const std::string& dir, const std::string& problem) {
  throw std::runtime_error("kernel " + dir + ": " + problem +
                           " (fetch one with ci/fetch-kernels.sh)");
}

// The single entry of DIR/lib/modules.
std::string OnlyRelease(const std::string& dir) {
  std::error_code ec;
  std::vector<std::string> releases;
  for (const fs::directory_entry& e : fs::directory_iterator(dir + "/lib/modules", ec)) {
    if (e.is_directory()) releases.push_back(e.path().filename().string());
  }
  if (ec) Refuse(dir, "no lib/modules/KVER directory (" + ec.message() + ")");
  if (releases.size() != 1) {
    Refuse(dir,
           "lib/modules holds " + std::to_string(releases.size()) + " kernel releases, not one");
  }
  return releases[0];
}

}  // namespace

KernelImage FindKernelImage(const std::string& dir_arg) {
  std::error_code ec;
  std::string dir = fs::absolute(dir_arg, ec).lexically_normal().string();
  if (!dir.empty() && dir.back() == '/') dir.pop_back();
  if (dir.find_first_of(" \t\n'\"\\") != std::string::npos) {
    Refuse(dir, "the path holds whitespace, a quote or a backslash");
  }
  if (!fs::is_directory(dir, ec)) Refuse(dir, "not a directory");
  KernelImage k;
  k.dir = dir;
  k.release = OnlyRelease(dir);
  k.modules_dir = dir + "/lib/modules/" + k.release;
  if (!fs::is_regular_file(k.modules_dir + "/modules.dep", ec)) {
    Refuse(dir, "no modules.dep: run depmod -b " + dir + " " + k.release);
  }
  for (const std::string& image : {dir + "/vmlinux", dir + "/boot/vmlinuz-" + k.release}) {
    if (fs::is_regular_file(image, ec)) {
      k.image = image;
      return k;
    }
  }
  Refuse(dir, "neither vmlinux nor boot/vmlinuz-" + k.release);
}

std::string KernelLabel(const std::string& release) {
  const std::string suffix = "-amd64";
  if (release.size() > suffix.size() &&
      release.compare(release.size() - suffix.size(), suffix.size(), suffix) == 0) {
    return release.substr(0, release.size() - suffix.size());
  }
  return release;
}

}  // namespace mtulab
