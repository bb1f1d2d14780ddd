// The whole `migready analyze` pipeline for one bundle, as a library call: open (under limits), read the facts,
// add what the engineer plans, apply the rules, rank. `analyze`, and every command that judges many bundles
// (triage, diff), go through here, so they cannot disagree about a bundle.
#pragma once

#include <atomic>
#include <optional>
#include <string>

#include "bundle/bundle.hpp"
#include "core/diagnostics.hpp"
#include "core/result.hpp"
#include "facts/facts.hpp"
#include "report/report.hpp"
#include "rules/rules.hpp"

namespace migready::report {

// What the engineer plans, given on the command line; it becomes facts so rules can compare it.
struct Plan {
  std::optional<std::string> destination_tz;  // --destination-tz: fact destination.time_zone
  std::optional<std::string> install_date;    // --install-date YYYY-MM-DD: fact plan.install_date
};

// Sets destination.time_zone and plan.install_date. Not given is null ("none"), not absent, so a rule can test
// for it instead of being "not checked".
void add_plan_facts(facts::Facts& facts, const Plan& plan);

class Redactor;

// Opens the bundle at `path` and judges it. `learn`, when given, learns the bundle's names and addresses from
// its facts and the report (report/redact.hpp) after judging; the caller applies it to what it renders. Fails only when the bundle cannot be read at all (the error names
// the file and what is wrong); everything else is findings and diagnostics. `stop`, when given, is looked at
// between the pipeline's stages (open, facts, rules, report): once true, the next stage is not started and the
// result is Errc::limit "stopped: over its time budget" (triage's --bundle-timeout; a stage itself is not cut).
Result<Report> analyze_file(const std::string& path, const rules::RuleSet& rules, const Plan& plan,
                            const bundle::Limits& limits, Diagnostics& diags, Redactor* learn = nullptr,
                            const std::atomic<bool>* stop = nullptr);

}  // namespace migready::report
