#ifndef MTULAB_CLI_CASE_SELECTION_H_
#define MTULAB_CLI_CASE_SELECTION_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/cli/options.h"
#include "harness/model/selection.h"
#include "harness/model/suite.h"

namespace mtulab {

/// The flags that choose cases. `run` and `list` share them, so `mtulab list` prints exactly
/// the cases `mtulab run` runs with the same flags and files.
struct CaseSelectionFlags {
  std::vector<std::string> filters;  // --filter GLOB (repeatable: a case matching any is kept)
  std::vector<std::string> excludes;  // --exclude GLOB (repeatable: a case matching any goes)
  std::string shard;                 // --shard K/N; empty: no split
  int repeat = 1;                    // --repeat N
  /// --rerun-failed (run only): just these "suite/case" ids, read from the last JSON report.
  std::optional<std::vector<std::string>> only_ids;

  /// Registers --filter, --exclude, --shard and --repeat on `o`.
  void Register(Options& o);
};

/// Help text lines for --filter, --exclude and --repeat, for a command's --help.
extern const char kCaseFilterHelp[];
/// Help text lines for --shard (not offered by `probe`, which refuses it).
extern const char kShardHelp[];

/// The cases a command works on.
struct CaseSelection {
  std::vector<Suite> suites;  // this shard's cases (all, unsharded), in declaration order
  std::optional<Shard> shard;
  /// Every selected case before the split, per suite ("name", [cases]) in declaration order:
  /// what all shards together run.
  std::vector<std::pair<std::string, std::vector<std::string>>> all_cases;

  /// Number of cases in `all_cases`.
  size_t TotalCases() const;
  /// Number of cases in `suites`.
  size_t ShardCases() const;
};

/// Loads the suites `paths` name (a directory: its *.xml; none: ./suites), keeps the cases
/// matching the filters, rejects two cases with one "suite/case" name, and keeps the shard.
/// Prints problems on stderr ("mtulab <command>: ...", loader errors as worded by the loader)
/// and returns kExitUsage; returns -1 to go on. No case matching the filters is an error; a
/// shard left without cases (more shards than cases) is not.
int SelectCases(const std::string& command, std::vector<std::string> paths,
                const CaseSelectionFlags& flags, CaseSelection* out);

}  // namespace mtulab

#endif  // MTULAB_CLI_CASE_SELECTION_H_
