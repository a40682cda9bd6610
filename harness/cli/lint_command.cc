// mtulab lint: MTU, PMTUD and MSS traps a topology or suite sets, found without root from the
// model and the path-MTU predictor (harness/plan/lint.h).
#include <cstdio>
#include <set>

#include "harness/cli/cli.h"
#include "harness/cli/lint_accept.h"
#include "harness/cli/lint_formats.h"
#include "harness/cli/load_suite.h"
#include "harness/cli/options.h"
#include "harness/config/file_kind.h"
#include "harness/config/loader.h"
#include "harness/model/config_error.h"
#include "harness/plan/lint.h"

namespace mtulab {
namespace {

constexpr char kLintHelp[] =
    "usage: mtulab lint [--strict] [--format text|json|sarif] FILE.xml...\n"
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
    "Accepting a finding: an XML comment on the line of the element the finding points at,\n"
    "or on the line above it, with the check and a reason (required):\n"
    "  <!-- mtulab-lint accept=mtu-mismatch: the vendor box drops jumbo frames anyway -->\n"
    "The finding is still reported, marked accepted with the reason, and counts neither as\n"
    "an error nor as a warning. A comment that accepts nothing is a warning (lint-accept);\n"
    "one without a check or reason is an error.\n"
    "\n"
    "  --strict          warnings also make the exit code 1\n"
    "  --format FORMAT   text (default), json (one object: findings, counts) or sarif\n"
    "                    (SARIF 2.1.0, for code scanning; accepted findings carry an\n"
    "                    inSource suppression with the reason), on stdout\n"
    "\n"
    "Exit codes: 0 no error finding (warnings allowed), 1 at least one error finding (with\n"
    "--strict: any finding), 2 usage error, or a file that cannot be read or is invalid.\n";

// "1 error", "2 warnings".
std::string Count(int n, const char* what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

// Counts the findings no comment accepted.
void Tally(const std::vector<LintResult>& results, int* errors, int* warnings) {
  *errors = *warnings = 0;
  for (const LintResult& r : results) {
    if (r.accepted_reason.empty()) ++(r.finding.severity == Severity::kError ? *errors : *warnings);
  }
}

// The findings of every file, each once (a topology linted for a suite and on its own),
// with the comments that accept them; false when a file could not be read.
bool LintFiles(const std::vector<std::string>& files, std::vector<LintResult>* out,
               std::vector<std::string>* clean) {
  bool readable = true;
  std::set<std::string> seen;
  Acceptances accepts;
  for (const std::string& f : files) {
    accepts.Read(f);
    std::vector<Finding> findings;
    try {
      findings =
          IsSuiteFile(f) ? LintSuite(LoadSuiteWithPredictions(f)) : LintTopology(LoadTopology(f));
    } catch (const ConfigError& e) {
      std::fprintf(stderr, "%s\n", e.what());
      readable = false;
      continue;
    }
    if (findings.empty()) clean->push_back(f);
    for (Finding& x : findings) {
      if (!seen.insert(x.Format()).second) continue;
      const Acceptance* a = accepts.Match(x);
      out->push_back(LintResult{std::move(x), a != nullptr ? a->reason : ""});
    }
  }
  for (Finding& x : accepts.Problems()) out->push_back(LintResult{std::move(x), ""});
  return readable;
}

// The text form: each finding (accepted ones with their reason), per file "no findings",
// and the counts. Counts errors and warnings that are not accepted.
void PrintText(const std::vector<std::string>& clean, const std::vector<LintResult>& results,
               int* errors, int* warnings) {
  int accepted = 0;
  for (const LintResult& r : results) {
    std::string text = r.finding.Format();
    if (!r.accepted_reason.empty()) {
      text += "  accepted: " + r.accepted_reason + "\n";
      ++accepted;
    }
    std::fputs(text.c_str(), stdout);
  }
  for (const std::string& f : clean) std::printf("%s: no findings\n", f.c_str());
  Tally(results, errors, warnings);
  std::printf("mtulab lint: %s, %s%s\n", Count(*errors, "error").c_str(),
              Count(*warnings, "warning").c_str(),
              accepted > 0 ? (", " + std::to_string(accepted) + " accepted").c_str() : "");
}

}  // namespace

int LintCommand(const std::vector<std::string>& args) {
  Options o;
  bool strict = false;
  std::string format = "text";
  o.Flag({"--strict"}, &strict).String({"--format"}, &format);
  std::vector<std::string> files;
  if (int rc = o.Parse("lint", kLintHelp, args, &files); rc >= 0) return rc;
  if (format != "text" && format != "json" && format != "sarif") {
    std::fprintf(stderr, "mtulab lint: --format is text, json or sarif, not '%s'\n",
                 format.c_str());
    return kExitUsage;
  }
  if (files.empty()) {
    std::fprintf(stderr, "mtulab lint: name at least one file (see `mtulab lint --help`)\n");
    return kExitUsage;
  }
  std::vector<LintResult> results;
  std::vector<std::string> clean;
  bool readable = LintFiles(files, &results, &clean);
  int errors = 0, warnings = 0;
  if (format == "text") {
    PrintText(clean, results, &errors, &warnings);
  } else {
    Tally(results, &errors, &warnings);
    std::fputs((format == "json" ? LintJson(results) : LintSarif(results)).c_str(), stdout);
  }
  if (!readable) return kExitUsage;
  return errors > 0 || (strict && warnings > 0) ? kExitFail : kExitPass;
}

}  // namespace mtulab
