#ifndef MTULAB_RUNNER_CNI_CHAIN_H_
#define MTULAB_RUNNER_CNI_CHAIN_H_

// What a runtime hands each CNI plugin (libcni's rules, spec 1.0.0), without running any:
// the per-plugin network configuration, the environment, and the parsed result or error.

#include <optional>
#include <string>
#include <vector>

#include "harness/model/pod_network.h"
#include "harness/model/topology.h"

namespace mtulab {

/// The number of plugin entries of a checked configuration: those of a `.conflist`'s
/// `plugins`, in ADD order, or 1 for a `.conf`.
size_t ChainLength(const std::string& config_text);

/// The `type` of entry `index`.
std::string PluginType(const std::string& config_text, size_t index);

/// The stdin of entry `index` for ADD: the entry with the list's `cniVersion` and `name`,
/// `prevResult` when `prev_result` is given (the previous plugin's stdout), and `dataDir`
/// set to `data_dir` in the entry and in its `ipam` (plugin and IPAM state then stay there,
/// never in /var/lib/cni or /run/cni).
std::string PluginStdin(const std::string& config_text, size_t index,
                        const std::optional<std::string>& prev_result, const std::string& data_dir);

/// The whole environment of a plugin run; CNI_NETNS is /proc/self/fd/`netns_fd`.
std::vector<std::string> PluginEnv(const std::string& command, const std::string& container_id,
                                   int netns_fd, const std::string& ifname,
                                   const std::string& cni_path);

/// The plugin's error message from its stdout ({"code", "msg", "details"}): "msg (details)
/// [code N]"; nullopt when stdout holds no CNI error.
std::optional<std::string> CniErrorMessage(const std::string& stdout_text);

/// Parses a CNI 1.0.0 result; on failure returns nullopt and sets `error`.
std::optional<PodNetwork> ParseCniResult(const std::string& stdout_text, std::string& error);

}  // namespace mtulab

#endif  // MTULAB_RUNNER_CNI_CHAIN_H_
