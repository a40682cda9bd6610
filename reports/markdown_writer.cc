#include "reports/markdown_writer.h"

#include <algorithm>
#include <cstdio>

namespace mtulab {
namespace {

// Plain text for a table cell: markdown punctuation escaped, HTML characters as entities,
// newlines as <br>.
std::string Text(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '\n':
        out += "<br>";
        break;
      case '\r':
        break;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '|':
      case '~':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A code span when the text allows one (no backtick or newline), else escaped text. Inside
// a table, a pipe must be escaped even in a code span.
std::string Code(const std::string& s) {
  if (s.empty()) return "`\"\"`";
  if (s.find_first_of("`\n\r") != std::string::npos) return Text(s);
  std::string out = "`";
  for (char c : s) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out + "`";
}

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f s", s);
  return buf;
}

const char* Badge(Outcome o) {
  switch (o) {
    case Outcome::kPass:
      return "✅ pass";
    case Outcome::kFail:
      return "❌ fail";
    case Outcome::kSkip:
      return "⏭️ skip";
    case Outcome::kError:
      return "💥 error";
    case Outcome::kInterrupted:
      return "⏹️ interrupted";
  }
  return "?";
}

// "= 1500", ">= 1500", "one of {a, b}", "present": the predicate without the fact.
std::string Predicate(const Expectation& e) {
  std::string text = e.Describe();
  if (text.compare(0, e.fact.size() + 1, e.fact + " ") == 0) text.erase(0, e.fact.size() + 1);
  return text;
}

std::string Headline(const RunReport& report) {
  ReportTotals t = CountOutcomes(report.suites);
  std::string status = t.failed + t.errors > 0 ? "❌" : t.interrupted > 0 ? "⏹️" : "✅";
  std::string out = "## " + status + " mtulab: " + std::to_string(t.passed) + " passed, " +
                    std::to_string(t.failed) + " failed, " + std::to_string(t.errors) +
                    " errors, " + std::to_string(t.skipped) + " skipped" +
                    (t.interrupted > 0 ? ", " + std::to_string(t.interrupted) + " interrupted"
                                       : "") +
                    "\n\n";
  out += std::to_string(t.cases) + " cases in " + std::to_string(report.suites.size()) +
         " suites, " + Seconds(report.run.seconds);
  if (!report.run.mtulab_version.empty()) out += " · mtulab " + Text(report.run.mtulab_version);
  if (!report.run.kernel.empty()) out += " · kernel " + Text(report.run.kernel);
  if (!report.run.hostname.empty()) out += " · host " + Text(report.run.hostname);
  if (!report.run.shard.empty()) out += " · shard " + Text(report.run.shard);
  if (!report.run.started.empty()) out += " · started " + Text(report.run.started);
  return out + "\n\n";
}

// The "interrupted" column appears only in a run that was interrupted.
std::string SuiteTable(const RunReport& report) {
  bool interrupted = CountOutcomes(report.suites).interrupted > 0;
  std::string out = std::string("| suite | cases | pass | fail | error | skip | ") +
                    (interrupted ? "interrupted | " : "") + "time |\n|---|--:|--:|--:|--:|--:|" +
                    (interrupted ? "--:|" : "") + "--:|\n";
  for (const SuiteResult& s : report.suites) {
    ReportTotals t = CountOutcomes({s});
    out += "| " + Code(s.name) + " | " + std::to_string(t.cases) + " | " +
           std::to_string(t.passed) + " | " + std::to_string(t.failed) + " | " +
           std::to_string(t.errors) + " | " + std::to_string(t.skipped) + " | " +
           (interrupted ? std::to_string(t.interrupted) + " | " : "") + Seconds(s.seconds) +
           " |\n";
  }
  return out + "\n";
}

std::string CaseName(const SuiteResult& s, const CaseResult& c) {
  return Code((c.suite.empty() ? s.name : c.suite) + "/" + c.name);
}

// Adds `row` unless the table is full; counts what was left out.
void AddRow(std::string& table, int& rows, int& left_out, const std::string& row) {
  if (rows < kMarkdownMaxRows) {
    table += row;
    ++rows;
  } else {
    ++left_out;
  }
}

std::string LeftOut(int n) {
  if (n == 0) return "\n";
  return "\n… and " + std::to_string(n) + " more rows (see the JSON or HTML report).\n\n";
}

// "suites/x.xml:12" (the case's line when known).
std::string CaseWhere(const SuiteResult& s, const CaseResult& c) {
  std::string file = c.file.empty() ? s.file : c.file;
  return c.line > 0 ? file + ":" + std::to_string(c.line) : file;
}

// One failed or errored case: a heading line (verdict, name, where it is written), then per
// step its text once and a narrow table of its unmet expectations, observed beside expected
// (GitHub's width), or the reason.
std::string ProblemCase(const SuiteResult& s, const CaseResult& c, int& rows, int& left_out) {
  std::string out = "**" + std::string(Badge(c.outcome)) + "** " + CaseName(s, c) + " · " +
                    Code(CaseWhere(s, c)) + "\n\n";
  if (c.unmet.empty()) {
    std::string why = c.reason.empty() ? "(no reason given)" : Text(c.reason);
    AddRow(out, rows, left_out, "> " + why + "\n\n");
  }
  const std::string* step = nullptr;
  for (const Unmet& u : c.unmet) {
    if (step == nullptr || *step != u.step) {
      out += std::string(step == nullptr ? "" : "\n") + Text(u.step) +
             "\n\n| fact | expected | observed | where |\n|---|---|---|---|\n";
    }
    step = &u.step;
    std::string observed = u.observed ? Code(*u.observed) : "*absent*";
    AddRow(out, rows, left_out,
           "| " + Code(u.expectation.fact) + " | " + Code(Predicate(u.expectation)) + " | " +
               observed + " | " + Code(u.expectation.loc.ToString()) + " |\n");
  }
  if (!c.unmet.empty()) out += "\n";
  for (const std::string& a : c.artifacts) out += "- kept: " + Code(a) + "\n";
  return out + (c.artifacts.empty() ? "" : "\n");
}

std::string ProblemTable(const RunReport& report) {
  std::string out;
  int rows = 0, left_out = 0;
  for (const SuiteResult& s : report.suites) {
    for (const CaseResult& c : s.cases) {
      if (c.outcome != Outcome::kFail && c.outcome != Outcome::kError) continue;
      if (rows >= kMarkdownMaxRows) {
        left_out += std::max<int>(1, int(c.unmet.size()));
        continue;
      }
      out += ProblemCase(s, c, rows, left_out);
    }
  }
  if (out.empty()) return "";
  return "### Failed and errored cases\n\n" + out + (left_out > 0 ? LeftOut(left_out) : "");
}

// The cases of `outcome` (skipped, interrupted) with their reasons, under `title`.
std::string ReasonTable(const RunReport& report, Outcome outcome, const std::string& title) {
  std::string table = "| case | reason |\n|---|---|\n";
  int rows = 0, left_out = 0;
  for (const SuiteResult& s : report.suites) {
    for (const CaseResult& c : s.cases) {
      if (c.outcome != outcome) continue;
      AddRow(table, rows, left_out, "| " + CaseName(s, c) + " | " + Text(c.reason) + " |\n");
    }
  }
  if (rows == 0 && left_out == 0) return "";
  return "### " + title + "\n\n" + table + LeftOut(left_out);
}

}  // namespace

std::string RenderMarkdown(const RunReport& report) {
  std::string out = Headline(report) + ProblemTable(report) + SuiteTable(report) +
                    ReasonTable(report, Outcome::kInterrupted, "Interrupted cases") +
                    ReasonTable(report, Outcome::kSkip, "Skipped cases");
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') {
    out.pop_back();
  }
  return out;
}

void WriteMarkdown(const RunReport& report, const std::string& path) {
  WriteReportFile(path, RenderMarkdown(report), "markdown summary");
}

}  // namespace mtulab
