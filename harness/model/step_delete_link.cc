// <delete-link>: an interface deleted mid-case. Its row of the step registry: element, attributes,
// help, reader, description and facts. Its runner: harness/probes/mutate.cc.
#include "harness/model/step_row.h"

namespace mtulab {
namespace {

using step_row::Fact, step_row::kInt, step_row::kBool, step_row::kState;

DeleteLinkStep ReadDeleteLink(StepInput& in) {
  DeleteLinkStep del;
  del.node = ReadNodeRef(in, "node");
  del.dev = in.Required("dev");
  if (in.Has("dev")) CheckDevRef(in, "dev", del.node, del.dev);
  return del;
}

std::string DescribeDeleteLink(const DeleteLinkStep& s) {
  return "delete-link " + s.node + " " + s.dev;
}

}  // namespace

StepSpec DeleteLinkStep::Row() {
  return {
      .name = "delete-link",
      .attrs = {"node", "dev"},
      .help = "delete an interface mid-case, like ip link del",
      .facts = {Fact("delete.ms", kInt, "ms", kState,
                     "how long the kernel took to acknowledge (it answers once every reference to "
                     "the device is gone: a leaked cached route shows here)"),
                Fact("delete.gone", kBool, "", kState,
                     "true: no interface has that index any more")},
      .read = StepReader<DeleteLinkStep, ReadDeleteLink>,
      .describe = StepDescriber<DeleteLinkStep, DescribeDeleteLink>,
      .changes_state = true};
}

}  // namespace mtulab
