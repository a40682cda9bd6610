// Lab::AddDevice and Lab::ChangeDevice: the links a case's steps create or change mid-case
// (<add-link>, <change-link>), through the same kind files the build uses.
#include <cerrno>

#include "harness/links/link_add.h"
#include "harness/links/link_kind.h"
#include "harness/model/errors.h"
#include "harness/runner/lab.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

IfIndexOf IndexIn(LabNode& n) {
  return [&n](const std::string& ifname) { return n.rtnl.GetLink(ifname).ifindex; };
}

}  // namespace

void Lab::AddDevice(const Device& d) {
  const KindOps* ops = FindKind(d.kind);
  if (ops == nullptr || ops->create == nullptr) {
    ThrowErrno("adding " + d.kind + " '" + d.end.ifname + "' mid-case: not a kind mtulab can add",
               EOPNOTSUPP);
  }
  std::string reason;
  if (!KernelSupportsKind(d.kind, &reason)) throw CaseSkip(reason);
  LabNode& n = node(d.end.node);
  ops->create(n.rtnl, SpecOf(d), IndexIn(n));
  n.ifindex[d.end.ifname] = n.rtnl.GetLink(d.end.ifname).ifindex;
}

void Lab::ChangeDevice(const Device& d) {
  LabNode& n = node(d.end.node);
  mtulab::ChangeDevice(n.rtnl, SpecOf(d), IndexIn(n), IfIndex(d.end.node, d.end.ifname));
}

}  // namespace mtulab
