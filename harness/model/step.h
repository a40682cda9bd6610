#ifndef MTULAB_MODEL_STEP_H_
#define MTULAB_MODEL_STEP_H_

// A step of a case: one struct per step kind (the StepBody variant) and the expectations on
// its facts. Each struct's Row() is its row of the step registry (model/step_specs.h),
// defined in harness/model/step_<kind>.cc with its reader, description and facts.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "harness/model/fact_value.h"
#include "harness/model/source_loc.h"
#include "harness/model/topology.h"

namespace mtulab {

struct StepSpec;  // harness/model/step_specs.h

/// A predicate over one fact. Several attributes on one <expect> become several Expectations.
struct Expectation {
  /// kContains .. kDistinct apply to list facts only: an element equals the value, every
  /// element is >= / <= it (never on an empty list), the number of elements, the number of
  /// distinct elements. kAtLeast, kAtMost and kOneOf apply to single values only.
  enum class Op {
    kEquals,
    kAtLeast,
    kAtMost,
    kOneOf,
    kPresent,
    kAbsent,
    kContains,
    kAllAtLeast,
    kAllAtMost,
    kLength,
    kDistinct,
    kBetween
  };
  std::string fact;
  Op op = Op::kEquals;
  std::vector<std::string> values;  // one for each op but one_of (many), between ({low, high},
                                    // inclusive) and present/absent (none)
  SourceLoc loc;
  /// Set when the suite wrote "predicted" instead of a literal: once loaded, `values` holds the
  /// path-MTU predictor's value and this its explanation (Prediction::Explain(), e.g. "pmtu
  /// 1450 = vx0 on gw1 (1500 underlay - 50 vxlan)"). Empty while unresolved.
  std::optional<std::string> predicted_from;
  SourceLoc value_loc;  // the attribute holding the value (for errors about "predicted")
  /// `values` parsed once as the fact's declared type (TypeExpectation); empty until then.
  std::vector<FactValue> typed;

  /// "ping.mtu = 1500", "route.expires_s <= 600", "ping.result one of {reply, timeout}",
  /// "route.pmtu present", "until.ms in [1800, 2200]"; a predicted value adds
  /// " (predicted: <explanation>)".
  std::string Describe() const;
  /// The attribute that wrote it: "equals", "at_least", "at_most", "one_of", "between" or
  /// "is".
  const char* Attribute() const;
};

/// The attributes of <expect> (and of <until>'s condition) that hold a predicate: equals,
/// at_least, at_most, one_of, between, contains, all_at_least, all_at_most, length, distinct, is.
const std::vector<std::string>& PredicateAttributes();

/// Fills `x.typed` from `x.values` as values of `type` (at_least/at_most/between need integers
/// whatever the type; contains an element of the list type; all_*, length and distinct
/// integers). Returns the problem with the first value that does not parse
/// ("equals=\"abc\" is not an integer") or with a predicate the type does not take
/// (at_most on a list, contains on a number), or "" when all is well.
std::string TypeExpectation(Expectation& x, FactType type);

/// How a probe sets IP_MTU_DISCOVER / IPV6_MTU_DISCOVER. kDefault leaves the socket as the
/// kernel made it (for IPv4 that follows net.ipv4.ip_no_pmtu_disc).
enum class DfMode { kDefault, kDo, kWant, kDont, kProbe };
const char* DfModeName(DfMode mode);

/// Where a probe aims: a literal address, or "node:ifname" resolved to that interface's
/// first address of the step's family.
struct Target {
  std::string text;                 // as written
  std::optional<std::string> node;  // set for node:ifname
  std::optional<std::string> ifname;
  std::optional<IpAddr> ip;  // the literal address (unset for node:ifname): what probes use

  Target() = default;
  /// `text` with its parts; without `node`, `ip` is `text` parsed (unset when it is none).
  explicit Target(std::string text, std::optional<std::string> node = std::nullopt,
                  std::optional<std::string> ifname = std::nullopt);
};

struct PingStep {
  std::string from;
  Target to;
  std::optional<Family> family;  // unset: from the literal address, else ipv4
  uint32_t size = 56;            // ICMP payload bytes, like ping -s
  uint32_t count = 1;
  DfMode df = DfMode::kDefault;
  double timeout_s = 1.0;   // per echo
  double interval_s = 0.0;  // pause between echoes
  std::optional<uint32_t> ttl;
  std::optional<uint32_t> cpu;  // send from this CPU, like taskset --cpu-list (per-CPU caches)
  std::optional<uint8_t> tos;   // IP_TOS / IPV6_TCLASS, like ping -Q (DSCP and ECN bits)
  static StepSpec Row();        // its row of the step registry (model/step_<kind>.cc)
};

struct PmtuStep {  // RTM_GETROUTE, like `ip route get`
  std::string from;
  Target to;
  std::optional<Family> family;
  std::optional<std::string> oif;  // like `ip route get ... oif DEV`: the path through DEV
  std::optional<uint8_t> tos;      // like `ip route get ... dsfield TOS`: rtm_tos of the lookup
  static StepSpec Row();           // its row of the step registry (model/step_<kind>.cc)
};

struct CounterStep {  // /proc/net/{snmp,snmp6,netstat} inside the node
  std::string node;
  std::vector<std::string> names;  // "TcpExt.IPReversePathFilter", "Icmp6InPktTooBigs", ...
  static StepSpec Row();           // its row of the step registry (model/step_<kind>.cc)
};

struct LinkStep {  // RTM_GETLINK: mtu, state, counters
  std::string node;
  std::string dev;
  static StepSpec Row();  // its row of the step registry (model/step_<kind>.cc)
};

struct SetStep {  // change an MTU, a sysctl or an offload mid-case
  std::string node;
  std::optional<std::string> dev;
  std::optional<uint32_t> mtu;         // with dev
  std::optional<Sysctl> sysctl;        // key fully expanded
  std::optional<std::string> offload;  // with dev: "tso", "gso", "gro", "lro", "tx", "sg"
  bool offload_on = false;
  bool refused_skips = false;  // a refused offload request skips the case (else fails)
  /// The step expects set.result, set.errno or set.error: the kernel refusing the write is a
  /// fact (set.result = refused) instead of an error of the case. Set by the loader.
  bool refusal_is_fact = false;
  static StepSpec Row();  // its row of the step registry (model/step_<kind>.cc)
};

struct SweepStep {  // binary search for the largest DF payload that gets a reply
  std::string from;
  Target to;
  std::optional<Family> family;
  uint32_t min = 0, max = 9000;  // payload bytes searched
  DfMode df = DfMode::kDo;
  double timeout_s = 0.3;          // per echo
  uint32_t tries = 2;              // echoes per size; a size crosses if any is answered
  std::optional<Target> underlay;  // node:ifname whose MTU gives sweep.overhead
  static StepSpec Row();           // its row of the step registry (model/step_<kind>.cc)
};

struct FlushStep {  // drop the node's cached PMTU exceptions
  std::string node;
  std::optional<Family> family;  // unset: both
  static StepSpec Row();         // its row of the step registry (model/step_<kind>.cc)
};

struct WaitStep {
  double seconds = 0;
  static StepSpec Row();  // its row of the step registry (model/step_<kind>.cc)
};

struct EncapStep {  // bytes an encapsulation adds, seen on the underlay interface
  std::string from;
  Target to;
  std::optional<Family> family;
  uint32_t size = 996;  // ICMP payload; 996 + 28 = 1024, a multiple of WireGuard's padding
  Target underlay;      // node:ifname the encapsulated packet leaves through (from's node)
  double timeout_s = 1.0;
  static StepSpec Row();  // its row of the step registry (model/step_<kind>.cc)
};

/// A TCP connection from `from` to the target, both ends run by the harness: the client sends
/// `request` bytes, the server answers with `response` bytes (the TLS-certificate shape).
/// How the <tcp> client ends once every request byte is sent. kShutdown: shutdown(SHUT_WR),
/// then read the response to its end (what a client normally does); kClose: close() at
/// once, reading nothing (a FIN, or an RST when response bytes arrive or wait unread);
/// kAbort: SO_LINGER 0 and close() once every request byte is acknowledged (an RST).
enum class TcpEnd { kShutdown, kClose, kAbort };
/// "shutdown", "close", "abort" (the values of <tcp end>, in enum order).
const char* TcpEndName(TcpEnd end);

struct TcpStep {
  std::string from;
  Target to;  // the listener's address (its node is the server)
  std::optional<Family> family;
  uint16_t port = 5001;
  uint64_t request = 0;            // bytes client -> server
  uint64_t response = 0;           // bytes server -> client
  std::optional<uint32_t> mss;     // TCP_MAXSEG on the client before connect
  DfMode df = DfMode::kDefault;    // IP(V6)_MTU_DISCOVER on both sockets
  double timeout_s = 10.0;         // whole transfer, connect included
  double stall_s = 3.0;            // no byte moved for this long: stalled (a black hole)
  TcpEnd end = TcpEnd::kShutdown;  // how the client ends
  static StepSpec Row();           // its row of the step registry (model/step_<kind>.cc)
};

/// One or more UDP datagrams of `size` payload bytes from `from` to the target.
struct UdpStep {
  std::string from;
  Target to;
  std::optional<Family> family;
  uint16_t port = 5002;
  uint32_t size = 1472;  // UDP payload bytes
  uint32_t count = 1;
  DfMode df = DfMode::kDefault;
  double timeout_s = 1.0;  // how long the receiver waits after the last send
  std::optional<uint8_t> tos;  // IP_TOS / IPV6_TCLASS on the sender, set before its connect()
  static StepSpec Row();   // its row of the step registry (model/step_<kind>.cc)
};

/// Starts a libpcap capture on node:ifname (opened inside the node's namespace). It runs until
/// the <capture-stop> with the same name; that step reports what was seen.
struct CaptureStartStep {
  std::string name;    // unique within the case
  Target at;           // node:ifname (text, node, ifname set)
  std::string filter;  // BPF expression; empty: everything
  uint32_t snaplen = 262144;
  std::optional<uint64_t> buffer;  // buffer="4M": the kernel ring the suite asked for
  /// empty="allowed": a capture that saw no packet gives facts with zero counts; otherwise
  /// (the default) its capture-stop makes the case an error, as its facts would be vacuous.
  bool empty_allowed = false;
  /// The kernel ring in bytes: `buffer`, or sized when the suite loads from the traffic of
  /// the steps the capture spans (model/capture_budget.h). 0: not sized (a 32 MiB ring).
  uint64_t ring_bytes = 0;
  static StepSpec Row();  // its row of the step registry (model/step_<kind>.cc)
};

struct CaptureStopStep {
  std::string name;       // a capture started by an earlier step of the case
  static StepSpec Row();  // its row of the step registry (model/step_<kind>.cc)
};

/// Deletes an interface mid-case, like `ip link del` (a veth's peer goes with it).
struct DeleteLinkStep {
  std::string node;
  std::string dev;
  static StepSpec Row();  // its row of the step registry (model/step_<kind>.cc)
};

/// Adds or replaces a route of the node mid-case, like `ip route replace`.
struct RouteReplaceStep {
  std::string node;
  Route route;
  /// The step expects route_replace.result/.errno/.error: a route the kernel refuses is a
  /// fact instead of an error of the case (as SetStep::refusal_is_fact). Set by the loader.
  bool refusal_is_fact = false;
  static StepSpec Row();  // its row of the step registry (model/step_<kind>.cc)
};

/// Creates an interface mid-case, like `ip link add NAME [mtu M] type KIND ...`: the kernel's
/// answer (and, when it made the link, the MTU it gave it) is the outcome under test. The link
/// lives until the case's namespaces go.
struct AddLinkStep {
  Device device;  // kind, node, name, mtu (unset: the kernel's choice), kind attributes
  /// The step expects add_link.result/.errno/.error: a refusal is a fact instead of an error
  /// of the case (as SetStep::refusal_is_fact). Set by the loader.
  bool refusal_is_fact = false;
  static StepSpec Row();  // its row of the step registry (model/step_<kind>.cc)
};

/// Changes an existing link of the topology, like `ip link set NAME [mtu M] type KIND ATTRS`
/// (RTM_NEWLINK without NLM_F_CREATE: the kind's changelink): the kind attributes given
/// replace the topology's, the others are sent as the topology has them.
struct ChangeLinkStep {
  std::string node;
  std::string name;                           // a single-node link (<link kind=..>) of the node
  std::optional<uint32_t> mtu;                // IFLA_MTU only when set
  std::map<std::string, std::string> params;  // the kind attributes the step gives
  bool refusal_is_fact = false;               // as AddLinkStep's; set by the loader
  static StepSpec Row();                      // its row of the step registry (model/step_<kind>.cc)
};

/// Reads state of a node without writing anything: a sysctl (node, or an interface's with
/// `dev`), whether its /proc/sys entry exists, and with `dev` the interface's MTU, state and
/// addresses.
struct ReadStateStep {
  std::string node;
  std::optional<std::string> dev;
  std::optional<std::string> sysctl;  // key fully expanded ("net.ipv4.conf.eth0.mtu")
  static StepSpec Row();              // its row of the step registry (model/step_<kind>.cc)
};

/// Reports what the CNI plugins returned when they built pod `pod` (and its MTUs now).
struct CniStep {
  std::string pod;
  static StepSpec Row();  // its row of the step registry (model/step_<kind>.cc)
};

struct Step;

/// Runs `inner` every `every_s` until `condition` holds on its facts or `timeout_s` passed.
struct UntilStep {
  std::vector<Step> inner;  // exactly one step (a vector: Step is not complete here)
  Expectation condition;    // on one of the inner step's facts
  double every_s = 0.1;
  double timeout_s = 10.0;
  static StepSpec Row();  // its row of the step registry (model/step_<kind>.cc)
};

using StepBody =
    std::variant<PingStep, PmtuStep, CounterStep, LinkStep, SetStep, FlushStep, WaitStep, SweepStep,
                 EncapStep, TcpStep, UdpStep, CaptureStartStep, CaptureStopStep, DeleteLinkStep,
                 RouteReplaceStep, ReadStateStep, UntilStep, CniStep, AddLinkStep, ChangeLinkStep>;

struct Step {
  int index = 0;  // 1-based position in the case
  StepBody body;
  std::vector<Expectation> expects;
  SourceLoc loc;

  /// Element name: "ping", "pmtu", "counter", "link", "set", "flush", "wait", "sweep",
  /// "encap", "tcp", "udp", "capture-start", "capture-stop", "delete-link", "route-replace",
  /// "read", "until", "cni", "add-link", "change-link".
  const char* Kind() const;
  /// One line for reports: "step 2 ping api -> worker3:eth1 ipv4 size 8900 df=do".
  std::string Describe() const;
};

}  // namespace mtulab

#endif  // MTULAB_MODEL_STEP_H_
