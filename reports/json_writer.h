#ifndef MTULAB_REPORTS_JSON_WRITER_H_
#define MTULAB_REPORTS_JSON_WRITER_H_

#include <string>

#include "reports/json_value.h"
#include "reports/run_report.h"

namespace mtulab {

/// Identifies the document. Version 2 added the outcome "interrupted" and the totals member
/// "interrupted"; ReadJsonReport() reads versions 1 and 2 (`mtulab merge` takes reports of
/// older mtulab), the writer writes version 2.
inline constexpr char kJsonReportFormat[] = "mtulab-report";
inline constexpr int kJsonReportVersion = 2;
inline constexpr int kJsonReportOldestVersion = 1;

/// The report as a JSON tree: run metadata, totals, and per suite, per case: outcome,
/// reason, timing, unmet expectations (expected vs observed), artifacts, and per step its
/// kind, description, timing, every fact and every expectation (met or not, with the observed
/// value). Totals, "met", "observed" and "message" are derived from the rest (a reader may
/// ignore them). An expectation written "predicted" carries the predictor's explanation in
/// "predicted_from"; Expectation::value_loc is not kept. Layout: README "Reports".
JsonValue ReportToJson(const RunReport& report);

/// SerializeJson(ReportToJson(report)).
std::string RenderJson(const RunReport& report);

/// Writes RenderJson() to `path` atomically. Throws std::runtime_error naming the path.
void WriteJson(const RunReport& report, const std::string& path);

/// Every predicate a JSON report may carry (json_reader.cc reads back exactly these).
inline constexpr Expectation::Op kExpectationOps[] = {
    Expectation::Op::kEquals,   Expectation::Op::kAtLeast,    Expectation::Op::kAtMost,
    Expectation::Op::kOneOf,    Expectation::Op::kPresent,    Expectation::Op::kAbsent,
    Expectation::Op::kContains, Expectation::Op::kAllAtLeast, Expectation::Op::kAllAtMost,
    Expectation::Op::kLength,   Expectation::Op::kDistinct,   Expectation::Op::kBetween};

/// "equals", "at_least", "at_most", "one_of", "present", "absent", "contains",
/// "all_at_least", "all_at_most", "length", "distinct", "between" (the XML attribute names).
const char* ExpectationOpName(Expectation::Op op);

}  // namespace mtulab

#endif  // MTULAB_REPORTS_JSON_WRITER_H_
