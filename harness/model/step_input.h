#ifndef MTULAB_MODEL_STEP_INPUT_H_
#define MTULAB_MODEL_STEP_INPUT_H_

// What a step's reader (StepSpec::read, in harness/model/step_<kind>.cc) sees of its XML
// element: the attributes, errors at their file:line:col, and the few things only the loader
// can do (harness/config implements it). The helpers below are the readers' shared vocabulary.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/link_kinds.h"
#include "harness/model/step.h"
#include "harness/model/topology.h"

namespace mtulab {

class StepInput {
 public:
  virtual ~StepInput() = default;

  virtual bool Has(const char* attr) const = 0;
  virtual std::optional<std::string> Get(const char* attr) const = 0;
  /// The attribute's value; a missing one is reported and read as "".
  virtual std::string Required(const char* attr) = 0;
  /// Number attributes, checked against [lo, hi]; reported and nullopt when bad or absent.
  virtual std::optional<uint32_t> Uint(const char* attr, uint32_t lo, uint32_t hi) = 0;
  virtual std::optional<double> Seconds(const char* attr, double lo, double hi,
                                        bool lo_exclusive) = 0;
  virtual std::optional<Family> FamilyOf(const char* attr) = 0;
  /// The index of the attribute's value in `choices`; reported and nullopt when not one.
  virtual std::optional<size_t> Choice(const char* attr,
                                       const std::vector<std::string>& choices) = 0;
  /// Problems at the element, or at one of its attributes.
  virtual void Error(std::string message) = 0;
  virtual void AttrError(const char* attr, std::string message) = 0;

  /// The topology references resolve against; null when it could not be read (then
  /// references are not checked).
  virtual const Topology* topology() const = 0;
  /// "; did you mean 'x'?" for the defined node closest to `name`, or "".
  virtual std::string NodeSuggestion(const std::string& name) = 0;
  /// Route attributes (to, via, dev, ...) of node `node`; nullopt when unusable (reported).
  virtual std::optional<Route> ReadRoute(const std::string& node) = 0;
  /// name/value as a node sysctl (`ifname` null) or an interface sysctl of `*ifname`.
  virtual std::optional<Sysctl> ReadSysctl(const std::string* ifname) = 0;
  /// buffer="4M" of a capture; nullopt when absent or bad (reported).
  virtual std::optional<uint64_t> ReadCaptureBuffer() = 0;
  /// Why `filter` is not a capture filter (compiled for Ethernet), or "".
  virtual std::string CaptureFilterProblem(const std::string& filter) = 0;
  /// The attributes of `kind` among `names` the element gives, each checked by its type as on a
  /// topology <link> (values normalised: an address as the loader writes it); a bad one is
  /// reported and left out.
  virtual std::map<std::string, std::string> ReadKindParams(
      const KindSchema& kind, const std::vector<std::string>& names) = 0;
  /// The inner step and the condition of an <until> (its child element and predicate
  /// attributes), checked as an expectation of the inner step.
  virtual void ReadPoll(UntilStep& until) = 0;
};

/// Node attribute `attr`; reports an undefined node (with a suggestion).
std::string ReadNodeRef(StepInput& in, const char* attr);
/// Reports at `attr` when `dev` is not an interface of `node`.
void CheckDevRef(StepInput& in, const char* attr, const std::string& node, const std::string& dev);
/// node:ifname attribute `attr` naming an interface of the topology; nullopt when absent or
/// not of that shape (reported).
std::optional<Target> ReadIfRef(StepInput& in, const char* attr);
/// df="do|want|dont|probe"; kDefault when absent.
DfMode ReadDf(StepInput& in);
/// tos="0x04" (or decimal 0..255): the TOS byte a step's packets carry (DSCP and ECN bits);
/// nullopt when absent or bad (reported).
std::optional<uint8_t> ReadTos(StepInput& in);
/// " tos 0x04" when set, else "".
std::string DescribeTos(const std::optional<uint8_t>& tos);
/// `to` (an address or node:ifname) and `family`; sets `family` to the step's family.
Target ReadTarget(StepInput& in, Family& family);

/// from, to and family, shared by the steps that probe a target; returns the family.
template <typename StepT>
Family ReadFromTo(StepInput& in, StepT& step) {
  step.from = ReadNodeRef(in, "from");
  Family family;
  step.to = ReadTarget(in, family);
  step.family = family;
  return family;
}

/// The kind attributes <add-link> and <change-link> take (a subset of the topology <link>'s):
/// local, remote, key, dev, vni, dstport, ttl, parent.
const std::vector<std::string>& LinkStepParams();
/// The LinkStepParams() the element gives, read for `kind`; reports one `kind` does not have
/// ("what: vti has no attribute 'vni'").
std::map<std::string, std::string> ReadLinkStepParams(StepInput& in, const KindSchema& kind,
                                                      const std::string& what);

/// Reports (at the element) `params` whose local and remote (or group) addresses are of
/// different families, as the topology's check of a <link> does.
void CheckEndFamilies(StepInput& in, const std::map<std::string, std::string>& params,
                      const std::string& what);

/// Shortest text that reads back as `value`: 0.5 -> "0.5", 2 -> "2".
std::string FormatSeconds(double value);
/// `text` + " ipv4" / " ipv6" when `family` is set.
std::string WithFamily(std::string text, const std::optional<Family>& family);

}  // namespace mtulab

#endif  // MTULAB_MODEL_STEP_INPUT_H_
