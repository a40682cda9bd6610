#include "reports/json_writer.h"

#include "harness/model/step_specs.h"

namespace mtulab {
namespace {

using J = JsonValue;

J Strings(const std::vector<std::string>& values) {
  J array = J::Array();
  for (const std::string& v : values) array.Push(J::String(v));
  return array;
}

J Optional(const std::optional<std::string>& value) {
  return value ? J::String(*value) : J::Null();
}

J Totals(const std::vector<SuiteResult>& suites) {
  ReportTotals t = CountOutcomes(suites);
  return J::Object()
      .Add("cases", J::Int(t.cases))
      .Add("pass", J::Int(t.passed))
      .Add("fail", J::Int(t.failed))
      .Add("skip", J::Int(t.skipped))
      .Add("error", J::Int(t.errors))
      .Add("interrupted", J::Int(t.interrupted));
}

J Location(const SourceLoc& loc) {
  return J::Object()
      .Add("file", J::String(loc.file))
      .Add("line", J::Int(loc.line))
      .Add("col", J::Int(loc.col));
}

J ExpectationJson(const Expectation& e) {
  return J::Object()
      .Add("fact", J::String(e.fact))
      .Add("op", J::String(ExpectationOpName(e.op)))
      .Add("values", Strings(e.values))
      .Add("predicted_from", Optional(e.predicted_from))
      .Add("loc", Location(e.loc));
}

J UnmetJson(const Unmet& u) {
  return J::Object()
      .Add("step_index", J::Int(u.step_index))
      .Add("step", J::String(u.step))
      .Add("expectation", ExpectationJson(u.expectation))
      .Add("observed", Optional(u.observed))
      .Add("message", J::String(u.Message()));
}

J StepJson(const CaseResult& r, const StepRecord& step) {
  J facts = J::Object();
  J provenance = J::Object();  // what each fact proves (model/step_specs.h)
  for (const auto& [name, value] : step.facts.All()) {
    facts.Add(name, J::String(value));
    provenance.Add(name, J::String(FactProvenance(step.kind, name)));
  }
  J expectations = J::Array();
  for (const Expectation& e : step.expectations) {
    J x = ExpectationJson(e);
    x.Add("met", J::Bool(FindUnmet(r, step.index, e) == nullptr));
    x.Add("observed", Optional(step.facts.Get(e.fact)));
    x.Add("provenance", J::String(FactProvenance(step.kind, e.fact)));
    expectations.Push(std::move(x));
  }
  return J::Object()
      .Add("index", J::Int(step.index))
      .Add("kind", J::String(step.kind))
      .Add("description", J::String(step.description))
      .Add("seconds", J::Seconds(step.seconds))
      .Add("facts", std::move(facts))
      .Add("provenance", std::move(provenance))
      .Add("expectations", std::move(expectations));
}

J CaseJson(const CaseResult& r) {
  J unmet = J::Array(), steps = J::Array();
  for (const Unmet& u : r.unmet) unmet.Push(UnmetJson(u));
  for (const StepRecord& s : r.steps) steps.Push(StepJson(r, s));
  return J::Object()
      .Add("name", J::String(r.name))
      .Add("suite", J::String(r.suite))
      .Add("file", J::String(r.file))
      .Add("outcome", J::String(OutcomeName(r.outcome)))
      .Add("reason", J::String(r.reason))
      .Add("seconds", J::Seconds(r.seconds))
      .Add("unmet", std::move(unmet))
      .Add("artifacts", Strings(r.artifacts))
      .Add("steps", std::move(steps));
}

J SuiteJson(const SuiteResult& s) {
  J cases = J::Array();
  for (const CaseResult& c : s.cases) cases.Push(CaseJson(c));
  return J::Object()
      .Add("name", J::String(s.name))
      .Add("file", J::String(s.file))
      .Add("timestamp", J::String(s.timestamp))
      .Add("seconds", J::Seconds(s.seconds))
      .Add("totals", Totals({s}))
      .Add("cases", std::move(cases));
}

J RunJson(const RunInfo& run) {
  return J::Object()
      .Add("mtulab_version", J::String(run.mtulab_version))
      .Add("kernel", J::String(run.kernel))
      .Add("hostname", J::String(run.hostname))
      .Add("started", J::String(run.started))
      .Add("seconds", J::Seconds(run.seconds))
      .Add("command_line", Strings(run.command_line))
      .Add("shard", run.shard.empty() ? J::Null() : J::String(run.shard));
}

}  // namespace

const char* ExpectationOpName(Expectation::Op op) {
  switch (op) {
    case Expectation::Op::kEquals:
      return "equals";
    case Expectation::Op::kAtLeast:
      return "at_least";
    case Expectation::Op::kAtMost:
      return "at_most";
    case Expectation::Op::kOneOf:
      return "one_of";
    case Expectation::Op::kPresent:
      return "present";
    case Expectation::Op::kAbsent:
      return "absent";
    case Expectation::Op::kBetween:
      return "between";
    case Expectation::Op::kContains:
      return "contains";
    case Expectation::Op::kAllAtLeast:
      return "all_at_least";
    case Expectation::Op::kAllAtMost:
      return "all_at_most";
    case Expectation::Op::kLength:
      return "length";
    case Expectation::Op::kDistinct:
      return "distinct";
  }
  return "?";
}

JsonValue ReportToJson(const RunReport& report) {
  J suites = J::Array();
  for (const SuiteResult& s : report.suites) suites.Push(SuiteJson(s));
  return J::Object()
      .Add("format", J::String(kJsonReportFormat))
      .Add("format_version", J::Int(kJsonReportVersion))
      .Add("run", RunJson(report.run))
      .Add("totals", Totals(report.suites))
      .Add("suites", std::move(suites));
}

std::string RenderJson(const RunReport& report) { return SerializeJson(ReportToJson(report)); }

void WriteJson(const RunReport& report, const std::string& path) {
  WriteReportFile(path, RenderJson(report), "JSON report");
}

}  // namespace mtulab
