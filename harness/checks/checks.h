#ifndef MTULAB_CHECKS_CHECKS_H_
#define MTULAB_CHECKS_CHECKS_H_

#include <optional>
#include <string>
#include <vector>

#include "harness/model/facts.h"
#include "harness/model/suite.h"
#include "harness/model/verdict.h"

namespace mtulab {

/// True when `observed` (nullopt = fact absent) satisfies `e`. Numbers compare numerically
/// when both sides are integers, otherwise as exact text; at_least/at_most on a non-number
/// never hold; present/absent look only at existence.
bool Satisfies(const Expectation& e, const std::optional<std::string>& observed);

/// Every expectation of `step` that `facts` does not meet, in declaration order.
std::vector<Unmet> Evaluate(const Step& step, const Facts& facts);

}  // namespace mtulab

#endif  // MTULAB_CHECKS_CHECKS_H_
