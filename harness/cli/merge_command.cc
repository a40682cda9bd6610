// mtulab merge: put the reports of shards run on different machines back into one.
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "harness/cli/cli.h"
#include "harness/cli/load_suite.h"
#include "harness/cli/options.h"
#include "harness/cli/report_outputs.h"
#include "harness/cli/report_paths.h"
#include "reports/html_writer.h"
#include "reports/json_reader.h"
#include "reports/json_writer.h"
#include "reports/junit_merge.h"
#include "reports/junit_writer.h"
#include "reports/markdown_writer.h"
#include "reports/report_merge.h"
#include "reports/run_report.h"

namespace mtulab {
namespace {

constexpr char kMergeHelp[] =
    "usage: mtulab merge [--junit OUT] [--json OUT] [--markdown OUT] [--html OUT]\n"
    "                    [--allow-missing] INPUT...\n"
    "\n"
    "Merges the reports that `mtulab run --shard K/N` wrote on different machines into one,\n"
    "as if one run had run every case: suites with one name become one suite, counts and\n"
    "times are recomputed, cases keep the order their suite declares. Each INPUT is a JUnit\n"
    "file or a JSON report (told apart by content). No root needed.\n"
    "\n"
    "Checks: a case in two inputs, or inputs from different runs, is an error. Shards record\n"
    "which cases the whole run has (JUnit) and which shard they are (JSON), so a shard\n"
    "whose report is missing is an error too, unless --allow-missing.\n"
    "\n"
    "options:\n"
    "  --junit OUT        write the merged JUnit (from JUnit inputs, else from JSON inputs)\n"
    "  --json OUT         write the merged JSON report (needs JSON inputs)\n"
    "  --markdown OUT     write the markdown summary of the merge (needs JSON inputs)\n"
    "  --html OUT         write the HTML report of the merge (needs JSON inputs; topology\n"
    "                     pictures from the suite files the reports name, read from here)\n"
    "                     Kept files (pcaps) stay where each shard's JSON report lies: the\n"
    "                     JSON, markdown and HTML outputs link to them relative to themselves.\n"
    "  --allow-missing    missing shards or cases: warn on stderr and merge what is there\n"
    "  -h, --help         this text\n"
    "\n"
    "Exit: 0 merged and no case failed or errored, 1 merged and a case failed or errored\n"
    "(so a CI job can gate on it), 2 usage error or bad input (unreadable, malformed,\n"
    "duplicate case, different runs, missing shards): nothing is written.\n";

// "json" when the first non-blank byte is '{', "junit" when '<', else "".
std::string Sniff(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return "directory";
  std::ifstream in(path, std::ios::binary);
  for (char c; in.get(c);) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (c == '{') return "json";
    if (c == '<' || c == '\xEF') return "junit";  // '\xEF': a UTF-8 byte order mark
    return "";
  }
  return in ? "" : "unreadable";
}

struct Inputs {
  std::vector<JunitReport> junit;
  std::vector<SourcedReport> json;
};

// Reads every input; prints each problem. False when any input was bad.
bool ReadInputs(const std::vector<std::string>& paths, Inputs* out) {
  bool ok = true;
  for (const std::string& p : paths) {
    std::string kind = Sniff(p);
    try {
      if (kind == "junit") {
        out->junit.push_back(ReadJunitReport(p));
      } else if (kind == "json") {
        out->json.push_back(SourcedReport{p, ReadJsonReport(p)});
      } else {
        std::ifstream probe(p);
        std::string why = kind == "directory"   ? "is a directory"
                          : !probe              ? "cannot be opened"
                                                : "is neither JUnit XML nor a JSON report";
        std::fprintf(stderr, "mtulab merge: %s: %s\n", p.c_str(), why.c_str());
        ok = false;
      }
    } catch (const std::exception& e) {
      std::fprintf(stderr, "mtulab merge: %s\n", e.what());
      ok = false;
    }
  }
  return ok;
}

// Prints what is missing; false when that stops the merge.
bool ReportMissing(const std::vector<std::string>& missing, bool allow) {
  for (const std::string& m : missing) {
    std::fprintf(stderr, "mtulab merge: %s: %s\n", allow ? "warning" : "incomplete", m.c_str());
  }
  if (!missing.empty() && !allow) {
    std::fprintf(stderr, "mtulab merge: a shard's report is missing (a shard job that failed "
                         "to upload?); --allow-missing merges what is there\n");
  }
  return missing.empty() || allow;
}

struct Outputs {
  std::string junit, json, markdown, html;
  bool allow_missing = false;
};

// Totals of the merge: from the JUnit inputs when there are any, else from the JSON ones.
ReportTotals Totals(const Inputs& in, const JunitMerge& junit, const RunMerge& json) {
  if (in.junit.empty()) return CountOutcomes(json.report.suites);
  ReportTotals t;
  for (const JunitSuite& s : junit.suites) {
    for (const JunitCase& c : s.cases) {
      ++t.cases;
      t.passed += c.outcome == "pass", t.failed += c.outcome == "fail";
      t.skipped += c.outcome == "skip", t.errors += c.outcome == "error";
      t.interrupted += c.outcome == "interrupted";
    }
  }
  return t;
}

// The topology pictures of the merged suites, drawn from the suite files the reports name
// (the merge job's checkout); a suite whose file cannot be loaded here says so instead.
std::map<std::string, TopologyPicture> Pictures(const RunReport& report) {
  std::vector<Suite> suites;
  std::map<std::string, std::string> missing;
  for (const SuiteResult& s : report.suites) {
    try {
      suites.push_back(LoadSuiteWithPredictions(s.file));
    } catch (const std::exception& e) {
      missing[s.name] = "the suite file " + s.file + " could not be loaded where mtulab merge ran";
    }
  }
  std::map<std::string, TopologyPicture> pictures = RenderTopologies(suites, report.suites);
  for (const auto& [name, why] : missing) pictures[name] = TopologyPicture{"", why};
  return pictures;
}

// Merges and writes; throws MergeError or std::runtime_error. Returns the exit code.
int Merge(const Inputs& in, const Outputs& out, const std::vector<std::string>& argv) {
  JunitMerge junit = MergeJunitReports(in.junit);
  RunMerge json = MergeRunReports(in.json, argv, in.junit.empty() ? nullptr : &junit.suites);
  if (!in.junit.empty() && !in.json.empty()) CheckSameCases(junit.suites, json.report);
  if (!ReportMissing(junit.missing, out.allow_missing)) return kExitUsage;
  if (!ReportMissing(json.missing, out.allow_missing)) return kExitUsage;
  auto rebased = [&](const std::string& path) {
    return RebaseArtifacts(json.report, json.case_source, path);
  };
  if (!out.junit.empty()) {
    std::string dir = std::filesystem::path(out.junit).parent_path().string();
    std::string xml = in.junit.empty()
                          ? RenderJunit(rebased(out.junit).suites, json.report.run.hostname, dir)
                          : RenderMergedJunit(junit.suites);
    WriteReportFile(out.junit, xml, "JUnit report");
  }
  if (!out.json.empty()) WriteJson(rebased(out.json), out.json);
  if (!out.markdown.empty()) WriteMarkdown(rebased(out.markdown), out.markdown);
  if (!out.html.empty()) WriteHtml(rebased(out.html), Pictures(json.report), out.html);
  ReportTotals t = Totals(in, junit, json);
  std::printf("merged %zu reports: %d cases: %d passed, %d failed, %d skipped, %d errors%s\n",
              in.junit.size() + in.json.size(), t.cases, t.passed, t.failed, t.skipped,
              t.errors,
              t.interrupted > 0 ? (", " + std::to_string(t.interrupted) + " interrupted").c_str()
                                : "");
  for (const std::string* path : {&out.junit, &out.json, &out.markdown, &out.html}) {
    if (!path->empty()) std::printf("wrote %s\n", path->c_str());
  }
  // An interrupted case has no verdict: the merged run did not pass.
  return t.failed + t.errors + t.interrupted > 0 ? kExitFail : kExitPass;
}

}  // namespace

int MergeCommand(const std::vector<std::string>& args) {
  Options o;
  Outputs out;
  o.String({"--junit"}, &out.junit).String({"--json"}, &out.json);
  o.String({"--markdown"}, &out.markdown).String({"--html"}, &out.html);
  o.Flag({"--allow-missing"}, &out.allow_missing);
  std::vector<std::string> paths;
  if (int rc = o.Parse("merge", kMergeHelp, args, &paths); rc >= 0) return rc;
  auto usage = [](const char* text) {
    std::fprintf(stderr, "mtulab merge: %s (see `mtulab merge --help`)\n", text);
    return kExitUsage;
  };
  if (out.junit.empty() && out.json.empty() && out.markdown.empty() && out.html.empty()) {
    return usage("name an output: --junit OUT, --json OUT, --markdown OUT or --html OUT");
  }
  if (paths.empty()) return usage("name at least one input report");
  const std::pair<const char*, const std::string*> outputs[] = {
      {"--junit", &out.junit}, {"--json", &out.json}, {"--markdown", &out.markdown},
      {"--html", &out.html}};
  for (size_t i = 0; i < 4; ++i) {
    for (size_t j = i + 1; j < 4; ++j) {
      if (outputs[i].second->empty() || outputs[j].second->empty()) continue;
      try {
        if (!SameReportTarget(*outputs[i].second, *outputs[j].second)) continue;
      } catch (const std::exception& e) {
        std::string text = std::string(outputs[i].first) + " " + *outputs[i].second + ": " +
                           e.what();
        return usage(text.c_str());
      }
      std::string text = std::string(outputs[i].first) + " " + *outputs[i].second + " and " +
                         outputs[j].first + " " + *outputs[j].second +
                         " are the same target: each report needs its own";
      return usage(text.c_str());
    }
  }
  Inputs in;
  if (!ReadInputs(paths, &in)) return kExitUsage;
  if (!out.json.empty() && in.json.empty()) return usage("--json OUT needs JSON report inputs");
  if ((!out.markdown.empty() || !out.html.empty()) && in.json.empty()) {
    return usage("--markdown OUT and --html OUT need JSON report inputs");
  }
  std::vector<std::string> argv = {"mtulab", "merge"};
  argv.insert(argv.end(), args.begin(), args.end());
  try {
    return Merge(in, out, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mtulab merge: %s\n", e.what());
  }
  return kExitUsage;
}

}  // namespace mtulab
