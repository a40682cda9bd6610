#include "harness/cli/lint_formats.h"

#include <cctype>
#include <cstdio>
#include <set>

#include "reports/json_value.h"

namespace mtulab {
namespace {

JsonValue Strings(const std::vector<std::string>& items) {
  JsonValue a = JsonValue::Array();
  for (const std::string& s : items) a.Push(JsonValue::String(s));
  return a;
}

JsonValue JsonFinding(const LintResult& r) {
  const Finding& f = r.finding;
  JsonValue o = JsonValue::Object();
  o.Add("file", JsonValue::String(f.loc.file)).Add("line", JsonValue::Int(f.loc.line));
  o.Add("column", JsonValue::Int(f.loc.col));
  o.Add("severity", JsonValue::String(SeverityName(f.severity)));
  o.Add("check", JsonValue::String(f.check)).Add("message", JsonValue::String(f.message));
  o.Add("wire", JsonValue::String(f.wire)).Add("fix", JsonValue::String(f.fix));
  o.Add("cases", Strings(f.cases));
  if (!r.accepted_reason.empty()) {
    o.Add("accepted", JsonValue::Object().Add("reason", JsonValue::String(r.accepted_reason)));
  }
  return o;
}

// "suites/x.xml" as a SARIF artifact URI: relative paths stay relative (to the directory
// lint ran in), absolute ones become file:// URIs; bytes a URI cannot hold are %-escaped.
std::string FileUri(const std::string& path) {
  std::string out = path.rfind('/', 0) == 0 ? "file://" : "";
  for (unsigned char c : path) {
    if (std::isalnum(c) || std::string("/-._~").find(static_cast<char>(c)) != std::string::npos) {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

JsonValue Text(const std::string& text) {
  return JsonValue::Object().Add("text", JsonValue::String(text));
}

JsonValue SarifResult(const LintResult& r) {
  const Finding& f = r.finding;
  JsonValue region = JsonValue::Object();
  region.Add("startLine", JsonValue::Int(f.loc.line));
  if (f.loc.col > 0) region.Add("startColumn", JsonValue::Int(f.loc.col));
  JsonValue physical = JsonValue::Object();
  physical.Add("artifactLocation",
               JsonValue::Object().Add("uri", JsonValue::String(FileUri(f.loc.file))));
  physical.Add("region", std::move(region));
  std::string text = f.message + ". On the wire: " + f.wire + ". Fix: " + f.fix;
  JsonValue o = JsonValue::Object();
  o.Add("ruleId", JsonValue::String(f.check));
  o.Add("level", JsonValue::String(f.severity == Severity::kError ? "error" : "warning"));
  o.Add("message", Text(text));
  o.Add("locations",
        JsonValue::Array().Push(JsonValue::Object().Add("physicalLocation", physical)));
  if (!r.accepted_reason.empty()) {
    JsonValue s = JsonValue::Object().Add("kind", JsonValue::String("inSource"));
    s.Add("justification", JsonValue::String(r.accepted_reason));
    o.Add("suppressions", JsonValue::Array().Push(std::move(s)));
  }
  return o;
}

}  // namespace

std::string LintJson(const std::vector<LintResult>& results) {
  JsonValue findings = JsonValue::Array();
  int errors = 0, warnings = 0, accepted = 0;
  for (const LintResult& r : results) {
    findings.Push(JsonFinding(r));
    if (!r.accepted_reason.empty()) {
      ++accepted;
    } else {
      ++(r.finding.severity == Severity::kError ? errors : warnings);
    }
  }
  JsonValue o = JsonValue::Object().Add("findings", std::move(findings));
  o.Add("errors", JsonValue::Int(errors)).Add("warnings", JsonValue::Int(warnings));
  o.Add("accepted", JsonValue::Int(accepted));
  return SerializeJson(o);
}

std::string LintSarif(const std::vector<LintResult>& results) {
  JsonValue rules = JsonValue::Array();
  std::set<std::string> seen;
  JsonValue out = JsonValue::Array();
  for (const LintResult& r : results) {
    if (seen.insert(r.finding.check).second) {
      rules.Push(JsonValue::Object()
                     .Add("id", JsonValue::String(r.finding.check))
                     .Add("shortDescription", Text("mtulab lint check " + r.finding.check)));
    }
    out.Push(SarifResult(r));
  }
  JsonValue driver = JsonValue::Object().Add("name", JsonValue::String("mtulab"));
  driver.Add("version", JsonValue::String("0.1.0")).Add("rules", std::move(rules));
  JsonValue run = JsonValue::Object().Add("tool", JsonValue::Object().Add("driver", driver));
  run.Add("results", std::move(out));
  JsonValue log = JsonValue::Object();
  log.Add("$schema", JsonValue::String("https://json.schemastore.org/sarif-2.1.0.json"));
  log.Add("version", JsonValue::String("2.1.0"));
  log.Add("runs", JsonValue::Array().Push(std::move(run)));
  return SerializeJson(log);
}

}  // namespace mtulab
