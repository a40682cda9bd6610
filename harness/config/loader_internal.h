#ifndef MTULAB_CONFIG_LOADER_INTERNAL_H_
#define MTULAB_CONFIG_LOADER_INTERNAL_H_

// Pieces of the loader shared between its .cc files. Not for use outside harness/config.

#include <optional>
#include <string>

#include "harness/config/element.h"
#include "harness/config/xml_file.h"
#include "harness/model/diagnostics.h"
#include "harness/model/suite.h"
#include "harness/model/topology.h"

namespace mtulab {

class TopologyIndex;

/// Attributes a route accepts (besides `node` in an override).
extern const std::vector<std::string> kRouteAttrs;

/// False (reported at the first element over the limit) when `file`'s root has more than
/// kMaxNodes <node>s or kMaxLinks <link>s; then it is not read any further.
bool CheckTopologySize(const XmlFile& file, Diagnostics& diags);

/// Builds a topology from `file`'s root element, recording syntax problems (names, numbers,
/// addresses) in `diags`. Cross-references are left to ValidateTopology().
Topology ReadTopology(const XmlFile& file, Diagnostics& diags);

/// Attributes a <link> of single-node `kind` accepts (common + the kind's schema).
std::vector<std::string> DeviceAttributes(const std::string& kind);

/// Reads the kind attributes and children (<sysctl>, <fdb>, <peer>) of a single-node link;
/// `end` holds its common attributes already read.
std::optional<Device> ReadDevice(Element& e, const std::string& kind, Endpoint end);

/// Attributes of a <pod>.
const std::vector<std::string>& PodAttributes();

/// Reads a <pod> (config/pod_reader.cc): a Node of its name and a Pod, its CNI
/// configuration (resolved against `topology_file`'s directory) read and checked.
void ReadPod(Element& e, const std::string& topology_file, Topology& topology);

/// Each pod's `node` is a defined node that is not itself a pod; no override sets the MTU
/// of a pod's interface (the plugins do).
void ValidatePods(const Topology& topology, const TopologyIndex& index, Diagnostics& diags);

/// Cross-checks of single-node links: referenced interfaces (dev, parent, ports) exist in
/// the same node without cycles, address families agree, WireGuard peers resolve.
void ValidateDevices(const Topology& topology, const TopologyIndex& index, Diagnostics& diags);

/// Reports every single-node link that depends on itself through `dev`, `parent` or `ports`
/// of others, naming one cycle ("br0 -> vx0 -> br0"); linear in links and references.
void CheckDependencyCycles(const Topology& topology, const TopologyIndex& index,
                           Diagnostics& diags);

/// Checks what needs the whole topology: duplicate nodes/interfaces/addresses, ends on
/// undefined nodes, IPv6 on links below 1280, route devs, gateways and sources.
void ValidateTopology(const Topology& topology, Diagnostics& diags);

/// Reads the route attributes of `e` for node `node`; nullopt when they are unusable.
/// `leaf`: `e` may have no children (a <route-replace> step reads its <expect>s itself).
std::optional<Route> ReadRoute(Element& e, const std::string& node, bool leaf = true);
/// <mpls-route label dev> in a <node>: an AF_MPLS route popping `label`.
std::optional<MplsRoute> ReadMplsRoute(Element& e);

/// Reads `name`/`value` of `e` as a node sysctl (`ifname` null: "net.X") or as an interface
/// sysctl of `*ifname` ("ipv4.X" expanded to "net.ipv4.conf.IFNAME.X").
std::optional<Sysctl> ReadSysctl(Element& e, const std::string* ifname);

/// "; did you mean 'x'?" for the closest defined node, or "" (also once `diags` has no
/// suggestion work left: 30,000 bad references to 30,000 nodes must not cost 30,000²).
std::string NodeSuggestion(const Topology& topology, const std::string& name,
                           Diagnostics& diags);

/// Reads the <case>s of `suite` into `out.cases`. `out.topology` resolves references;
/// `topology_ok` false skips reference checks.
void ReadCases(Element& suite, bool topology_ok, Suite& out);

/// The inner step and condition of <until> `e` (step_reader_poll.cc); its attributes every
/// and timeout are read by its row (model/step_until.cc).
void ReadUntilPoll(Element& e, const Topology& topology, bool topology_ok, UntilStep& until);

/// A <require> of a <case> (require_reader.cc); nullopt after reporting a problem.
std::optional<Requirement> ReadRequirement(Element r);

/// Element names of the steps, in documentation order.
std::vector<std::string> StepNames();

/// Reads step element `node` (`ping`, `pmtu`, ...) of case `parent`, with its <expect>s;
/// nullopt when `node` is not a step. Index and references to the topology are checked only
/// when `topology_ok`; the index is left 0.
std::optional<Step> ReadStep(Element& parent, pugi::xml_node node, const Topology& topology,
                             bool topology_ok);

/// Reads an <expect> into one Expectation per predicate attribute, in attribute order.
/// `leaf`: `e` may have no children (an <until> has its inner step).
void ReadExpect(Element& e, std::vector<Expectation>& out, bool leaf = true);

/// Reports at `x`'s fact attribute when its fact is one `step` can never produce (unknown,
/// of another kind, or not bound by the step's attributes), with a "did you mean".
void CheckExpectedFact(Element& x, Step& step, size_t first);

/// Reports at case element `c` when none of the case's steps expects anything.
void CheckCaseExpects(Element& c, const Case& out);

/// Reads the children of an <override> into `out`.
/// Overrides that are unusable (reported) are left out.
void ReadOverrides(Element e, const Topology& topology, bool topology_ok,
                   std::vector<Override>& out);

}  // namespace mtulab

#endif  // MTULAB_CONFIG_LOADER_INTERNAL_H_
