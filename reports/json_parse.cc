// ParseJson on nlohmann-json's SAX parser (strict RFC 8259: its lexer validates numbers,
// escapes, surrogates and UTF-8). On top: the JsonValue tree with each value's line and
// column, numbers kept as written, member order, duplicate members and nesting depth
// refused, and mtulab's error messages (json_parse_error.cc).
#include <cstddef>
#include <iterator>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/json_parse_internal.h"
#include "reports/json_value.h"

namespace mtulab {
namespace {

using json_internal::ErrorAt;
using nlohmann::json;

// Follows the bytes nlohmann's lexer reads, to know where each value began: a value or
// member name begins at the first byte outside whitespace after '[', '{', ',', ':' or the
// start of the text, strings skipped.
struct Tracker {
  size_t consumed = 0;     // bytes read so far
  size_t token_start = 0;  // offset of the last value or member name that began
  int line = 1, token_line = 1, token_col = 1;
  size_t line_start = 0;
  char last = 0;  // the last byte outside strings and whitespace (0: none yet)
  bool in_string = false, escaped = false;

  void Read(char c) {
    size_t at = consumed++;
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      return;
    }
    if (c == '\n') {
      ++line;
      line_start = at + 1;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return;
    if (last == 0 || last == '[' || last == '{' || last == ',' || last == ':') {
      token_start = at;
      token_line = line;
      token_col = int(at - line_start) + 1;
    }
    last = c;
    in_string = c == '"';
  }
};

// A byte iterator that tells the Tracker each byte nlohmann reads (it reads each once).
class TrackingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator(const char* p, Tracker* t) : p_(p), t_(t) {}
  reference operator*() const { return *p_; }
  TrackingIterator& operator++() {
    t_->Read(*p_);
    ++p_;
    return *this;
  }
  bool operator==(const TrackingIterator& o) const { return p_ == o.p_; }
  bool operator!=(const TrackingIterator& o) const { return p_ != o.p_; }

 private:
  const char* p_;
  Tracker* t_;
};

// The end of the number at `i`, which nlohmann's lexer has validated: -?int(.frac)?(e[+-]?exp)?
size_t NumberEnd(const std::string& s, size_t i) {
  auto digits = [&] {
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i < s.size() && s[i] == '0') {
    ++i;  // "0" has no more integer digits: "01" is two tokens
  } else {
    digits();
  }
  if (i < s.size() && s[i] == '.') ++i, digits();
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    digits();
  }
  return i;
}

// Builds the JsonValue tree from nlohmann's SAX events.
class Builder : public nlohmann::json_sax<json> {
 public:
  Builder(const std::string& text, const Tracker& t) : text_(text), t_(t) {}

  bool null() override { return Scalar(JsonValue::Null(), t_.consumed); }
  bool boolean(bool b) override { return Scalar(JsonValue::Bool(b), t_.consumed); }
  bool number_integer(number_integer_t) override { return Number(); }
  bool number_unsigned(number_unsigned_t) override { return Number(); }
  bool number_float(number_float_t, const string_t&) override { return Number(); }
  bool string(string_t& s) override { return Scalar(JsonValue::String(std::move(s)), t_.consumed); }
  bool binary(binary_t&) override { return false; }  // not produced by the JSON lexer
  bool start_object(std::size_t) override { return Open(JsonValue::Object()); }
  bool start_array(std::size_t) override { return Open(JsonValue::Array()); }
  bool end_object() override { return Close(); }
  bool end_array() override { return Close(); }

  bool key(string_t& k) override {
    if (stack_.back()->Find(k) != nullptr) {
      error_ = ErrorAt(text_, t_.consumed, "duplicate member \"" + k + "\"");
      return false;
    }
    key_ = std::move(k);
    state_.value_end = t_.consumed;
    return true;
  }

  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& ex) override {
    state_.token_start = t_.token_start;
    error_ = json_internal::TranslateError(text_, position, ex.what(), last_token, state_);
    return false;
  }

  JsonValue Result() {
    if (error_) throw JsonError(*error_);
    return std::move(root_);
  }

 private:
  // Places `v` (a scalar, or a container being opened) at the current position; nullptr when
  // nested too deep.
  JsonValue* Place(JsonValue v) {
    if (stack_.size() >= size_t(kJsonMaxDepth)) {
      error_ = ErrorAt(text_, t_.token_start,
                       "nested deeper than " + std::to_string(kJsonMaxDepth) + " levels");
      return nullptr;
    }
    v.line = t_.token_line;
    v.col = t_.token_col;
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    JsonValue& parent = *stack_.back();
    if (parent.type == JsonValue::Type::kArray) return &parent.items.emplace_back(std::move(v));
    parent.members.push_back(JsonMember{std::move(key_), std::move(v)});
    return &parent.members.back().value;
  }

  bool Scalar(JsonValue v, size_t end) {
    if (Place(std::move(v)) == nullptr) return false;
    Completed(end);
    return true;
  }

  void Completed(size_t end) {
    state_.value_end = end;
    state_.done = stack_.empty();
  }

  bool Number() {
    size_t end = NumberEnd(text_, t_.token_start);
    JsonValue v;
    v.type = JsonValue::Type::kNumber;
    v.text = text_.substr(t_.token_start, end - t_.token_start);
    return Scalar(std::move(v), end);
  }

  bool Open(JsonValue v) {
    JsonValue* placed = Place(std::move(v));
    if (placed == nullptr) return false;
    stack_.push_back(placed);
    return true;
  }

  bool Close() {
    stack_.pop_back();
    Completed(t_.consumed);
    return true;
  }

  const std::string& text_;
  const Tracker& t_;
  JsonValue root_;
  std::vector<JsonValue*> stack_;  // open containers; each is the last child of the one below
  std::string key_;
  json_internal::ParseState state_;
  std::optional<JsonError> error_;
};

}  // namespace

JsonValue ParseJson(const std::string& text) {
  if (text.size() > kJsonMaxBytes) {
    throw JsonError(1, 1, "text is larger than " + std::to_string(kJsonMaxBytes) + " bytes");
  }
  // nlohmann skips a byte order mark; RFC 8259 text has none.
  if (!text.empty() && text[0] == '\xEF') {
    throw JsonError(1, 1, "unexpected character '?', expected a value");
  }
  Tracker tracker;
  Builder builder(text, tracker);
  const char* p = text.data();
  json::sax_parse(TrackingIterator(p, &tracker), TrackingIterator(p + text.size(), &tracker),
                  &builder, nlohmann::detail::input_format_t::json, /*strict=*/true,
                  /*ignore_comments=*/false);
  return builder.Result();
}

}  // namespace mtulab
