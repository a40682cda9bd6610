// mtulab lint: MTU, PMTUD and MSS traps a topology or suite sets, found without root from the
// model and the path-MTU predictor (harness/plan/lint.h).
#include <cstdio>
#include <set>

#include "harness/cli/cli.h"
#include "harness/cli/load_suite.h"
#include "harness/cli/options.h"
#include "harness/config/file_kind.h"
#include "harness/config/loader.h"
#include "harness/model/config_error.h"
#include "harness/plan/lint.h"

namespace mtulab {
namespace {

constexpr char kLintHelp[] =
    "usage: mtulab lint [--strict] FILE.xml...\n"
    "\n"
    "Finds what the MTUs, routes and sysctls of topology and suite files will do wrong on the\n"
    "wire, without root and without creating anything: the path-MTU predictor walks every\n"
    "path of the model. A suite is linted on its topology and on each case's overrides.\n"
    "Each finding is printed as\n"
    "  FILE:LINE:COL: error|warning: MESSAGE [check]\n"
    "    on the wire: what happens to packets\n"
    "    fix: how to repair it\n"
    "Checks: mtu-mismatch (L2 segment ends disagree), overlay-mtu (overlay above its\n"
    "underlay minus the overhead), icmp-source (a router's ICMP errors lost, e.g. to a peer's\n"
    "strict rp_filter), ipv6-min-mtu (IPv6 on an interface below 1280), mss-clamp (a clamp\n"
    "above the path MTU - 40), mtu-lock (a locked route MTU hides PMTU discovery), evidence\n"
    "(a case whose expectations are all config facts, or only state facts without traffic).\n"
    "An error means packets of some size vanish without their sender learning why; a\n"
    "warning, that traffic crosses but not as the MTUs promise.\n"
    "\n"
    "  --strict   warnings also make the exit code 1\n"
    "\n"
    "Exit codes: 0 no error finding (warnings allowed), 1 at least one error finding (with\n"
    "--strict: any finding), 2 usage error, or a file that cannot be read or is invalid.\n";

// "1 error", "2 warnings".
std::string Count(int n, const char* what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

}  // namespace

int LintCommand(const std::vector<std::string>& args) {
  Options o;
  bool strict = false;
  o.Flag({"--strict"}, &strict);
  std::vector<std::string> files;
  if (int rc = o.Parse("lint", kLintHelp, args, &files); rc >= 0) return rc;
  if (files.empty()) {
    std::fprintf(stderr, "mtulab lint: name at least one file (see `mtulab lint --help`)\n");
    return kExitUsage;
  }
  int errors = 0, warnings = 0;
  bool unreadable = false;
  std::set<std::string> printed;  // a topology linted for a suite and on its own: once
  for (const std::string& f : files) {
    std::vector<Finding> findings;
    try {
      findings =
          IsSuiteFile(f) ? LintSuite(LoadSuiteWithPredictions(f)) : LintTopology(LoadTopology(f));
    } catch (const ConfigError& e) {
      std::fprintf(stderr, "%s\n", e.what());
      unreadable = true;
      continue;
    }
    for (const Finding& x : findings) {
      std::string text = x.Format();
      if (!printed.insert(text).second) continue;
      std::fputs(text.c_str(), stdout);
      ++(x.severity == Severity::kError ? errors : warnings);
    }
    if (findings.empty()) std::printf("%s: no findings\n", f.c_str());
  }
  std::printf("mtulab lint: %s, %s\n", Count(errors, "error").c_str(),
              Count(warnings, "warning").c_str());
  if (unreadable) return kExitUsage;
  return errors > 0 || (strict && warnings > 0) ? kExitFail : kExitPass;
}

}  // namespace mtulab
