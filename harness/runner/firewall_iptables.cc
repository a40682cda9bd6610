#include "harness/runner/firewall_iptables.h"

#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <utility>

#include "harness/sys/process.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

constexpr std::chrono::seconds kCommandTimeout{10};

bool HasIptablesClamp(const Node& node) {
  for (const MssClamp& c : node.mss_clamps) {
    if (c.backend == MssClamp::Backend::kIptables) return true;
  }
  return false;
}

std::vector<std::string> ClampArgv(const MssClamp& c, const std::string& program) {
  std::vector<std::string> argv = {program, "-w",  "-t",          "mangle",  "-A", "FORWARD",
                                   "-p",    "tcp", "--tcp-flags", "SYN,RST", "SYN"};
  if (c.dev) argv.insert(argv.end(), {"-o", *c.dev});
  argv.insert(argv.end(), {"-j", "TCPMSS"});
  if (c.mss) {
    argv.insert(argv.end(), {"--set-mss", std::to_string(*c.mss)});
  } else {
    // min(MTU of the route out, MTU of the route back to the source) - 40 (IPv6: 60).
    argv.emplace_back("--clamp-mss-to-pmtu");
  }
  return argv;
}

std::string Joined(const std::vector<std::string>& argv) {
  std::string out;
  for (const std::string& a : argv) out += (out.empty() ? "" : " ") + a;
  return out;
}

std::string SearchPath() {
  const char* env = std::getenv("PATH");
  return env ? env : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin (unset)";
}

void RunCommand(const std::vector<std::string>& argv, const Netns& ns, const std::string& what) {
  SpawnOptions options;
  options.argv = argv;
  options.env = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                 std::string("XTABLES_LOCKFILE=") + kXtablesLockDir + "/xtables.lock"};
  options.netns = &ns;
  options.private_dir = kXtablesLockDir;
  ChildProcess child = [&] {
    try {
      return ChildProcess::Spawn(options);
    } catch (const SysError& e) {
      throw SysError(what, e.error_code(), e.what());
    }
  }();
  if (!child.WaitExit(kCommandTimeout)) {
    child.Stop();
    ThrowErrno(what + ": no answer in " + std::to_string(kCommandTimeout.count()) + " s",
               ETIMEDOUT);
  }
  int status = child.wait_status().value_or(-1);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
  throw SysError(what, EINVAL, child.Describe() + ": " + child.Output(512));
}

}  // namespace

std::vector<std::vector<std::string>> IptablesMssArgvs(const Node& node,
                                                       const IptablesPrograms& programs) {
  std::vector<std::vector<std::string>> out;
  for (const MssClamp& c : node.mss_clamps) {
    if (c.backend != MssClamp::Backend::kIptables) continue;
    if (!c.family || *c.family == Family::kIpv4) out.push_back(ClampArgv(c, programs.iptables));
    if (!c.family || *c.family == Family::kIpv6) out.push_back(ClampArgv(c, programs.ip6tables));
  }
  return out;
}

void ApplyIptablesMss(const Node& node, const Netns& ns) {
  if (!HasIptablesClamp(node)) return;
  IptablesPrograms programs{FindExecutable(kIptablesProgram).value_or(kIptablesProgram),
                            FindExecutable(kIp6tablesProgram).value_or(kIp6tablesProgram)};
  for (const std::vector<std::string>& argv : IptablesMssArgvs(node, programs)) {
    RunCommand(argv, ns,
               "adding the iptables MSS clamp of node '" + node.name + "' (" + Joined(argv) + ")");
  }
}

std::string IptablesMissingFeature(const Topology& topology) {
  bool v4 = false, v6 = false;
  for (const Node& n : topology.nodes) {
    for (const MssClamp& c : n.mss_clamps) {
      if (c.backend != MssClamp::Backend::kIptables) continue;
      v4 = v4 || !c.family || *c.family == Family::kIpv4;
      v6 = v6 || !c.family || *c.family == Family::kIpv6;
    }
  }
  for (auto [needed, program] :
       {std::pair(v4, kIptablesProgram), std::pair(v6, kIp6tablesProgram)}) {
    if (needed && !FindExecutable(program)) {
      return std::string(program) + " not found (mss-clamp backend=\"iptables\"; Debian package " +
             "iptables): searched PATH=" + SearchPath();
    }
  }
  return "";
}

}  // namespace mtulab
