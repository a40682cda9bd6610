#include "reports/json_reader.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <initializer_list>

#include "reports/json_value.h"
#include "reports/json_writer.h"

namespace mtulab {
namespace {

using Type = JsonValue::Type;

const char* TypeName(Type t) {
  switch (t) {
    case Type::kNull:
      return "null";
    case Type::kBool:
      return "a boolean";
    case Type::kNumber:
      return "a number";
    case Type::kString:
      return "a string";
    case Type::kArray:
      return "an array";
    case Type::kObject:
      return "an object";
  }
  return "?";
}

// One JSON value being read, with its member path for messages.
class Field {
 public:
  Field(const JsonValue& v, std::string path, const std::string& source)
      : v_(v), path_(std::move(path)), source_(source) {}

  [[noreturn]] void Fail(const std::string& problem) const {
    throw std::runtime_error(source_ + ":" + std::to_string(v_.line) + ":" +
                             std::to_string(v_.col) + ": " + (path_.empty() ? "document" : path_) +
                             ": " + problem);
  }

  void Expect(Type t) const {
    if (v_.type != t) Fail(std::string("is ") + TypeName(v_.type) + ", expected " + TypeName(t));
  }

  /// An object whose members are all in `required` + `optional`, with every `required` one.
  void Members(std::initializer_list<const char*> required,
               std::initializer_list<const char*> optional = {}) const {
    Expect(Type::kObject);
    for (const auto& [key, value] : v_.members) {
      bool known = false;
      for (const char* k : required) known = known || key == k;
      for (const char* k : optional) known = known || key == k;
      if (!known) Field(value, Path(key), source_).Fail("unknown member");
    }
    for (const char* k : required) {
      if (v_.Find(k) == nullptr) Fail(std::string("missing member \"") + k + "\"");
    }
  }

  Field operator[](const char* key) const { return Field(*v_.Find(key), Path(key), source_); }
  bool Has(const char* key) const { return v_.Find(key) != nullptr; }

  std::vector<Field> Items() const {
    Expect(Type::kArray);
    std::vector<Field> out;
    for (size_t i = 0; i < v_.items.size(); ++i) {
      out.emplace_back(v_.items[i], path_ + "[" + std::to_string(i) + "]", source_);
    }
    return out;
  }

  std::vector<std::pair<std::string, Field>> Entries() const {
    Expect(Type::kObject);
    std::vector<std::pair<std::string, Field>> out;
    for (const auto& [key, value] : v_.members) {
      out.emplace_back(key, Field(value, Path(key), source_));
    }
    return out;
  }

  std::string Str() const {
    Expect(Type::kString);
    return v_.text;
  }

  std::optional<std::string> OptStr() const {
    if (v_.type == Type::kNull) return std::nullopt;
    return Str();
  }

  bool Bool() const {
    Expect(Type::kBool);
    return v_.boolean;
  }

  int Int(int lo, int hi) const {
    Expect(Type::kNumber);
    int n = 0;
    const char* end = v_.text.data() + v_.text.size();
    auto [p, ec] = std::from_chars(v_.text.data(), end, n);
    if (ec != std::errc() || p != end || n < lo || n > hi) {
      Fail(v_.text + " is not an integer in " + std::to_string(lo) + ".." + std::to_string(hi));
    }
    return n;
  }

  double Seconds() const {
    Expect(Type::kNumber);
    double d = 0;
    const char* end = v_.text.data() + v_.text.size();
    auto [p, ec] = std::from_chars(v_.text.data(), end, d);
    if (ec != std::errc() || p != end || d < 0) Fail(v_.text + " is not a duration in seconds");
    return d;
  }

  std::vector<std::string> Strings() const {
    std::vector<std::string> out;
    for (const Field& item : Items()) out.push_back(item.Str());
    return out;
  }

 private:
  std::string Path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

  const JsonValue& v_;
  std::string path_;
  const std::string& source_;
};

constexpr int kMaxInt = 0x7fffffff;

// Version 1 had no "interrupted" (neither the count nor the outcome).
void CheckTotals(const Field& n, int version) {
  if (version == 1) {
    n.Members({"cases", "pass", "fail", "skip", "error"});
  } else {
    n.Members({"cases", "pass", "fail", "skip", "error", "interrupted"});
    n["interrupted"].Int(0, kMaxInt);
  }
  for (const char* k : {"cases", "pass", "fail", "skip", "error"}) n[k].Int(0, kMaxInt);
}

SourceLoc ReadLoc(const Field& n) {
  n.Members({"file", "line", "col"});
  return SourceLoc{n["file"].Str(), n["line"].Int(0, kMaxInt), n["col"].Int(0, kMaxInt)};
}

Expectation::Op ReadOp(const Field& n) {
  std::string name = n.Str();
  std::string names;
  for (Expectation::Op op : kExpectationOps) {
    if (name == ExpectationOpName(op)) return op;
    names += std::string(names.empty() ? "" : ", ") + ExpectationOpName(op);
  }
  n.Fail("\"" + name + "\" is not one of " + names);
}

// An expectation object; a step's carries the derived "met" and "observed" too.
Expectation ReadExpectation(const Field& n, bool in_step) {
  if (in_step) {
    // provenance: derived from the step's kind (model/step_specs.h); older reports lack it.
    n.Members({"fact", "op", "values", "predicted_from", "loc", "met", "observed"},
              {"provenance"});
    n["met"].Bool();
    n["observed"].OptStr();
  } else {
    n.Members({"fact", "op", "values", "predicted_from", "loc"});
  }
  Expectation e;
  e.fact = n["fact"].Str();
  e.op = ReadOp(n["op"]);
  e.values = n["values"].Strings();
  e.predicted_from = n["predicted_from"].OptStr();
  e.loc = ReadLoc(n["loc"]);
  return e;
}

Unmet ReadUnmet(const Field& n) {
  n.Members({"step_index", "step", "expectation", "observed", "message"});
  n["message"].Str();
  Unmet u;
  u.step_index = n["step_index"].Int(0, kMaxInt);
  u.step = n["step"].Str();
  u.expectation = ReadExpectation(n["expectation"], false);
  u.observed = n["observed"].OptStr();
  return u;
}

StepRecord ReadStep(const Field& n) {
  n.Members({"index", "kind", "description", "seconds", "facts", "expectations"},
            {"provenance"});  // derived from the kind, not read back
  StepRecord s;
  s.index = n["index"].Int(0, kMaxInt);
  s.kind = n["kind"].Str();
  s.description = n["description"].Str();
  s.seconds = n["seconds"].Seconds();
  // Keys are unique (the parser rejects duplicates), so Facts keeps every one.
  for (const auto& [name, value] : n["facts"].Entries()) s.facts.Set(name, value.Str());
  for (const Field& x : n["expectations"].Items()) s.expectations.push_back(ReadExpectation(x, true));
  return s;
}

Outcome ReadOutcome(const Field& n, int version) {
  std::string name = n.Str();
  for (Outcome o : {Outcome::kPass, Outcome::kFail, Outcome::kSkip, Outcome::kError}) {
    if (name == OutcomeName(o)) return o;
  }
  if (version == 1) n.Fail("\"" + name + "\" is not one of pass, fail, skip, error");
  if (name == OutcomeName(Outcome::kInterrupted)) return Outcome::kInterrupted;
  n.Fail("\"" + name + "\" is not one of pass, fail, skip, error, interrupted");
}

CaseResult ReadCase(const Field& n, int version) {
  n.Members({"name", "suite", "file", "outcome", "reason", "seconds", "unmet", "artifacts",
             "steps"});
  CaseResult r;
  r.name = n["name"].Str();
  r.suite = n["suite"].Str();
  r.file = n["file"].Str();
  r.outcome = ReadOutcome(n["outcome"], version);
  r.reason = n["reason"].Str();
  r.seconds = n["seconds"].Seconds();
  for (const Field& u : n["unmet"].Items()) r.unmet.push_back(ReadUnmet(u));
  r.artifacts = n["artifacts"].Strings();
  for (const Field& s : n["steps"].Items()) r.steps.push_back(ReadStep(s));
  return r;
}

SuiteResult ReadSuite(const Field& n, int version) {
  n.Members({"name", "file", "timestamp", "seconds", "totals", "cases"});
  CheckTotals(n["totals"], version);
  SuiteResult s;
  s.name = n["name"].Str();
  s.file = n["file"].Str();
  s.timestamp = n["timestamp"].Str();
  s.seconds = n["seconds"].Seconds();
  for (const Field& c : n["cases"].Items()) s.cases.push_back(ReadCase(c, version));
  return s;
}

RunInfo ReadRun(const Field& n) {
  n.Members({"mtulab_version", "kernel", "hostname", "started", "seconds", "command_line",
             "shard"});
  RunInfo run;
  run.mtulab_version = n["mtulab_version"].Str();
  run.kernel = n["kernel"].Str();
  run.hostname = n["hostname"].Str();
  run.started = n["started"].Str();
  run.seconds = n["seconds"].Seconds();
  run.command_line = n["command_line"].Strings();
  run.shard = n["shard"].OptStr().value_or("");
  return run;
}

}  // namespace

RunReport ParseJsonReport(const std::string& text, const std::string& source) {
  JsonValue root;
  try {
    root = ParseJson(text);
  } catch (const JsonError& e) {
    throw std::runtime_error(source + ":" + e.what());
  }
  Field doc(root, "", source);
  doc.Members({"format", "format_version", "run", "totals", "suites"});
  if (doc["format"].Str() != kJsonReportFormat) {
    doc["format"].Fail("is not \"" + std::string(kJsonReportFormat) + "\"");
  }
  int version = doc["format_version"].Int(0, kMaxInt);
  if (version < kJsonReportOldestVersion || version > kJsonReportVersion) {
    doc["format_version"].Fail("version " + std::to_string(version) + " is not supported (this "
                               "mtulab reads versions " + std::to_string(kJsonReportOldestVersion) +
                               " to " + std::to_string(kJsonReportVersion) + ")");
  }
  CheckTotals(doc["totals"], version);
  RunReport report;
  report.run = ReadRun(doc["run"]);
  for (const Field& s : doc["suites"].Items()) report.suites.push_back(ReadSuite(s, version));
  return report;
}

RunReport ReadJsonReport(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("reading JSON report " + path + ": " + std::strerror(errno));
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, size_t(in.gcount()));
    if (text.size() > kJsonMaxBytes) {
      throw std::runtime_error("reading JSON report " + path + ": larger than " +
                               std::to_string(kJsonMaxBytes) + " bytes");
    }
  }
  if (in.bad()) throw std::runtime_error("reading JSON report " + path + ": read error");
  return ParseJsonReport(text, path);
}

}  // namespace mtulab
