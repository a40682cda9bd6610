#include "reports/junit_writer.h"

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include <pugixml.hpp>

#include "harness/model/step_specs.h"
#include "reports/junit_properties.h"
#include "reports/run_report.h"

namespace mtulab {
namespace {

constexpr const char* kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the ANSI escape sequence starting at s[i] (an ESC), 0 if it is not one.
// CSI: ESC [ params final; OSC: ESC ] ... BEL or ESC \; else ESC intermediates final.
size_t AnsiEscapeLength(const std::string& s, size_t i) {
  size_t n = s.size();
  if (i + 1 >= n) return 0;
  unsigned char kind = s[i + 1];
  if (kind == '[') {
    size_t j = i + 2;
    while (j < n && s[j] >= 0x20 && s[j] <= 0x3F) ++j;
    if (j < n && s[j] >= 0x40 && s[j] <= 0x7E) return j + 1 - i;
    return 0;
  }
  if (kind == ']') {
    for (size_t j = i + 2; j < n; ++j) {
      if (s[j] == '\a') return j + 1 - i;
      if (s[j] == '\x1b' && j + 1 < n && s[j + 1] == '\\') return j + 2 - i;
    }
    return 0;
  }
  size_t j = i + 1;  // nF/Fp/Fe/Fs: intermediates 0x20-0x2F, then a final 0x30-0x7E
  while (j < n && s[j] >= 0x20 && s[j] <= 0x2F) ++j;
  if (j < n && s[j] >= 0x30 && s[j] <= 0x7E) return j + 1 - i;
  return 0;
}

// Length of the valid UTF-8 sequence at s[i] that XML 1.0 allows, 0 if invalid or forbidden.
size_t ValidUtf8Length(const std::string& s, size_t i) {
  unsigned char c = s[i];
  if (c < 0x80) {
    bool forbidden = c < 0x20 && c != '\t' && c != '\n' && c != '\r';
    return forbidden ? 0 : 1;
  }
  size_t len;
  uint32_t cp;
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
  bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
  bool nonchar = cp == 0xFFFE || cp == 0xFFFF || cp > 0x10FFFF;
  return overlong || surrogate || nonchar ? 0 : len;
}

// Text safe for XML 1.0: ANSI escapes removed, forbidden characters and invalid UTF-8 bytes
// replaced by U+FFFD. pugixml would write them as &#NN; which strict parsers reject.
std::string SanitizeXmlText(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '\x1b') {
      if (size_t esc = AnsiEscapeLength(s, i)) {
        i += esc;
        continue;
      }
    }
    size_t len = ValidUtf8Length(s, i);
    if (len == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    out.append(s, i, len);
    i += len;
  }
  return out;
}

// Fixed-point seconds ("%.3f"): the junit-10 schema rejects exponents; NaN/negative -> 0.
std::string FormatTime(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.3f", seconds);
  return buf;
}

void Attr(pugi::xml_node node, const char* name, const std::string& value) {
  node.append_attribute(name).set_value(SanitizeXmlText(value).c_str());
}

void Text(pugi::xml_node node, const std::string& text) {
  if (!text.empty()) node.append_child(pugi::node_pcdata).set_value(SanitizeXmlText(text).c_str());
}

struct Counts {
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  double seconds = 0;

  void Add(const Counts& o) {
    tests += o.tests, failures += o.failures, errors += o.errors, skipped += o.skipped;
    seconds += o.seconds;
  }
};

Counts CountSuite(const SuiteResult& suite) {
  Counts c;
  c.seconds = suite.seconds;
  for (const CaseResult& r : suite.cases) {
    ++c.tests;
    if (r.outcome == Outcome::kFail) ++c.failures;
    if (r.outcome == Outcome::kError || r.outcome == Outcome::kInterrupted) ++c.errors;
    if (r.outcome == Outcome::kSkip) ++c.skipped;
  }
  return c;
}

// junit-10.xsd has no `skipped` on <testsuites> (only on <testsuite>): `with_skipped` false.
void SetCounts(pugi::xml_node node, const Counts& c, bool with_skipped = true) {
  Attr(node, "tests", std::to_string(c.tests));
  Attr(node, "failures", std::to_string(c.failures));
  Attr(node, "errors", std::to_string(c.errors));
  if (with_skipped) Attr(node, "skipped", std::to_string(c.skipped));
  Attr(node, "time", FormatTime(c.seconds));
}

// "suites/x.xml:12": where the case is written (its suite file alone when the line is unknown).
std::string CaseWhere(const SuiteResult& suite, const CaseResult& r) {
  std::string file = r.file.empty() ? suite.file : r.file;
  return r.line > 0 ? file + ":" + std::to_string(r.line) : file;
}

// "  provenance: traffic (ping.result, ...), config (ping.df, ...)": what each fact proves.
std::string ProvenanceLine(const StepRecord& step) {
  std::string out;
  for (const char* kind : {"traffic", "state", "config"}) {
    std::string names;
    for (const auto& [name, value] : step.facts.All()) {
      if (FactProvenance(step.kind, name) == kind) names += (names.empty() ? "" : ", ") + name;
    }
    if (!names.empty()) out += (out.empty() ? "" : ", ") + std::string(kind) + " (" + names + ")";
  }
  return out.empty() ? "" : "  provenance: " + out + "\n";
}

// The facts of every step, their provenance, then its duration: what decided the verdict.
// Then the kept files, each alone on its line as the attachment readers require.
std::string StepLog(const CaseResult& r, const std::string& artifact_dir) {
  std::string out;
  for (const StepRecord& step : r.steps) {
    out += step.description + "\n";
    for (const auto& [name, value] : step.facts.All()) out += "  " + name + "=" + value + "\n";
    out += ProvenanceLine(step);
    for (const Expectation& x : step.expectations) {  // measured above, predicted here
      if (x.predicted_from) out += "  expect " + x.Describe() + "\n";
    }
    out += "  duration " + FormatTime(step.seconds) + "s\n";
  }
  if (!r.artifacts.empty()) out += "kept files:\n";
  for (const std::string& a : r.artifacts) {
    out += "[[ATTACHMENT|" + (artifact_dir.empty() ? a : artifact_dir + "/" + a) + "]]\n";
  }
  return out;
}

void AddFailure(pugi::xml_node testcase, const CaseResult& r) {
  pugi::xml_node failure = testcase.append_child("failure");
  std::string message, body;
  if (r.unmet.empty()) {
    message = body = r.reason.empty() ? "expectations not met" : r.reason;
  } else {
    message = r.unmet.front().Message();
    if (r.unmet.size() > 1) message += " (+" + std::to_string(r.unmet.size() - 1) + " more)";
    for (const Unmet& u : r.unmet) body += (body.empty() ? "" : "\n") + u.Message();
  }
  Attr(failure, "message", message);
  Attr(failure, "type", "ExpectationFailed");
  Text(failure, body);
}

void AddTestcase(pugi::xml_node suite_node, const SuiteResult& suite, const CaseResult& r,
                 const std::string& artifact_dir, JunitFlavor flavor) {
  pugi::xml_node tc = suite_node.append_child("testcase");
  Attr(tc, "classname", "mtulab." + suite.name);
  Attr(tc, "name", r.name);
  Attr(tc, "time", FormatTime(r.seconds));
  if (flavor == JunitFlavor::kGitlab) {
    Attr(tc, "file", r.file.empty() ? suite.file : r.file);
    if (r.line > 0) Attr(tc, "line", std::to_string(r.line));
  }
  if (r.outcome == Outcome::kFail) {
    AddFailure(tc, r);
  } else if (r.outcome != Outcome::kPass) {
    // An interrupted case has no verdict: an <error> (not <skipped>) so that CI does not
    // count an interrupted run as green, told apart from harness errors by its type.
    bool skip = r.outcome == Outcome::kSkip;
    pugi::xml_node n = tc.append_child(skip ? "skipped" : "error");
    Attr(n, "message", r.reason);
    if (r.outcome == Outcome::kError) Attr(n, "type", kJunitHarnessErrorType);
    if (r.outcome == Outcome::kInterrupted) Attr(n, "type", kJunitInterruptedType);
    Text(n, r.reason);  // GitLab shows the body, not the message
  }
  std::string where =
      flavor == JunitFlavor::kJunit10 ? "defined at " + CaseWhere(suite, r) + "\n" : "";
  Text(tc.append_child("system-out"), where + StepLog(r, artifact_dir));
}

void AddSuite(pugi::xml_node root, const SuiteResult& suite, int id, const std::string& host,
              const std::string& artifact_dir, JunitFlavor flavor) {
  pugi::xml_node node = root.append_child("testsuite");
  Attr(node, "name", suite.name);
  SetCounts(node, CountSuite(suite));
  Attr(node, "timestamp", suite.timestamp);
  Attr(node, "hostname", host);
  Attr(node, "id", std::to_string(id));
  Attr(node, "package", "mtulab");
  if (!suite.file.empty()) Attr(node, "file", suite.file);
  pugi::xml_node property = node.append_child("properties").append_child("property");
  Attr(property, "name", "file");
  Attr(property, "value", suite.file);
  for (const CaseResult& r : suite.cases) AddTestcase(node, suite, r, artifact_dir, flavor);
  node.append_child("system-out");
  node.append_child("system-err");
}

}  // namespace

std::optional<JunitFlavor> ParseJunitFlavor(const std::string& name) {
  if (name == "junit10") return JunitFlavor::kJunit10;
  if (name == "gitlab") return JunitFlavor::kGitlab;
  return std::nullopt;
}

std::string RenderJunit(const std::vector<SuiteResult>& suites, const std::string& hostname,
                        const std::string& artifact_dir, JunitFlavor flavor) {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version").set_value("1.0");
  decl.append_attribute("encoding").set_value("UTF-8");
  pugi::xml_node root = doc.append_child("testsuites");
  Attr(root, "name", "mtulab");
  Counts total;
  for (const SuiteResult& s : suites) total.Add(CountSuite(s));
  SetCounts(root, total, flavor == JunitFlavor::kGitlab);
  for (size_t i = 0; i < suites.size(); ++i) {
    AddSuite(root, suites[i], int(i), hostname, artifact_dir, flavor);
  }
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out.str();
}

std::string WithJunitSuiteProperties(const std::string& xml,
                                     const JunitSuiteProperties& properties) {
  if (properties.empty()) return xml;
  pugi::xml_document doc;
  if (!doc.load_string(xml.c_str(), pugi::parse_default | pugi::parse_declaration)) {
    throw std::runtime_error("adding suite properties: the JUnit XML does not parse");
  }
  for (pugi::xml_node suite : doc.document_element().children("testsuite")) {
    auto it = properties.find(suite.attribute("name").value());
    if (it == properties.end()) continue;
    pugi::xml_node props = suite.child("properties");
    if (!props) props = suite.prepend_child("properties");
    for (const auto& [name, value] : it->second) {
      pugi::xml_node p = props.append_child("property");
      p.append_attribute("name").set_value(name.c_str());
      p.append_attribute("value").set_value(value.c_str());
    }
  }
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out.str();
}

void WriteJunit(const std::vector<SuiteResult>& suites, const std::string& path,
                const JunitSuiteProperties& properties, JunitFlavor flavor) {
  char host[256] = {};
  if (::gethostname(host, sizeof(host) - 1) != 0) std::snprintf(host, sizeof(host), "localhost");
  std::string dir = std::filesystem::path(path).parent_path().string();
  std::string xml = WithJunitSuiteProperties(RenderJunit(suites, host, dir, flavor), properties);
  WriteFileAtomically(path, xml, "JUnit report");
}

}  // namespace mtulab
