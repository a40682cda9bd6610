#include "harness/runner/device_order.h"

#include <cerrno>
#include <set>
#include <string>

#include "harness/sys/sys_error.h"

namespace mtulab {

std::vector<const Device*> DeviceBuildOrder(const Topology& topology) {
  std::set<std::string> made;  // "node/ifname"
  for (const Link& l : topology.links) {
    for (const Endpoint& e : l.ends) made.insert(e.node + "/" + e.ifname);
  }
  std::vector<const Device*> pending;
  for (const Device& d : topology.devices) pending.push_back(&d);
  std::vector<const Device*> order;
  while (!pending.empty()) {
    size_t before = pending.size();
    for (auto it = pending.begin(); it != pending.end();) {
      const Device& d = **it;
      bool ready = true;
      for (const std::string& dep : d.DependsOn()) ready = ready && made.count(d.end.node + "/" + dep);
      if (!ready) {
        ++it;
        continue;
      }
      order.push_back(&d);
      made.insert(d.end.node + "/" + d.end.ifname);
      it = pending.erase(it);
    }
    if (pending.size() == before) {
      ThrowErrno("ordering " + pending[0]->kind + " '" + pending[0]->end.ifname + "' in node '" +
                     pending[0]->end.node + "': it depends on a missing interface",
                 ELOOP);
    }
  }
  return order;
}

}  // namespace mtulab
