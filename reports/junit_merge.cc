#include "reports/junit_merge.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <pugixml.hpp>

#include "harness/model/selection.h"
#include "reports/junit_writer.h"
#include "reports/run_report.h"

namespace mtulab {
namespace {

struct Part {
  const JunitSuite* suite;
  const std::string* source;
};

struct Group {
  std::string name;
  std::vector<Part> parts;
};

bool IsShardProperty(const std::string& name) {
  return name == kShardProperty || name == kRunCasesProperty || name == kSuiteIndexProperty ||
         name == kSuiteCasesProperty;
}

std::vector<std::string> SplitSpaces(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

std::string Join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

// The run every sharded input belongs to: N and the case count must agree across inputs.
struct RunMeta {
  std::optional<int> total;
  std::string run_cases, source, shard;
  std::set<int> shards_seen;
};

void CheckRun(const JunitSuite& s, const std::string& source, RunMeta& run) {
  if (!s.HasProperty(kShardProperty)) return;
  std::string error, text = s.Property(kShardProperty);
  std::optional<Shard> shard = ParseShard(text, error);
  if (!shard) throw MergeError(source + ": testsuite '" + s.name + "': " + error);
  std::string cases = s.Property(kRunCasesProperty);
  auto describe = [](const std::string& src, const std::string& k, const std::string& n) {
    return src + " is shard " + k + " of a " + n + "-case run";
  };
  if (!run.total) {
    run.total = shard->total, run.run_cases = cases, run.source = source, run.shard = text;
  } else if (*run.total != shard->total || run.run_cases != cases) {
    throw MergeError("inputs come from different runs: " +
                     describe(run.source, run.shard, run.run_cases) + ", " +
                     describe(source, text, cases));
  }
  run.shards_seen.insert(shard->index);
}

// The parts' agreed value of a per-suite property ("" when none has it).
std::string AgreedProperty(const Group& g, const char* name) {
  std::string value;
  const std::string* from = nullptr;
  for (const Part& p : g.parts) {
    if (!p.suite->HasProperty(name)) continue;
    std::string v = p.suite->Property(name);
    if (from != nullptr && v != value) {
      throw MergeError("inputs come from different runs: testsuite '" + g.name + "' has " +
                       name + " '" + value + "' in " + *from + " but '" + v + "' in " +
                       *p.source);
    }
    value = v, from = p.source;
  }
  return value;
}

// Cases of the group in the run's declared order (or input order); records missing ones.
std::vector<JunitCase> OrderCases(const Group& g, const std::vector<std::string>& listed,
                                  std::vector<std::string>& missing) {
  std::vector<std::pair<const JunitCase*, const std::string*>> found;
  for (const Part& p : g.parts) {
    for (const JunitCase& c : p.suite->cases) found.emplace_back(&c, p.source);
  }
  if (listed.empty()) {
    std::vector<JunitCase> out;
    for (const auto& [c, src] : found) out.push_back(*c);
    return out;
  }
  std::map<std::string, size_t> rank;
  for (size_t i = 0; i < listed.size(); ++i) rank.emplace(listed[i], i);
  std::vector<const JunitCase*> slots(listed.size(), nullptr);
  for (const auto& [c, src] : found) {
    auto it = rank.find(c->name);
    if (it == rank.end()) {
      throw MergeError(*src + ": case '" + g.name + "/" + c->name + "' is not among the cases "
                       "its run lists for suite '" + g.name + "' (reports of different runs?)");
    }
    slots[it->second] = c;
  }
  std::vector<JunitCase> out;
  std::vector<std::string> absent;
  for (size_t i = 0; i < slots.size(); ++i) {
    if (slots[i] != nullptr) out.push_back(*slots[i]);
    if (slots[i] == nullptr) absent.push_back(listed[i]);
  }
  if (!absent.empty()) {
    missing.push_back("suite '" + g.name + "': " + std::to_string(absent.size()) + " of " +
                      std::to_string(listed.size()) + " cases in no input: " + Join(absent, ", "));
  }
  return out;
}

JunitSuite MergeGroup(const Group& g, std::vector<std::string>& missing) {
  JunitSuite out;
  out.name = g.name;
  std::vector<std::string> hosts;
  for (const Part& p : g.parts) {
    const JunitSuite& s = *p.suite;
    out.seconds += s.seconds;
    if (!s.timestamp.empty() && (out.timestamp.empty() || s.timestamp < out.timestamp)) {
      out.timestamp = s.timestamp;
    }
    if (!s.hostname.empty() && std::find(hosts.begin(), hosts.end(), s.hostname) == hosts.end()) {
      hosts.push_back(s.hostname);
    }
    for (const auto& [name, value] : s.properties) {
      if (!IsShardProperty(name) && !out.HasProperty(name)) out.properties.emplace_back(name, value);
    }
  }
  out.hostname = Join(hosts, ",");
  out.cases = OrderCases(g, SplitSpaces(AgreedProperty(g, kSuiteCasesProperty)), missing);
  return out;
}

void CheckDuplicates(const std::vector<JunitReport>& inputs) {
  std::map<std::string, const JunitReport*> seen;
  for (const JunitReport& r : inputs) {
    for (const JunitSuite& s : r.suites) {
      for (const JunitCase& c : s.cases) {
        auto [it, fresh] = seen.emplace(s.name + '\0' + c.classname + '\0' + c.name, &r);
        if (fresh) continue;
        std::string where = it->second == &r ? "twice in " + r.source
                                             : "in both " + it->second->source + " and " + r.source;
        throw MergeError("case '" + s.name + "/" + c.name + "' is " + where +
                         " (the same shard given twice, or runs that overlap)");
      }
    }
  }
}

// The suite's position in the run; shards given their files in different orders disagree,
// which is fine (the split does not depend on it): the smallest wins, ties keep input order.
long SuiteIndexOf(const Group& g) {
  long index = LONG_MAX;
  for (const Part& p : g.parts) {
    if (p.suite->HasProperty(kSuiteIndexProperty)) {
      index = std::min(index, std::atol(p.suite->Property(kSuiteIndexProperty).c_str()));
    }
  }
  return index;
}

struct Counts {
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  double seconds = 0;

  void Add(const Counts& o) {
    tests += o.tests, failures += o.failures, errors += o.errors, skipped += o.skipped;
    seconds += o.seconds;
  }
};

Counts CountCases(const JunitSuite& s) {
  Counts c;
  c.seconds = s.seconds;
  for (const JunitCase& k : s.cases) {
    ++c.tests;
    c.failures += k.outcome == "fail";
    c.errors += k.outcome == "error" || k.outcome == "interrupted";
    c.skipped += k.outcome == "skip";
  }
  return c;
}

std::string FormatTime(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.3f", seconds);
  return buf;
}

// <testsuites> carries no `skipped` (junit-10.xsd, tests/junit_schema/): `with_skipped` false.
void SetCounts(pugi::xml_node node, const Counts& c, bool with_skipped = true) {
  node.append_attribute("tests").set_value(std::to_string(c.tests).c_str());
  node.append_attribute("failures").set_value(std::to_string(c.failures).c_str());
  node.append_attribute("errors").set_value(std::to_string(c.errors).c_str());
  if (with_skipped) node.append_attribute("skipped").set_value(std::to_string(c.skipped).c_str());
  node.append_attribute("time").set_value(FormatTime(c.seconds).c_str());
}

void AddSuite(pugi::xml_node root, const JunitSuite& s, size_t id) {
  pugi::xml_node node = root.append_child("testsuite");
  node.append_attribute("name").set_value(s.name.c_str());
  SetCounts(node, CountCases(s));
  if (!s.timestamp.empty()) node.append_attribute("timestamp").set_value(s.timestamp.c_str());
  if (!s.hostname.empty()) node.append_attribute("hostname").set_value(s.hostname.c_str());
  node.append_attribute("id").set_value(std::to_string(id).c_str());
  node.append_attribute("package").set_value("mtulab");
  if (!s.properties.empty()) {
    pugi::xml_node props = node.append_child("properties");
    for (const auto& [name, value] : s.properties) {
      pugi::xml_node p = props.append_child("property");
      p.append_attribute("name").set_value(name.c_str());
      p.append_attribute("value").set_value(value.c_str());
    }
  }
  for (const JunitCase& c : s.cases) node.append_buffer(c.xml.data(), c.xml.size());
  node.append_child("system-out");
  node.append_child("system-err");
}

}  // namespace

JunitSuiteProperties ShardProperties(const std::string& shard, const RunCaseList& all_cases) {
  size_t total = 0;
  for (const auto& [suite, cases] : all_cases) total += cases.size();
  JunitSuiteProperties props;
  for (size_t i = 0; i < all_cases.size(); ++i) {
    props[all_cases[i].first] = {{kShardProperty, shard},
                                 {kRunCasesProperty, std::to_string(total)},
                                 {kSuiteIndexProperty, std::to_string(i)},
                                 {kSuiteCasesProperty, Join(all_cases[i].second, " ")}};
  }
  return props;
}

void AddJunitSuiteProperties(const std::string& path, const JunitSuiteProperties& properties) {
  pugi::xml_document doc;
  pugi::xml_parse_result parsed =
      doc.load_file(path.c_str(), pugi::parse_default | pugi::parse_declaration);
  if (!parsed) throw JunitReadError(path + ": " + parsed.description());
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  WriteReportFile(path, WithJunitSuiteProperties(out.str(), properties), "JUnit report");
}

JunitMerge MergeJunitReports(const std::vector<JunitReport>& inputs) {
  RunMeta run;
  std::vector<Group> groups;
  std::map<std::string, size_t> by_name;
  for (const JunitReport& r : inputs) {
    for (const JunitSuite& s : r.suites) {
      CheckRun(s, r.source, run);
      auto [it, fresh] = by_name.emplace(s.name, groups.size());
      if (fresh) groups.push_back(Group{s.name, {}});
      groups[it->second].parts.push_back(Part{&s, &r.source});
    }
  }
  CheckDuplicates(inputs);
  std::vector<std::pair<long, size_t>> order;  // (suite index or LONG_MAX, group)
  for (size_t i = 0; i < groups.size(); ++i) order.emplace_back(SuiteIndexOf(groups[i]), i);
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  JunitMerge merged;
  merged.checked = run.total.has_value();
  size_t sharded_cases = 0;
  for (const auto& [index, g] : order) {
    merged.suites.push_back(MergeGroup(groups[g], merged.missing));
    if (index != LONG_MAX) sharded_cases += merged.suites.back().cases.size();
  }
  if (run.total && std::to_string(sharded_cases) != run.run_cases) {
    std::vector<std::string> seen;
    for (int k : run.shards_seen) seen.push_back(std::to_string(k));
    merged.missing.push_back("the run has " + run.run_cases + " cases, the inputs hold " +
                             std::to_string(sharded_cases) + " (shards with cases: " +
                             Join(seen, ", ") + " of " + std::to_string(*run.total) + ")");
  }
  return merged;
}

std::string RenderMergedJunit(const std::vector<JunitSuite>& suites) {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version").set_value("1.0");
  decl.append_attribute("encoding").set_value("UTF-8");
  pugi::xml_node root = doc.append_child("testsuites");
  root.append_attribute("name").set_value("mtulab");
  Counts total;
  for (const JunitSuite& s : suites) total.Add(CountCases(s));
  SetCounts(root, total, false);
  for (size_t i = 0; i < suites.size(); ++i) AddSuite(root, suites[i], i);
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out.str();
}

bool AnyCaseFailed(const std::vector<JunitSuite>& suites) {
  for (const JunitSuite& s : suites) {
    for (const JunitCase& c : s.cases) {
      if (c.outcome == "fail" || c.outcome == "error" || c.outcome == "interrupted") return true;
    }
  }
  return false;
}

}  // namespace mtulab
