#include "harness/cli/lab_pins.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "harness/runner/lab.h"
#include "harness/sys/pin.h"
#include "harness/sys/sys_error.h"

namespace mtulab {

std::string PinPath(const std::string& name) { return std::string(kNetnsRunDir) + "/" + name; }

// Removes the recorded pins that still are the recorded namespaces; counts them in
// `removed`. False when one could not be removed.
bool RemoveRecordedPins(const std::vector<PinnedNetns>& pins, int* removed) {
  bool ok = true;
  for (const PinnedNetns& pin : pins) {
    std::string path = PinPath(pin.name);
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      if (errno == ENOENT) continue;  // removed already (ip netns del)
      std::fprintf(stderr, "mtulab: reading %s: %s\n", path.c_str(), std::strerror(errno));
      ok = false;
      continue;
    }
    if (st.st_dev != pin.dev || st.st_ino != pin.ino) {
      std::fprintf(stderr, "mtulab: left %s: it is no longer the namespace `mtulab up` pinned\n",
                   path.c_str());
      continue;
    }
    ok = UnpinNetns(path) && ok;
    ++*removed;
  }
  return ok;
}

// Pins every node as PinName(topology, node), each recorded before it is made. On failure
// removes what it pinned and the record, and throws.
std::vector<PinnedNetns> PinAndRecord(const Topology& t, Lab& lab) {
  PinRecord record = PinRecord::Create(t.name);
  std::vector<PinnedNetns> pinned;
  try {
    for (const Node& n : t.nodes) {
      const Netns& ns = lab.node(n.name).ns;
      struct stat st {};
      if (::fstat(ns.fd(), &st) != 0) ThrowErrno("reading the namespace of node " + n.name);
      PinnedNetns pin{PinName(t.name, n.name), st.st_dev, st.st_ino};
      record.Add(pin);
      PinNetns(ns, pin.name);
      pinned.push_back(pin);
    }
  } catch (...) {
    int removed = 0;
    RemoveRecordedPins(pinned, &removed);
    try {
      RemovePinRecord(t.name);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "mtulab up: %s\n", e.what());
    }
    throw;
  }
  return pinned;
}

std::string AlreadyUpHint(const std::string& topology, const std::string& file) {
  return "topology '" + topology +
         "' is already up (by `mtulab up` or `mtulab run "
         "--keep-on-failure`; `mtulab status` lists it): remove it with `mtulab down " +
         file + "`, then try again";
}

std::string KeepFailedLab(const CaseResult& r, Lab& lab) {
  const Topology& t = lab.topology();
  std::string id = r.suite + "/" + r.name;
  std::vector<PinnedNetns> pins;
  try {
    pins = PinAndRecord(t, lab);
  } catch (const SysError& e) {
    std::string why = e.error_code() == EEXIST ? AlreadyUpHint(t.name, r.file) : e.what();
    return "    lab of " + id + " not kept: " + why;
  } catch (const std::exception& e) {
    return "    lab of " + id + " not kept: " + e.what();
  }
  std::string text = "    lab of " + id + " kept (topology '" + t.name + "'):";
  for (const PinnedNetns& pin : pins) text += "\n      ip netns exec " + pin.name + " ip addr";
  if (lab.HasChildProcesses()) {
    text += "\n      (its wireguard-go processes stop when mtulab exits)";
  }
  return text + "\n      remove it with: mtulab down " + r.file;
}

}  // namespace mtulab
