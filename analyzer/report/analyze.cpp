#include "report/analyze.hpp"

#include "report/redact.hpp"

#include <utility>
#include <vector>

namespace migready::report {

void add_plan_facts(facts::Facts& facts, const Plan& plan) {
  if (plan.destination_tz)
    facts.set("destination.time_zone", *plan.destination_tz, "command-line:--destination-tz");
  else
    facts.set_null("destination.time_zone", "command-line:--destination-tz (not given)");
  if (plan.install_date)
    facts.set("plan.install_date", *plan.install_date, "command-line:--install-date");
  else
    facts.set_null("plan.install_date", "command-line:--install-date (not given)");
}

Result<Report> analyze_file(const std::string& path, const rules::RuleSet& rules, const Plan& plan,
                            const bundle::Limits& limits, Diagnostics& diags, Redactor* learn,
                            const std::atomic<bool>* stop) {
  auto stopped = [&] { return stop != nullptr && stop->load(std::memory_order_relaxed); };
  const auto over_budget = [&] { return make_error(Errc::limit, "stopped: over its time budget", path); };
  auto opened = bundle::open_bundle(path, limits, diags);
  if (!opened) return opened.error();
  if (stopped()) return over_budget();
  const bundle::Bundle& b = *opened;
  facts::Facts facts = facts::build_facts(b, diags);
  if (stopped()) return over_budget();
  add_plan_facts(facts, plan);
  std::vector<rules::Finding> findings = collection_findings(b);
  for (auto& f : rules.evaluate(facts)) findings.push_back(std::move(f));
  if (stopped()) return over_budget();
  Report report = make_report(b, facts, std::move(findings), diags);
  if (learn != nullptr) {
    learn->learn_facts(facts);
    learn->learn_report(report);
  }
  return report;
}

}  // namespace migready::report
