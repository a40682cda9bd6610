#ifndef MTULAB_REPORTS_JSON_UTF8_H_
#define MTULAB_REPORTS_JSON_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace mtulab {

/// Length of the valid UTF-8 sequence at s[i] (shortest form, no surrogates, <= U+10FFFF),
/// 0 when the bytes there are not one. `cp` receives the code point. The writer's escaping
/// and ToValidUtf8 (json_value.cc); the parser's lexer is nlohmann-json's.
size_t Utf8Length(const std::string& s, size_t i, uint32_t& cp);

}  // namespace mtulab

#endif  // MTULAB_REPORTS_JSON_UTF8_H_
