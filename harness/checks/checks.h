#ifndef MTULAB_CHECKS_CHECKS_H_
#define MTULAB_CHECKS_CHECKS_H_

#include <optional>
#include <string>
#include <vector>

#include "harness/model/facts.h"
#include "harness/model/suite.h"
#include "harness/model/verdict.h"

namespace mtulab {

/// True when `observed` (null = fact absent) satisfies `e`. Values compare by type and value
/// (numbers numerically, addresses by their bytes so "fd00::1" equals "fd00:0::1", bools,
/// text exactly); a value of another type never equals. at_least/at_most/between (an
/// inclusive range) hold only between numbers; present/absent look only at existence. `e`'s
/// values are those parsed at load (Expectation::typed), or inferred from their text when it
/// has none.
bool Satisfies(const Expectation& e, const FactValue* observed);
/// The same for an observation known only as text: an integer when it is one, else text.
bool Satisfies(const Expectation& e, const std::optional<std::string>& observed);

/// Every expectation of `step` that `facts` does not meet, in declaration order.
std::vector<Unmet> Evaluate(const Step& step, const Facts& facts);

}  // namespace mtulab

#endif  // MTULAB_CHECKS_CHECKS_H_
