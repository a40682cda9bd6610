#include <gtest/gtest.h>

#include "reports/json_reader.h"
#include "reports/json_writer.h"
#include "reports/testdata/sample_report.h"

namespace mtulab {
namespace {

TEST(JsonReportTest, MatchesGolden) {
  std::string json = RenderJson(testdata::SampleReport());
  EXPECT_EQ(testdata::CheckGolden("sample.json", json), "");
}

TEST(JsonReportTest, RoundTripIsByteIdentical) {
  std::string first = RenderJson(testdata::SampleReport());
  RunReport back = ParseJsonReport(first, "sample.json");
  EXPECT_EQ(RenderJson(back), first);
}

TEST(JsonReportTest, ReadsBackEveryField) {
  RunReport in = testdata::SampleReport();
  RunReport out = ParseJsonReport(RenderJson(in), "x.json");
  EXPECT_EQ(out.run.command_line, in.run.command_line);
  EXPECT_EQ(out.run.shard, "2/4");
  EXPECT_EQ(out.run.kernel, "6.18.44");
  ASSERT_EQ(out.suites.size(), 2u);
  const CaseResult& fail = out.suites[0].cases[1];
  EXPECT_EQ(fail.outcome, Outcome::kFail);
  ASSERT_EQ(fail.unmet.size(), 2u);
  EXPECT_EQ(fail.unmet[0].Message(), in.suites[0].cases[1].unmet[0].Message());
  EXPECT_EQ(fail.unmet[1].observed, std::nullopt);
  EXPECT_EQ(fail.unmet[0].expectation.values,
            (std::vector<std::string>{"frag_needed", "packet_too_big"}));
  EXPECT_EQ(fail.artifacts, in.suites[0].cases[1].artifacts);
  EXPECT_EQ(fail.steps[0].facts.All(), in.suites[0].cases[1].steps[0].facts.All());
  EXPECT_EQ(fail.steps[0].kind, "ping");
  EXPECT_EQ(fail.steps[0].expectations.size(), 3u);
  EXPECT_EQ(out.suites[0].cases[3].reason, in.suites[0].cases[3].reason);
  EXPECT_EQ(out.suites[1].cases[0].steps[0].facts.Get("sweep.note"),
            "caf\xc3\xa9 \xe2\x82\xac tab\there \x01");
  EXPECT_DOUBLE_EQ(out.run.seconds, 2.345679);
}

TEST(JsonReportTest, EveryPredicateHasANameAndReadsBack) {
  // kBetween is the enum's last value: a predicate added after it must be listed too.
  EXPECT_EQ(std::size(kExpectationOps), static_cast<size_t>(Expectation::Op::kBetween) + 1);
  RunReport in = testdata::SampleReport();
  std::vector<Expectation>& expectations = in.suites[0].cases[1].steps[0].expectations;
  for (Expectation::Op op : kExpectationOps) {
    EXPECT_STRNE(ExpectationOpName(op), "?");
    Expectation x = expectations.front();
    x.op = op;
    expectations.push_back(x);
  }
  RunReport out = ParseJsonReport(RenderJson(in), "x.json");
  const std::vector<Expectation>& back = out.suites[0].cases[1].steps[0].expectations;
  ASSERT_EQ(back.size(), expectations.size());
  for (size_t i = 0; i < back.size(); ++i) EXPECT_EQ(back[i].op, expectations[i].op) << i;
}

TEST(JsonReportTest, MetAndObservedFollowTheVerdict) {
  JsonValue v = ReportToJson(testdata::SampleReport());
  const JsonValue& step = v.Find("suites")->items[0].Find("cases")->items[1].Find("steps")->items[0];
  const std::vector<JsonValue>& x = step.Find("expectations")->items;
  ASSERT_EQ(x.size(), 3u);
  EXPECT_FALSE(x[0].Find("met")->boolean);
  EXPECT_EQ(x[0].Find("observed")->text, "timeout");
  EXPECT_FALSE(x[1].Find("met")->boolean);
  EXPECT_EQ(x[1].Find("observed")->type, JsonValue::Type::kNull);
  EXPECT_TRUE(x[2].Find("met")->boolean);
  EXPECT_EQ(x[2].Find("observed")->text, "10.10.20.1");
}

TEST(JsonReportTest, InvalidUtf8BecomesReplacementAndThenRoundTrips) {
  RunReport r = testdata::SampleReport();
  r.suites[0].cases[2].reason = "bad \xff byte";
  std::string first = RenderJson(r);
  RunReport back = ParseJsonReport(first, "x.json");
  EXPECT_EQ(back.suites[0].cases[2].reason, "bad \xEF\xBF\xBD byte");
  EXPECT_EQ(RenderJson(back), first);
}

TEST(JsonReportTest, EmptyReportRoundTrips) {
  RunReport empty;
  std::string text = RenderJson(empty);
  EXPECT_EQ(RenderJson(ParseJsonReport(text, "e.json")), text);
  EXPECT_NE(text.find("\"shard\": null"), std::string::npos);
}

// Replaces the first `from` in the sample's JSON by `to` and returns the reader's message.
std::string ReadError(const std::string& from, const std::string& to) {
  std::string text = RenderJson(testdata::SampleReport());
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  try {
    ParseJsonReport(text, "r.json");
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(JsonReportTest, ReaderErrorsNameFileLinePathAndProblem) {
  EXPECT_EQ(ReadError("\"outcome\": \"fail\"", "\"outcome\": \"pas\""),
            "r.json:88:22: suites[0].cases[1].outcome: \"pas\" is not one of pass, fail, skip, "
            "error, interrupted");
  EXPECT_EQ(ReadError("\"format_version\": 2", "\"format_version\": 3"),
            "r.json:3:21: format_version: version 3 is not supported (this mtulab reads versions "
            "1 to 2)");
  EXPECT_EQ(ReadError("\"format\": \"mtulab-report\"", "\"format\": \"junit\""),
            "r.json:2:13: format: is not \"mtulab-report\"");
  EXPECT_EQ(ReadError("\"kernel\": \"6.18.44\"", "\"kernel\": 6"),
            "r.json:6:15: run.kernel: is a number, expected a string");
  EXPECT_EQ(ReadError("\"reason\": \"\"", "\"reason\": \"\", \"extra\": 1"),
            "r.json:27:34: suites[0].cases[0].extra: unknown member");
  EXPECT_EQ(ReadError("\"seconds\": 2.345679", "\"seconds\": -1"),
            "r.json:9:16: run.seconds: -1 is not a duration in seconds");
  EXPECT_EQ(ReadError("\"step_index\": 1", "\"step_index\": 1.5"),
            "r.json:93:29: suites[0].cases[1].unmet[0].step_index: 1.5 is not an integer in "
            "0..2147483647");
  EXPECT_EQ(ReadError("\"shard\": \"2/4\"", "\"shardx\": \"2/4\""),
            "r.json:11:15: run.shardx: unknown member");
  EXPECT_EQ(ReadError("\"suites\": [", "\"suites\": [1,"),
            "r.json:14:14: suites[0]: is a number, expected an object");
}

TEST(JsonReportTest, InterruptedCaseAndCountRoundTrip) {
  RunReport in = testdata::SampleReport();
  JsonValue v = ReportToJson(in);
  EXPECT_EQ(v.Find("totals")->Find("interrupted")->text, "1");
  EXPECT_EQ(v.Find("suites")->items[1].Find("totals")->Find("interrupted")->text, "1");
  EXPECT_EQ(v.Find("suites")->items[0].Find("totals")->Find("interrupted")->text, "0");
  RunReport out = ParseJsonReport(RenderJson(in), "x.json");
  const CaseResult& stopped = out.suites[1].cases[1];
  EXPECT_EQ(stopped.outcome, Outcome::kInterrupted);
  EXPECT_EQ(stopped.reason, "the run was interrupted (SIGINT) before this case started");
}

// A report of an mtulab that wrote format version 1 (before "interrupted" existed): the
// golden as it was then. `mtulab merge` must still read it.
TEST(JsonReportTest, ReadsVersionOneReports) {
  std::string v1 = testdata::ReadTestdata("sample_v1.json");
  ASSERT_NE(v1.find("\"format_version\": 1,"), std::string::npos);
  RunReport r = ParseJsonReport(v1, "v1.json");
  ASSERT_EQ(r.suites.size(), 2u);
  ASSERT_EQ(r.suites[0].cases.size(), 4u);
  EXPECT_EQ(r.suites[0].cases[1].outcome, Outcome::kFail);
  EXPECT_EQ(r.suites[0].cases[3].outcome, Outcome::kError);
  EXPECT_EQ(CountOutcomes(r.suites).interrupted, 0);
  // Written back, it is a version 2 report with the same cases.
  std::string again = RenderJson(r);
  EXPECT_NE(again.find("\"format_version\": 2,"), std::string::npos);
  EXPECT_EQ(RenderJson(ParseJsonReport(again, "v2.json")), again);
  // Version 1 knew neither the outcome nor the count.
  auto error = [&](const std::string& from, const std::string& to) {
    std::string text = v1;
    size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    try {
      ParseJsonReport(text, "v1.json");
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_EQ(error("\"outcome\": \"error\"", "\"outcome\": \"interrupted\""),
            "v1.json:169:22: suites[0].cases[3].outcome: \"interrupted\" is not one of pass, "
            "fail, skip, error");
  EXPECT_EQ(error("\"error\": 1}", "\"error\": 1, \"interrupted\": 0}"),
            "v1.json:13:86: totals.interrupted: unknown member");
}

TEST(JsonReportTest, ReaderRejectsOtherDocuments) {
  try {
    ParseJsonReport("[]", "r.json");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "r.json:1:1: document: is an array, expected an object");
  }
  try {
    ParseJsonReport("{\"a\": }", "r.json");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "r.json:1:7: unexpected character '}', expected a value");
  }
}

TEST(JsonReportTest, ReaderRejectsMissingMembers) {
  EXPECT_EQ(ReadError("\"timestamp\": \"2026-11-23T10:00:00\",", ""),
            "r.json:15:5: suites[0]: missing member \"timestamp\"");
}

TEST(JsonReportTest, ReadJsonReportNamesTheFile) {
  try {
    ReadJsonReport("/nonexistent/mtulab.json");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "reading JSON report /nonexistent/mtulab.json: No such file or directory");
  }
}

}  // namespace
}  // namespace mtulab

namespace mtulab {
namespace {

// A small deterministic fuzz: random byte flips, cuts and insertions in a real report. The
// reader either returns a report that renders and reads back to itself, or throws
// std::runtime_error; it never crashes, hangs or lets another exception escape.
TEST(JsonReportTest, MutatedInputNeverCrashes) {
  const std::string base = RenderJson(testdata::SampleReport());
  uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&state] {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    return state;
  };
  const std::string alphabet = "{}[],:\"\\0123456789.eE+-tfnul \n\x01\xff\xc3\xa9u";
  int parsed = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string text = base;
    for (int edits = 1 + int(next() % 4); edits > 0; --edits) {
      size_t at = next() % text.size();
      switch (next() % 4) {
        case 0:
          text[at] = alphabet[next() % alphabet.size()];
          break;
        case 1:
          text.erase(at, 1 + next() % 16);
          break;
        case 2:
          text.insert(at, 1, alphabet[next() % alphabet.size()]);
          break;
        default:
          text.resize(at);
      }
      if (text.empty()) text = "{";
    }
    try {
      RunReport r = ParseJsonReport(text, "fuzz.json");
      std::string again = RenderJson(r);
      EXPECT_EQ(RenderJson(ParseJsonReport(again, "again.json")), again);
      ++parsed;
    } catch (const std::runtime_error&) {
    }
  }
  EXPECT_GT(parsed, 0) << "some mutations (inside strings) still parse";
}

}  // namespace
}  // namespace mtulab
