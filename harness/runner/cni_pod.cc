#include "harness/runner/cni_pod.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "harness/runner/cni_chain.h"
#include "harness/sys/process.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

// A plugin that has not answered by then is stopped (an ADD takes ~15 ms, ~30 under load).
constexpr std::chrono::seconds kPluginTimeout(20);
// More stdout than this is no CNI result.
constexpr size_t kMaxResultBytes = 1u << 20;

UniqueFd MemFile(const char* name) {
  UniqueFd fd(::memfd_create(name, MFD_CLOEXEC));
  if (!fd.valid()) ThrowErrno(std::string("creating ") + name + " (memfd_create)");
  return fd;
}

UniqueFd StdinFile(const std::string& text) {
  UniqueFd fd = MemFile("mtulab-cni-stdin");
  for (size_t done = 0; done < text.size();) {
    ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ThrowErrno("writing a CNI plugin's configuration");
    done += static_cast<size_t>(n);
  }
  if (::lseek(fd.get(), 0, SEEK_SET) != 0) ThrowErrno("rewinding a CNI plugin's configuration");
  return fd;
}

std::string ReadAll(int fd) {
  std::string out;
  char buf[8192];
  if (::lseek(fd, 0, SEEK_SET) != 0) ThrowErrno("rewinding a CNI plugin's output");
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ThrowErrno("reading a CNI plugin's output");
    if (n == 0 || out.size() > kMaxResultBytes) return out;
    out.append(buf, static_cast<size_t>(n));
  }
}

struct PluginCall {
  std::string binary, stdin_text;
  std::vector<std::string> env;
  std::string what;  // "CNI ADD of pod 'p' (FILE), plugin 'bridge'"
};

// Runs one plugin in `host` with the pod namespace as its fd 3; returns its stdout.
std::string RunPlugin(const PluginCall& call, const Netns& host, const Netns& pod_ns) {
  UniqueFd in = StdinFile(call.stdin_text);
  UniqueFd out = MemFile("mtulab-cni-stdout");
  SpawnOptions options;
  options.argv = {call.binary};
  options.env = call.env;
  options.netns = &host;
  options.stdin_fd = in.get();
  options.stdout_fd = out.get();
  options.inherit_fd = pod_ns.fd();
  ChildProcess child = ChildProcess::Spawn(options);
  if (!child.WaitExit(kPluginTimeout)) {
    child.Stop();
    ThrowErrno(call.what + ": no answer in " + std::to_string(kPluginTimeout.count()) + " s",
               ETIMEDOUT);
  }
  std::string text = ReadAll(out.get());
  int status = child.wait_status().value_or(-1);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return text;
  std::optional<std::string> message = CniErrorMessage(text);
  std::string why = message ? *message : child.Describe() + ": " + child.Output(512);
  throw CniPluginError(call.what, why);
}

// Removes the state directories of mtulab processes that are gone (killed before their labs
// were destroyed, e.g. by a second Ctrl-C): /tmp/mtulab-cni.<pid>.XXXXXX, real directories
// owned by this user only (never a symlink).
void RemoveStaleStateDirs() noexcept try {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/tmp", ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("mtulab-cni.", 0) != 0) continue;
    long pid = std::strtol(name.c_str() + 11, nullptr, 10);
    struct stat st {};
    if (pid <= 0 || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
    if (::lstat(entry.path().c_str(), &st) != 0 || !S_ISDIR(st.st_mode) ||
        st.st_uid != ::geteuid()) {
      continue;
    }
    std::filesystem::remove_all(entry.path(), ec);
  }
} catch (const std::exception&) {
  // Listing /tmp failed midway: the next lab tries again.
}

}  // namespace

std::set<std::string> PodsMayFail(const Case& c) {
  std::set<std::string> out;
  for (const Step& step : c.steps) {
    const auto* cni = std::get_if<CniStep>(&step.body);
    if (cni == nullptr) continue;
    for (const Expectation& e : step.expects) {
      if (e.fact == "cni.result" || e.fact == "cni.error") out.insert(cni->pod);
    }
  }
  return out;
}

CniStateDir::CniStateDir() {
  RemoveStaleStateDirs();
  std::string pattern = "/tmp/mtulab-cni." + std::to_string(::getpid()) + ".XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    ThrowErrno("creating the CNI state directory (mkdtemp)");
  }
  path_ = pattern;
}

CniStateDir::~CniStateDir() {
  std::error_code ec;  // remove_all removes symlinks, never follows them
  std::filesystem::remove_all(path_, ec);
}

PodNetwork AddCniPod(const Pod& pod, const Netns& host, const Netns& pod_ns,
                     const std::string& state_dir) {
  const std::string& conf = pod.config_text;
  const std::string container_id = "mtulab-" + pod.end.node;
  std::optional<std::string> prev;
  size_t plugins = ChainLength(conf);
  for (size_t i = 0; i < plugins; ++i) {
    std::string type = PluginType(conf, i);
    PluginCall call{
        pod.cni_path + "/" + type, PluginStdin(conf, i, prev, state_dir),
        PluginEnv("ADD", container_id, kInheritedFd, pod.end.ifname, pod.cni_path),
        "CNI ADD of pod '" + pod.end.node + "' (" + pod.config_file + "), plugin '" + type + "'"};
    prev = RunPlugin(call, host, pod_ns);
  }
  std::string error;
  std::optional<PodNetwork> network = ParseCniResult(prev.value_or(""), error);
  if (!network) {
    ThrowErrno("reading the CNI ADD result of pod '" + pod.end.node + "': " + error, EPROTO);
  }
  network->plugins = plugins;
  return *network;
}

void AddResultAddresses(const PodNetwork& network, Pod& pod) {
  for (const CniIp& ip : network.ips) {
    bool ours = !ip.interface || (network.interfaces[*ip.interface].in_pod &&
                                  network.interfaces[*ip.interface].name == pod.end.ifname);
    if (ours) pod.end.addresses.push_back(Address{ip.family, ip.address, pod.loc});
  }
}

std::string MissingCniPlugin(const Topology& topology) {
  for (const Pod& pod : topology.pods) {
    for (const std::string& binary : pod.binaries) {
      std::string path = pod.cni_path + "/" + binary;
      struct stat st {};
      if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) ||
          ::access(path.c_str(), X_OK) != 0) {
        return "CNI plugin '" + binary + "' not found: searched " + path;
      }
    }
  }
  return "";
}

}  // namespace mtulab
