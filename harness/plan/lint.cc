#include "harness/plan/lint.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "harness/model/config_error.h"
#include "harness/plan/lint_internal.h"

namespace mtulab {
namespace {

std::string Key(const Finding& f) { return f.loc.ToString() + "\n" + f.message; }

void SortByPlace(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.loc.file, a.loc.line, a.loc.col, a.check) <
           std::tie(b.loc.file, b.loc.line, b.loc.col, b.check);
  });
}

// The case's topology, with every interface whose MTU an override sets located at that
// override, so that findings it causes point at it (routes and sysctls of overrides carry
// their own location already).
Topology CaseTopology(const Suite& suite, const Case& c) {
  Topology t = ApplyOverrides(suite.topology, c);
  for (const Override& o : c.overrides) {
    if (const auto* mtu = std::get_if<MtuOverride>(&o.body)) {
      if (Endpoint* end = t.FindEndpoint(mtu->node, mtu->ifname)) end->loc = o.loc;
    }
  }
  return t;
}

}  // namespace

const char* SeverityName(Severity severity) {
  return severity == Severity::kError ? "error" : "warning";
}

std::string Finding::Format() const {
  std::string out =
      loc.ToString() + ": " + SeverityName(severity) + ": " + message + " [" + check + "]\n";
  out += "  on the wire: " + wire + "\n";
  out += "  fix: " + fix + "\n";
  if (!cases.empty()) {
    std::string list;
    for (const std::string& c : cases) list += (list.empty() ? "" : ", ") + c;
    out += "  in cases: " + list + "\n";
  }
  return out;
}

std::vector<Finding> LintTopology(const Topology& topology) {
  NetModel model(topology);
  std::vector<Finding> out;
  CheckSegments(model, out);
  CheckIpv6MinMtu(model, out);
  CheckOverlays(model, out);
  CheckIpsec(topology, out);
  PathTable paths(model);
  CheckIcmpSources(paths, out);
  CheckMssClamps(model, paths, out);
  CheckMtuLocks(model, paths, out);
  SortByPlace(out);
  return out;
}

std::vector<Finding> LintSuite(const Suite& suite) {
  std::vector<Finding> out = LintTopology(suite.topology);
  std::map<std::string, size_t> seen;
  for (size_t i = 0; i < out.size(); ++i) seen.emplace(Key(out[i]), SIZE_MAX);
  for (const Case& c : suite.cases) {
    if (c.overrides.empty()) continue;
    Topology t;
    try {
      t = CaseTopology(suite, c);
    } catch (const ConfigError&) {
      continue;  // the loader reports overrides naming something missing
    }
    for (Finding& f : LintTopology(t)) {
      auto [it, fresh] = seen.emplace(Key(f), out.size());
      if (!fresh) {
        if (it->second != SIZE_MAX) out[it->second].cases.push_back(c.name);
        continue;
      }
      f.cases = {c.name};
      out.push_back(std::move(f));
    }
  }
  CheckEvidence(suite, out);
  SortByPlace(out);
  return out;
}

}  // namespace mtulab
