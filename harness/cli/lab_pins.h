#ifndef MTULAB_CLI_LAB_PINS_H_
#define MTULAB_CLI_LAB_PINS_H_

#include <string>
#include <vector>

#include "harness/model/topology.h"
#include "harness/model/verdict.h"
#include "harness/sys/pin_record.h"

namespace mtulab {

class Lab;  // harness/runner/lab.h

/// /run/netns/<name>.
std::string PinPath(const std::string& name);

/// Pins every node of `t` as PinName(topology, node), each recorded (/run/mtulab) before it
/// is made. On failure removes what it pinned and the record, and throws; a topology that
/// is up already throws with a hint naming `mtulab down` and `mtulab status`.
std::vector<PinnedNetns> PinAndRecord(const Topology& t, Lab& lab);

/// Removes the recorded pins that still are the recorded namespaces; counts them in
/// `removed`. False when one could not be removed (said on stderr).
bool RemoveRecordedPins(const std::vector<PinnedNetns>& pins, int* removed);

/// What to say when pinning `topology` found its record or a pin name taken (EEXIST),
/// naming `file` for `mtulab down`.
std::string AlreadyUpHint(const std::string& topology, const std::string& file);

/// `run --keep-on-failure`: pins the lab of the failed case `r` as `mtulab up` would, and
/// returns what to tell the user: how to enter it and remove it, or why it was not kept.
std::string KeepFailedLab(const CaseResult& r, Lab& lab);

}  // namespace mtulab

#endif  // MTULAB_CLI_LAB_PINS_H_
