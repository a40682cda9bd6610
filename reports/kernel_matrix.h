#ifndef MTULAB_REPORTS_KERNEL_MATRIX_H_
#define MTULAB_REPORTS_KERNEL_MATRIX_H_

#include <optional>
#include <string>
#include <vector>

#include "harness/model/verdict.h"

namespace mtulab {

/// The verdicts of a kernel-lane run (suites named "SUITE@KERNEL") as case x kernel.
struct KernelMatrix {
  struct Row {
    std::string name;                           // "suite/case", without the kernel
    std::vector<std::optional<Outcome>> cells;  // per kernel; nullopt: not run there
    bool differs = false;                       // not the same outcome on every kernel
  };
  std::vector<std::string> kernels;  // in first-appearance order
  std::vector<Row> rows;             // rows that differ first, then the others; each in order
};

/// The matrix of `suites`; no kernels (and no rows) unless some suite name has "@KERNEL".
KernelMatrix BuildKernelMatrix(const std::vector<SuiteResult>& suites);

/// A markdown section "Kernel matrix" (at most `max_rows` rows, the rest counted), or ""
/// when the matrix has fewer than one kernel.
std::string KernelMatrixMarkdown(const KernelMatrix& m, int max_rows);

/// The same as an HTML <section> (text escaped), or "".
std::string KernelMatrixHtml(const KernelMatrix& m);

}  // namespace mtulab

#endif  // MTULAB_REPORTS_KERNEL_MATRIX_H_
