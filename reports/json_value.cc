#include "reports/json_value.h"

#include <cctype>
#include <cmath>
#include <cstdio>

#include "reports/json_utf8.h"

namespace mtulab {

// Length of the valid UTF-8 sequence at s[i] (shortest form, no surrogates, <= U+10FFFF),
// 0 when the bytes there are not one. `cp` receives the code point.
size_t Utf8Length(const std::string& s, size_t i, uint32_t& cp) {
  unsigned char c = s[i];
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  size_t len;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2, cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3, cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4, cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    unsigned char cc = s[i + k];
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
  if (overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
  return len;
}

namespace {

void Indent(std::string& out, int depth) { out.append(size_t(depth) * 2, ' '); }

void Serialize(const JsonValue& v, int depth, std::string& out);

// A short array or object of scalars on one line: ["a", "b"], {"file": "x", "line": 3}.
bool SerializeInline(const JsonValue& v, std::string& out) {
  constexpr size_t kMaxInline = 100;
  bool object = v.type == JsonValue::Type::kObject;
  std::string line = object ? "{" : "[";
  size_t n = object ? v.members.size() : v.items.size();
  for (size_t i = 0; i < n; ++i) {
    const JsonValue& item = object ? v.members[i].value : v.items[i];
    if (item.type == JsonValue::Type::kArray || item.type == JsonValue::Type::kObject) return false;
    if (i > 0) line += ", ";
    if (object) line += JsonQuote(v.members[i].key) + ": ";
    Serialize(item, 0, line);
    if (line.size() > kMaxInline) return false;
  }
  out += line + (object ? "}" : "]");
  return true;
}

void Serialize(const JsonValue& v, int depth, std::string& out) {
  switch (v.type) {
    case JsonValue::Type::kNull:
      out += "null";
      return;
    case JsonValue::Type::kBool:
      out += v.boolean ? "true" : "false";
      return;
    case JsonValue::Type::kNumber:
      out += v.text;
      return;
    case JsonValue::Type::kString:
      out += JsonQuote(v.text);
      return;
    case JsonValue::Type::kArray:
    case JsonValue::Type::kObject:
      break;
  }
  bool object = v.type == JsonValue::Type::kObject;
  size_t n = object ? v.members.size() : v.items.size();
  if (SerializeInline(v, out)) return;
  out += object ? "{\n" : "[\n";
  for (size_t i = 0; i < n; ++i) {
    Indent(out, depth + 1);
    if (object) {
      out += JsonQuote(v.members[i].key) + ": ";
      Serialize(v.members[i].value, depth + 1, out);
    } else {
      Serialize(v.items[i], depth + 1, out);
    }
    out += i + 1 < n ? ",\n" : "\n";
  }
  Indent(out, depth);
  out += object ? "}" : "]";
}

}  // namespace

JsonValue JsonValue::Null() { return JsonValue(); }

JsonValue JsonValue::Bool(bool b) {
  JsonValue v;
  v.type = Type::kBool;
  v.boolean = b;
  return v;
}

JsonValue JsonValue::String(std::string s) {
  JsonValue v;
  v.type = Type::kString;
  v.text = std::move(s);
  return v;
}

JsonValue JsonValue::Int(int64_t n) {
  JsonValue v;
  v.type = Type::kNumber;
  v.text = std::to_string(n);
  return v;
}

JsonValue JsonValue::Seconds(double seconds, int decimals) {
  if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, seconds);
  JsonValue v;
  v.type = Type::kNumber;
  v.text = buf;
  return v;
}

JsonValue JsonValue::Array() {
  JsonValue v;
  v.type = Type::kArray;
  return v;
}

JsonValue JsonValue::Object() {
  JsonValue v;
  v.type = Type::kObject;
  return v;
}

JsonValue& JsonValue::Push(JsonValue v) {
  items.push_back(std::move(v));
  return *this;
}

JsonValue& JsonValue::Add(std::string key, JsonValue v) {
  members.push_back(JsonMember{std::move(key), std::move(v)});
  return *this;
}

const JsonValue* JsonValue::Find(const std::string& key) const {
  for (const auto& [k, v] : members) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::string SerializeJson(const JsonValue& value) {
  std::string out;
  Serialize(value, 0, out);
  out += "\n";
  return out;
}

std::string ToValidUtf8(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    uint32_t cp;
    size_t len = Utf8Length(s, i, cp);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s, i, len);
      i += len;
    }
  }
  return out;
}

std::string JsonQuote(const std::string& s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    uint32_t cp;
    size_t len = Utf8Length(s, i, cp);
    if (len == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD for a byte that is not UTF-8
      ++i;
      continue;
    }
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out.append(s, i, len);
    }
    i += len;
  }
  return out + "\"";
}

}  // namespace mtulab
