#include <map>
#include <set>

#include "harness/config/firewall_reader.h"
#include "harness/config/limits.h"
#include "harness/config/loader_internal.h"
#include "harness/model/values.h"

namespace mtulab {
namespace {

// Checks that `node` (and `dev` on it, if given) exist; reports at the attributes.
bool CheckOverrideRefs(Element& e, const std::string& node, const std::string* dev,
                       const Topology& topology) {
  if (topology.FindNode(node) == nullptr) {
    e.AttrError("node", "node '" + node + "' is not defined" + NodeSuggestion(topology, node, e.diags()));
    return false;
  }
  if (dev && topology.FindEndpoint(node, *dev) == nullptr) {
    e.AttrError("dev", "interface '" + *dev + "' is not defined on node '" + node + "'");
    return false;
  }
  return true;
}

std::optional<Override> ReadOverride(Element& e, const Topology& topology, bool topology_ok) {
  e.Children({});
  size_t errors = e.diags().size();
  std::string node = e.Required("node");
  std::optional<std::string> dev = e.Get("dev");
  Override o;
  o.loc = e.loc();
  if (e.name() == "mtu") {
    std::string ifname = e.Required("dev");
    e.Required("value");
    o.body = MtuOverride{node, ifname, e.Uint("value", 68, 65535).value_or(0)};
  } else if (e.name() == "sysctl") {
    std::optional<Sysctl> sysctl = ReadSysctl(e, dev ? &*dev : nullptr);
    o.body = SysctlOverride{node, sysctl.value_or(Sysctl{}), dev};
  } else if (FirewallOverrideAttrs(e.name())) {
    ReadFirewallOverride(e, node, o);
  } else {
    std::optional<Route> route = ReadRoute(e, node);
    o.body = RouteOverride{node, route.value_or(Route{})};
  }
  bool refs_ok =
      !e.Has("node") || !topology_ok || CheckOverrideRefs(e, node, dev ? &*dev : nullptr, topology);
  if (!refs_ok || e.diags().size() != errors) return std::nullopt;
  return o;
}

void ReadDescription(Element& c, pugi::xml_node node, bool& seen, Case& out) {
  Element d = c.Child(node, {});
  d.Children({}, true);
  if (seen) d.Error("<case> has more than one <description>");
  seen = true;
  std::string text = node.child_value();
  size_t begin = text.find_first_not_of(" \t\r\n");
  out.description = begin == std::string::npos
                        ? ""
                        : text.substr(begin, text.find_last_not_of(" \t\r\n") - begin + 1);
}

// Every <capture-start> needs one later <capture-stop> of the same name, and vice versa.
void CheckCapturePairs(Element& c, const Case& out) {
  std::map<std::string, const Step*> running, stopped;
  for (const Step& step : out.steps) {
    if (const auto* start = std::get_if<CaptureStartStep>(&step.body)) {
      if (running.count(start->name) || stopped.count(start->name)) {
        c.diags().Add(step.loc, "capture '" + start->name + "' is already started in this case");
      } else {
        running[start->name] = &step;
      }
    } else if (const auto* stop = std::get_if<CaptureStopStep>(&step.body)) {
      auto it = running.find(stop->name);
      if (it == running.end()) {
        c.diags().Add(step.loc, "capture-stop '" + stop->name + "': no capture of that name is " +
                                "running at this step");
      } else {
        stopped[stop->name] = it->second;
        running.erase(it);
      }
    }
  }
  for (const auto& [name, step] : running) {
    c.diags().Add(step->loc, "capture '" + name + "' is never stopped (add <capture-stop name=\"" +
                             name + "\"/> after the steps it should see)");
  }
}

Case ReadCase(Element& c, const Topology& topology, bool topology_ok) {
  Case out;
  out.loc = c.loc();
  out.name = c.Required("name");
  if (c.Has("name") && !IsName(out.name, "_.-", 64)) {
    c.AttrError("name", "case name '" + out.name + "' must match [A-Za-z0-9_.-]{1,64}");
  } else if (IsDotName(out.name)) {
    c.AttrError("name", "case name '" + out.name + "' cannot be '.' or '..' (it names report "
                        "paths such as suite/case)");
  }
  std::vector<std::string> allowed = {"description", "require", "override"};
  for (const std::string& step : StepNames()) allowed.push_back(step);
  bool described = false;
  size_t errors = c.diags().size();
  for (pugi::xml_node child : c.Children(allowed)) {
    std::string kind = child.name();
    if (kind == "description") {
      ReadDescription(c, child, described, out);
    } else if (kind == "require") {
      Element r = c.Child(child, {"fact", "equals", "at_least", "below"});
      if (std::optional<Requirement> req = ReadRequirement(r)) out.requirements.push_back(*req);
    } else if (kind == "override") {
      ReadOverrides(c.Child(child, {}), topology, topology_ok, out.overrides);
    } else if (std::optional<Step> step = ReadStep(c, child, topology, topology_ok)) {
      step->index = static_cast<int>(out.steps.size()) + 1;
      out.steps.push_back(std::move(*step));
    }
  }
  CheckCapturePairs(c, out);
  // A broken <expect> or step already says why; "no expectation" would only add noise.
  if (c.diags().size() == errors) CheckCaseExpects(c, out);
  return out;
}

}  // namespace

void ReadOverrides(Element e, const Topology& topology, bool topology_ok,
                   std::vector<Override>& out) {
  for (pugi::xml_node child : e.Children({"mtu", "sysctl", "route", "icmp-filter", "mss-clamp",
                                          "no-icmp-filter", "no-mss-clamp"})) {
    std::vector<std::string> attrs = {"node", "dev", "value"};
    if (std::string(child.name()) == "sysctl") attrs = {"node", "dev", "name", "value"};
    if (auto firewall = FirewallOverrideAttrs(child.name())) attrs = *firewall;
    if (std::string(child.name()) == "route") {
      attrs = kRouteAttrs;
      attrs.insert(attrs.begin(), "node");
    }
    Element o = e.Child(child, attrs);
    if (std::optional<Override> override = ReadOverride(o, topology, topology_ok)) {
      out.push_back(std::move(*override));
    }
  }
}

namespace {

// False (reported at the first step over the limit) when the suite's cases hold more than
// kMaxSteps steps together.
bool CheckStepCount(Element& suite) {
  std::vector<std::string> names = StepNames();
  std::set<std::string> steps(names.begin(), names.end());
  size_t count = 0;
  for (pugi::xml_node c : suite.node().children("case")) {
    for (pugi::xml_node child : c.children()) {
      if (child.type() != pugi::node_element || !steps.count(child.name())) continue;
      if (++count > kMaxSteps) {
        suite.diags().Add(suite.file().LocOf(child),
                          "step " + std::to_string(count) + ": a suite may have at most " +
                              std::to_string(kMaxSteps) + " steps (over all its cases)");
        return false;
      }
    }
  }
  return true;
}

}  // namespace

void ReadCases(Element& suite, bool topology_ok, Suite& out) {
  if (!CheckStepCount(suite)) return;
  std::map<std::string, SourceLoc> seen;
  for (pugi::xml_node child : suite.Children({"case"})) {
    Element c = suite.Child(child, {"name"});
    Case parsed = ReadCase(c, out.topology, topology_ok);
    if (c.Has("name")) {
      auto [it, inserted] = seen.emplace(parsed.name, parsed.loc);
      if (!inserted) {
        c.Error("case '" + parsed.name + "' is already defined at " + it->second.ToString());
      }
    }
    out.cases.push_back(std::move(parsed));
  }
}

}  // namespace mtulab
