// mtulab probe SUITE.xml: a suite's steps against namespaces mtulab did not create.
#include <chrono>
#include <cstdio>

#include "harness/cli/cli.h"
#include "harness/cli/live_status.h"
#include "harness/cli/options.h"
#include "harness/cli/probe_flags.h"
#include "harness/cli/probe_report.h"
#include "harness/cli/signal_watcher.h"
#include "harness/config/loader.h"
#include "harness/model/config_error.h"
#include "harness/model/selection.h"
#include "harness/model/step_specs.h"
#include "harness/runner/case_runner.h"
#include "harness/runner/probe_lab.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

constexpr char kProbeHelp[] =
    "usage: mtulab probe [options] SUITE.xml...\n"
    "       mtulab probe --mesh [mesh options]\n"
    "\n"
    "Runs checks against network namespaces mtulab did NOT create: the current one, a\n"
    "--netns PATH, and --node NAME=PATH (a /run/netns/NAME or /proc/PID/ns/net). Nothing is\n"
    "created, changed or deleted in them except the sockets and packet captures the probes\n"
    "need. Verdicts and reports are those of `mtulab run`.\n"
    "\n"
    "Suite mode: the suite has no topology attribute. Its steps use from=\"local\" (the\n"
    "--netns namespace, default: the current one) or from=\"NAME\" of a --node; targets are\n"
    "literal addresses (to=\"10.0.0.2\", \"fd00::2\") or NAME:IFNAME of a node (the first\n"
    "address of that interface, read when the run starts; local:IFNAME too). <tcp> and <udp>\n"
    "run both ends when the target is in a node; to an address no node has, <tcp> talks to\n"
    "`mtulab serve` there and <udp> counts the datagrams it echoes back (a round trip).\n"
    "Steps that write to the kernel (set, route-replace, flush, delete-link) are refused\n"
    "at load, at their file:line:col, unless --allow-changes; case overrides and\n"
    "\"predicted\" values are always refused.\n"
    "\n"
    "Mesh mode (--mesh, no suite): for every ordered pair (A, B), A a --node (or the\n"
    "local namespace, named --name, when only --peer members are given) and B any other\n"
    "member, a DF sweep (ICMP echo, DF set, binary search) from A to B's address finds the\n"
    "path MTU A->B. One testcase per pair, named \"A->B\": it fails when the path MTU is below\n"
    "the expected one (--expect-mtu, default: the MTU of A's route to B: its egress\n"
    "interface's, or the route's own if smaller), and errors when B does not answer at the\n"
    "smallest size. In a namespace whose net.ipv4.ping_group_range admits no group (the\n"
    "default) the echoes use a raw ICMP socket (CAP_NET_RAW).\n"
    "\n"
    "options:\n"
    "  --netns PATH        the namespace called \"local\" (default: the current one); a path\n"
    "                      that is not a network namespace is refused\n"
    "  --node NAME=PATH    another namespace, as node NAME (repeatable); mesh mode:\n"
    "                      NAME=PATH[@ADDR], ADDR the address the others probe (default:\n"
    "                      its first global address of --family)\n"
    "  --allow-changes     let the suite's set/route-replace/flush/delete-link steps run\n"
    "  -j, --jobs N        cases run at once (default 1: they share the namespaces, their\n"
    "                      ports and PMTU caches); mesh: pairs at once (default 16)\n"
    "  -v, --verbose       print every step's facts\n"
    "  --fail-fast         after the first case that fails or errors, start no other\n"
    "mesh options:\n"
    "  --mesh              mesh mode\n"
    "  --peer NAME=ADDR    a member probed from here that runs elsewhere (repeatable)\n"
    "  --name SELF         the local namespace's name when it probes --peer members\n"
    "                      (default: the host name)\n"
    "  --sweep LO:HI       packet sizes searched, IP header included (default 576:9000;\n"
    "                      IPv6: 1280:9000)\n"
    "  --family 4|6        address family of the sweeps (default 4)\n"
    "  --expect-mtu N      the path MTU every pair must reach (default: the route's MTU)\n"
    "  --max-sockets N     sockets open at once, at most (default 64): each pair holds one\n"
    "                      at a time, so at most N pairs are probed at once\n"
    "  --timeout S         seconds to wait for each echo (default 0.3; 2 tries a size)\n"
    "reports (as `mtulab run --help` explains):\n"
    "  --junit PATH, --junit-flavor F, --json PATH, --markdown PATH, --html PATH\n"
    "case selection (suite mode):\n";

constexpr char kProbeHelpTail[] =
    "Exit: 0 all passed, 1 a case failed or errored, 2 usage or configuration error\n"
    "(nothing was run), 3 a report could not be written, 130/143 interrupted.\n";

// The namespaces of suite mode: "local" and every --node. False after printing why.
bool ProbeNodes(const ProbeArgs& a, std::vector<ProbeNodeSpec>* out) {
  out->push_back({"local", a.netns});
  for (const std::string& text : a.nodes) {
    NodeArg node;
    std::string bad = ParseNodeArg(text, false, &node);
    if (bad.empty() && node.name == "local") bad = "'local' is the --netns namespace's name";
    if (!bad.empty()) {
      std::fprintf(stderr, "mtulab probe: --node %s\n", bad.c_str());
      return false;
    }
    out->push_back({node.name, node.path});
  }
  for (size_t i = 1; i < out->size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if ((*out)[i].name == (*out)[j].name) {
        std::fprintf(stderr, "mtulab probe: --node '%s' is given twice\n", (*out)[i].name.c_str());
        return false;
      }
    }
  }
  return true;
}

// Loads and selects the suites against `topology`; false after printing the problems.
bool LoadProbeSuites(const ProbeArgs& a, const Topology& topology, std::vector<Suite>* out) {
  bool ok = true;
  for (const std::string& f : a.files) {
    try {
      out->push_back(LoadProbeSuite(f, topology, a.allow_changes));
    } catch (const ConfigError& e) {
      std::fprintf(stderr, "%s\n", e.what());
      ok = false;
    }
  }
  if (!ok) return false;
  FilterCases(*out, a.selection.filters);
  ExcludeCases(*out, a.selection.excludes);
  RepeatCases(*out, a.selection.repeat);
  if (out->empty()) std::fprintf(stderr, "mtulab probe: no case to run\n");
  return !out->empty();
}

int RunProbeSuites(const ProbeArgs& a, const ProbeNamespaces& namespaces,
                   const std::vector<Suite>& suites, const ReportTargets& targets) {
  std::atomic<int> stop{0};
  std::atomic<bool> abort{false};
  size_t total = 0;
  for (const Suite& s : suites) total += s.cases.size();
  LiveStatus status(targets.console, static_cast<int>(total),
                    ConsoleStyle::For(targets.console, a.verbose));
  SignalWatcher signals(&stop, &abort);
  status.Start();
  auto start = std::chrono::steady_clock::now();
  ProbeRunEnd end{"probe", a.args, UtcTimestamp() + "Z"};
  RunOptions ro;
  ro.jobs = a.jobs != 0 ? a.jobs : 1;  // the cases share the namespaces
  ro.stop = &stop;
  ro.abort = &abort;
  ro.fail_fast = a.fail_fast;
  ro.reports_dir = targets.captures_dir;
  ro.on_case_start = [&](const Suite& s, const Case& c) { status.CaseStarted(CaseId(s, c)); };
  ro.on_case_done = [&](const CaseResult& r, int done, int) { status.CaseDone(r, done); };
  ro.open_lab = [&namespaces] { return namespaces.View(); };
  std::vector<SuiteResult> results = RunSuites(suites, ro);
  end.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  end.signal = stop.load();
  return FinishProbeRun(end, results, targets);
}

int ProbeSuiteCommand(const ProbeArgs& a, const ReportTargets& targets) {
  if (a.files.empty()) {
    std::fprintf(stderr,
                 "mtulab probe: name a SUITE.xml, or give --mesh\n"
                 "(see `mtulab probe --help`)\n");
    return kExitUsage;
  }
  std::vector<ProbeNodeSpec> nodes;
  if (!ProbeNodes(a, &nodes)) return kExitUsage;
  std::optional<ProbeNamespaces> namespaces;
  try {
    namespaces.emplace(ProbeNamespaces::Open(nodes));
  } catch (const SysError& e) {
    std::fprintf(stderr, "mtulab probe: %s\n", e.what());
    return kExitUsage;
  }
  std::vector<Suite> suites;
  if (!LoadProbeSuites(a, namespaces->topology(), &suites)) return kExitUsage;
  if (!targets.Prepare()) return kExitUsage;
  return RunProbeSuites(a, *namespaces, suites, targets);
}

}  // namespace

int ProbeCommand(const std::vector<std::string>& args) {
  Options o;
  ProbeArgs a;
  a.args = args;
  o.String({"--netns"}, &a.netns).StringList({"--node"}, &a.nodes);
  o.Flag({"--allow-changes"}, &a.allow_changes).Flag({"--mesh"}, &a.mesh);
  o.StringList({"--peer"}, &a.peers).String({"--name"}, &a.name);
  o.String({"--sweep"}, &a.sweep).String({"--family"}, &a.family);
  o.String({"--timeout"}, &a.timeout);
  o.Int({"--max-sockets"}, &a.max_sockets, 1, 65536);
  o.Int({"--expect-mtu"}, &a.expect_mtu, 68, 65535);
  o.Int({"-j", "--jobs"}, &a.jobs, 1, 1024);
  o.Flag({"-v", "--verbose"}, &a.verbose).Flag({"--fail-fast"}, &a.fail_fast);
  a.selection.Register(o);
  a.reports.Register(o);
  const std::string help = std::string(kProbeHelp) + kCaseFilterHelp + kProbeHelpTail;
  if (int rc = o.Parse("probe", help.c_str(), args, &a.files); rc >= 0) return rc;
  if (!CheckPrivileges("probe")) return kExitUsage;
  if (a.mesh) return ProbeMeshCommand(a);
  if (!a.selection.shard.empty()) {
    std::fprintf(stderr,
                 "mtulab probe: --shard is not supported (the cases share the "
                 "namespaces: run them in one probe)\n");
    return kExitUsage;
  }
  if (!a.peers.empty() || !a.name.empty() || !a.sweep.empty() || a.expect_mtu != 0) {
    std::fprintf(stderr, "mtulab probe: --peer, --name, --sweep and --expect-mtu need --mesh\n");
    return kExitUsage;
  }
  std::optional<ReportTargets> targets = a.reports.Resolve();
  if (!targets) return kExitUsage;
  return ProbeSuiteCommand(a, *targets);
}

}  // namespace mtulab
