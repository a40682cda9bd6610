#include "harness/config/loader.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "harness/config/loader_internal.h"
#include "harness/model/capture_budget.h"
#include "harness/model/config_error.h"
#include "harness/model/values.h"

namespace mtulab {
namespace {

namespace fs = std::filesystem;

std::string ResolveTopologyPath(const std::string& suite_path, const std::string& topology) {
  fs::path dir = fs::path(suite_path).parent_path();
  if (dir.empty()) dir = ".";
  return (dir / topology).lexically_normal().string();
}

// True when `file` lies under directory `dir` (symbolic links and ".." resolved).
bool Under(const fs::path& dir, const std::string& file) {
  std::error_code ec;
  fs::path root = fs::weakly_canonical(dir, ec);
  if (ec) return false;
  fs::path target = fs::weakly_canonical(file, ec);
  if (ec) return false;
  auto [r, t] = std::mismatch(root.begin(), root.end(), target.begin(), target.end());
  return r == root.end() && t != target.end();
}

// Whether the lines of the topology a suite names are quoted under its diagnostics: only
// inside the suite's directory tree, or the topologies/ directory beside it (the layout of
// the shipped suites: topology="../topologies/x.xml"). A suite must not make mtulab print the
// first bytes of anything it can name (/proc/self/environ, a key under /etc); a topology the
// user names on the command line is quoted anyway.
bool InSuiteTree(const std::string& suite_path, const std::string& file) {
  fs::path dir = fs::path(suite_path).parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  fs::path beside = fs::weakly_canonical(dir, ec).parent_path() / "topologies";
  return Under(dir, file) || (!ec && Under(beside, file));
}

// Reads the topology the suite names into `suite.topology`. Returns whether it was parsed
// (references can be checked); `valid` tells whether it had no problem at all.
bool ReadSuiteTopology(Element& e, XmlFile& file, Suite& suite, bool& valid) {
  valid = false;
  std::optional<std::string> attr = e.Get("topology");
  if (!attr) return false;
  suite.topology_file = ResolveTopologyPath(suite.file, *attr);
  std::string text, error;
  if (!ReadWholeFile(suite.topology_file, text, error)) {
    std::string absolute = fs::absolute(suite.topology_file).lexically_normal().string();
    e.Error("topology file '" + *attr + "' (resolved to " + absolute +
            ") cannot be read: " + error);
    return false;
  }
  size_t before = e.diags().size();
  if (!file.Parse(suite.topology_file, std::move(text), e.diags(),
                  InSuiteTree(suite.file, suite.topology_file) ? Quote::kIfXml
                                                               : Quote::kNever)) {
    return false;
  }
  if (!CheckTopologySize(file, e.diags())) return false;
  suite.topology = ReadTopology(file, e.diags());
  // Not a topology at all (a suite, or the suite itself): ReadTopology said so; checking the
  // steps against its empty node list would only add "node 'a' is not defined" noise.
  if (std::string(file.root().name()) != "topology") return false;
  ValidateTopology(suite.topology, e.diags());
  valid = e.diags().size() == before;
  return true;
}

// Re-validates each case's topology after its overrides, reporting at the overrides.
void ValidateOverrides(const Suite& suite, Diagnostics& diags) {
  for (const Case& c : suite.cases) {
    if (c.overrides.empty()) continue;
    try {
      Diagnostics local;
      ValidateTopology(ApplyOverridesAt(suite.topology, c, true), local);
      for (const Diagnostic& d : local.all()) diags.Add(d.loc, d.message);
    } catch (const ConfigError& error) {
      for (const Diagnostic& d : error.diagnostics()) diags.Add(d.loc, d.message);
    }
  }
}

}  // namespace

Topology LoadTopology(const std::string& path) {
  Diagnostics diags;
  XmlFile file;
  if (!file.Load(path, diags)) diags.ThrowIfAny();
  if (!CheckTopologySize(file, diags)) diags.ThrowIfAny();
  Topology topology = ReadTopology(file, diags);
  ValidateTopology(topology, diags);
  diags.ThrowIfAny();
  return topology;
}

Suite LoadSuite(const std::string& path) {
  Diagnostics diags;
  XmlFile suite_file;
  if (!suite_file.Load(path, diags)) diags.ThrowIfAny();
  Suite suite;
  suite.file = path;
  pugi::xml_node root = suite_file.root();
  suite.loc = suite_file.LocOf(root);
  if (std::string(root.name()) != "suite") {
    diags.Add(suite.loc, std::string("expected root element <suite>, found <") + root.name() + ">");
    diags.ThrowIfAny();
  }
  // xmlns:xsi + xsi:noNamespaceSchemaLocation let editors find schemas/suite.xsd.
  Element e(suite_file, diags, root,
            {"name", "topology", "xmlns:xsi", "xsi:noNamespaceSchemaLocation"});
  suite.name = e.Required("name");
  if (e.Has("name") && !IsName(suite.name, "_.-", 64)) {
    e.AttrError("name", "suite name '" + suite.name + "' must match [A-Za-z0-9_.-]{1,64}");
  } else if (IsDotName(suite.name)) {
    e.AttrError("name", "suite name '" + suite.name + "' cannot be '.' or '..' (it names "
                        "report paths such as suite/case)");
  }
  e.Required("topology");
  XmlFile topology_file;
  bool valid = false;
  bool parsed = ReadSuiteTopology(e, topology_file, suite, valid);
  ReadCases(e, parsed, suite);
  if (valid) ValidateOverrides(suite, diags);
  diags.ThrowIfAny();
  SizeCaptureRings(suite);
  return suite;
}

std::vector<std::string> ListXmlFiles(const std::string& dir) {
  std::error_code ec;
  std::vector<std::string> files;
  fs::directory_iterator it(dir, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const fs::path& p = it->path();
    std::error_code type_ec;
    if (p.extension() == ".xml" && fs::is_regular_file(p, type_ec)) files.push_back(p.string());
  }
  if (ec) {
    throw ConfigError({Diagnostic{SourceLoc{dir}, "cannot be read: " + ec.message(), ""}});
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace mtulab
