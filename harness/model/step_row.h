#ifndef MTULAB_MODEL_STEP_ROW_H_
#define MTULAB_MODEL_STEP_ROW_H_

// What a step kind's row (harness/model/step_<kind>.cc: `StepSpec FooStep::Row()`) is written
// with: the registry's types, the reader's input, and the fact helpers. Internal to
// harness/model: everyone else reads StepSpecs().

#include <string>
#include <utility>

#include "harness/model/step_input.h"
#include "harness/model/step_specs.h"
#include "harness/model/values.h"

namespace mtulab::step_row {

inline FactSpec Fact(std::string pattern, FactType type, std::string unit, Provenance provenance,
                     std::string doc) {
  FactSpec f;
  f.pattern = std::move(pattern);
  f.type = type;
  f.unit = std::move(unit);
  f.provenance = provenance;
  f.doc = std::move(doc);
  return f;
}
inline FactSpec OnlyWith(FactSpec f, std::string attr) {
  f.only_with = std::move(attr);
  return f;
}
inline FactSpec Predictable(FactSpec f) {
  f.predictable = true;
  return f;
}
inline FactSpec TimeDependent(FactSpec f) {
  f.time_dependent = true;
  return f;
}

inline constexpr FactType kInt = FactType::kInteger, kBool = FactType::kBool,
                          kText = FactType::kText, kAddr = FactType::kAddress,
                          kIntList = FactType::kIntegerList, kTextList = FactType::kTextList;
inline constexpr Provenance kTraffic = Provenance::kTraffic, kState = Provenance::kState,
                            kConfig = Provenance::kConfig;

}  // namespace mtulab::step_row

#endif  // MTULAB_MODEL_STEP_ROW_H_
