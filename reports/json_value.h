#ifndef MTULAB_REPORTS_JSON_VALUE_H_
#define MTULAB_REPORTS_JSON_VALUE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace mtulab {

struct JsonMember;

/// A parsed or built JSON value (RFC 8259). Numbers keep their text, so a value read and
/// written again is byte-identical; objects keep their members in order.
struct JsonValue {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  Type type = Type::kNull;
  bool boolean = false;
  std::string text;  // kString: the decoded UTF-8 text; kNumber: the number as written
  std::vector<JsonValue> items;                              // kArray
  std::vector<JsonMember> members;                           // kObject
  int line = 0, col = 0;                                     // where it began, when parsed

  static JsonValue Null();
  static JsonValue Bool(bool b);
  static JsonValue String(std::string s);
  static JsonValue Int(int64_t n);
  /// Fixed-point with `decimals` digits ("%.6f"); NaN, infinities and negatives become 0.
  static JsonValue Seconds(double seconds, int decimals = 6);
  static JsonValue Array();
  static JsonValue Object();

  /// Appends to an array / an object; returns *this for chaining.
  JsonValue& Push(JsonValue v);
  JsonValue& Add(std::string key, JsonValue v);
  /// The member `key` of an object, or nullptr.
  const JsonValue* Find(const std::string& key) const;
};

/// One member of a JSON object.
struct JsonMember {
  std::string key;
  JsonValue value;
};

/// A syntax error: 1-based line and column of the offending byte.
class JsonError : public std::runtime_error {
 public:
  JsonError(int line, int col, const std::string& message)
      : std::runtime_error(std::to_string(line) + ":" + std::to_string(col) + ": " + message),
        line_(line), col_(col) {}
  int line() const { return line_; }
  int col() const { return col_; }

 private:
  int line_, col_;
};

/// Limits that keep a hostile input from exhausting the stack or memory.
inline constexpr size_t kJsonMaxBytes = 256u << 20;  // whole text
inline constexpr int kJsonMaxDepth = 64;             // nested arrays/objects

/// Strict RFC 8259 parse of a whole text: no comments, trailing commas, leading zeros,
/// NaN, raw control characters, invalid UTF-8, lone surrogates or duplicate keys; one value
/// with only whitespace around it. Throws JsonError.
JsonValue ParseJson(const std::string& text);

/// Pretty text: two-space indentation, one member or item per line, "\n" at the end.
/// Strings are escaped as JSON requires; invalid UTF-8 bytes become U+FFFD.
std::string SerializeJson(const JsonValue& value);

/// `s` with every byte that is not part of valid UTF-8 replaced by U+FFFD.
std::string ToValidUtf8(const std::string& s);

/// `s` as a JSON string literal with quotes (the escaping SerializeJson uses).
std::string JsonQuote(const std::string& s);

}  // namespace mtulab

#endif  // MTULAB_REPORTS_JSON_VALUE_H_
