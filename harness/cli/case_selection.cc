#include "harness/cli/case_selection.h"

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>

#include "harness/cli/cli.h"
#include "harness/cli/data_dir.h"
#include "harness/cli/load_suite.h"
#include "harness/config/loader.h"
#include "harness/model/config_error.h"

namespace mtulab {
namespace {

// Suite files named by the user: files as given, directories expanded to their *.xml.
std::vector<std::string> SuiteFiles(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    struct stat st {};
    if (::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      for (const std::string& f : ListXmlFiles(p)) files.push_back(f);
    } else {
      files.push_back(p);
    }
  }
  return files;
}

// Loads every file, printing each file's problems; false when any file was bad.
bool LoadAll(const std::vector<std::string>& paths, std::vector<Suite>* suites) {
  bool ok = true;
  try {
    for (const std::string& f : SuiteFiles(paths)) {
      try {
        suites->push_back(LoadSuiteWithPredictions(f));
      } catch (const ConfigError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        ok = false;
      }
    }
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    ok = false;
  }
  return ok;
}

std::string NoCaseMessage(const std::vector<std::string>& filters) {
  std::string text = "no case to run";
  for (size_t i = 0; i < filters.size(); ++i) {
    text += (i == 0 ? " matches --filter '" : " or --filter '") + filters[i] + "'";
  }
  return text;
}

}  // namespace

const char kCaseFilterHelp[] =
    "  --filter GLOB      only cases whose 'suite/case' matches GLOB (e.g. 'seed003*/rpf_*');\n"
    "                     repeatable: a case matching any GLOB is kept\n"
    "  --exclude GLOB     drop the cases whose 'suite/case' matches GLOB (after --filter);\n"
    "                     repeatable\n"
    "  --repeat N         run every selected case N times (1..1000), as 'case#1'..'case#N'\n"
    "                     (to find flaky cases)\n";

const char kShardHelp[] =
    "  --shard K/N        only part K of N (1 <= K <= N): the selected cases sorted by\n"
    "                     'suite/case', every N-th from the K-th; N runs with K = 1..N run\n"
    "                     every case exactly once, on any machine, in any file order;\n"
    "                     --repeat's copies are split like cases\n";

void CaseSelectionFlags::Register(Options& o) {
  o.StringList({"--filter"}, &filters).StringList({"--exclude"}, &excludes);
  o.String({"--shard"}, &shard).Int({"--repeat"}, &repeat, 1, 1000);
}

size_t CaseSelection::TotalCases() const {
  size_t n = 0;
  for (const auto& [suite, cases] : all_cases) n += cases.size();
  return n;
}

size_t CaseSelection::ShardCases() const {
  size_t n = 0;
  for (const Suite& s : suites) n += s.cases.size();
  return n;
}

int SelectCases(const std::string& command, std::vector<std::string> paths,
                const CaseSelectionFlags& flags, CaseSelection* out) {
  auto usage = [&](const std::string& text) {
    std::fprintf(stderr, "mtulab %s: %s\n", command.c_str(), text.c_str());
    return kExitUsage;
  };
  if (!flags.shard.empty()) {
    std::string error;
    out->shard = ParseShard(flags.shard, error);
    if (!out->shard) return usage(error);
  }
  if (paths.empty()) {
    const DataDirs& dirs = FindDataDirs();
    std::error_code ec;
    if (!std::filesystem::is_directory(dirs.suites, ec)) {
      return usage(dirs.installed ? "no suites directory at " + dirs.suites +
                                        "; name suite files or directories"
                                  : "no ./suites directory here; name suite files or "
                                    "directories, or run from the mtulab checkout");
    }
    paths.push_back(dirs.suites);
  }
  if (!LoadAll(paths, &out->suites)) return kExitUsage;
  FilterCases(out->suites, flags.filters);
  if (out->suites.empty()) return usage(NoCaseMessage(flags.filters));
  ExcludeCases(out->suites, flags.excludes);
  if (flags.only_ids) KeepCaseIds(out->suites, *flags.only_ids);
  if (out->suites.empty()) {
    return usage(flags.only_ids ? "none of the cases to rerun is among the selected cases"
                                : "--exclude leaves no case to run");
  }
  std::string where;
  if (std::optional<std::string> dup = DuplicateCaseId(out->suites, where)) {
    return usage("case '" + *dup + "' is defined twice (" + where +
                 "): suite names must be unique within a run");
  }
  RepeatCases(out->suites, flags.repeat);
  for (const Suite& s : out->suites) {
    std::vector<std::string> names;
    for (const Case& c : s.cases) names.push_back(c.name);
    out->all_cases.emplace_back(s.name, std::move(names));
  }
  if (out->shard) KeepShard(out->suites, *out->shard);
  return -1;
}

}  // namespace mtulab
