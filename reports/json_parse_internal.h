#ifndef MTULAB_REPORTS_JSON_PARSE_INTERNAL_H_
#define MTULAB_REPORTS_JSON_PARSE_INTERNAL_H_

#include <cstddef>
#include <string>

#include "reports/json_value.h"

namespace mtulab::json_internal {

/// Where the parse was when nlohmann-json reported a syntax error.
struct ParseState {
  size_t token_start = 0;  // offset of the last value or member name that began
  size_t value_end = 0;    // offset just past the last value or member name completed
  bool done = false;       // the top-level value is complete
};

/// ParseJson's error for a syntax error nlohmann-json reported: `position` is its count of
/// characters read (the end of input counts as one), `message` its exception text,
/// `last_token` its last token's text. The message is mtulab's ("expected ',' or '}' after
/// object member", ...) at mtulab's column: the offending byte, or the start of the
/// offending token, UTF-8 sequence or escape end.
JsonError TranslateError(const std::string& text, size_t position, const std::string& message,
                         const std::string& last_token, const ParseState& state);

/// 1-based line and column of byte `offset` of `text`.
JsonError ErrorAt(const std::string& text, size_t offset, const std::string& message);

}  // namespace mtulab::json_internal

#endif  // MTULAB_REPORTS_JSON_PARSE_INTERNAL_H_
