#ifndef MTULAB_RUNNER_CNI_POD_H_
#define MTULAB_RUNNER_CNI_POD_H_

// Pods whose network real CNI plugins build, run as a container runtime runs them: each
// plugin is executed inside the pod's node namespace (never the host's) with the pod's
// namespace as CNI_NETNS=/proc/self/fd/3; a chain passes prevResult from plugin to plugin.

#include <set>
#include <string>

#include "harness/model/pod_network.h"
#include "harness/model/suite.h"
#include "harness/model/topology.h"
#include "harness/sys/netns.h"
#include "harness/sys/sys_error.h"

namespace mtulab {

/// A private directory (mode 0700, /tmp/mtulab-cni.<pid>.XXXXXX) holding the plugins' state
/// (dataDir: host-local leases, tuning's saved settings) for one lab; removed with everything
/// in it on destruction (a failed build and an interrupted run destroy the lab too). Those
/// of mtulab processes killed outright (a second Ctrl-C, SIGKILL) are removed by the next
/// one made. Throws SysError when it cannot be made.
class CniStateDir {
 public:
  CniStateDir();
  ~CniStateDir();
  CniStateDir(const CniStateDir&) = delete;
  CniStateDir& operator=(const CniStateDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// A plugin that answered ADD with an error; plugin_message() is its JSON `msg` (with
/// details and code), what() also names the pod and the plugin.
class CniPluginError : public SysError {
 public:
  CniPluginError(const std::string& what, const std::string& plugin_message)
      : SysError(what, EPROTO, plugin_message), plugin_message_(plugin_message) {}
  const std::string& plugin_message() const { return plugin_message_; }

 private:
  std::string plugin_message_;
};

/// The pods whose ADD failure case `c` tests: a <cni> step of the case expects cni.result or
/// cni.error. For the others a failing plugin makes the case an error.
std::set<std::string> PodsMayFail(const Case& c);

/// Runs the ADD chain of `pod` with the plugins executed in `host` and `pod_ns` as their
/// CNI_NETNS; plugin and IPAM state go below `state_dir`. Returns the last plugin's result.
/// Throws CniPluginError naming the pod, the plugin and the plugin's own error message, or
/// SysError when a plugin cannot be run.
PodNetwork AddCniPod(const Pod& pod, const Netns& host, const Netns& pod_ns,
                     const std::string& state_dir);

/// The ADD result's addresses of the pod's interface (CNI_IFNAME), appended to `pod.end`
/// so that steps resolve `pod:eth0` targets.
void AddResultAddresses(const PodNetwork& network, Pod& pod);

/// "CNI plugin 'bridge' not found: searched /usr/lib/cni/bridge" for the first plugin
/// binary of any pod that is not an executable file; "" when all are.
std::string MissingCniPlugin(const Topology& topology);

}  // namespace mtulab

#endif  // MTULAB_RUNNER_CNI_POD_H_
