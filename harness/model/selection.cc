#include "harness/model/selection.h"

#include <fnmatch.h>

#include <algorithm>

namespace mtulab {
namespace {

// Decimal digits only; values past 9 digits read as -1 ("out of range" for every caller).
std::optional<long> ParseCount(const std::string& text) {
  if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) {
        return c >= '0' && c <= '9';
      })) {
    return std::nullopt;
  }
  if (text.size() > 9) return -1;
  return std::stol(text);
}

}  // namespace

std::string Shard::ToString() const {
  return std::to_string(index) + "/" + std::to_string(total);
}

std::optional<Shard> ParseShard(const std::string& text, std::string& error) {
  size_t slash = text.find('/');
  std::optional<long> k, n;
  if (slash != std::string::npos) {
    k = ParseCount(text.substr(0, slash));
    n = ParseCount(text.substr(slash + 1));
  }
  std::string quoted = "--shard '" + text + "'";
  if (!k || !n) {
    error = quoted + " is not K/N (e.g. --shard 2/4)";
    return std::nullopt;
  }
  if (*n < 1 || *n > kMaxShards) {
    error = quoted + ": N must be in 1.." + std::to_string(kMaxShards);
    return std::nullopt;
  }
  if (*k < 1 || *k > *n) {
    error = quoted + ": K must be in 1.." + std::to_string(*n);
    return std::nullopt;
  }
  return Shard{static_cast<int>(*k), static_cast<int>(*n)};
}

std::string CaseId(const Suite& suite, const Case& c) { return suite.name + "/" + c.name; }

namespace {

// Keeps the cases `keep` says yes to; drops suites left without cases.
void KeepIf(std::vector<Suite>& suites, const std::function<bool(const std::string&)>& keep) {
  std::vector<Suite> kept;
  for (Suite& s : suites) {
    std::vector<Case> cases;
    for (Case& c : s.cases) {
      if (keep(CaseId(s, c))) cases.push_back(std::move(c));
    }
    s.cases = std::move(cases);
    if (!s.cases.empty()) kept.push_back(std::move(s));
  }
  suites = std::move(kept);
}

bool MatchesAny(const std::vector<std::string>& globs, const std::string& id) {
  return std::any_of(globs.begin(), globs.end(),
                     [&](const std::string& g) { return fnmatch(g.c_str(), id.c_str(), 0) == 0; });
}

}  // namespace

void FilterCases(std::vector<Suite>& suites, const std::vector<std::string>& globs) {
  if (globs.empty()) return;
  KeepIf(suites, [&](const std::string& id) { return MatchesAny(globs, id); });
}

void ExcludeCases(std::vector<Suite>& suites, const std::vector<std::string>& globs) {
  if (globs.empty()) return;
  KeepIf(suites, [&](const std::string& id) { return !MatchesAny(globs, id); });
}

void KeepCaseIds(std::vector<Suite>& suites, const std::vector<std::string>& ids) {
  KeepIf(suites,
         [&](const std::string& id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); });
}

void RepeatCases(std::vector<Suite>& suites, int times) {
  if (times <= 1) return;
  for (Suite& s : suites) {
    std::vector<Case> cases;
    for (const Case& c : s.cases) {
      for (int k = 1; k <= times; ++k) {
        cases.push_back(c);
        cases.back().name = c.name + "#" + std::to_string(k);
      }
    }
    s.cases = std::move(cases);
  }
}

std::string RepeatBaseName(const std::string& case_name) {
  size_t hash = case_name.rfind('#');
  if (hash == std::string::npos || hash + 1 == case_name.size()) return case_name;
  for (size_t i = hash + 1; i < case_name.size(); ++i) {
    if (case_name[i] < '0' || case_name[i] > '9') return case_name;
  }
  return case_name.substr(0, hash);
}

std::optional<std::string> DuplicateCaseId(const std::vector<Suite>& suites, std::string& where) {
  struct Entry {
    std::string id;
    const Case* c;
  };
  std::vector<Entry> all;
  for (const Suite& s : suites) {
    for (const Case& c : s.cases) all.push_back({CaseId(s, c), &c});
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const Entry& a, const Entry& b) { return a.id < b.id; });
  for (size_t i = 1; i < all.size(); ++i) {
    if (all[i].id != all[i - 1].id) continue;
    where = all[i - 1].c->loc.ToString() + " and " + all[i].c->loc.ToString();
    return all[i].id;
  }
  return std::nullopt;
}

std::vector<std::vector<int>> AssignShards(const std::vector<Suite>& suites, int total) {
  struct Ref {
    std::string id;
    size_t suite, index;
  };
  std::vector<Ref> refs;
  std::vector<std::vector<int>> shard_of(suites.size());
  for (size_t s = 0; s < suites.size(); ++s) {
    shard_of[s].assign(suites[s].cases.size(), 0);
    for (size_t c = 0; c < suites[s].cases.size(); ++c) {
      refs.push_back({CaseId(suites[s], suites[s].cases[c]), s, c});
    }
  }
  std::sort(refs.begin(), refs.end(), [](const Ref& a, const Ref& b) { return a.id < b.id; });
  for (size_t r = 0; r < refs.size(); ++r) {
    shard_of[refs[r].suite][refs[r].index] = static_cast<int>(r % size_t(total)) + 1;
  }
  return shard_of;
}

void KeepShard(std::vector<Suite>& suites, const Shard& shard) {
  std::vector<std::vector<int>> shard_of = AssignShards(suites, shard.total);
  std::vector<Suite> kept;
  for (size_t s = 0; s < suites.size(); ++s) {
    std::vector<Case> cases;
    for (size_t c = 0; c < suites[s].cases.size(); ++c) {
      if (shard_of[s][c] == shard.index) cases.push_back(std::move(suites[s].cases[c]));
    }
    suites[s].cases = std::move(cases);
    if (!suites[s].cases.empty()) kept.push_back(std::move(suites[s]));
  }
  suites = std::move(kept);
}

}  // namespace mtulab
