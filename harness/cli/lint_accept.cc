#include "harness/cli/lint_accept.h"

#include <fstream>
#include <sstream>

namespace mtulab {
namespace {

constexpr char kMarker[] = "mtulab-lint";
constexpr char kCheck[] = "lint-accept";

std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1);
}

int LineOf(const std::string& text, size_t offset) {
  int line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

int ColumnOf(const std::string& text, size_t offset) {
  size_t nl = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  return static_cast<int>(nl == std::string::npos || offset == 0 ? offset + 1 : offset - nl);
}

Finding Problem(const SourceLoc& loc, Severity severity, const std::string& message) {
  Finding f;
  f.loc = loc;
  f.severity = severity;
  f.check = kCheck;
  f.message = message;
  f.wire = "nothing: this is about the lint comment, not the network";
  f.fix =
      "write <!-- mtulab-lint accept=CHECK: REASON --> on the line of the element the "
      "finding points at, or on the line above it";
  return f;
}

}  // namespace

void ParseAcceptances(const std::string& file, const std::string& text,
                      std::vector<Acceptance>* out, std::vector<Finding>* problems) {
  for (size_t open = text.find("<!--"); open != std::string::npos;
       open = text.find("<!--", open + 4)) {
    size_t close = text.find("-->", open + 4);
    if (close == std::string::npos) return;
    std::string body = Trim(text.substr(open + 4, close - open - 4));
    if (body.rfind(kMarker, 0) != 0) continue;
    // The line the comment ends on: it applies there and to the next line.
    SourceLoc loc{file, LineOf(text, close), ColumnOf(text, open)};
    std::string rest = Trim(body.substr(sizeof kMarker - 1));
    size_t colon = rest.find(':');
    std::string check = rest.rfind("accept=", 0) == 0 ? Trim(rest.substr(7, colon - 7)) : "";
    std::string reason = colon == std::string::npos ? "" : Trim(rest.substr(colon + 1));
    if (check.empty() || reason.empty()) {
      problems->push_back(Problem(loc, Severity::kError,
                                  "'" + rest +
                                      "' is not 'accept=CHECK: REASON' (a reason is "
                                      "required)"));
      continue;
    }
    out->push_back(Acceptance{loc, check, reason});
  }
}

void Acceptances::Read(const std::string& file) {
  if (by_file_.count(file) != 0) return;
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  ParseAcceptances(file, text.str(), &by_file_[file], &malformed_);
}

const Acceptance* Acceptances::Match(const Finding& f) {
  Read(f.loc.file);
  for (Acceptance& a : by_file_[f.loc.file]) {
    bool near = f.loc.line == a.loc.line || f.loc.line == a.loc.line + 1;
    if (near && a.check == f.check) {
      a.used = true;
      return &a;
    }
  }
  return nullptr;
}

std::vector<Finding> Acceptances::Problems() const {
  std::vector<Finding> out = malformed_;
  for (const auto& [file, list] : by_file_) {
    for (const Acceptance& a : list) {
      if (a.used) continue;
      out.push_back(Problem(a.loc, Severity::kWarning,
                            "accept=" + a.check +
                                " accepts no finding of the element on "
                                "this line or the next (stale, or a misspelt check)"));
    }
  }
  return out;
}

}  // namespace mtulab
