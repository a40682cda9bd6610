// Policy-routing rules (`ip rule add`): RTM_NEWRULE through libnl-route's rtnl_rule.
#include <linux/fib_rules.h>
#include <netlink/addr.h>
#include <netlink/errno.h>
#include <netlink/route/rule.h>
#include <sys/socket.h>

#include <memory>
#include <string>

#include "harness/model/values.h"
#include "harness/sys/rtnl.h"
#include "harness/sys/sys_error.h"

namespace mtulab {
namespace {

struct RulePut {
  void operator()(rtnl_rule* r) const { rtnl_rule_put(r); }
};
struct NlAddrPut {
  void operator()(nl_addr* a) const { nl_addr_put(a); }
};
using NlAddrPtr = std::unique_ptr<nl_addr, NlAddrPut>;

// A rule's prefix as libnl's address (the typed value's bytes, no text parsing).
NlAddrPtr BuildPrefix(const Prefix& p, const std::string& what) {
  bool v4 = p.addr.family == Family::kIpv4;
  nl_addr* a = nl_addr_build(v4 ? AF_INET : AF_INET6, p.addr.bytes.data(), v4 ? 4 : 16);
  if (a == nullptr) ThrowNl(what + ": building address " + PrefixToString(p), -NLE_NOMEM);
  nl_addr_set_prefixlen(a, p.len);
  return NlAddrPtr(a);
}

}  // namespace

void Rtnl::AddRule(const Rule& rule) {
  std::string what = "adding rule " + rule.Describe() + " in " + owner();
  std::unique_ptr<rtnl_rule, RulePut> r(rtnl_rule_alloc());
  if (!r) ThrowNl(what, -NLE_NOMEM);
  rtnl_rule_set_family(r.get(), rule.family == Family::kIpv4 ? AF_INET : AF_INET6);
  rtnl_rule_set_action(r.get(), FR_ACT_TO_TBL);
  rtnl_rule_set_table(r.get(), rule.table);
  if (rule.priority) rtnl_rule_set_prio(r.get(), *rule.priority);
  if (rule.dsfield) rtnl_rule_set_dsfield(r.get(), *rule.dsfield);
  if (rule.fwmark) {
    rtnl_rule_set_mark(r.get(), *rule.fwmark);
    rtnl_rule_set_mask(r.get(), 0xffffffffu);
  }
  int err = 0;
  if (rule.from) err = rtnl_rule_set_src(r.get(), BuildPrefix(*rule.from, what).get());
  if (err == 0 && rule.to) err = rtnl_rule_set_dst(r.get(), BuildPrefix(*rule.to, what).get());
  if (err == 0) err = rtnl_rule_add(sock(), r.get(), NLM_F_EXCL);  // libnl adds NLM_F_CREATE
  if (err < 0) ThrowError(what, err);
}

}  // namespace mtulab
