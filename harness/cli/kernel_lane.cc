// mtulab run --kernel: each kernel boots in its own VM (harness/vm), runs `mtulab run` on
// the same suites inside, and hands its JSON report back through a private 9p share.
#include "harness/cli/kernel_lane.h"

#include <stdlib.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "harness/base/safe_file.h"
#include "harness/cli/cli.h"
#include "harness/cli/guest_hook.h"
#include "harness/sys/process.h"
#include "harness/vm/initramfs.h"
#include "harness/vm/initramfs_cache.h"
#include "harness/vm/kernel_image.h"
#include "harness/vm/qemu.h"
#include "reports/console.h"
#include "reports/json_reader.h"

namespace mtulab {
namespace {

constexpr char kBusybox[] = "/bin/busybox";
constexpr char kInstall[] = "apt-get install qemu-system-x86 busybox-static kmod";

// A private directory (mkdtemp: mode 0700, unpredictable name), removed with its contents.
class PrivateDir {
 public:
  PrivateDir() {
    const char* tmp = getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp == '/' ? tmp : "/tmp") + "/mtulab-vm.XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
      throw FileError("creating a private directory " + pattern, errno);
    }
    path_ = pattern;
  }
  PrivateDir(const PrivateDir&) = delete;
  PrivateDir& operator=(const PrivateDir&) = delete;
  ~PrivateDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);  // removes symlinks, never follows them
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string SelfPath() {
  std::error_code ec;
  std::string self = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  if (ec) throw std::runtime_error("reading /proc/self/exe: " + ec.message());
  return self;
}

// The guest's script: the same run, its JSON into the share, the exit status beside it.
std::string GuestScript(const std::vector<std::string>& guest_args) {
  const std::string out = kGuestOutDir;
  // The guest's /init leaves PATH=/bin (busybox); the run looks up programs on the host
  // root's usual path, as on the host (iptables-legacy was "not found" in the guests).
  std::string s = "export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n";
  if (const char* wait = getenv("MTULAB_CARRIER_WAIT")) {  // bench/readiness_ab.sh's switch
    s += "export MTULAB_CARRIER_WAIT=" + Quote(wait) + "\n";
  }
  s += "read up idle < /proc/uptime; echo \"$up\" > " + out + "/booted\n" + "cd " +
       Quote(std::filesystem::current_path().string()) + " || exit 1\n" + GuestModprobeLine() +
       GuestHookLines(out) + Quote(SelfPath());
  for (size_t i = 0; i < guest_args.size(); ++i) {
    s += " " + Quote(guest_args[i]);
    if (i == 0) s += " --junit= --markdown= --html= --json " + out + "/mtulab.json";
  }
  s += "\n";
  s += "echo $? > " + out + "/rc\n";
  s += "echo o > /proc/sysrq-trigger\nsleep 30\n";
  return s;
}

void WriteInto(const Directory& dir, const std::string& name, const std::string& text) {
  PendingFile f(dir, name);
  f.Write(text);
  f.Commit();
}

// Every selected case with `outcome` and `reason` (the guest did not report them).
std::vector<SuiteResult> AllCases(const std::vector<Suite>& suites, Outcome outcome,
                                  const std::string& reason) {
  std::vector<SuiteResult> out;
  for (const Suite& s : suites) {
    SuiteResult r{s.name, s.file, "", {}, 0};
    for (const Case& c : s.cases) {
      CaseResult cr;
      cr.suite = s.name;
      cr.name = c.name;
      cr.file = s.file;
      cr.outcome = outcome;
      cr.reason = reason;
      r.cases.push_back(std::move(cr));
    }
    out.push_back(std::move(r));
  }
  return out;
}

// The initramfs from the cache (built there once per content key); where the cache cannot
// be used safely, built into the run's private directory `dir` instead, saying why.
std::string Initramfs(const LaneRequest& req, const KernelImage& kernel, const Directory& dir) {
  try {
    CachedInitramfs c = CachedInitramfsFor(kernel, kBusybox, kInitramfsCacheRoot);
    std::fprintf(req.console, "kernel %s: initramfs %s %s\n", kernel.release.c_str(),
                 c.built ? "built into" : "from", c.path.c_str());
    return c.path;
  } catch (const FileError& e) {
    std::fprintf(req.console, "kernel %s: initramfs not cached (%s)\n", kernel.release.c_str(),
                 e.what());
  }
  WriteInto(dir, "initramfs.cpio", BuildInitramfs(kernel, kBusybox));
  return dir.Join("initramfs.cpio");
}

// Boots `kernel` and returns what its guest reported, or every case as an error saying why.
std::vector<SuiteResult> RunOnKernel(const LaneRequest& req, const KernelImage& kernel) {
  PrivateDir tmp;
  Directory dir = Directory::Open(tmp.path(), false);
  WriteInto(dir, kGuestScript, GuestScript(req.guest_args));
  std::string initramfs = Initramfs(req, kernel, dir);
  GuestBoot boot{*FindExecutable("qemu-system-x86_64"), kernel,  initramfs, tmp.path(), UsableKvm(),
                 std::chrono::seconds(req.timeout_s),   req.stop};
  GuestEnd end = RunGuest(boot);
  CopyGuestHookOutput(tmp.path(), kernel.release);
  std::string booted;
  std::getline(std::ifstream(tmp.path() + "/booted"), booted);
  std::fprintf(req.console, "kernel %s: VM %s after %.1fs (%s; guest up at the run's start: %ss)\n",
               kernel.release.c_str(),
               end.kind == GuestEnd::Kind::kPoweredOff ? "powered off" : "stopped", end.seconds,
               boot.kvm ? "KVM" : "TCG", booted.empty() ? "?" : booted.c_str());
  if (end.kind == GuestEnd::Kind::kInterrupted) {
    return AllCases(req.suites, Outcome::kInterrupted, "the run was interrupted");
  }
  std::string why;
  if (end.kind == GuestEnd::Kind::kTimedOut) {
    why = "the guest did not come back within " + std::to_string(req.timeout_s) + " s";
  } else {
    try {
      return ReadJsonReport(tmp.path() + "/mtulab.json").suites;
    } catch (const std::exception& e) {
      why = "the guest wrote no report (qemu " + end.qemu_status + "): " + e.what();
    }
  }
  return AllCases(req.suites, Outcome::kError,
                  "kernel " + kernel.release + ": " + why + "; console tail:\n" + end.console_tail);
}

// Suite and case suite names carry the kernel: "seed000-liqo@6.1.0-57".
void LabelSuites(std::vector<SuiteResult>& suites, const std::string& label) {
  for (SuiteResult& s : suites) {
    s.name += "@" + label;
    for (CaseResult& c : s.cases) c.suite = s.name;
  }
}

}  // namespace

int CheckLaneTools(const std::vector<std::string>& kernels) {
  bool vm = false;
  for (const std::string& k : kernels) {
    if (k == "host") continue;
    vm = true;
    try {
      FindKernelImage(k);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "mtulab run: %s\n", e.what());
      return kExitUsage;
    }
  }
  if (!vm) return -1;
  bool tools = FindExecutable("qemu-system-x86_64") && FindExecutable("modprobe") &&
               access(kBusybox, X_OK) == 0;
  if (tools) return -1;
  std::fprintf(stderr,
               "mtulab run: --kernel needs qemu-system-x86_64, %s (static) and "
               "modprobe; install them with:\n  %s\n",
               kBusybox, kInstall);
  return kExitUsage;
}

LaneResults RunLane(const LaneRequest& req) {
  LaneResults out;
  for (const std::string& k : req.kernels) {
    std::vector<SuiteResult> suites;
    std::string release;
    auto start = std::chrono::steady_clock::now();
    if (k == "host") {
      utsname u{};
      uname(&u);
      release = u.release;
      suites = req.run_on_host();
    } else {
      KernelImage kernel = FindKernelImage(k);
      release = kernel.release;
      suites = RunOnKernel(req, kernel);
    }
    LabelSuites(suites, KernelLabel(release));
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    // One count line per kernel; the run's summary (once, at the end) lists the cases.
    std::string counts = FormatSummary(suites, took.count());
    counts = counts.substr(1, counts.find('\n', 1));
    std::fprintf(req.console, "kernel %s: %s", release.c_str(), counts.c_str());
    out.kernels.push_back(release);
    for (SuiteResult& s : suites) out.suites.push_back(std::move(s));
  }
  return out;
}

}  // namespace mtulab
