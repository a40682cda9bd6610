#include "harness/config/diagnostics.h"

#include <algorithm>
#include <fstream>
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

}  // namespace

void Diagnostics::RegisterSource(const std::string& file, const std::string& text) {
  lines_[file] = SplitLines(text);
  if (std::find(files_.begin(), files_.end(), file) == files_.end()) files_.push_back(file);
}

std::string Diagnostics::LineOf(const SourceLoc& loc) {
  if (loc.line <= 0) return "";
  auto it = lines_.find(loc.file);
  if (it == lines_.end()) {
    std::ifstream in(loc.file, std::ios::binary);
    std::stringstream buffer;
    if (in) buffer << in.rdbuf();
    it = lines_.emplace(loc.file, SplitLines(buffer.str())).first;
  }
  const std::vector<std::string>& lines = it->second;
  if (static_cast<size_t>(loc.line) > lines.size()) return "";
  return lines[loc.line - 1];
}

void Diagnostics::Add(const SourceLoc& loc, std::string message) {
  for (const Diagnostic& d : diagnostics_) {
    if (d.loc.ToString() == loc.ToString() && d.message == message) return;
  }
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
