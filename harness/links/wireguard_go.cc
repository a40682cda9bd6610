// The userspace backend: wireguard-go started inside the node's namespace.
//
// wireguard-go puts its UAPI socket at /var/run/wireguard/<ifname>.sock, a path shared by
// every network namespace, so two nodes with a "wg0" each would collide. Each instance
// therefore runs in its own mount namespace where /run is a private tmpfs; mtulab reaches
// the socket through /proc/<pid>/root, and the socket vanishes with that mount namespace.
#include <sys/socket.h>
#include <sys/un.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "harness/links/wireguard_internal.h"
#include "harness/sys/process.h"
#include "harness/sys/sys_error.h"

namespace mtulab::wg {
namespace {

using Clock = std::chrono::steady_clock;

constexpr char kProgram[] = "wireguard-go";
constexpr char kSocketDir[] = "/run/wireguard";  // /var/run is a symlink to /run on Debian
constexpr auto kStartupLimit = std::chrono::milliseconds(3000);
constexpr auto kUapiLimit = std::chrono::milliseconds(2000);
constexpr auto kStopGrace = std::chrono::milliseconds(1000);

class GoWgDevice : public WgDevice {
 public:
  explicit GoWgDevice(ChildProcess child) : child_(std::move(child)) {}
  // SIGTERM makes wireguard-go delete its TUN and socket; the private tmpfs goes with the
  // process's mount namespace even after a SIGKILL.
  ~GoWgDevice() override { child_.Stop(kStopGrace); }

  const char* backend() const override { return "wireguard-go"; }
  int pid() const override { return child_.pid(); }
  ChildProcess& child() { return child_; }

 private:
  ChildProcess child_;
};

// A connected UAPI socket, or an invalid fd with `error` set to the connect errno.
UniqueFd ConnectUapi(const std::string& path, int* error) {
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) {
    *error = errno;
    return fd;
  }
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    *error = errno;
    fd.Reset();
  }
  return fd;
}

bool LinkExists(Rtnl& rtnl, const std::string& ifname) {
  try {
    rtnl.GetLink(ifname);
    return true;
  } catch (const SysError&) {
    return false;
  }
}

// "wireguard-go exited with status 1; it said: ..." for error messages.
std::string ChildReport(const ChildProcess& child) {
  std::string out = child.Output(1024);
  return out.empty() ? " (no output)" : "; it said: " + out;
}

// Waits until the UAPI socket accepts a connection and the interface exists; returns the
// connection. Throws SysError prefixed by `what` if the process dies or the limit passes.
UniqueFd WaitUntilReady(GoWgDevice& dev, Rtnl& rtnl, const std::string& ifname,
                        const std::string& what) {
  const std::string path = "/proc/" + std::to_string(dev.pid()) + "/root" + kSocketDir + "/" +
                           ifname + ".sock";
  const auto deadline = Clock::now() + kStartupLimit;
  int connect_error = 0;
  for (;;) {
    if (!dev.child().Running()) {
      throw SysError(what, ESRCH,
                     std::string(kProgram) + " " + dev.child().Describe() +
                         ChildReport(dev.child()));
    }
    UniqueFd fd = ConnectUapi(path, &connect_error);
    if (fd.valid() && LinkExists(rtnl, ifname)) return fd;
    if (Clock::now() > deadline) {
      std::string state = fd.valid() ? "the interface does not exist"
                                     : "its UAPI socket refuses connections (" +
                                           std::string(std::strerror(connect_error)) + ")";
      throw SysError(what, ETIMEDOUT,
                     "not ready after " + std::to_string(kStartupLimit.count()) + " ms: " +
                         state + ChildReport(dev.child()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

}  // namespace

std::unique_ptr<WgDevice> CreateGo(const Netns& ns, Rtnl& rtnl, const WgConfig& config) {
  const std::string what = "starting " + std::string(kProgram) + " for " + Describe(config, rtnl);
  SpawnOptions spawn;
  spawn.argv = {FindExecutable(kProgram).value_or(std::string("/usr/bin/") + kProgram), "-f",
                config.ifname};
  spawn.env = {"WG_PROCESS_FOREGROUND=1", "LOG_LEVEL=error", "PATH=/usr/sbin:/usr/bin:/sbin:/bin"};
  spawn.netns = &ns;
  spawn.private_dir = kSocketDir;
  std::unique_ptr<GoWgDevice> dev;
  try {
    dev = std::make_unique<GoWgDevice>(ChildProcess::Spawn(spawn));
  } catch (const SysError& e) {
    throw SysError(what, e.error_code(), e.what());
  }
  UniqueFd uapi = WaitUntilReady(*dev, rtnl, config.ifname, what);

  // The request carries the private key: it never goes into a message, only the errno does.
  const std::string configuring =
      "configuring " + Describe(config, rtnl) + " through " + kProgram + "'s UAPI socket";
  std::string reply = UapiExchange(uapi.get(), UapiSetRequest(config), configuring, kUapiLimit);
  std::optional<int> err = UapiErrno(reply);
  if (!err) throw SysError(configuring, EPROTO, "malformed reply");
  if (*err != 0) {
    throw SysError(configuring, std::abs(*err),
                   "errno=" + std::to_string(*err) + " (" + std::strerror(std::abs(*err)) + ")");
  }
  if (config.mtu) rtnl.SetMtu(rtnl.GetLink(config.ifname).ifindex, config.ifname, *config.mtu);
  return dev;
}

}  // namespace mtulab::wg
