// mtulab probe --mesh: the path MTU of every ordered pair of namespaces and peers.
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "harness/cli/cli.h"
#include "harness/cli/live_status.h"
#include "harness/cli/probe_flags.h"
#include "harness/cli/probe_report.h"
#include "harness/cli/signal_watcher.h"
#include "harness/runner/case_runner.h"
#include "harness/runner/mesh.h"
#include "harness/runner/probe_lab.h"
#include "harness/sys/netns_inventory.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

// The first global address of `family` on an interface of node `name` other than lo.
std::string FirstAddress(const Topology& t, const std::string& name, Family family) {
  for (const Endpoint* e : t.EndpointsOf(name)) {
    if (e->ifname == "lo") continue;
    if (const Address* a = e->FirstAddress(family)) return IpToString(a->Ip());
  }
  return "";
}

// A member with a namespace: --node NAME=PATH[@ADDR], or the local one (path "").
MeshMember NamespaceMember(const std::string& name, const std::string& path,
                           const std::optional<std::string>& addr, Family family) {
  Netns ns = path.empty() ? Netns::Current() : OpenNetworkNamespace(path);
  MeshMember m{name, std::move(ns), addr.value_or("")};
  if (m.addr.empty()) {
    Topology t;
    DescribeNamespace(name, *m.ns, t);
    m.addr = FirstAddress(t, name, family);
    if (m.addr.empty()) {
      ThrowErrno("node '" + name + "': no " + FamilyName(family) +
                     " address outside lo; give one as NAME=PATH@ADDR",
                 EADDRNOTAVAIL);
    }
  }
  return m;
}

std::string HostName() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0 || buf[0] == '\0') return "local";
  return buf;
}

// Parses the members; prints the problem and returns false.
bool MeshMembers(const ProbeArgs& a, Family family, std::vector<MeshMember>* out) {
  std::vector<NodeArg> nodes(a.nodes.size());
  std::vector<PeerArg> peers(a.peers.size());
  std::string bad;
  for (size_t i = 0; i < nodes.size() && bad.empty(); ++i) {
    bad = ParseNodeArg(a.nodes[i], true, &nodes[i]);
  }
  for (size_t i = 0; i < peers.size() && bad.empty(); ++i)
    bad = ParsePeerArg(a.peers[i], &peers[i]);
  std::string self = nodes.empty() ? (a.name.empty() ? HostName() : a.name) : "";
  if (bad.empty() && nodes.empty() && peers.empty()) bad = "give --node or --peer members";
  if (std::string dup = DuplicateName(nodes, peers, self); bad.empty() && !dup.empty()) {
    bad = "the member name '" + dup + "' is given twice";
  }
  if (!bad.empty()) {
    std::fprintf(stderr, "mtulab probe --mesh: %s\n", bad.c_str());
    return false;
  }
  try {
    if (!self.empty()) out->push_back(NamespaceMember(self, a.netns, std::nullopt, family));
    for (const NodeArg& n : nodes) out->push_back(NamespaceMember(n.name, n.path, n.addr, family));
  } catch (const SysError& e) {
    std::fprintf(stderr, "mtulab probe --mesh: %s\n", e.what());
    return false;
  }
  for (const PeerArg& p : peers) out->push_back(MeshMember{p.name, std::nullopt, p.addr});
  return true;
}

// --family, --sweep, --timeout and the rest; prints the problem and returns false.
bool MeshSettings(const ProbeArgs& a, MeshOptions* o) {
  std::string bad;
  if (a.family != "4" && a.family != "6") bad = "--family is 4 or 6, not '" + a.family + "'";
  o->family = a.family == "6" ? Family::kIpv6 : Family::kIpv4;
  SweepRange range{o->family == Family::kIpv6 ? 1280u : 576u, 9000};
  if (bad.empty() && !a.sweep.empty()) bad = ParseSweepRange(a.sweep, &range);
  unsigned header = o->family == Family::kIpv6 ? 48 : 28;
  if (bad.empty() && range.lo < header + 1) bad = "--sweep LO must exceed the headers";
  o->lo = range.lo;
  o->hi = range.hi;
  if (a.expect_mtu != 0) o->expect_mtu = static_cast<unsigned>(a.expect_mtu);
  o->max_sockets = a.max_sockets;
  o->jobs = a.jobs != 0 ? a.jobs : 16;
  if (!a.timeout.empty()) {
    std::optional<double> t = ParseSeconds(a.timeout);
    if (!t || *t <= 0 || *t > 60)
      bad = "--timeout needs seconds in (0, 60], got '" + a.timeout + "'";
    o->timeout_s = t.value_or(0.3);
  }
  if (!a.files.empty()) bad = "mesh mode takes no suite file";
  if (!bad.empty()) std::fprintf(stderr, "mtulab probe --mesh: %s\n", bad.c_str());
  return bad.empty();
}

}  // namespace

int ProbeMeshCommand(const ProbeArgs& a) {
  MeshOptions options;
  if (!MeshSettings(a, &options)) return kExitUsage;
  std::optional<ReportTargets> targets = a.reports.Resolve();
  if (!targets) return kExitUsage;
  std::vector<MeshMember> members;
  if (!MeshMembers(a, options.family, &members)) return kExitUsage;
  if (!targets->Prepare()) return kExitUsage;
  std::atomic<int> stop{0};
  SignalWatcher signals(&stop);
  size_t pairs = MeshPairs(members).size();
  LiveStatus status(targets->console, static_cast<int>(pairs),
                    ConsoleStyle::For(targets->console, a.verbose));
  status.Start();
  options.stop = &stop;
  options.on_done = [&status](const CaseResult& r, int done, int) { status.CaseDone(r, done); };
  auto start = std::chrono::steady_clock::now();
  ProbeRunEnd end{"probe", a.args, UtcTimestamp() + "Z"};
  MeshStats stats;
  std::vector<SuiteResult> results = {RunMesh("mesh", members, options, &stats)};
  end.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  end.signal = stop.load();
  status.Message("mesh: " + std::to_string(pairs) + " pairs, " + std::to_string(stats.workers) +
                 " at once, at most " + std::to_string(stats.peak_sockets) +
                 " sockets open at once (--max-sockets " + std::to_string(a.max_sockets) + ")");
  return FinishProbeRun(end, results, *targets);
}

}  // namespace mtulab
