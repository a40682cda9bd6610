// <pod name=".." node=".." config=".." ifname="eth0" cni_path="/usr/lib/cni"/>: a node whose
// network real CNI plugins build (model/topology.h, Pod).
#include <filesystem>

#include "harness/config/cni_conf.h"
#include "harness/config/loader_internal.h"
#include "harness/config/topology_index.h"
#include "harness/model/values.h"

namespace mtulab {
namespace {

namespace fs = std::filesystem;

// `config` relative to the topology file's directory (absolute paths as written).
std::string ResolveConfig(const std::string& topology_file, const std::string& config) {
  if (!config.empty() && config.front() == '/') return config;
  return (fs::path(topology_file).parent_path() / config).lexically_normal().string();
}

// Reads and checks the configuration file; reports at the `config` attribute.
void ReadConfig(Element& e, Pod& pod) {
  std::string error;
  if (!ReadWholeFile(pod.config_file, pod.config_text, error)) {
    e.AttrError("config", "CNI configuration " + pod.config_file + " cannot be read: " + error);
    return;
  }
  CniConfSummary summary;
  if (!CheckCniConf(pod.config_file, pod.config_text, summary, error)) {
    e.AttrError("config", error);
    return;
  }
  pod.binaries = summary.binaries;
}

}  // namespace

const std::vector<std::string>& PodAttributes() {
  static const std::vector<std::string> kAttrs = {"name", "node", "config", "ifname", "cni_path"};
  return kAttrs;
}

void ReadPod(Element& e, const std::string& topology_file, Topology& topology) {
  Pod pod;
  pod.loc = e.loc();
  Node node;
  node.loc = e.loc();
  node.name = e.Required("name");
  if (e.Has("name") && !IsName(node.name, "_-", 32)) {
    e.AttrError("name", "pod name '" + node.name + "' must match [A-Za-z0-9_-]{1,32}");
  }
  pod.host = e.Required("node");
  pod.end.node = node.name;
  pod.end.loc = e.loc();
  pod.end.ifname = e.Get("ifname").value_or("eth0");
  if (std::optional<std::string> problem = CheckIfname(pod.end.ifname)) {
    e.AttrError("ifname", *problem);
  }
  if (std::optional<std::string> dir = e.Get("cni_path")) {
    if (dir->empty() || dir->front() != '/') {
      e.AttrError("cni_path", "cni_path=\"" + *dir + "\" must be an absolute directory");
    }
    pod.cni_path = *dir;
  }
  if (e.Has("config")) {
    pod.config_file = ResolveConfig(topology_file, *e.Get("config"));
    ReadConfig(e, pod);
  } else {
    e.Required("config");
  }
  e.Children({});  // reports any child: a pod is configured by its CNI file only
  topology.nodes.push_back(std::move(node));
  topology.pods.push_back(std::move(pod));
}

void ValidatePods(const Topology& topology, const TopologyIndex& index, Diagnostics& diags) {
  for (const Pod& pod : topology.pods) {
    if (pod.host.empty()) continue;  // reported by the reader
    if (index.FindNode(pod.host) == nullptr) {
      diags.Add(pod.loc, "pod '" + pod.end.node + "': node '" + pod.host + "' is not defined");
    } else if (topology.FindPod(pod.host) != nullptr) {
      diags.Add(pod.loc, "pod '" + pod.end.node + "': node '" + pod.host +
                             "' is a pod; CNI plugins run in a node that is not one");
    }
    if (pod.end.mtu) {  // only an <mtu> override can set it
      diags.Add(pod.end.loc, "pod '" + pod.end.node + "': the MTU of " + pod.end.ifname +
                                 " is what its CNI configuration makes it; change the "
                                 "configuration, not the case");
    }
  }
}

}  // namespace mtulab
