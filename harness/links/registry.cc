// The table of link kinds, and the per-process probe of which ones this kernel has.
#include <netlink/errno.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <utility>

#include "harness/links/link_add.h"
#include "harness/links/link_kind.h"
#include "harness/model/link_kinds.h"
#include "harness/sys/netns.h"
#include "harness/sys/rtnl.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

// Every registered kind. A function-local static: kinds register from other files' static
// initializers, in an order the language leaves open.
std::vector<KindOps>& Kinds() {
  static std::vector<KindOps> kinds;
  return kinds;
}

// The smallest device of `kind` the kernel accepts: the sample of the kind's row.
DeviceSpec ProbeSpec(const KindSchema& row) {
  DeviceSpec spec{row.kind, "probe", "probe0", std::nullopt, {}, {}};
  for (const auto& [name, value] : row.sample) spec.params[name] = value;
  return spec;
}

// The interfaces the sample refers to (parent, dev): veths the probe creates first.
std::vector<std::string> ProbeLowers(const KindSchema& row) {
  std::vector<std::string> out;
  for (const auto& [name, value] : row.sample) {
    const ParamSpec* p = FindParam(row, name);
    if (p != nullptr && p->type == ParamType::kIfname) out.push_back(value);
  }
  return out;
}

std::string ErrorText(const SysError& e) {
  int code = e.error_code();
  return code < 0 ? nl_geterror(-code) : std::strerror(code);
}

// Tries `ops` once in a fresh anonymous namespace; the namespace, and all in it, is gone
// when this returns.
std::pair<bool, std::string> Probe(const KindOps& ops) {
  const std::string kind = ops.kind;
  const std::string owner = "the scratch namespace probing " + kind;
  try {
    Netns scratch = Netns::Create();
    ScopedNetnsEnter enter(scratch);
    Rtnl rtnl(owner);
    const KindSchema* row = FindKindSchema(kind);
    if (row == nullptr) return {false, "unknown link kind '" + kind + "'"};
    std::vector<std::string> lowers = ProbeLowers(*row);
    for (size_t i = 0; i < lowers.size(); ++i) {
      std::string peer = "probe-peer" + std::to_string(i);
      rtnl.AddVeth(lowers[i], std::nullopt, peer, std::nullopt, scratch.fd(), owner);
    }
    IfIndexOf ifindex_of = [&rtnl](const std::string& n) { return rtnl.GetLink(n).ifindex; };
    DeviceSpec spec = ProbeSpec(*row);
    try {
      ops.create(rtnl, spec, ifindex_of);
    } catch (const SysError& e) {
      return {false, "kernel lacks " + kind + " (" + ErrorText(e) + ")"};
    }
    return {true, ""};
  } catch (const SysError& e) {
    // Not the kind: the namespace itself (no privilege, no netns support).
    return {false, "cannot probe " + kind + " in a scratch namespace: " + e.what()};
  }
}

}  // namespace

KindRegistration::KindRegistration(const KindOps& ops) { Kinds().push_back(ops); }

const KindOps* FindKind(const std::string& kind) {
  for (const KindOps& ops : Kinds()) {
    if (kind == ops.kind) return &ops;
  }
  return nullptr;
}

bool KernelSupportsKind(const std::string& kind, std::string* reason) {
  const KindOps* ops = FindKind(kind);
  if (ops == nullptr) {
    if (reason != nullptr) *reason = "unknown link kind '" + kind + "'";
    return false;
  }
  if (ops->supported != nullptr) {
    std::string why;
    bool yes = ops->supported(&why);
    if (!yes && reason != nullptr) *reason = why;
    return yes;
  }
  static std::mutex mu;
  static std::map<std::string, std::pair<bool, std::string>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(kind);
  if (it == cache.end()) it = cache.emplace(kind, Probe(*ops)).first;
  if (!it->second.first && reason != nullptr) *reason = it->second.second;
  return it->second.first;
}

}  // namespace mtulab
