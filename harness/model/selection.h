#ifndef MTULAB_MODEL_SELECTION_H_
#define MTULAB_MODEL_SELECTION_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/suite.h"

namespace mtulab {

/// One part K of a run split into N parts (`--shard K/N`), 1 <= K <= N.
struct Shard {
  int index = 1;  // K
  int total = 1;  // N

  /// "K/N".
  std::string ToString() const;
};

/// Largest N `--shard K/N` accepts.
inline constexpr int kMaxShards = 10000;

/// Parses "K/N" (decimal digits only). Returns nullopt and sets `error` to the exact problem:
/// "--shard '2-4' is not K/N (e.g. --shard 2/4)", "--shard '1/0': N must be in 1..10000",
/// "--shard '5/4': K must be in 1..4".
std::optional<Shard> ParseShard(const std::string& text, std::string& error);

/// "suite/case": how --filter, --shard, `mtulab list` and reports name a case.
std::string CaseId(const Suite& suite, const Case& c);

/// Keeps the cases whose CaseId matches at least one glob (fnmatch(3), no flags); an empty
/// `globs` keeps everything. Suites left without cases are dropped; order is kept.
void FilterCases(std::vector<Suite>& suites, const std::vector<std::string>& globs);

/// Drops the cases whose CaseId matches any glob (`--exclude`); then as FilterCases.
void ExcludeCases(std::vector<Suite>& suites, const std::vector<std::string>& globs);

/// Keeps only the cases whose CaseId is in `ids` (`--rerun-failed`); then as FilterCases.
void KeepCaseIds(std::vector<Suite>& suites, const std::vector<std::string>& ids);

/// `--repeat N`: each case becomes N cases in a row, named "case#1" .. "case#N" (N > 1; N = 1
/// changes nothing). RepeatBaseName("case#3") is "case".
void RepeatCases(std::vector<Suite>& suites, int times);
std::string RepeatBaseName(const std::string& case_name);

/// The first CaseId that two cases share ("a run's suite names must be unique"), or nullopt.
/// `where` gets both cases' locations, "a.xml:3:3 and b.xml:3:3".
std::optional<std::string> DuplicateCaseId(const std::vector<Suite>& suites, std::string& where);

/// The shard (1..total) of every case, [suite][case]. The split is a round robin over the
/// cases sorted by CaseId (bytewise): the case of rank r goes to shard r % total + 1. So,
/// for the same set of cases (same files and filters): every case is in exactly one shard;
/// shard sizes differ by at most one; the result depends neither on the order of the suites
/// or cases given, nor on the machine, nor on -j. CaseIds must be unique (DuplicateCaseId).
std::vector<std::vector<int>> AssignShards(const std::vector<Suite>& suites, int total);

/// Keeps the cases of `shard` (AssignShards) in their declaration order; drops suites left
/// without cases.
void KeepShard(std::vector<Suite>& suites, const Shard& shard);

}  // namespace mtulab

#endif  // MTULAB_MODEL_SELECTION_H_
