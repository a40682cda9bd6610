#include "reports/html_writer.h"

#include <cstdio>

#include "harness/model/step_specs.h"
#include "reports/json_value.h"

namespace mtulab {
namespace {

constexpr char kStyle[] = R"css(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:0 auto;max-width:1200px;padding:16px 24px;color:#1d2327;background:#fff}
h1{font-size:22px;margin:4px 0 8px}h2{font-size:18px;margin:28px 0 6px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
h2 small,.muted{color:#57606a;font-weight:normal;font-size:13px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}table.meta td,table.meta th{border:none;padding:1px 10px 1px 0}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;font-size:12px;margin-right:6px}
.pass{background:#dafbe1;color:#116329}.fail{background:#ffebe9;color:#a40e26}.error{background:#fff1e5;color:#953800}.skip{background:#eaeef2;color:#424a53}.interrupted{background:#fff8c5;color:#7d4e00}
figure{margin:8px 0}figure>.scroll{overflow:auto;max-height:75vh;resize:vertical;border:1px solid #eaeef2}figure svg{display:block}figure svg text{font-family:Arial,"Liberation Sans",Helvetica,sans-serif}figcaption{color:#57606a;font-size:12px}
.failure{border-left:4px solid #cf222e;padding:2px 12px;margin:8px 0 16px}.failure h3{font-size:15px;margin:4px 0}
.failure figure>.scroll{max-height:55vh}a.suite{margin-right:8px;white-space:nowrap}
tr.step th{font-weight:normal;background:#f6f8fa}
.nopicture{border:1px dashed #d0d7de;padding:10px;color:#953800;background:#fff8f0}
details.case{border:1px solid #d0d7de;border-radius:6px;margin:6px 0;padding:4px 10px}
details.case>summary{cursor:pointer;font-weight:600}details.step{margin:4px 0 4px 14px}
details.step>summary{cursor:pointer;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
tr.unmet td{background:#ffebe9}.reason{white-space:pre-wrap}
)css";

// Text or attribute value for HTML: markup characters as entities, valid UTF-8 only,
// control characters other than tab and newline as U+FFFD.
std::string Esc(const std::string& raw) {
  std::string out;
  for (unsigned char c : ToValidUtf8(raw)) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
          out += "\xEF\xBF\xBD";
        } else {
          out += char(c);
        }
    }
  }
  return out;
}

// A relative link target: every byte outside [A-Za-z0-9._~/-] percent-encoded, so a path can
// neither leave the attribute nor become a scheme ("javascript:") or a protocol-relative URL.
std::string Href(const std::string& path) {
  std::string out;
  for (unsigned char c : path) {
    bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '.' || c == '_' || c == '~' || c == '-' || c == '/';
    if (plain) {
      out += char(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  if (out.rfind("//", 0) == 0) out = "." + out;
  return out;
}

std::string Seconds(double s, const char* format = "%.2f s") {
  char buf[48];
  std::snprintf(buf, sizeof buf, format, s);
  return buf;
}

// ", 2 interrupted", or "" in a run that was not interrupted.
std::string Interrupted(const ReportTotals& t) {
  return t.interrupted > 0 ? ", " + std::to_string(t.interrupted) + " interrupted" : "";
}

std::string Badge(Outcome o, const std::string& text) {
  return std::string("<span class=\"badge ") + OutcomeName(o) + "\">" + Esc(text) + "</span>";
}

std::string Predicate(const Expectation& e) {
  std::string text = e.Describe();
  if (text.compare(0, e.fact.size() + 1, e.fact + " ") == 0) text.erase(0, e.fact.size() + 1);
  return text;
}

std::string Observed(const std::optional<std::string>& v) {
  return v ? "<code>" + Esc(*v) + "</code>" : "<em>absent</em>";
}

std::string Header(const RunReport& report) {
  ReportTotals t = CountOutcomes(report.suites);
  std::string out =
      "<h1>mtulab report</h1>\n<p>" + Badge(Outcome::kPass, std::to_string(t.passed) + " passed") +
      Badge(Outcome::kFail, std::to_string(t.failed) + " failed") +
      Badge(Outcome::kError, std::to_string(t.errors) + " errors") +
      Badge(Outcome::kSkip, std::to_string(t.skipped) + " skipped") +
      (t.interrupted > 0
           ? Badge(Outcome::kInterrupted, std::to_string(t.interrupted) + " interrupted")
           : "") +
      "<span class=\"muted\">" + std::to_string(t.cases) + " cases in " +
      std::to_string(report.suites.size()) + " suites, " + Seconds(report.run.seconds) +
      "</span></p>\n";
  return out;
}

std::string Meta(const RunReport& report) {
  std::string out = "<table class=\"meta\">\n";
  const RunInfo& r = report.run;
  std::string command;
  for (const std::string& a : r.command_line) command += (command.empty() ? "" : " ") + a;
  const std::pair<const char*, std::string> rows[] = {
      {"mtulab", r.mtulab_version}, {"kernel", r.kernel}, {"host", r.hostname},
      {"started", r.started},       {"command", command}, {"shard", r.shard}};
  for (const auto& [name, value] : rows) {
    if (!value.empty()) {
      out += std::string("<tr><th>") + name + "</th><td class=\"mono\">" + Esc(value) +
             "</td></tr>\n";
    }
  }
  return out + "</table>\n";
}

// The worst outcome of a suite's cases: error, fail, interrupted, pass, skip (all skipped).
Outcome SuiteVerdict(const SuiteResult& s) {
  ReportTotals t = CountOutcomes({s});
  if (t.errors > 0) return Outcome::kError;
  if (t.failed > 0) return Outcome::kFail;
  if (t.interrupted > 0) return Outcome::kInterrupted;
  return t.passed > 0 || t.cases == 0 ? Outcome::kPass : Outcome::kSkip;
}

// One link per suite, marked by its verdict.
std::string SuiteLinks(const RunReport& report) {
  std::string out = "<p>";
  for (size_t i = 0; i < report.suites.size(); ++i) {
    Outcome v = SuiteVerdict(report.suites[i]);
    out += "<a class=\"suite\" href=\"#suite-" + std::to_string(i) + "\">" +
           Badge(v, OutcomeName(v)) + Esc(report.suites[i].name) + "</a> ";
  }
  return out + "</p>\n";
}

constexpr char kSuiteCaption[] =
    "Topology as loaded (before case overrides): namespaces with their interfaces and MTUs "
    "(an unset one with the value the kernel derives); dashed: tunnels; red: the predicted "
    "bottleneck of the suite's probes. Scroll or drag the corner to see more; the browser's "
    "zoom enlarges it.";
constexpr char kCaseCaption[] =
    "This case's topology, after its overrides: yellow: values the case changed (with what "
    "they were); red: the predicted bottleneck of this case's probes.";

// The picture under `key` (a suite's name or CasePictureKey), at its natural size in a
// scrolling frame (large topologies stay legible), or why there is none.
std::string Picture(const std::string& key, const std::map<std::string, TopologyPicture>& pictures,
                    const char* caption) {
  auto it = pictures.find(key);
  std::string inner;
  if (it != pictures.end() && !InlineSvg(it->second.svg).empty()) {
    inner = "<div class=\"scroll\">" + InlineSvg(it->second.svg) + "</div>";
  } else {
    std::string why = it == pictures.end() ? "no topology picture was made for this suite"
                                           : it->second.unavailable;
    if (why.empty()) why = "the topology picture is empty";
    inner = "<p class=\"nopicture\">Topology picture not drawn: " + Esc(why) + "</p>";
  }
  return "<figure class=\"topology\">\n" + inner + "\n<figcaption>" + caption +
         "</figcaption>\n</figure>\n";
}

std::string Deciding(const CaseResult& c) {
  std::string out;
  if (!c.unmet.empty()) {
    out +=
        "<table class=\"deciding\">\n<tr><th>fact</th><th>expected</th><th>observed</th>"
        "<th>where</th></tr>\n";
    const std::string* step = nullptr;  // each step's text once, above its unmet expectations
    for (const Unmet& u : c.unmet) {
      if (step == nullptr || *step != u.step) {
        out +=
            "<tr class=\"step\"><th colspan=\"4\" class=\"mono\">" + Esc(u.step) + "</th></tr>\n";
      }
      step = &u.step;
      out += "<tr class=\"unmet\"><td><code>" + Esc(u.expectation.fact) + "</code></td><td><code>" +
             Esc(Predicate(u.expectation)) + "</code></td><td>" + Observed(u.observed) +
             "</td><td class=\"mono\">" + Esc(u.expectation.loc.ToString()) + "</td></tr>\n";
    }
    out += "</table>\n";
  }
  if (!c.reason.empty()) out += "<p class=\"reason\">" + Esc(c.reason) + "</p>\n";
  if (!c.artifacts.empty()) {
    out += "<p>Kept files:";
    for (const std::string& a : c.artifacts) {
      out += " <a href=\"" + Esc(Href(a)) + "\"><code>" + Esc(a) + "</code></a>";
    }
    out += "</p>\n";
  }
  return out;
}

std::string StepDetails(const CaseResult& c, const StepRecord& s) {
  int unmet = 0;
  for (const Expectation& e : s.expectations) unmet += FindUnmet(c, s.index, e) != nullptr;
  std::string summary = Esc(s.description) + " <span class=\"muted\">" +
                        Seconds(s.seconds, "%.3f s") + ", " + std::to_string(s.facts.All().size()) +
                        " facts";
  if (!s.expectations.empty()) {
    summary += ", " + std::to_string(s.expectations.size() - size_t(unmet)) + "/" +
               std::to_string(s.expectations.size()) + " expectations met";
  }
  std::string out = std::string("<details class=\"step\"") + (unmet ? " open=\"open\"" : "") +
                    "><summary>" + summary + "</span></summary>\n";
  if (!s.expectations.empty()) {
    out += "<table>\n<tr><th>fact</th><th>expected</th><th>observed</th><th>met</th></tr>\n";
    for (const Expectation& e : s.expectations) {
      bool met = FindUnmet(c, s.index, e) == nullptr;
      out += std::string("<tr") + (met ? "" : " class=\"unmet\"") + "><td><code>" + Esc(e.fact) +
             "</code></td><td><code>" + Esc(Predicate(e)) + "</code></td><td>" +
             Observed(s.facts.Get(e.fact)) + "</td><td>" + (met ? "yes" : "<b>no</b>") +
             "</td></tr>\n";
    }
    out += "</table>\n";
  }
  if (!s.facts.empty()) {
    out += "<table>\n<tr><th>fact</th><th>value</th><th>provenance</th></tr>\n";
    for (const auto& [name, value] : s.facts.All()) {
      out += "<tr><td><code>" + Esc(name) + "</code></td><td><code>" + Esc(value) +
             "</code></td><td>" + Esc(FactProvenance(s.kind, name)) + "</td></tr>\n";
    }
    out += "</table>\n";
  }
  return out + "</details>\n";
}

std::string CaseDetails(const CaseResult& c, const std::string& id) {
  bool open = c.outcome == Outcome::kFail || c.outcome == Outcome::kError;
  std::string out = "<details class=\"case\" id=\"" + id + "\"" + (open ? " open=\"open\"" : "") +
                    "><summary>" + Badge(c.outcome, OutcomeName(c.outcome)) + Esc(c.name) +
                    " <span class=\"muted\">" + Seconds(c.seconds) + "</span></summary>\n";
  out += Deciding(c);
  for (const StepRecord& s : c.steps) out += StepDetails(c, s);
  if (c.steps.empty()) out += "<p class=\"muted\">No step ran.</p>\n";
  return out + "</details>\n";
}

std::string CaseId(size_t suite, size_t kase) {
  return "suite-" + std::to_string(suite) + "-case-" + std::to_string(kase);
}

// "suites/x.xml:12" (the case's line when known).
std::string CaseWhere(const SuiteResult& s, const CaseResult& c) {
  std::string file = c.file.empty() ? s.file : c.file;
  return c.line > 0 ? file + ":" + std::to_string(c.line) : file;
}

// The failed and errored cases first: verdict, where the case is written, expected vs
// observed (or the reason), and the case's own topology.
std::string Failures(const RunReport& report,
                     const std::map<std::string, TopologyPicture>& pictures) {
  std::string out;
  int n = 0;
  for (size_t i = 0; i < report.suites.size(); ++i) {
    const SuiteResult& s = report.suites[i];
    for (size_t j = 0; j < s.cases.size(); ++j) {
      const CaseResult& c = s.cases[j];
      if (c.outcome != Outcome::kFail && c.outcome != Outcome::kError) continue;
      ++n;
      std::string key = CasePictureKey(s.name, c.name);
      out += "<div class=\"failure\">\n<h3>" + Badge(c.outcome, OutcomeName(c.outcome)) +
             "<a href=\"#" + CaseId(i, j) + "\">" + Esc(key) + "</a> <span class=\"mono muted\">" +
             Esc(CaseWhere(s, c)) + "</span></h3>\n" + Deciding(c);
      if (pictures.count(key)) out += Picture(key, pictures, kCaseCaption);
      out += "</div>\n";
    }
  }
  if (n == 0) return "";
  return "<section id=\"failures\">\n<h2>Failed and errored cases <small>" + std::to_string(n) +
         "</small></h2>\n" + out + "</section>\n";
}

std::string SuiteSection(const SuiteResult& s, size_t index,
                         const std::map<std::string, TopologyPicture>& pictures) {
  ReportTotals t = CountOutcomes({s});
  std::string id = "suite-" + std::to_string(index);
  std::string out = "<section id=\"" + id + "\">\n<h2>" + Esc(s.name) + " <small>" +
                    Esc(s.file) + "</small></h2>\n<p class=\"muted\">" +
                    std::to_string(t.cases) + " cases: " + std::to_string(t.passed) +
                    " passed, " + std::to_string(t.failed) + " failed, " +
                    std::to_string(t.errors) + " errors, " + std::to_string(t.skipped) +
                    " skipped" + Interrupted(t) + "; " + Seconds(s.seconds) + "; started " +
                    Esc(s.timestamp) +
                    "</p>\n";
  out += Picture(s.name, pictures, kSuiteCaption);
  for (size_t j = 0; j < s.cases.size(); ++j) out += CaseDetails(s.cases[j], CaseId(index, j));
  return out + "</section>\n";
}

}  // namespace

std::string CasePictureKey(const std::string& suite, const std::string& kase) {
  return suite + "/" + kase;
}

std::string InlineSvg(const std::string& svg) {
  size_t start = svg.find("<svg");
  size_t end = svg.rfind("</svg>");
  if (start == std::string::npos || end == std::string::npos || end < start) return "";
  std::string out = svg.substr(start, end + 6 - start);
  size_t tag_end = out.find('>');
  std::string tag = out.substr(0, tag_end);
  for (const char* attr : {" xmlns=\"", " xmlns:xlink=\""}) {
    size_t at = tag.find(attr);
    if (at == std::string::npos) continue;
    size_t close = tag.find('"', at + std::string(attr).size());
    if (close != std::string::npos) tag.erase(at, close + 1 - at);
  }
  return tag + out.substr(tag_end);
}

std::string RenderHtml(const RunReport& report,
                       const std::map<std::string, TopologyPicture>& pictures) {
  ReportTotals t = CountOutcomes(report.suites);
  std::string title = "mtulab: " + std::to_string(t.passed) + " passed, " +
                      std::to_string(t.failed) + " failed, " + std::to_string(t.errors) +
                      " errors, " + std::to_string(t.skipped) + " skipped" + Interrupted(t);
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                    "<title>" + Esc(title) + "</title>\n<style>" + kStyle + "</style>\n"
                    "</head>\n<body>\n";
  out += Header(report) + Failures(report, pictures) + Meta(report) + SuiteLinks(report);
  for (size_t i = 0; i < report.suites.size(); ++i) {
    out += SuiteSection(report.suites[i], i, pictures);
  }
  return out + "</body>\n</html>\n";
}

void WriteHtml(const RunReport& report, const std::map<std::string, TopologyPicture>& pictures,
               const std::string& path) {
  WriteReportFile(path, RenderHtml(report, pictures), "HTML report");
}

}  // namespace mtulab
