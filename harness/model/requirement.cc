#include "harness/model/requirement.h"

#include <cctype>
#include <vector>

namespace mtulab {
namespace {

std::vector<long> Components(const std::string& v) {
  std::vector<long> out;
  size_t i = 0;
  while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) {
    long n = 0;
    while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i])) && n < 100000000) {
      n = n * 10 + (v[i++] - '0');
    }
    out.push_back(n);
    if (i + 1 < v.size() && v[i] == '.' && std::isdigit(static_cast<unsigned char>(v[i + 1]))) {
      ++i;
    } else {
      break;
    }
  }
  return out;
}

}  // namespace

std::string Requirement::Describe() const {
  const char* op_text = op == Op::kEquals ? " = " : op == Op::kAtLeast ? " >= " : " < ";
  return fact + op_text + value;
}

int CompareKernelVersions(const std::string& a, const std::string& b) {
  std::vector<long> x = Components(a), y = Components(b);
  for (size_t i = 0; i < std::max(x.size(), y.size()); ++i) {
    long p = i < x.size() ? x[i] : 0, q = i < y.size() ? y[i] : 0;
    if (p != q) return p < q ? -1 : 1;
  }
  return 0;
}

bool RequirementHolds(const Requirement& r, const std::string& actual) {
  switch (r.op) {
    case Requirement::Op::kEquals:
      return r.fact == "kernel.version" ? CompareKernelVersions(actual, r.value) == 0
                                        : actual == r.value;
    case Requirement::Op::kAtLeast:
      return CompareKernelVersions(actual, r.value) >= 0;
    case Requirement::Op::kBelow:
      return CompareKernelVersions(actual, r.value) < 0;
  }
  return false;
}

std::string UnmetRequirement(const Case& c, const std::map<std::string, std::string>& facts) {
  for (const Requirement& r : c.requirements) {
    auto it = facts.find(r.fact);
    std::string actual = it == facts.end() ? "unknown" : it->second;
    if (it == facts.end() || !RequirementHolds(r, actual)) {
      return "requires " + r.Describe() + "; this machine: " + actual + " (" + r.loc.ToString() +
             ")";
    }
  }
  return "";
}

}  // namespace mtulab
