#include "reports/kernel_matrix.h"

#include <map>

namespace mtulab {
namespace {

// Escapes what could break a table cell or inject markup (markdown and HTML alike).
std::string Escape(const std::string& s) {
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
      case '"':
        out += "&quot;";
        break;
      case '|':
      case '*':
      case '_':
      case '`':
      case '\\':
      case '[':
      case ']':
        out += "&#" + std::to_string(static_cast<int>(c)) + ";";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Cell(const std::optional<Outcome>& o) { return o ? OutcomeName(*o) : "—"; }

bool Differs(const std::vector<std::optional<Outcome>>& cells) {
  for (const auto& c : cells) {
    if (c != cells.front()) return true;
  }
  return false;
}

}  // namespace

KernelMatrix BuildKernelMatrix(const std::vector<SuiteResult>& suites) {
  KernelMatrix m;
  std::map<std::string, size_t> kernel_index, row_index;
  std::vector<KernelMatrix::Row> rows;
  for (const SuiteResult& s : suites) {
    size_t at = s.name.rfind('@');
    if (at == std::string::npos) continue;
    std::string kernel = s.name.substr(at + 1), suite = s.name.substr(0, at);
    auto [k, new_kernel] = kernel_index.try_emplace(kernel, m.kernels.size());
    if (new_kernel) m.kernels.push_back(kernel);
    for (const CaseResult& c : s.cases) {
      auto [r, new_row] = row_index.try_emplace(suite + "/" + c.name, rows.size());
      if (new_row) rows.push_back({suite + "/" + c.name, {}, false});
      std::vector<std::optional<Outcome>>& cells = rows[r->second].cells;
      if (cells.size() <= k->second) cells.resize(k->second + 1);
      cells[k->second] = c.outcome;
    }
  }
  for (bool differing : {true, false}) {
    for (KernelMatrix::Row& r : rows) {
      r.cells.resize(m.kernels.size());
      r.differs = Differs(r.cells);
      if (r.differs == differing) m.rows.push_back(r);
    }
  }
  return m;
}

std::string KernelMatrixMarkdown(const KernelMatrix& m, int max_rows) {
  if (m.kernels.empty()) return "";
  int differing = 0;
  for (const auto& r : m.rows) differing += r.differs;
  std::string out = "### Kernel matrix\n\n" + std::to_string(differing) + " of " +
                    std::to_string(m.rows.size()) + " cases differ between kernels (first).\n\n" +
                    "| case |";
  for (const std::string& k : m.kernels) out += " " + Escape(k) + " |";
  out += "\n|---|";
  for (size_t i = 0; i < m.kernels.size(); ++i) out += "---|";
  out += "\n";
  int rows = 0;
  for (const auto& r : m.rows) {
    if (rows++ == max_rows) break;
    out += "| " + std::string(r.differs ? "**≠** " : "") + Escape(r.name) + " |";
    for (const auto& c : r.cells) out += " " + Cell(c) + " |";
    out += "\n";
  }
  if (static_cast<int>(m.rows.size()) > max_rows) {
    out += "\n" + std::to_string(m.rows.size() - max_rows) + " more cases not shown.\n";
  }
  return out + "\n";
}

std::string KernelMatrixHtml(const KernelMatrix& m) {
  if (m.kernels.empty()) return "";
  std::string out =
      "<section class=\"kernel-matrix\"><h2>Kernel matrix</h2>\n<table>\n"
      "<tr><th>case</th>";
  for (const std::string& k : m.kernels) out += "<th>" + Escape(k) + "</th>";
  out += "</tr>\n";
  for (const auto& r : m.rows) {
    out += std::string("<tr") + (r.differs ? " class=\"differs\"" : "") + "><td>" + Escape(r.name) +
           "</td>";
    for (const auto& c : r.cells) out += "<td class=\"" + Cell(c) + "\">" + Cell(c) + "</td>";
    out += "</tr>\n";
  }
  return out + "</table></section>\n";
}

}  // namespace mtulab
