#include <algorithm>
#include <iterator>
#include <sstream>

#include "harness/config/capture_buffer.h"
#include "harness/config/loader_internal.h"
#include "harness/model/step_specs.h"
#include "harness/model/values.h"
#include "harness/sys/pcap_filter.h"

namespace mtulab {

using Refs = StepRefs;

std::string ReadNodeRef(Element& e, const char* attr, const Refs& refs) {
  std::string node = e.Required(attr);
  if (refs.ok && e.Has(attr) && refs.topology.FindNode(node) == nullptr) {
    std::string hint = NodeSuggestion(refs.topology, node, e.diags());
    e.AttrError(attr, "node '" + node + "' is not defined" + hint);
  }
  return node;
}

void CheckDevRef(Element& e, const char* attr, const std::string& node, const std::string& dev,
                 const Refs& refs) {
  if (!refs.ok || refs.topology.FindNode(node) == nullptr) return;
  if (refs.topology.FindEndpoint(node, dev) == nullptr) {
    e.AttrError(attr, "interface '" + dev + "' is not defined on node '" + node + "'");
  }
}

namespace {

// Parses `to` (an address or node:ifname) and settles the step's family.
Target ReadTarget(Element& e, const Refs& refs, Family& family) {
  Target target;
  target.text = e.Required("to");
  std::optional<Family> attr = e.FamilyOf("family");
  family = attr.value_or(Family::kIpv4);
  if (!e.Has("to")) return target;
  if (std::optional<IpAddr> ip = ParseIp(target.text)) {
    if (attr && *attr != ip->family) {
      e.AttrError("family", "to=\"" + target.text + "\" is an " + FamilyName(ip->family) +
                                " address but family=\"" + FamilyName(*attr) + "\"");
    }
    family = ip->family;
    if (std::optional<std::string> unusable = UnusableAddress(*ip)) {
      e.AttrError("to", "to=\"" + target.text + "\" " + *unusable + " and cannot be a target");
    }
    return target;
  }
  size_t colon = target.text.find(':');
  if (colon == std::string::npos) {
    e.AttrError("to", "to=\"" + target.text + "\" is not an address or node:ifname");
    return target;
  }
  target.node = target.text.substr(0, colon);
  target.ifname = target.text.substr(colon + 1);
  if (!refs.ok) return target;
  const Endpoint* end = refs.topology.FindEndpoint(*target.node, *target.ifname);
  if (refs.topology.FindNode(*target.node) == nullptr) {
    e.AttrError("to", "node '" + *target.node + "' is not defined" +
                          NodeSuggestion(refs.topology, *target.node, e.diags()));
  } else if (end == nullptr) {
    e.AttrError("to",
                "interface '" + *target.ifname + "' is not defined on node '" + *target.node + "'");
  } else if (end->FirstAddress(family) == nullptr && !refs.topology.FindPod(*target.node)) {
    // A pod's addresses come from its CNI result, at build time.
    e.AttrError("to", "interface '" + *target.ifname + "' on node '" + *target.node + "' has no " +
                          FamilyName(family) + " address");
  }
  return target;
}

DfMode ReadDf(Element& e) {
  std::optional<std::string> df = e.Get("df");
  if (!df) return DfMode::kDefault;
  if (*df == "do") return DfMode::kDo;
  if (*df == "want") return DfMode::kWant;
  if (*df == "dont") return DfMode::kDont;
  if (*df == "probe") return DfMode::kProbe;
  e.AttrError("df", "df=\"" + *df + "\" must be one of do, want, dont, probe");
  return DfMode::kDefault;
}

// from, to and family, shared by the steps that probe a target.
template <typename StepT>
Family ReadFromTo(Element& e, const Refs& refs, StepT& step) {
  step.from = ReadNodeRef(e, "from", refs);
  Family family;
  step.to = ReadTarget(e, refs, family);
  step.family = family;
  return family;
}

PingStep ReadPing(Element& e, const Refs& refs) {
  PingStep ping;
  Family family = ReadFromTo(e, refs, ping);
  ping.size = e.Uint("size", 0, family == Family::kIpv4 ? 65507 : 65527).value_or(ping.size);
  ping.count = e.Uint("count", 1, 1000).value_or(ping.count);
  ping.interval_s = e.Seconds("interval", 0, 10, false).value_or(ping.interval_s);
  ping.timeout_s = e.Seconds("timeout", 0, 60, true).value_or(ping.timeout_s);
  ping.ttl = e.Uint("ttl", 1, 255);
  ping.cpu = e.Uint("cpu", 0, 4095);
  ping.df = ReadDf(e);
  return ping;
}

PmtuStep ReadPmtu(Element& e, const Refs& refs) {
  PmtuStep pmtu;
  ReadFromTo(e, refs, pmtu);
  pmtu.oif = e.Get("oif");
  if (pmtu.oif) CheckDevRef(e, "oif", pmtu.from, *pmtu.oif, refs);
  return pmtu;
}

CounterStep ReadCounter(Element& e, const Refs& refs) {
  CounterStep counter;
  counter.node = ReadNodeRef(e, "node", refs);
  std::istringstream names(e.Required("name"));
  bool bad = false;
  for (std::string name; names >> name;) {
    if (IsName(name, "_.", name.size())) {
      counter.names.push_back(name);
    } else {
      e.AttrError("name", "counter name '" + name + "' has a character other than [A-Za-z0-9_.]");
      bad = true;
    }
  }
  if (e.Has("name") && counter.names.empty() && !bad) {
    e.AttrError("name", "<counter> needs at least one counter name");
  }
  return counter;
}

LinkStep ReadLinkStep(Element& e, const Refs& refs) {
  LinkStep link;
  link.node = ReadNodeRef(e, "node", refs);
  link.dev = e.Required("dev");
  if (e.Has("dev")) CheckDevRef(e, "dev", link.node, link.dev, refs);
  return link;
}

// <set dev offload="lro" state="off" refused="skip|fail">.
void ReadOffloadSet(Element& e, SetStep& set) {
  static const std::vector<std::string> kGroups = {"tso", "gso", "gro", "lro", "tx", "sg"};
  if (!set.dev) e.Error("<set> with 'offload' needs attribute 'dev'");
  std::string group = e.Required("offload");
  if (std::find(kGroups.begin(), kGroups.end(), group) == kGroups.end()) {
    e.AttrError("offload", "offload=\"" + group + "\" must be one of " + JoinNames(kGroups));
  }
  set.offload = group;
  std::string state = e.Required("state");
  if (state != "on" && state != "off" && e.Has("state")) {
    e.AttrError("state", "state=\"" + state + "\" must be on or off");
  }
  set.offload_on = state == "on";
  std::string refused = e.Get("refused").value_or("fail");
  if (refused != "fail" && refused != "skip") {
    e.AttrError("refused", "refused=\"" + refused + "\" must be fail or skip");
  }
  set.refused_skips = refused == "skip";
}

SetStep ReadSet(Element& e, const Refs& refs) {
  SetStep set;
  set.node = ReadNodeRef(e, "node", refs);
  set.dev = e.Get("dev");
  if (set.dev) CheckDevRef(e, "dev", set.node, *set.dev, refs);
  bool mtu_form = e.Has("mtu");
  bool sysctl_form = e.Has("name") || e.Has("value");
  bool offload_form = e.Has("offload") || e.Has("state") || e.Has("refused");
  if (mtu_form + sysctl_form + offload_form > 1) {
    e.Error("<set> takes one of 'dev' + 'mtu', 'name' + 'value', or 'dev' + 'offload' + "
            "'state', not several");
  } else if (!mtu_form && !sysctl_form && !offload_form) {
    e.Error("<set> needs 'dev' + 'mtu', 'name' + 'value', or 'dev' + 'offload' + 'state'");
  } else if (offload_form) {
    ReadOffloadSet(e, set);
  } else if (mtu_form) {
    if (!set.dev) e.Error("<set> with 'mtu' needs attribute 'dev'");
    set.mtu = e.Uint("mtu", 68, 65535);
  } else {
    set.sysctl = ReadSysctl(e, set.dev ? &*set.dev : nullptr);
  }
  return set;
}

FlushStep ReadFlush(Element& e, const Refs& refs) {
  FlushStep flush;
  flush.node = ReadNodeRef(e, "node", refs);
  flush.family = e.FamilyOf("family");
  return flush;
}

std::optional<Target> ReadIfRef(Element& e, const char* attr, const Refs& refs);

SweepStep ReadSweep(Element& e, const Refs& refs) {
  SweepStep sweep;
  Family family = ReadFromTo(e, refs, sweep);
  uint32_t top = family == Family::kIpv4 ? 65507 : 65527;
  sweep.min = e.Uint("min", 0, top).value_or(sweep.min);
  sweep.max = e.Uint("max", 0, top).value_or(sweep.max);
  if (sweep.min > sweep.max) e.Error("<sweep> min " + std::to_string(sweep.min) +
                                     " is above max " + std::to_string(sweep.max));
  sweep.timeout_s = e.Seconds("timeout", 0, 10, true).value_or(sweep.timeout_s);
  sweep.tries = e.Uint("tries", 1, 10).value_or(sweep.tries);
  if (e.Has("df")) sweep.df = ReadDf(e);
  sweep.underlay = ReadIfRef(e, "underlay", refs);
  return sweep;
}

// node:ifname naming an interface of the topology (for sweep/encap underlays).
std::optional<Target> ReadIfRef(Element& e, const char* attr, const Refs& refs) {
  std::optional<std::string> u = e.Get(attr);
  if (!u) return std::nullopt;
  size_t colon = u->find(':');
  if (colon == std::string::npos) {
    e.AttrError(attr, std::string(attr) + "=\"" + *u + "\" must be node:ifname");
    return std::nullopt;
  }
  Target t{*u, u->substr(0, colon), u->substr(colon + 1)};
  if (refs.ok && refs.topology.FindEndpoint(*t.node, *t.ifname) == nullptr) {
    e.AttrError(attr, std::string(attr) + " '" + *u + "' is not an interface of the topology");
  }
  return t;
}

EncapStep ReadEncap(Element& e, const Refs& refs) {
  EncapStep encap;
  ReadFromTo(e, refs, encap);
  encap.size = e.Uint("size", 0, 9000).value_or(encap.size);
  encap.timeout_s = e.Seconds("timeout", 0, 10, true).value_or(encap.timeout_s);
  e.Required("underlay");
  if (std::optional<Target> u = ReadIfRef(e, "underlay", refs)) {
    if (*u->node != encap.from) {
      e.AttrError("underlay", "underlay '" + u->text + "' must be an interface of node '" +
                                  encap.from + "'");
    }
    encap.underlay = *u;
  }
  return encap;
}

WaitStep ReadWait(Element& e, const Refs&) {
  WaitStep wait;
  e.Required("seconds");
  wait.seconds = e.Seconds("seconds", 0, 600, false).value_or(0);
  return wait;
}

TcpStep ReadTcp(Element& e, const Refs& refs) {
  TcpStep tcp;
  ReadFromTo(e, refs, tcp);
  tcp.port = static_cast<uint16_t>(e.Uint("port", 1, 65535).value_or(tcp.port));
  tcp.request = e.Uint("request", 0, 1u << 30).value_or(0);
  tcp.response = e.Uint("response", 0, 1u << 30).value_or(0);
  tcp.mss = e.Uint("mss", 88, 65495);
  tcp.df = ReadDf(e);
  tcp.timeout_s = e.Seconds("timeout", 0, 600, true).value_or(tcp.timeout_s);
  tcp.stall_s = e.Seconds("stall", 0, 600, true).value_or(tcp.stall_s);
  tcp.end = static_cast<TcpEnd>(e.Choice("end", {"shutdown", "close", "abort"}).value_or(0));
  if (tcp.stall_s > tcp.timeout_s) {
    e.AttrError("stall", "stall=\"" + e.Get("stall").value_or("") +
                             "\" is longer than the step's timeout");
  }
  return tcp;
}

UdpStep ReadUdp(Element& e, const Refs& refs) {
  UdpStep udp;
  Family family = ReadFromTo(e, refs, udp);
  udp.port = static_cast<uint16_t>(e.Uint("port", 1, 65535).value_or(udp.port));
  udp.size = e.Uint("size", 0, family == Family::kIpv4 ? 65507 : 65527).value_or(udp.size);
  udp.count = e.Uint("count", 1, 1000).value_or(udp.count);
  udp.df = ReadDf(e);
  udp.timeout_s = e.Seconds("timeout", 0, 60, true).value_or(udp.timeout_s);
  return udp;
}

// Capture names become report file names and fact contexts: keep them plain.
std::string ReadCaptureName(Element& e) {
  std::string name = e.Required("name");
  if (e.Has("name") && (!IsName(name, "_.-", 64) || IsDotName(name))) {
    e.AttrError("name", "capture name '" + name + "' must match [A-Za-z0-9_.-]{1,64}");
  }
  return name;
}

CaptureStartStep ReadCaptureStart(Element& e, const Refs& refs) {
  CaptureStartStep capture;
  capture.name = ReadCaptureName(e);
  e.Required("at");
  if (std::optional<Target> at = ReadIfRef(e, "at", refs)) capture.at = *at;
  capture.filter = e.Get("filter").value_or("");
  // Compiled for Ethernet (veth, bridge, vxlan, ...): a syntax error fails here, without
  // root; a filter the interface's real link type refuses fails when the capture starts.
  if (capture.filter.size() > kMaxPcapFilterLength) {
    e.AttrError("filter", "filter is longer than " + std::to_string(kMaxPcapFilterLength) +
                              " characters");
  } else if (std::string why = PcapFilterError(capture.filter, kDltEthernet); !why.empty()) {
    e.AttrError("filter",
                "filter=\"" + capture.filter + "\" is not a valid capture filter: " + why);
  }
  capture.snaplen = e.Uint("snaplen", 64, 262144).value_or(capture.snaplen);
  capture.buffer = ReadCaptureBuffer(e);
  if (std::optional<std::string> empty = e.Get("empty")) {
    if (*empty != "allowed" && *empty != "error") {
      e.AttrError("empty", "empty=\"" + *empty + "\" must be 'allowed' or 'error'");
    }
    capture.empty_allowed = *empty == "allowed";
  }
  return capture;
}

CaptureStopStep ReadCaptureStop(Element& e, const Refs&) {
  return CaptureStopStep{ReadCaptureName(e)};
}

DeleteLinkStep ReadDeleteLink(Element& e, const Refs& refs) {
  DeleteLinkStep del;
  del.node = ReadNodeRef(e, "node", refs);
  del.dev = e.Required("dev");
  if (e.Has("dev")) CheckDevRef(e, "dev", del.node, del.dev, refs);
  return del;
}

RouteReplaceStep ReadRouteReplace(Element& e, const Refs& refs) {
  RouteReplaceStep replace;
  replace.node = ReadNodeRef(e, "node", refs);
  if (std::optional<Route> route = ReadRoute(e, replace.node, false)) {
    replace.route = *route;
    if (route->dev) CheckDevRef(e, "dev", replace.node, *route->dev, refs);
  }
  return replace;
}

// One reader per StepBody alternative, in variant order (the rows of model/step_specs.h):
// ReadAs<I, F> does not compile when F reads another kind than alternative I.
using Reader = StepBody (*)(Element&, const Refs&);

template <size_t I, auto kRead>
StepBody ReadAs(Element& e, const Refs& refs) {
  std::variant_alternative_t<I, StepBody> body = kRead(e, refs);
  return StepBody(std::in_place_index<I>, std::move(body));
}

constexpr Reader kReaders[] = {
    ReadAs<0, ReadPing>,         ReadAs<1, ReadPmtu>,        ReadAs<2, ReadCounter>,
    ReadAs<3, ReadLinkStep>,     ReadAs<4, ReadSet>,         ReadAs<5, ReadFlush>,
    ReadAs<6, ReadWait>,         ReadAs<7, ReadSweep>,       ReadAs<8, ReadEncap>,
    ReadAs<9, ReadTcp>,          ReadAs<10, ReadUdp>,        ReadAs<11, ReadCaptureStart>,
    ReadAs<12, ReadCaptureStop>, ReadAs<13, ReadDeleteLink>, ReadAs<14, ReadRouteReplace>,
    ReadAs<15, ReadReadStep>,    ReadAs<16, ReadUntil>,      ReadAs<17, ReadCni>,
};
static_assert(std::size(kReaders) == std::variant_size_v<StepBody>,
              "every StepBody alternative needs exactly one reader");

}  // namespace

std::optional<Step> ReadStep(Element& parent, pugi::xml_node node, const Topology& topology,
                             bool topology_ok) {
  const std::vector<StepSpec>& specs = StepSpecs();
  for (size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].name != node.name()) continue;
    Element e = parent.Child(node, specs[i].attrs);
    Step step;
    step.loc = e.loc();
    size_t errors = e.diags().size();
    step.body = kReaders[i](e, Refs{topology, topology_ok});
    bool body_ok = e.diags().size() == errors;
    if (const SetStep* set = std::get_if<SetStep>(&step.body); set && set->offload &&
                                                               !set->refused_skips) {
      // refused="fail" (the default): an offload the driver refuses fails the case.
      step.expects.push_back(
          Expectation{"offload." + *set->offload + ".applied", Expectation::Op::kEquals,
                      {"true"}, step.loc});
      TypeExpectation(step.expects.back(), FactType::kBool);
    }
    std::vector<std::string> children = {"expect"};
    if (std::holds_alternative<UntilStep>(step.body)) {  // its inner step: read by ReadUntil
      for (const std::string& name : PollableStepNames()) children.push_back(name);
    }
    for (pugi::xml_node child : e.Children(children)) {
      if (std::string(child.name()) != "expect") continue;
      std::vector<std::string> attrs = PredicateAttributes();
      attrs.insert(attrs.begin(), "fact");
      Element x = e.Child(child, attrs);
      size_t first = step.expects.size();
      ReadExpect(x, step.expects);
      // An unusable body binds no fact names: its own error says enough.
      if (body_ok && x.Has("fact")) CheckExpectedFact(x, step, first);
    }
    MarkRefusalIsFact(step);
    return step;
  }
  return std::nullopt;
}

}  // namespace mtulab
