#ifndef MTULAB_REPORTS_JSON_READER_H_
#define MTULAB_REPORTS_JSON_READER_H_

#include <stdexcept>
#include <string>

#include "reports/run_report.h"

namespace mtulab {

/// Reads a report that RenderJson() wrote back into the same structs, so that
/// RenderJson(ParseJsonReport(RenderJson(r))) == RenderJson(r). Strict: the syntax of
/// ParseJson(), the format name and version, every member's type, and no unknown members.
/// Derived members (totals, "met", "observed" of a step's expectation, "message") are
/// checked for type only and otherwise ignored. Throws std::runtime_error
/// "<source>:<line>:<col>: <member path>: <problem>", e.g.
/// "shard1.json:14:20: suites[0].cases[1].outcome: \"pas\" is not one of pass, fail, skip, error".
RunReport ParseJsonReport(const std::string& text, const std::string& source);

/// Reads `path` (up to kJsonMaxBytes) and parses it with ParseJsonReport().
RunReport ReadJsonReport(const std::string& path);

}  // namespace mtulab

#endif  // MTULAB_REPORTS_JSON_READER_H_
