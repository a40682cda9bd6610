// mtulab up / down / clean: keep a topology built for hands-on debugging with `ip netns`.
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "harness/cli/cli.h"
#include "harness/cli/lab_pins.h"
#include "harness/cli/load_suite.h"
#include "harness/cli/options.h"
#include "harness/config/file_kind.h"
#include "harness/config/loader.h"
#include "harness/model/config_error.h"
#include "harness/runner/lab.h"
#include "harness/sys/pin.h"
#include "harness/sys/pin_record.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

constexpr char kUpHelp[] =
    "usage: mtulab up TOPOLOGY.xml\n"
    "       mtulab up SUITE.xml --case NAME\n"
    "\n"
    "Builds the topology (or a case's topology, with the case's overrides) and keeps it:\n"
    "each node's namespace is pinned as /run/netns/mtulab-<topology>:<node>, so you can\n"
    "`ip netns exec mtulab-<topology>:<node> ping ...`. Remove it with `mtulab down FILE`\n"
    "or `mtulab clean`. Refuses if the topology is up already or a name is taken.\n"
    "What it pinned is recorded in /run/mtulab, for `mtulab down`.\n"
    "A topology with helper processes (wireguard-go, when the kernel has no WireGuard) keeps\n"
    "`mtulab up` in the foreground, since those processes die with mtulab: press Ctrl-C (or\n"
    "send SIGTERM) to stop them and remove the namespaces.\n";

constexpr char kDownHelp[] =
    "usage: mtulab down TOPOLOGY.xml|SUITE.xml\n"
    "\n"
    "Removes exactly the namespaces `mtulab up` pinned for that topology, as it recorded\n"
    "them in /run/mtulab (name and namespace identity), and nothing else: not another\n"
    "topology's, not one recreated under that name since. Only the topology's name is read\n"
    "from FILE, so it works after the file's nodes changed.\n";

constexpr char kCleanHelp[] =
    "usage: mtulab clean\n"
    "\n"
    "Removes every namespace pinned under /run/netns whose name starts with 'mtulab-', and\n"
    "the records of `mtulab up`. Nothing without that prefix is touched. Normal runs pin\n"
    "nothing: their namespaces are held by file descriptor and vanish with the process.\n";

// The topology of FILE: a topology file, or a suite's (with --case: that case's overrides).
Topology LoadForUp(const std::string& file, const std::string& case_name) {
  if (!IsSuiteFile(file)) return LoadTopology(file);
  Suite s = LoadSuiteWithPredictions(file);
  if (case_name.empty()) return s.topology;
  for (const Case& c : s.cases) {
    if (c.name == case_name) return ApplyOverrides(s.topology, c);
  }
  throw ConfigError({Diagnostic{s.loc, "no case '" + case_name + "' in suite '" + s.name + "'",
                                ""}});
}

// `mtulab up` of a lab with child processes: waits for SIGINT/SIGTERM, then tears down.
int WaitAndTearDown(const Topology& t, std::unique_ptr<Lab> lab,
                    const std::vector<PinnedNetns>& pins) {
  std::printf("wireguard-go runs as a child of this process: press Ctrl-C to tear down\n");
  std::fflush(stdout);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  int sig = 0;
  sigwait(&set, &sig);
  int removed = 0;
  bool ok = RemoveRecordedPins(pins, &removed);
  try {
    RemovePinRecord(t.name);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mtulab up: %s\n", e.what());
    ok = false;
  }
  lab.reset();  // stops wireguard-go, then the namespaces go
  std::printf("torn down\n");
  return ok ? kExitPass : kExitFail;
}

}  // namespace

int UpCommand(const std::vector<std::string>& args) {
  Options o;
  std::string case_name;
  o.String({"--case"}, &case_name);
  std::vector<std::string> files;
  if (int rc = o.Parse("up", kUpHelp, args, &files); rc >= 0) return rc;
  if (files.size() != 1) {
    std::fprintf(stderr, "mtulab up: name exactly one file (see `mtulab up --help`)\n");
    return kExitUsage;
  }
  Topology t;
  try {
    t = LoadForUp(files[0], case_name);
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return kExitUsage;
  }
  if (!CheckPrivileges("up")) return kExitUsage;
  if (std::string missing = MissingFeature(t); !missing.empty()) {
    std::fprintf(stderr, "mtulab up: cannot build '%s' here: %s\n", t.name.c_str(),
                 missing.c_str());
    return kExitFail;
  }
  std::unique_ptr<Lab> lab;
  std::vector<PinnedNetns> pins;
  try {
    lab = Lab::Build(t);
    pins = PinAndRecord(t, *lab);
  } catch (const SysError& e) {
    if (e.error_code() != EEXIST) {
      std::fprintf(stderr, "mtulab up: %s\n", e.what());
      return kExitFail;
    }
    std::fprintf(stderr, "mtulab up: %s\n", AlreadyUpHint(t.name, files[0]).c_str());
    return kExitFail;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mtulab up: %s\n", e.what());
    return kExitFail;
  }
  std::printf("topology '%s' is up:\n", t.name.c_str());
  for (const PinnedNetns& pin : pins) std::printf("  ip netns exec %s ip addr\n", pin.name.c_str());
  if (!lab->HasChildProcesses()) {
    std::printf("remove it with: mtulab down %s\n", files[0].c_str());
    return kExitPass;
  }
  return WaitAndTearDown(t, std::move(lab), pins);
}

int DownCommand(const std::vector<std::string>& args) {
  Options o;
  std::vector<std::string> files;
  if (int rc = o.Parse("down", kDownHelp, args, &files); rc >= 0) return rc;
  if (files.size() != 1) {
    std::fprintf(stderr, "mtulab down: name exactly one file (see `mtulab down --help`)\n");
    return kExitUsage;
  }
  Topology t;
  try {
    t = LoadForUp(files[0], "");
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return kExitUsage;
  }
  if (!CheckPrivileges("down")) return kExitUsage;
  int removed = 0;
  bool ok = true;
  try {
    std::optional<std::vector<PinnedNetns>> pins = ReadPinRecord(t.name);
    if (!pins) {
      std::printf("no record of `mtulab up` for topology '%s': nothing to remove\n",
                  t.name.c_str());
      if (!ListPinned(kPinPrefix + t.name + "-").empty()) {
        std::printf("(pins named mtulab-%s-<node>, by an mtulab before pin records, are left: "
                    "`mtulab clean` or `ip netns del` removes them)\n", t.name.c_str());
      }
      return kExitPass;
    }
    ok = RemoveRecordedPins(*pins, &removed);
    if (ok) RemovePinRecord(t.name);  // kept when a pin is left: `down` may be run again
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mtulab down: %s\n", e.what());
    return kExitFail;
  }
  std::printf("removed %d namespace%s of topology '%s'\n", removed, removed == 1 ? "" : "s",
              t.name.c_str());
  return ok ? kExitPass : kExitFail;
}

int CleanCommand(const std::vector<std::string>& args) {
  Options o;
  std::vector<std::string> rest;
  if (int rc = o.Parse("clean", kCleanHelp, args, &rest); rc >= 0) return rc;
  if (!rest.empty()) {
    std::fprintf(stderr, "mtulab clean: takes no arguments (see `mtulab clean --help`)\n");
    return kExitUsage;
  }
  if (!CheckPrivileges("clean")) return kExitUsage;
  bool ok = true;
  std::vector<std::string> names = ListPinned(kPinPrefix);
  for (const std::string& n : names) ok = UnpinNetns(PinPath(n)) && ok;
  try {
    RemoveAllPinRecords();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mtulab clean: %s\n", e.what());
    ok = false;
  }
  std::printf("removed %zu namespace%s\n", names.size(), names.size() == 1 ? "" : "s");
  return ok ? kExitPass : kExitFail;
}

}  // namespace mtulab
