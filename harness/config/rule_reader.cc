// <rule> in a node: a policy-routing rule, as `ip rule add ... lookup TABLE`.
#include "harness/config/loader_internal.h"
#include "harness/model/values.h"

namespace mtulab {
namespace {

// from= / to=: a prefix with its host bits clear (a bare address is a /32 or /128).
std::optional<Prefix> ReadRulePrefix(Element& e, const char* attr) {
  std::optional<std::string> text = e.Get(attr);
  if (!text) return std::nullopt;
  std::string written = *text;
  Family guess = written.find(':') != std::string::npos ? Family::kIpv6 : Family::kIpv4;
  if (written.find('/') == std::string::npos) {
    written += guess == Family::kIpv4 ? "/32" : "/128";
  }
  std::string error;
  std::optional<Prefix> prefix = ParsePrefix(written, guess, error);
  if (!prefix) {
    e.AttrError(attr, std::string(attr) + "=\"" + *text + "\" is not an address or prefix");
    return std::nullopt;
  }
  Prefix network = NetworkOf(*prefix);
  if (!(network.addr == prefix->addr)) {
    e.AttrError(attr, std::string(attr) + "=\"" + *text + "\" has host bits set (did you mean " +
                          PrefixToString(network) + "?)");
    return std::nullopt;
  }
  return network;
}

// dsfield="0x04": the TOS byte's DSCP bits. The kernel refuses ECN bits in a rule (it matches
// a packet's TOS with its ECN bits masked off).
std::optional<uint8_t> ReadDsfield(Element& e) {
  std::optional<std::string> text = e.Get("dsfield");
  if (!text) return std::nullopt;
  std::optional<uint8_t> value = ParseTosByte(*text);
  if (!value) {
    e.AttrError("dsfield", "dsfield=\"" + *text + "\" is not a TOS byte: 0x00..0xff or 0..255");
  } else if ((*value & 0x03) != 0) {
    e.AttrError("dsfield", "dsfield=\"" + *text +
                               "\" has ECN bits (0x03) set: a rule matches DSCP only, the kernel "
                               "refuses it");
    return std::nullopt;
  }
  return value;
}

// The family: from `from`/`to`, else `family`, else IPv4 (as `ip rule` without -6).
bool SettleRuleFamily(Element& e, Rule& rule, const std::string& prefix) {
  std::optional<Family> attr = e.FamilyOf("family");
  std::optional<Family> of = attr;
  for (const std::optional<Prefix>* p : {&rule.from, &rule.to}) {
    if (!*p) continue;
    if (of && (*p)->addr.family != *of) {
      e.Error(prefix + "mixes IPv4 and IPv6 in from, to and family");
      return false;
    }
    of = (*p)->addr.family;
  }
  rule.family = of.value_or(Family::kIpv4);
  return true;
}

}  // namespace

const std::vector<std::string> kRuleAttrs = {"family",  "priority", "from", "to",
                                             "dsfield", "fwmark",   "table"};

std::optional<Rule> ReadRule(Element& e, const std::string& node) {
  Rule rule;
  rule.loc = e.loc();
  const std::string prefix = "rule on node '" + node + "': ";
  bool ok = e.Has("table");
  e.Required("table");
  rule.table = e.Uint("table", 1, UINT32_MAX).value_or(0);
  if (rule.table == 0) ok = false;
  rule.priority = e.Uint("priority", 0, UINT32_MAX);
  rule.from = ReadRulePrefix(e, "from");
  rule.to = ReadRulePrefix(e, "to");
  rule.dsfield = ReadDsfield(e);
  rule.fwmark = e.Uint("fwmark", 1, UINT32_MAX);
  if ((e.Has("from") && !rule.from) || (e.Has("to") && !rule.to)) ok = false;
  if (e.Has("dsfield") && !rule.dsfield) ok = false;
  if (ok) ok = SettleRuleFamily(e, rule, prefix);
  // IPv4 rules match the old TOS field only (fib4_rule_configure: IPTOS_TOS_MASK, 0x1e).
  if (ok && rule.dsfield && rule.family == Family::kIpv4 && (*rule.dsfield & ~0x1e) != 0) {
    e.AttrError("dsfield", "dsfield=\"" + *e.Get("dsfield") +
                               "\": an IPv4 rule matches only the TOS bits 0x1c (0x04..0x1c); "
                               "the kernel refuses any other DSCP (EINVAL)");
    ok = false;
  }
  if (!ok) return std::nullopt;
  return rule;
}

}  // namespace mtulab
