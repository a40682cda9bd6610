#include "harness/model/diagnostics.h"

#include <algorithm>
#include <sstream>
#include <tuple>

namespace mtulab {
namespace {

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  std::istringstream in(text);
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

// Control bytes in a quoted value ("a&#10;b") would break the one-line "file:line:col:
// message" form, and a NUL would cut the printed report short: they are shown as \n, \t,
// \r or \xNN.
std::string EscapeControls(std::string text) {
  std::string out;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7f) {
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      static const char kHex[] = "0123456789abcdef";
      out += std::string("\\x") + kHex[u >> 4] + kHex[u & 15];
    }
  }
  return out;
}

// The source line as echoed under a diagnostic: control bytes other than tab become '?',
// one for one, so that the caret stays under the column.
std::string PrintableLine(std::string line) {
  for (char& c : line) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) c = '?';
  }
  return line;
}

}  // namespace

void Diagnostics::RegisterFile(const std::string& file) {
  if (std::find(files_.begin(), files_.end(), file) == files_.end()) files_.push_back(file);
}

void Diagnostics::RegisterSource(const std::string& file, const std::string& text) {
  lines_[file] = SplitLines(text);
  RegisterFile(file);
}

std::string Diagnostics::LineOf(const SourceLoc& loc) const {
  if (loc.line <= 0) return "";
  // Only registered text is quoted: reading an unregistered file here once printed the
  // first line of whatever a suite named (topology="/proc/self/environ": a CI token).
  auto it = lines_.find(loc.file);
  if (it == lines_.end()) return "";
  const std::vector<std::string>& lines = it->second;
  if (static_cast<size_t>(loc.line) > lines.size()) return "";
  return PrintableLine(lines[loc.line - 1]);
}

void Diagnostics::Add(const SourceLoc& loc, std::string message) {
  message = EscapeControls(std::move(message));
  // A set, not a scan of what was recorded: 100,000 problems must not take 10^10 steps.
  if (!seen_.emplace(loc.ToString(), message).second) return;
  diagnostics_.push_back(Diagnostic{loc, std::move(message), LineOf(loc)});
}

void Diagnostics::ThrowIfAny() const {
  if (diagnostics_.empty()) return;
  std::vector<std::string> file_order = files_;
  for (const Diagnostic& d : diagnostics_) {
    if (std::find(file_order.begin(), file_order.end(), d.loc.file) == file_order.end()) {
      file_order.push_back(d.loc.file);
    }
  }
  auto rank = [&](const Diagnostic& d) {
    size_t f = std::find(file_order.begin(), file_order.end(), d.loc.file) - file_order.begin();
    return std::make_tuple(f, d.loc.line, d.loc.col);
  };
  std::vector<Diagnostic> sorted = diagnostics_;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return rank(a) < rank(b); });
  if (sorted.size() > kMaxReported) sorted.resize(kMaxReported);
  throw ConfigError(std::move(sorted));
}

}  // namespace mtulab
