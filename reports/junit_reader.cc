#include "reports/junit_reader.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <pugixml.hpp>

#include "reports/junit_properties.h"

namespace mtulab {
namespace {

constexpr size_t kMaxJunitBytes = size_t(512) << 20;

[[noreturn]] void Fail(const std::string& source, const std::string& problem) {
  throw JunitReadError(source + ": " + problem);
}

double ReadSeconds(pugi::xml_node node, const std::string& where, const std::string& source) {
  pugi::xml_attribute a = node.attribute("time");
  if (!a) return 0;
  std::string text = a.value();
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end == nullptr || *end != '\0' || errno != 0 || !(v >= 0)) {
    Fail(source, where + ": time=\"" + text + "\" is not a number of seconds");
  }
  return v;
}

JunitCase ReadCase(pugi::xml_node tc, const std::string& suite, const std::string& source) {
  JunitCase c;
  c.name = tc.attribute("name").value();
  c.classname = tc.attribute("classname").value();
  if (c.name.empty()) Fail(source, "testsuite '" + suite + "': a <testcase> has no name");
  c.seconds = ReadSeconds(tc, "testcase '" + suite + "/" + c.name + "'", source);
  pugi::xml_node verdict;
  if ((verdict = tc.child("error"))) {
    bool interrupted = std::strcmp(verdict.attribute("type").value(), kJunitInterruptedType) == 0;
    c.outcome = interrupted ? "interrupted" : "error";
  } else if ((verdict = tc.child("failure"))) {
    c.outcome = "fail";
  } else if ((verdict = tc.child("skipped"))) {
    c.outcome = "skip";
  } else {
    c.outcome = "pass";
  }
  if (verdict) {
    c.message = verdict.attribute("message").value();
    c.body = verdict.text().get();
  }
  c.system_out = tc.child("system-out").text().get();
  std::ostringstream xml;
  tc.print(xml, "", pugi::format_raw);
  c.xml = xml.str();
  return c;
}

// Declared count attribute `name` against the number actually found.
void CheckCount(pugi::xml_node node, const char* name, int found, const JunitSuite& suite,
                const std::string& source) {
  pugi::xml_attribute a = node.attribute(name);
  if (!a) return;
  std::string text = a.value();
  char* end = nullptr;
  long declared = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || declared != found) {
    std::string what = std::string(name) == "tests" ? "<testcase> elements" : "of them";
    Fail(source, "testsuite '" + suite.name + "': " + name + "=\"" + text + "\" but " +
                     std::to_string(found) + " " + what);
  }
}

JunitSuite ReadSuite(pugi::xml_node node, const std::string& source) {
  JunitSuite s;
  s.name = node.attribute("name").value();
  if (s.name.empty()) Fail(source, "a <testsuite> has no name");
  s.timestamp = node.attribute("timestamp").value();
  s.hostname = node.attribute("hostname").value();
  s.seconds = ReadSeconds(node, "testsuite '" + s.name + "'", source);
  for (pugi::xml_node p : node.child("properties").children("property")) {
    s.properties.emplace_back(p.attribute("name").value(), p.attribute("value").value());
  }
  int failures = 0, errors = 0, skipped = 0;
  for (pugi::xml_node tc : node.children("testcase")) {
    s.cases.push_back(ReadCase(tc, s.name, source));
    const std::string& o = s.cases.back().outcome;
    failures += o == "fail", errors += o == "error" || o == "interrupted", skipped += o == "skip";
  }
  CheckCount(node, "tests", int(s.cases.size()), s, source);
  CheckCount(node, "failures", failures, s, source);
  CheckCount(node, "errors", errors, s, source);
  CheckCount(node, "skipped", skipped, s, source);
  return s;
}

void ReadSuites(pugi::xml_node parent, const std::string& source, JunitReport& report) {
  for (pugi::xml_node n : parent.children("testsuite")) {
    report.suites.push_back(ReadSuite(n, source));
    ReadSuites(n, source, report);  // some producers nest suites
  }
}

}  // namespace

std::string JunitSuite::Property(const std::string& name) const {
  for (const auto& [n, v] : properties) {
    if (n == name) return v;
  }
  return "";
}

bool JunitSuite::HasProperty(const std::string& name) const {
  for (const auto& [n, v] : properties) {
    if (n == name) return true;
  }
  return false;
}

JunitReport ParseJunitReport(const std::string& text, const std::string& source) {
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(text.data(), text.size());
  if (!parsed) {
    Fail(source, std::string("not well-formed XML at byte ") + std::to_string(parsed.offset) +
                     ": " + parsed.description());
  }
  pugi::xml_node root = doc.document_element();
  std::string root_name = root.name();
  JunitReport report;
  report.source = source;
  if (root_name == "testsuites") {
    ReadSuites(root, source, report);
  } else if (root_name == "testsuite") {
    report.suites.push_back(ReadSuite(root, source));
    ReadSuites(root, source, report);
  } else {
    Fail(source, "not JUnit XML: the root element is <" + root_name + ">, not <testsuites> or "
                 "<testsuite>");
  }
  return report;
}

JunitReport ReadJunitReport(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Fail(path, std::string("cannot open: ") + std::strerror(errno));
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof(buf)) || in.gcount() > 0) {
    text.append(buf, size_t(in.gcount()));
    if (text.size() > kMaxJunitBytes) Fail(path, "larger than 512 MiB");
  }
  if (in.bad()) Fail(path, std::string("cannot read: ") + std::strerror(errno));
  return ParseJunitReport(text, path);
}

}  // namespace mtulab
