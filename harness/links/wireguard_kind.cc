// The wireguard kind's hooks (harness/links/link_kind.h): keys from the device or generated
// once per lab, the backend of harness/links/wireguard.cc, the supported check and the wait
// for the listen port.
#include <unistd.h>
#include <cerrno>

#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include "harness/links/link_kind.h"
#include "harness/links/wireguard.h"
#include "harness/model/values.h"
#include "harness/sys/process.h"
#include "harness/sys/sys_error.h"
#include "harness/sys/sysctl.h"

namespace mtulab {
namespace {

// The private key of wireguard device `ifname` of `node`: its private_key attribute, else one
// generated the first time any device asks and kept in `secrets` (so a peer created earlier
// and the device itself agree).
WgKey PrivateKeyOf(const KindContext& context, const std::string& node, const std::string& ifname) {
  const Device* d = context.topology.FindDevice(node, ifname);
  if (d != nullptr) {
    if (auto it = d->params.find("private_key"); it != d->params.end()) return it->second;
  }
  auto [it, added] = context.secrets.try_emplace(node + "/" + ifname);
  if (added) it->second = GenerateWgPrivateKey();
  return it->second;
}

std::unique_ptr<LinkHandle> StartWireguard(const KindContext& context, const DeviceSpec& spec) {
  Device d;
  d.kind = spec.kind;
  d.end.node = spec.node;
  d.end.ifname = spec.ifname;
  d.end.mtu = spec.mtu;
  d.params = spec.params;
  d.peers = spec.peers;
  WgConfig config = WireguardConfigFor(d, [&](const std::string& node, const std::string& ifname) {
    return PrivateKeyOf(context, node, ifname);
  });
  return WgDevice::Create(context.ns, context.rtnl, config);
}

bool WireguardSupported(std::string* reason) {
  // The same lookup the wireguard-go backend uses to start it.
  if (KernelHasWireguard()) return true;
  if (!FindExecutable("wireguard-go")) {
    *reason = "kernel lacks wireguard and wireguard-go is not installed";
    return false;
  }
  // wireguard-go opens /dev/net/tun; without udev (a minimal VM, a container) it may be
  // missing, which is this machine's limit, not a failure of the case.
  if (access("/dev/net/tun", R_OK | W_OK) != 0) {
    *reason = "kernel lacks wireguard and wireguard-go cannot open /dev/net/tun (" +
              std::string(std::strerror(errno)) + "; mknod /dev/net/tun c 10 200)";
    return false;
  }
  return true;
}

void WaitForWireguard(const Netns& ns, const DeviceSpec& spec,
                      std::chrono::steady_clock::time_point deadline) {
  // wireguard-go binds its UDP port only once it sees its interface up; a handshake sent to
  // a peer that has not bound yet is lost and WireGuard retries only after 5 s. Wait until
  // the configured listen port shows in the node's /proc/net/udp or udp6.
  auto port = spec.params.find("listen_port");
  if (port == spec.params.end()) return;
  char hex[8];
  std::snprintf(hex, sizeof hex, ":%04X ",
                static_cast<unsigned>(ParseUnsigned(port->second).value_or(0)));
  ScopedNetnsEnter in(ns);
  while (ReadFile("/proc/thread-self/net/udp").find(hex) == std::string::npos &&
         ReadFile("/proc/thread-self/net/udp6").find(hex) == std::string::npos) {
    if (std::chrono::steady_clock::now() > deadline) {
      ThrowErrno("waiting for wireguard '" + spec.ifname + "' in node '" + spec.node +
                     "' to listen on UDP port " + port->second + " (5 s)",
                 ETIMEDOUT);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
}

}  // namespace

MTULAB_REGISTER_LINK_KIND(wireguard, nullptr, StartWireguard, WireguardSupported,
                          WaitForWireguard);

}  // namespace mtulab
