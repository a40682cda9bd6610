// nlohmann-json's syntax errors in mtulab's words and at mtulab's column (json_value_test.cc
// pins each): nlohmann reports the characters read so far; mtulab points at the offending
// token, byte or escape.
#include <algorithm>
#include <cctype>
#include <cstring>

#include "reports/json_parse_internal.h"

namespace mtulab::json_internal {
namespace {

bool Contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

std::string Printable(char c) {
  return c >= 0x20 && c < 0x7F ? std::string(1, c) : std::string("?");
}

// The start of the UTF-8 sequence the ill-formed byte at `bad` belongs to: its lead byte when
// `bad` is within the length the lead announces, else `bad` itself.
size_t Utf8SequenceStart(const std::string& text, size_t bad) {
  size_t q = bad;
  while (q > 0 && bad - q < 3 && (static_cast<unsigned char>(text[q - 1]) & 0xC0) == 0x80) --q;
  if (q == 0) return bad;
  auto lead = static_cast<unsigned char>(text[q - 1]);
  size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  return len > 0 && bad - (q - 1) < len ? q - 1 : bad;
}

// True when `end` is the last hex digit of a \uXXXX escape.
bool EndsEscape(const std::string& text, size_t end) {
  if (end < 5 || text[end - 5] != '\\' || text[end - 4] != 'u') return false;
  return std::all_of(text.begin() + long(end) - 3, text.begin() + long(end) + 1,
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

// A lexer error: the byte at `bad` (text.size() at the end of input) is the offending one.
JsonError LexerError(const std::string& text, size_t bad, const std::string& what,
                     size_t token_start) {
  bool eof = bad >= text.size();
  if (Contains(what, "ill-formed UTF-8")) {
    return ErrorAt(text, Utf8SequenceStart(text, bad), "invalid UTF-8 in string");
  }
  if (Contains(what, "must follow U+D800")) {
    return ErrorAt(text, bad + 1, "\\u escape is a lone low surrogate");
  }
  if (Contains(what, "must be followed by U+DC00")) {
    return ErrorAt(text, EndsEscape(text, bad) ? bad + 1 : bad,
                   "\\u high surrogate not followed by a low surrogate");
  }
  if (Contains(what, "4 hex digits")) return ErrorAt(text, bad, "\\u needs 4 hex digits");
  if (Contains(what, "invalid string") && eof) return ErrorAt(text, bad, "unterminated string");
  if (Contains(what, "control character")) {
    return ErrorAt(text, bad, "raw control character in string (escape it)");
  }
  if (Contains(what, "after backslash")) return ErrorAt(text, bad, "invalid escape sequence");
  if (Contains(what, "after '.'"))
    return ErrorAt(text, bad, "invalid number: digits must follow '.'");
  if (Contains(what, "exponent")) {
    return ErrorAt(text, bad, "invalid number: digits must follow the exponent");
  }
  if (Contains(what, "invalid number")) return ErrorAt(text, bad, "invalid number");
  if (Contains(what, "invalid literal")) {
    char first = token_start < text.size() ? text[token_start] : '\0';
    if (first == 't' || first == 'f' || first == 'n') {
      const char* word = first == 't' ? "true" : first == 'f' ? "false" : "null";
      return ErrorAt(text, bad, std::string("invalid literal (expected '") + word + "')");
    }
    return ErrorAt(text, bad,
                   "unexpected character '" + Printable(text[bad]) + "', expected a value");
  }
  return ErrorAt(text, bad, what);
}

// The length of the token nlohmann names in "unexpected <token>". nlohmann's last token text
// is exact for numbers and strings (it restarts there); for a structural character it
// still holds the text before it.
size_t TokenLength(const std::string& what, const std::string& last_token) {
  if (Contains(what, "unexpected number literal") || Contains(what, "unexpected string literal")) {
    return last_token.size();
  }
  if (Contains(what, "unexpected true literal") || Contains(what, "unexpected null literal")) {
    return 4;
  }
  if (Contains(what, "unexpected false literal")) return 5;
  return 1;  // a structural character, or the end of input (which counts as one)
}

// What was expected instead of the token at `start`, by nlohmann's context.
JsonError ContextError(const std::string& text, size_t start, const std::string& what) {
  if (Contains(what, "parsing object key")) {
    return ErrorAt(text, start, "expected a member name in double quotes");
  }
  if (Contains(what, "parsing object separator")) {
    return ErrorAt(text, start, "expected ':' after member name");
  }
  if (Contains(what, "parsing object -")) {
    return ErrorAt(text, start, "expected ',' or '}' after object member");
  }
  if (Contains(what, "parsing array -")) {
    return ErrorAt(text, start, "expected ',' or ']' after array item");
  }
  if (Contains(what, "; expected end of input") || Contains(what, "after the value")) {
    return ErrorAt(text, start, "unexpected text after the JSON value");
  }
  if (start >= text.size()) return ErrorAt(text, start, "unexpected end of text, expected a value");
  return ErrorAt(text, start,
                 "unexpected character '" + Printable(text[start]) + "', expected a value");
}

// True when a digit at `start` follows the number "0" or "-0" that just ended there.
bool LeadingZero(const std::string& text, size_t start, const ParseState& state) {
  if (start >= text.size() || !std::isdigit(static_cast<unsigned char>(text[start]))) return false;
  if (state.value_end != start || state.token_start >= start) return false;
  std::string number = text.substr(state.token_start, start - state.token_start);
  return number == "0" || number == "-0";
}

// A parser error or a lexer error where no value could begin: the token at `start` is not
// what the parser expected.
JsonError UnexpectedAt(const std::string& text, size_t start, const std::string& what,
                       const ParseState& state) {
  if (LeadingZero(text, start, state)) return ErrorAt(text, start, "number has a leading zero");
  return ContextError(text, start, what);
}

size_t SkipSpace(const std::string& text, size_t i) {
  while (i < text.size() && std::strchr(" \t\r\n", text[i]) != nullptr) ++i;
  return i;
}

}  // namespace

JsonError ErrorAt(const std::string& text, size_t offset, const std::string& message) {
  offset = std::min(offset, text.size());
  int line = 1 + int(std::count(text.begin(), text.begin() + long(offset), '\n'));
  size_t nl = text.rfind('\n', offset == 0 ? std::string::npos : offset - 1);
  size_t line_start = offset == 0 || nl == std::string::npos ? 0 : nl + 1;
  return JsonError(line, int(offset - line_start) + 1, message);
}

JsonError TranslateError(const std::string& text, size_t position, const std::string& message,
                         const std::string& last_token, const ParseState& state) {
  // "[json.exception.parse_error.101] parse error at line L, column C: syntax error while
  // parsing CONTEXT - WHAT; last read: '...'"
  if (Contains(message, "number overflow")) {  // nlohmann refuses what a double cannot hold
    return ErrorAt(text, state.token_start, "number is out of range (beyond a double)");
  }
  size_t dash = message.find(" - ");
  std::string what = dash == std::string::npos ? message : message.substr(dash + 3);
  std::string context = message.substr(0, dash == std::string::npos ? 0 : dash + 2);
  if (size_t last = what.find("; last read:"); last != std::string::npos) {
    // A lexer error where no value could begin is the parser's: what it expected there.
    bool key_began = state.token_start < text.size() && text[state.token_start] == '"';
    if (Contains(context, "object key") && !key_began) {
      return ContextError(text, state.token_start, context);
    }
    if ((!Contains(context, "parsing value") && !Contains(context, "object key")) || state.done) {
      return UnexpectedAt(text, SkipSpace(text, state.value_end),
                          state.done ? "after the value" : context, state);
    }
    return LexerError(text, position == 0 ? 0 : position - 1, what.substr(0, last),
                      state.token_start);
  }
  size_t start = position - std::min(position, TokenLength(what, last_token));
  return UnexpectedAt(text, start, context + what, state);
}

}  // namespace mtulab::json_internal
