#include "reports/report_merge.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "harness/model/selection.h"

namespace mtulab {
namespace {

void AddDistinct(std::string& joined, const std::string& value) {
  if (value.empty()) return;
  std::string padded = "," + joined + ",";
  if (padded.find("," + value + ",") != std::string::npos) return;
  joined += (joined.empty() ? "" : ",") + value;
}

// Which shards the inputs are; records the missing ones.
void CheckShards(const std::vector<SourcedReport>& inputs, RunMerge& merged) {
  std::map<int, const std::string*> seen;
  std::optional<int> total;
  const std::string* unsharded = nullptr;
  for (const SourcedReport& in : inputs) {
    const std::string& text = in.report.run.shard;
    if (text.empty()) {
      unsharded = &in.source;
      continue;
    }
    std::string error;
    std::optional<Shard> shard = ParseShard(text, error);
    if (!shard) throw MergeError(in.source + ": run.shard: " + error);
    if (total && *total != shard->total) {
      throw MergeError("inputs come from different runs: " + *seen.begin()->second +
                       " is a shard of " + std::to_string(*total) + ", " + in.source +
                       " of " + std::to_string(shard->total));
    }
    total = shard->total;
    auto [it, fresh] = seen.emplace(shard->index, &in.source);
    if (!fresh) {
      throw MergeError("shard " + text + " is in both " + *it->second + " and " + in.source);
    }
  }
  if (!total) return;
  if (unsharded != nullptr) {
    throw MergeError("inputs mix shards and whole runs: " + *unsharded + " is not a shard, " +
                     *seen.begin()->second + " is");
  }
  merged.checked = true;
  std::string absent;
  for (int k = 1; k <= *total; ++k) {
    if (!seen.count(k)) absent += (absent.empty() ? "" : ", ") + std::to_string(k);
  }
  if (!absent.empty()) {
    merged.missing.push_back("shard(s) " + absent + " of " + std::to_string(*total) +
                             " in no JSON input");
  }
}

void MergeInfo(const RunInfo& in, bool first, RunInfo& out) {
  if (first || (!in.started.empty() && in.started < out.started)) out.started = in.started;
  out.seconds = std::max(out.seconds, in.seconds);
  AddDistinct(out.hostname, in.hostname);
  AddDistinct(out.kernel, in.kernel);
  AddDistinct(out.mtulab_version, in.mtulab_version);
}

// Position of each suite and case in `order` (the merged JUnit), for sorting.
struct Order {
  std::map<std::string, size_t> suite;
  std::map<std::string, size_t> kase;  // "suite/case"
};

Order OrderOf(const std::vector<JunitSuite>* order) {
  Order o;
  if (order == nullptr) return o;
  for (const JunitSuite& s : *order) {
    o.suite.emplace(s.name, o.suite.size());
    for (const JunitCase& c : s.cases) o.kase.emplace(s.name + "/" + c.name, o.kase.size());
  }
  return o;
}

size_t Rank(const std::map<std::string, size_t>& ranks, const std::string& key) {
  auto it = ranks.find(key);
  return it == ranks.end() ? SIZE_MAX : it->second;
}

void SortByOrder(std::vector<SuiteResult>& suites, const Order& o) {
  std::stable_sort(suites.begin(), suites.end(), [&](const SuiteResult& a, const SuiteResult& b) {
    return Rank(o.suite, a.name) < Rank(o.suite, b.name);
  });
  for (SuiteResult& s : suites) {
    std::stable_sort(s.cases.begin(), s.cases.end(), [&](const CaseResult& a, const CaseResult& b) {
      return Rank(o.kase, s.name + "/" + a.name) < Rank(o.kase, s.name + "/" + b.name);
    });
  }
}

}  // namespace

RunMerge MergeRunReports(const std::vector<SourcedReport>& inputs,
                         const std::vector<std::string>& command_line,
                         const std::vector<JunitSuite>* order) {
  RunMerge merged;
  CheckShards(inputs, merged);
  std::map<std::string, size_t> suite_at;
  std::map<std::string, const std::string*> case_from;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const SourcedReport& in = inputs[i];
    MergeInfo(in.report.run, i == 0, merged.report.run);
    for (const SuiteResult& s : in.report.suites) {
      auto [at, fresh] = suite_at.emplace(s.name, merged.report.suites.size());
      if (fresh) merged.report.suites.push_back(SuiteResult{s.name, s.file, s.timestamp, {}, 0});
      SuiteResult& out = merged.report.suites[at->second];
      if (!s.timestamp.empty() && (out.timestamp.empty() || s.timestamp < out.timestamp)) {
        out.timestamp = s.timestamp;
      }
      out.seconds += s.seconds;
      for (const CaseResult& c : s.cases) {
        auto [from, new_case] = case_from.emplace(s.name + "/" + c.name, &in.source);
        if (!new_case) {
          throw MergeError("case '" + s.name + "/" + c.name + "' is in both " + *from->second +
                           " and " + in.source + " (the same shard given twice, or runs that "
                           "overlap)");
        }
        out.cases.push_back(c);
        merged.case_source[s.name + "/" + c.name] = in.source;
      }
    }
  }
  merged.report.run.shard.clear();
  merged.report.run.command_line = command_line;
  SortByOrder(merged.report.suites, OrderOf(order));
  return merged;
}

RunReport RebaseArtifacts(const RunReport& report,
                          const std::map<std::string, std::string>& case_source,
                          const std::string& out_path) {
  namespace fs = std::filesystem;
  fs::path out_dir = fs::absolute(fs::path(out_path)).parent_path();
  RunReport rebased = report;
  for (SuiteResult& s : rebased.suites) {
    for (CaseResult& c : s.cases) {
      auto it = case_source.find(s.name + "/" + c.name);
      if (it == case_source.end()) continue;
      fs::path from = fs::absolute(fs::path(it->second)).parent_path();
      for (std::string& a : c.artifacts) {
        a = (from / a).lexically_normal().lexically_relative(out_dir).string();
      }
    }
  }
  return rebased;
}

void CheckSameCases(const std::vector<JunitSuite>& junit, const RunReport& json) {
  std::map<std::string, std::string> from_junit, from_json;
  for (const JunitSuite& s : junit) {
    for (const JunitCase& c : s.cases) from_junit[s.name + "/" + c.name] = c.outcome;
  }
  for (const SuiteResult& s : json.suites) {
    for (const CaseResult& c : s.cases) from_json[s.name + "/" + c.name] = OutcomeName(c.outcome);
  }
  for (const auto& [id, outcome] : from_junit) {
    auto it = from_json.find(id);
    if (it == from_json.end()) {
      throw MergeError("case '" + id + "' is in the JUnit inputs but in no JSON input");
    }
    if (it->second != outcome) {
      throw MergeError("case '" + id + "' is " + outcome + " in the JUnit inputs but " +
                       it->second + " in the JSON inputs");
    }
  }
  for (const auto& [id, outcome] : from_json) {
    if (!from_junit.count(id)) {
      throw MergeError("case '" + id + "' is in the JSON inputs but in no JUnit input");
    }
  }
}

}  // namespace mtulab
