// Comparing two reports of the same server: the "scan again" loop of the engineer fixing it.
//
//   Report before = *analyze_file(old_path, ...), after = *analyze_file(new_path, ...);
//   Diff d = make_diff(std::move(before), std::move(after));
//   render_diff_text(d, color) / render_diff_json(d) / render_diff_html(d)   // whole documents, never fail
//
// Identity of a finding across the two runs: its rule id and its subject (the element a for_each rule is
// about: "DNS test", "C:\"). The message is not part of it: it interpolates values that change between runs
// (a clock offset, a free-space figure), and a finding whose numbers moved is still the same problem. The
// collection findings (COLLECTION_*) carry no subject but name their artifact in the title, so for a finding
// without a subject the title stands in for it (for a rule's finding the title is the rule's fixed text).
// A key can occur more than once in a report (two adapters failing the same netdiag test): occurrences are
// paired in rank order, the first of OLD with the first of NEW, and the unpaired ones are fixed or new.
//
//   fixed      in OLD, not in NEW       OLD's finding, in OLD's ranking
//   added      in NEW, not in OLD       NEW's finding, in NEW's ranking ("new" in every output)
//   remaining  in both                  NEW's finding, in NEW's ranking, with OLD's severity and message
//
// Waivers (waivers.hpp) are applied to each report before the diff; a waived finding (Report::accepted) is
// paired by the same key, and the two sides' states decide where it goes:
//
//   OLD open,     NEW accepted  accepted, old_state "open"       (accepted since OLD: waived on NEW's side only)
//   OLD accepted, NEW accepted  accepted, old_state "accepted"
//   absent,       NEW accepted  accepted, old_state "absent"
//   OLD accepted, NEW open      remaining, previous_waiver set   (waived on OLD's side only: counts in NEW)
//   OLD accepted, absent        fixed
//
// Open findings pair with open ones first, accepted with accepted. Without waivers on either side nothing of
// this is rendered, and every output is what it was before waivers existed.
//
// The ranking is the report's (report.hpp). Warnings are raised when the two bundles come from different
// hosts (computer name or DNS domain, compared without case, as Windows does) or when NEW was collected
// before OLD (the manifest schema guarantees both times are "YYYY-MM-DDTHH:MM:SS[.mmm]Z").
//
// The JSON form is stable: "schema": "migready-diff/1", documented in docs/report-format.md and
// docs/diff.schema.json. Within version 1 fields are only ever added.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report/report.hpp"
#include "rules/rules.hpp"

namespace migready::report {

inline constexpr const char* kDiffSchema = "migready-diff/1";
// Additions within version 1 (absent: 0). 1: each side's summary.status and summary.not_checked_errors, and
// findings[].cause, as in the report (report.hpp, kSchemaMinor). 2: findings[].fix, as in the report.
inline constexpr unsigned kDiffSchemaMinor = 2;
// 3: waivers: each side's summary.accepted, .waivers_expired, .waivers_stale; summary.accepted;
// findings.accepted; findings.remaining[].previous_waiver. Written only when a side used waivers.
inline constexpr unsigned kDiffSchemaMinorWaivers = 3;

struct RemainingFinding {
  rules::Finding finding;             // as NEW has it
  rules::Severity previous_severity;  // as OLD had it
  std::string previous_message;       // OLD's message (the values it names may have changed)
  std::optional<WaiverUse> previous_waiver;  // OLD had it accepted by this waiver; NEW does not

  bool severity_changed() const noexcept { return previous_severity != finding.severity; }
};

// A finding waived in NEW, and what it was in OLD.
struct AcceptedChange {
  rules::Finding finding;  // as NEW has it
  WaiverUse waiver;        // NEW's waiver
  std::string old_state;   // "open" (OLD counted it), "accepted" (OLD waived it too), "absent"
};

struct Diff {
  Report old_report, new_report;  // findings cleared: they are split below (accepted kept, for the verdicts)
  std::vector<rules::Finding> fixed;
  std::vector<rules::Finding> added;
  std::vector<RemainingFinding> remaining;
  std::vector<AcceptedChange> accepted;  // NEW's ranking
  bool waivers_used = false;             // a side used waivers: the outputs show the accepted part
  bool hosts_differ = false;
  bool new_collected_before_old = false;
  std::vector<std::string> warnings;  // one sentence each, for people; empty when all is consistent
};

// The identity of a finding across runs (see above): "RULE_ID" "\x1f" subject-or-title.
std::string finding_key(const rules::Finding& f);

Diff make_diff(Report old_report, Report new_report);

// NEW has no error-severity finding: it would pass `migready analyze` with the default --fail-on.
bool new_ready(const Diff& diff) noexcept;
// "3 fixed, 1 new, 40 remaining (2 changed severity)".
std::string diff_summary(const Diff& diff);

// Terminal text; `color` adds ANSI colours (the caller decides, as for render_text).
std::string render_diff_text(const Diff& diff, bool color);
// The stable JSON document (docs/report-format.md, "The diff").
std::string render_diff_json(const Diff& diff);
// One self-contained page, styled and escaped like render_html.
std::string render_diff_html(const Diff& diff);

}  // namespace migready::report
