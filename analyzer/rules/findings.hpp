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

// Sets f.collect_command from f.collect_artifacts (contract::only_command: the --only line that gathers just
// those) and, when there is one, ends f.remediation with a step saying what to do with it and the line itself
// as the last step (so text keeps it whole on its own line). A "not checked" finding calls it; so does one
// made of several (report's merge_not_checked), after uniting their artifacts.
void end_with_collect_command(Finding& f);

}  // namespace migready::rules
