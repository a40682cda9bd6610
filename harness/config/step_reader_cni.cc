// <cni pod="pod1"/>: the facts of a pod's CNI ADD result.
#include "harness/config/loader_internal.h"

namespace mtulab {

CniStep ReadCni(Element& e, const StepRefs& refs) {
  CniStep step;
  step.pod = ReadNodeRef(e, "pod", refs);
  if (refs.ok && !step.pod.empty() && refs.topology.FindNode(step.pod) != nullptr &&
      refs.topology.FindPod(step.pod) == nullptr) {
    e.AttrError("pod", "node '" + step.pod + "' is not a pod (a <pod> of the topology)");
  }
  return step;
}

}  // namespace mtulab
