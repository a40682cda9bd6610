#include "harness/vm/initramfs.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "harness/sys/process.h"
#include "harness/sys/unique_fd.h"
#include "harness/vm/cpio_newc.h"

namespace mtulab {
namespace {

constexpr auto kToolTimeout = std::chrono::seconds(60);

std::string Tool(const std::string& name) {
  std::optional<std::string> path = FindExecutable(name);
  if (!path) throw std::runtime_error("building the initramfs: " + name + " not found");
  return *path;
}

// Runs argv to the end; its standard output (into a memfd) is returned.
std::string Capture(const std::vector<std::string>& argv) {
  UniqueFd out(memfd_create("mtulab-initramfs", MFD_CLOEXEC));
  if (out.get() < 0) throw std::runtime_error("building the initramfs: memfd_create failed");
  SpawnOptions o;
  o.argv = argv;
  o.env = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin"};
  o.stdout_fd = out.get();
  ChildProcess child = ChildProcess::Spawn(o);
  if (!child.WaitExit(kToolTimeout) || *child.wait_status() != 0) {
    child.Stop();
    throw std::runtime_error("building the initramfs: " + argv[0] + " " + argv.back() + " " +
                             child.Describe() + ": " + child.Output());
  }
  std::string text;
  char buf[65536];
  for (off_t at = 0;;) {
    ssize_t n = pread(out.get(), buf, sizeof(buf), at);
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
    at += n;
  }
  return text;
}

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("building the initramfs: reading " + path + " failed");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A module file's contents, decompressed (busybox insmod cannot load .ko.xz/.ko.zst).
std::string ModuleBytes(const std::string& path) {
  auto ends = [&](const std::string& suffix) {
    return path.size() > suffix.size() &&
           path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends(".xz")) return Capture({Tool("xz"), "-dc", path});
  if (ends(".zst")) return Capture({Tool("zstd"), "-dc", path});
  if (ends(".gz")) return Capture({Tool("gzip"), "-dc", path});
  return ReadWhole(path);
}

}  // namespace

std::vector<std::string> BootModules(const KernelImage& kernel) {
  std::vector<std::string> order;
  std::set<std::string> seen;
  for (const char* module : {"virtio_pci", "9pnet_virtio", "9p", "overlay"}) {
    std::istringstream lines(Capture(
        {Tool("modprobe"), "-d", kernel.dir, "-S", kernel.release, "--show-depends", module}));
    std::string word, path;
    while (lines >> word) {
      if (word == "insmod" && lines >> path && seen.insert(path).second) order.push_back(path);
      if (word == "builtin") lines >> path;
      std::getline(lines, word);  // module parameters, if any
    }
  }
  return order;
}

std::string BuildInitramfs(const KernelImage& kernel, const std::string& busybox) {
  std::vector<CpioEntry> e;
  for (const char* dir : {"bin", "dev", "mod", "proc", "sys"}) e.push_back({dir, S_IFDIR | 0755});
  e.push_back({"dev/console", S_IFCHR | 0600, "", 5, 1});
  e.push_back({"bin/busybox", S_IFREG | 0755, ReadWhole(busybox)});
  e.push_back({"init", S_IFREG | 0755, GuestInit(kernel)});
  int index = 0;
  for (const std::string& path : BootModules(kernel)) {
    std::string base = path.substr(path.rfind('/') + 1);
    base = base.substr(0, base.find(".ko")) + ".ko";
    char name[16];
    std::snprintf(name, sizeof(name), "%02d-", index++);
    e.push_back({"mod/" + std::string(name) + base, S_IFREG | 0644, ModuleBytes(path)});
  }
  return CpioNewc(e);
}

}  // namespace mtulab
