#ifndef MTULAB_CONFIG_LOADER_H_
#define MTULAB_CONFIG_LOADER_H_

#include <string>
#include <vector>

#include "harness/model/suite.h"
#include "harness/model/topology.h"

namespace mtulab {

/// Reads and validates a topology file. Throws ConfigError with every problem found.
Topology LoadTopology(const std::string& path);

/// Reads and validates a suite file and the topology it names (path relative to the suite
/// file), including every case's overrides and step references. Throws ConfigError.
/// Expectations written "predicted" keep their marker (Expectation::predicted_from); the
/// commands resolve them afterwards (plan/predicted_facts.h, cli/load_suite.h).
Suite LoadSuite(const std::string& path);

/// Reads a suite for `mtulab probe`: no topology attribute; steps and targets are checked
/// against `topology` (the namespaces probe mode was given, as a topology of existing
/// interfaces). Refuses, at the element's file:line:col, steps whose row changes state unless
/// `allow_changes`, case overrides and "predicted" values. Throws ConfigError.
Suite LoadProbeSuite(const std::string& path, const Topology& topology, bool allow_changes);

/// The *.xml files directly in `dir`, sorted by name. Throws ConfigError if `dir` is unreadable.
std::vector<std::string> ListXmlFiles(const std::string& dir);

}  // namespace mtulab

#endif  // MTULAB_CONFIG_LOADER_H_
