// The JSON parser behind ParseJson (RFC 8259, strict: errors carry line and column).
#include <cctype>
#include <cmath>
#include <cstdio>

#include "reports/json_utf8.h"
#include "reports/json_value.h"

namespace mtulab {
namespace {

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

class Parser {
 public:
  explicit Parser(const std::string& text) : s_(text) {}

  JsonValue Document() {
    if (s_.size() > kJsonMaxBytes) Fail("text is larger than " + std::to_string(kJsonMaxBytes) + " bytes");
    SkipSpace();
    JsonValue v = Value(0);
    SkipSpace();
    if (pos_ != s_.size()) Fail("unexpected text after the JSON value");
    return v;
  }

 private:
  [[noreturn]] void Fail(const std::string& message) {
    throw JsonError(line_, int(pos_ - line_start_) + 1, message);
  }

  void SkipSpace() {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == '\n') {
        ++line_;
        line_start_ = ++pos_;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else {
        break;
      }
    }
  }

  bool Eat(char c) {
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  void Literal(const char* word) {
    for (const char* p = word; *p; ++p) {
      if (!Eat(*p)) Fail(std::string("invalid literal (expected '") + word + "')");
    }
  }

  JsonValue Value(int depth) {
    if (depth >= kJsonMaxDepth) Fail("nested deeper than " + std::to_string(kJsonMaxDepth) + " levels");
    if (pos_ >= s_.size()) Fail("unexpected end of text, expected a value");
    JsonValue v;
    v.line = line_;
    v.col = int(pos_ - line_start_) + 1;
    char c = s_[pos_];
    if (c == '{') {
      Object(v, depth);
    } else if (c == '[') {
      Array(v, depth);
    } else if (c == '"') {
      v.type = JsonValue::Type::kString;
      v.text = String();
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      v.type = JsonValue::Type::kNumber;
      v.text = Number();
    } else if (c == 't' || c == 'f') {
      v.type = JsonValue::Type::kBool;
      v.boolean = c == 't';
      Literal(c == 't' ? "true" : "false");
    } else if (c == 'n') {
      Literal("null");
    } else {
      Fail(std::string("unexpected character '") + (c >= 0x20 && c < 0x7F ? std::string(1, c) : "?") +
           "', expected a value");
    }
    return v;
  }

  void Object(JsonValue& v, int depth) {
    v.type = JsonValue::Type::kObject;
    ++pos_;
    SkipSpace();
    if (Eat('}')) return;
    for (;;) {
      if (pos_ >= s_.size() || s_[pos_] != '"') Fail("expected a member name in double quotes");
      std::string key = String();
      if (v.Find(key) != nullptr) Fail("duplicate member \"" + key + "\"");
      SkipSpace();
      if (!Eat(':')) Fail("expected ':' after member name");
      SkipSpace();
      v.members.push_back(JsonMember{std::move(key), Value(depth + 1)});
      SkipSpace();
      if (Eat('}')) return;
      if (!Eat(',')) Fail("expected ',' or '}' after object member");
      SkipSpace();
    }
  }

  void Array(JsonValue& v, int depth) {
    v.type = JsonValue::Type::kArray;
    ++pos_;
    SkipSpace();
    if (Eat(']')) return;
    for (;;) {
      v.items.push_back(Value(depth + 1));
      SkipSpace();
      if (Eat(']')) return;
      if (!Eat(',')) Fail("expected ',' or ']' after array item");
      SkipSpace();
    }
  }

  uint32_t Hex4() {
    uint32_t n = 0;
    for (int k = 0; k < 4; ++k) {
      if (pos_ >= s_.size() || !std::isxdigit(static_cast<unsigned char>(s_[pos_]))) {
        Fail("\\u needs 4 hex digits");
      }
      char c = s_[pos_++];
      n = n * 16 + uint32_t(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return n;
  }

  void Escape(std::string& out) {
    if (pos_ >= s_.size()) Fail("unterminated string");
    char c = s_[pos_++];
    static const std::string kSimple = "\"\\/bfnrt", kValue = "\"\\/\b\f\n\r\t";
    if (size_t k = kSimple.find(c); k != std::string::npos) {
      out += kValue[k];
      return;
    }
    if (c != 'u') {
      --pos_;
      Fail("invalid escape sequence");
    }
    uint32_t cp = Hex4();
    if (cp >= 0xDC00 && cp <= 0xDFFF) Fail("\\u escape is a lone low surrogate");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (!Eat('\\') || !Eat('u')) Fail("\\u high surrogate not followed by a low surrogate");
      uint32_t low = Hex4();
      if (low < 0xDC00 || low > 0xDFFF) Fail("\\u high surrogate not followed by a low surrogate");
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    AppendUtf8(out, cp);
  }

  std::string String() {
    ++pos_;  // opening quote
    std::string out;
    for (;;) {
      if (pos_ >= s_.size()) Fail("unterminated string");
      unsigned char c = s_[pos_];
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (c == '\\') {
        ++pos_;
        Escape(out);
        continue;
      }
      if (c < 0x20) Fail("raw control character in string (escape it)");
      uint32_t cp;
      size_t len = Utf8Length(s_, pos_, cp);
      if (len == 0) Fail("invalid UTF-8 in string");
      out.append(s_, pos_, len);
      pos_ += len;
    }
  }

  bool Digits() {
    size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
    return pos_ > start;
  }

  std::string Number() {
    size_t start = pos_;
    Eat('-');
    if (Eat('0')) {
      if (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') Fail("number has a leading zero");
    } else if (!Digits()) {
      Fail("invalid number");
    }
    if (Eat('.') && !Digits()) Fail("invalid number: digits must follow '.'");
    if (Eat('e') || Eat('E')) {
      if (!Eat('+')) Eat('-');
      if (!Digits()) Fail("invalid number: digits must follow the exponent");
    }
    return s_.substr(start, pos_ - start);
  }

  const std::string& s_;
  size_t pos_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;
};

}  // namespace

JsonValue ParseJson(const std::string& text) { return Parser(text).Document(); }

}  // namespace mtulab
