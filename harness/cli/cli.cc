#include "harness/cli/cli.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "harness/cli/data_dir.h"
#include "harness/model/step_specs.h"
#include "harness/model/values.h"
#include "harness/sys/fd_limit.h"
#include "harness/sys/userns.h"

namespace mtulab {
namespace {

struct Subcommand {
  const char* name;
  int (*run)(const std::vector<std::string>&);
  const char* summary;
};

constexpr Subcommand kSubcommands[] = {
    {"run", RunCommand, "build topologies, run suites, judge and report (needs root)"},
    {"check", CheckCommand, "validate topology and suite files without running (no root)"},
    {"lint", LintCommand, "find MTU, PMTUD and MSS traps in topology and suite files (no root)"},
    {"list", ListCommand, "print the cases `run` would run with the same flags (no root)"},
    {"merge", MergeCommand, "merge the JUnit/JSON reports of shards into one (no root)"},
    {"up", UpCommand, "build one topology and keep it, pinned under /run/netns (root)"},
    {"down", DownCommand, "remove the namespaces `mtulab up` pinned for a topology (root)"},
    {"clean", CleanCommand, "remove every namespace mtulab pinned (root)"},
    {"status", StatusCommand, "list the topologies `up` or --keep-on-failure pinned (root)"},
    {"probe", ProbeCommand, "run a suite or a DF mesh in namespaces mtulab did not create (root)"},
    {"serve", ServeCommand, "the far end of TCP/UDP probes from another host or pod"},
};

void PrintUsage(FILE* out) {
  const DataDirs& dirs = FindDataDirs();
  std::fprintf(out,
               "mtulab: conformance harness for MTU, path-MTU discovery and TCP MSS on Linux.\n"
               "\n"
               "usage: mtulab <command> [options]\n\ncommands:\n");
  for (const Subcommand& s : kSubcommands) std::fprintf(out, "  %-7s %s\n", s.name, s.summary);
  std::fprintf(out,
               "\n"
               "`mtulab <command> --help` explains each command. With no arguments,\n"
               "`mtulab run` runs every suite under%s%s and writes ./reports/junit.xml.\n"
               "Exit codes: 0 all passed (skips allowed), 1 a case failed or errored,\n"
               "2 usage or configuration error (nothing was created), 3 `run` could not\n"
               "write a report, 130/143 `run` was interrupted (SIGINT/SIGTERM).\n"
               "XML reference: section \"XML reference\" of%s%s; every step's facts:\n"
               "`mtulab help facts`.\n",
               dirs.installed ? "\n  " : " ", dirs.installed ? dirs.suites.c_str() : "./suites",
               dirs.installed ? "\n  " : " ", dirs.docs.c_str());
  if (dirs.installed) std::fprintf(out, "Manual pages: mtulab(1), mtulab-COMMAND(1).\n");
}

// "         0          0          1" -> "0 0 1".
std::string Squeeze(const std::string& line) {
  std::string out;
  for (char c : line) {
    if (c != ' ' && c != '\t') {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

bool CheckPrivileges(const std::string& command) {
  std::ifstream status("/proc/self/status");
  unsigned long long eff = 0;
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("CapEff:", 0) == 0) eff = std::stoull(line.substr(7), nullptr, 16);
  }
  constexpr unsigned long long kNetAdmin = 1ULL << 12, kSysAdmin = 1ULL << 21;
  if ((eff & kNetAdmin) && (eff & kSysAdmin)) {
    // Root of a user namespace below the host's has these capabilities only over what that
    // namespace owns: creating a network namespace works, returning to the host's, pinning
    // under /run/netns or a private mount for wireguard-go does not.
    std::optional<std::string> uid_map = ReadSelfUidMap();
    if (!uid_map || IsInitialUidMap(*uid_map)) return true;
    std::string first = uid_map->substr(0, uid_map->find('\n'));
    std::fprintf(stderr,
                 "mtulab %s: runs in a user namespace that is not the host's (/proc/self/uid_map "
                 "is '%s', not '0 0 4294967295'), e.g. under `unshare --user` or in a rootless "
                 "container: its root has no privileges over the host's network stack. Run "
                 "it as real root, e.g. `sudo mtulab %s ...`. (`mtulab check` validates files "
                 "without root.)\n",
                 command.c_str(), Squeeze(first).c_str(), command.c_str());
    return false;
  }
  std::fprintf(stderr,
               "mtulab %s: needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) to create network "
               "namespaces; run it as root, e.g. `sudo mtulab %s ...`. "
               "(`mtulab check` validates files without root.)\n",
               command.c_str(), command.c_str());
  return false;
}

int RunCli(int argc, char** argv) {
  if (argc < 2) {
    PrintUsage(stderr);
    return kExitUsage;
  }
  std::string name = argv[1];
  if (name == "help" && argc == 3 && std::string(argv[2]) == "facts") {
    std::printf("%s", FactsTableMarkdown().c_str());  // the README's facts table
    return kExitPass;
  }
  if (name == "-h" || name == "--help" || name == "help") {
    PrintUsage(stdout);
    return kExitPass;
  }
  if (name == "--version") {
    std::printf("mtulab 0.1.0\n");
    return kExitPass;
  }
  std::vector<std::string> args(argv + 2, argv + argc);
  RaiseFdLimit();  // a 1000-namespace lab holds thousands of descriptors
  for (const Subcommand& s : kSubcommands) {
    if (name == s.name) return s.run(args);
  }
  std::vector<std::string> names = {"help"};
  for (const Subcommand& s : kSubcommands) names.emplace_back(s.name);
  std::optional<std::string> close = ClosestName(name, names);
  std::fprintf(stderr, "mtulab: unknown command '%s'%s\n\n", name.c_str(),
               close ? ("; did you mean '" + *close + "'?").c_str() : "");
  PrintUsage(stderr);
  return kExitUsage;
}

}  // namespace mtulab
