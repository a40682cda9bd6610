#ifndef MTULAB_CONFIG_CNI_CONF_H_
#define MTULAB_CONFIG_CNI_CONF_H_

// Load-time checks of a CNI network configuration (spec 1.0.0), `.conf` (one plugin) or
// `.conflist` (a chain under "plugins"), before any plugin runs.

#include <string>
#include <vector>

namespace mtulab {

/// What the loader needs from a configuration: the plugin binaries its chain runs.
struct CniConfSummary {
  std::vector<std::string> binaries;  // each plugin's `type`, then its `ipam.type` if any
};

/// Checks `text` (the content of `path`) as a CNI configuration: valid JSON, an object with
/// `cniVersion` "1.0.0", a `name`, and either `type` or a non-empty `plugins` array of
/// objects with a `type` each (an `ipam`, when present, is an object with a `type`); every
/// type is a plain file name. On failure returns false and sets `error`; a JSON syntax
/// error is "PATH:LINE:COL: ..." at the offending byte.
bool CheckCniConf(const std::string& path, const std::string& text, CniConfSummary& out,
                  std::string& error);

}  // namespace mtulab

#endif  // MTULAB_CONFIG_CNI_CONF_H_
