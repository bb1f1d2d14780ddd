// Findings: what one rule yields over the facts (findings.cpp says how).
#pragma once

#include <vector>

#include "facts/facts.hpp"
#include "rules/model.hpp"
#include "rules/rules.hpp"

namespace migready::rules {

// One rule's findings, appended to `out`: one when its condition holds (a for_each rule: one per matching
// element, at most kMaxFindingsPerRule), and a "Not checked" collection finding when it could not be decided.
void evaluate_rule(const Rule& rule, const facts::Facts& facts, std::vector<Finding>& out);

}  // namespace migready::rules
