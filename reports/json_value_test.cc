#include "reports/json_value.h"

#include <gtest/gtest.h>

namespace mtulab {
namespace {

std::string Error(const std::string& text) {
  try {
    ParseJson(text);
  } catch (const JsonError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(JsonValueTest, ParsesEveryType) {
  JsonValue v = ParseJson(" {\"a\": [1, -2.5e+3, true, false, null, \"x\\u00e9\\ud83d\\ude00\\n\"],"
                          "\"b\": {}} ");
  ASSERT_EQ(v.type, JsonValue::Type::kObject);
  const JsonValue& a = *v.Find("a");
  ASSERT_EQ(a.items.size(), 6u);
  EXPECT_EQ(a.items[0].text, "1");
  EXPECT_EQ(a.items[1].text, "-2.5e+3");
  EXPECT_TRUE(a.items[2].boolean);
  EXPECT_EQ(a.items[4].type, JsonValue::Type::kNull);
  EXPECT_EQ(a.items[5].text, "x\u00e9\U0001F600\n");
  EXPECT_EQ(v.Find("b")->type, JsonValue::Type::kObject);
  EXPECT_EQ(a.items[1].line, 1);
  EXPECT_EQ(a.items[1].col, 12);
}

TEST(JsonValueTest, RejectsWhatRfc8259Rejects) {
  struct Row {
    std::string text, error;
  };
  const Row rows[] = {
      {"", "1:1: unexpected end of text, expected a value"},
      {"  ", "1:3: unexpected end of text, expected a value"},
      {"{\"a\":1,}", "1:8: expected a member name in double quotes"},
      {"[1,]", "1:4: unexpected character ']', expected a value"},
      {"[01]", "1:3: number has a leading zero"},
      {"[1.]", "1:4: invalid number: digits must follow '.'"},
      {"[1e]", "1:4: invalid number: digits must follow the exponent"},
      {"[-]", "1:3: invalid number"},
      {"[NaN]", "1:2: unexpected character 'N', expected a value"},
      {"// c\n{}", "1:1: unexpected character '/', expected a value"},
      {"{\"a\":1}{}", "1:8: unexpected text after the JSON value"},
      {"{\"a\":1,\"a\":2}", "1:11: duplicate member \"a\""},
      {"{'a':1}", "1:2: expected a member name in double quotes"},
      {"\"a\tb\"", "1:3: raw control character in string (escape it)"},
      {"\"a\\xb\"", "1:4: invalid escape sequence"},
      {"\"\\u12\"", "1:6: \\u needs 4 hex digits"},
      {"\"\\udc00\"", "1:8: \\u escape is a lone low surrogate"},
      {"\"\\ud800x\"", "1:8: \\u high surrogate not followed by a low surrogate"},
      {"\"\\ud800\\u0041\"", "1:14: \\u high surrogate not followed by a low surrogate"},
      {"\"\xff\"", "1:2: invalid UTF-8 in string"},
      {"\"\xc0\xaf\"", "1:2: invalid UTF-8 in string"},
      {"\"\xed\xa0\x80\"", "1:2: invalid UTF-8 in string"},
      {"\"abc", "1:5: unterminated string"},
      {"tru", "1:4: invalid literal (expected 'true')"},
      {"{\"a\" 1}", "1:6: expected ':' after member name"},
      {"{\n  \"a\": 1\n  \"b\": 2}", "3:3: expected ',' or '}' after object member"},
      {"[1 2]", "1:4: expected ',' or ']' after array item"},
  };
  for (const Row& r : rows) EXPECT_EQ(Error(r.text), r.error) << r.text;
}

TEST(JsonValueTest, RefusesAByteOrderMarkAndNumbersBeyondADouble) {
  EXPECT_EQ(Error("\xEF\xBB\xBF{}"), "1:1: unexpected character '?', expected a value");
  EXPECT_EQ(Error("[1,\n 2e400]"), "2:2: number is out of range (beyond a double)");
  EXPECT_EQ(ParseJson("[1e300, -0, 18446744073709551616]").items[2].text,
            "18446744073709551616");  // numbers keep their text
  EXPECT_EQ(ParseJson("[-0]").items[0].text, "-0");
}

TEST(JsonValueTest, ValuesCarryTheirLineAndColumnAcrossLines) {
  JsonValue v = ParseJson("{\n  \"a\": [\n    \"x,y:[\",\n    {\"b\": -1.5e2}\n  ]\n}");
  const JsonValue& a = *v.Find("a");
  EXPECT_EQ(std::make_pair(a.line, a.col), std::make_pair(2, 8));
  EXPECT_EQ(std::make_pair(a.items[0].line, a.items[0].col), std::make_pair(3, 5));
  const JsonValue& b = *a.items[1].Find("b");
  EXPECT_EQ(std::make_pair(b.line, b.col), std::make_pair(4, 11));
  EXPECT_EQ(b.text, "-1.5e2");
  EXPECT_EQ(Error("{\"a\": 1,\n \"a\": 2}"), "2:5: duplicate member \"a\"");
  EXPECT_EQ(Error("[0\n, 01]"), "2:4: number has a leading zero");
}

TEST(JsonValueTest, DepthIsLimited) {
  std::string deep(kJsonMaxDepth - 1, '[');
  deep += std::string(kJsonMaxDepth - 1, ']');
  EXPECT_NO_THROW(ParseJson(deep));
  std::string too_deep(100000, '[');
  EXPECT_EQ(Error(too_deep), "1:65: nested deeper than 64 levels");
}

TEST(JsonValueTest, SerializeEscapesAndRoundTrips) {
  JsonValue v = JsonValue::Object();
  v.Add("s", JsonValue::String(std::string("q\"b\\n\n\x01\x7f\t", 9)));
  v.Add("n", JsonValue::Int(-7)).Add("t", JsonValue::Seconds(0.1234567));
  v.Add("e", JsonValue::Array()).Add("o", JsonValue::Object());
  std::string text = SerializeJson(v);
  EXPECT_EQ(text,
            "{\n  \"s\": \"q\\\"b\\\\n\\n\\u0001\\u007f\\t\",\n  \"n\": -7,\n  \"t\": 0.123457,\n"
            "  \"e\": [],\n  \"o\": {}\n}\n");
  EXPECT_EQ(SerializeJson(ParseJson(text)), text);
  EXPECT_EQ(JsonValue::Seconds(-3).text, "0.000000");
  EXPECT_EQ(JsonValue::Seconds(1.0 / 0.0).text, "0.000000");
}

}  // namespace
}  // namespace mtulab
