// mtulab serve: the far end of TCP/UDP probes from another namespace or host.
#include <cstdio>

#include "harness/cli/cli.h"
#include "harness/cli/options.h"
#include "harness/cli/signal_watcher.h"
#include "harness/model/values.h"
#include "harness/runner/serve.h"
#include "harness/sys/netns_inventory.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

constexpr char kServeHelp[] =
    "usage: mtulab serve [--netns PATH] [--tcp PORT] [--udp PORT] [--for SECONDS]\n"
    "\n"
    "The other side of TCP and UDP probes, so that two hosts or pods can be tested against\n"
    "each other (`mtulab probe` with a <tcp> or <udp> to this address). In the current\n"
    "namespace or --netns PATH (a /run/netns/NAME or /proc/PID/ns/net; nothing else is\n"
    "accepted), on IPv6 and IPv4:\n"
    "  TCP PORT  a request/response server: a client that starts with \"mtulab1\\n\" and a\n"
    "            4-byte big-endian size gets that many bytes back once its request ended\n"
    "            (shutdown); any other client is discarded (its bytes read and dropped)\n"
    "  UDP PORT  echo: every datagram goes back to its sender\n"
    "It stays in the foreground (never daemonizes), one thread, and exits 0 on SIGTERM or\n"
    "SIGINT or after --for SECONDS, printing what it served. Nothing is changed in the\n"
    "namespace besides its two sockets.\n"
    "\n"
    "options:\n"
    "  --netns PATH    serve in this network namespace (default: the current one)\n"
    "  --tcp PORT      the TCP port (default 5001, as <tcp port>)\n"
    "  --udp PORT      the UDP port (default 5002, as <udp port>); 0 turns either off\n"
    "  --for SECONDS   exit after this long (default: until a signal)\n"
    "  -h, --help      this text\n"
    "Exit: 0 after a signal or --for, 2 usage error or a port that cannot be opened.\n";

}  // namespace

int ServeCommand(const std::vector<std::string>& args) {
  Options o;
  std::string netns, seconds;
  int tcp = 5001, udp = 5002;
  o.String({"--netns"}, &netns).Int({"--tcp"}, &tcp, 0, 65535).Int({"--udp"}, &udp, 0, 65535);
  o.String({"--for"}, &seconds);
  std::vector<std::string> positional;
  if (int rc = o.Parse("serve", kServeHelp, args, &positional); rc >= 0) return rc;
  ServeOptions so;
  if (!seconds.empty()) {
    std::optional<double> s = ParseSeconds(seconds);
    if (!s || *s <= 0) {
      std::fprintf(stderr, "mtulab serve: --for needs seconds above 0, got '%s'\n",
                   seconds.c_str());
      return kExitUsage;
    }
    so.seconds = *s;
  }
  if (!positional.empty() || (tcp == 0 && udp == 0)) {
    std::fprintf(stderr, "mtulab serve: %s\n",
                 positional.empty() ? "nothing to serve" : "takes no arguments");
    return kExitUsage;
  }
  if (tcp != 0) so.tcp = static_cast<uint16_t>(tcp);
  if (udp != 0) so.udp = static_cast<uint16_t>(udp);
  std::atomic<int> stop{0};
  SignalWatcher signals(&stop);
  so.stop = &stop;
  try {
    Netns ns = netns.empty() ? Netns::Current() : OpenNetworkNamespace(netns);
    std::fprintf(stdout, "mtulab serve: tcp %d, udp %d%s%s\n", tcp, udp,
                 netns.empty() ? "" : " in ", netns.c_str());
    std::fflush(stdout);
    ServeCounts n = Serve(ns, so);
    std::fprintf(stdout,
                 "mtulab serve: %llu connections (%llu bytes in, %llu out), %llu datagrams "
                 "echoed (%llu bytes)\n",
                 static_cast<unsigned long long>(n.connections),
                 static_cast<unsigned long long>(n.tcp_bytes_in),
                 static_cast<unsigned long long>(n.tcp_bytes_out),
                 static_cast<unsigned long long>(n.datagrams),
                 static_cast<unsigned long long>(n.udp_bytes));
  } catch (const SysError& e) {
    std::fprintf(stderr, "mtulab serve: %s\n", e.what());
    return kExitUsage;
  }
  return kExitPass;
}

}  // namespace mtulab
