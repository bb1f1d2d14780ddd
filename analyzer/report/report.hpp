// Reports: the ranked findings of one bundle, for people (text, HTML) and for programs (JSON).
//
//   Report r = make_report(bundle, facts, findings, diags);
//   render_text(r, color) / render_json(r) / render_html(r)      // whole documents, UTF-8, never fail
//
// Ranking (stable and deterministic, the same in every format): errors, then warnings, then info; within a
// severity by rules::section_rank(section) (the migration document's order, then the BPA areas, then the
// collection); within a section by the rule's load order (Finding::rule_order: rule files by name, rules in
// the order written, so a file lists its rules in the order to do them; findings about the bundle itself
// last); then subject; then rule id; then message, then title. Findings equal in all of these keep their
// input order.
//
// Verdict (VerdictStatus): not_ready when an error was found; else cannot_tell when a rule of severity error
// could not be evaluated (a "Not checked" finding whose rule_severity is error: Report::not_checked_errors);
// else ready. Only an error found makes `analyze` exit 1 by default: a check not made is never turned into a
// blocking error, nor into a plain READY.
//
// "Fix first" (Report::fix_first): the findings whose rule names a `cause`, grouped by the rendered cause;
// one entry per cause whose worst finding is an error or a warning, in the rank of its best-ranked finding.
//
// Everything in a report that came from the bundle is hostile: the renderers never pass it through raw.
// Text replaces control characters (a bundle cannot send escape sequences to the terminal) and invalid UTF-8;
// HTML escapes every character that means something in markup, and the page forbids scripts and every
// network load by its Content-Security-Policy; JSON is written by RapidJSON (escaped, valid UTF-8).
//
// The JSON form is the stable one: "schema": "migready-report/1", documented field by field in
// docs/report-format.md and docs/report.schema.json. Within version 1 fields are only ever added; each
// addition raises "schema_minor" (kSchemaMinor), so a consumer can tell which fields to expect.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "bundle/bundle.hpp"
#include "core/diagnostics.hpp"
#include "facts/facts.hpp"
#include "rules/rules.hpp"

namespace migready::report {

inline constexpr const char* kSchema = "migready-report/1";
// 1: summary.status and summary.not_checked_errors, fix_first, findings[].cause. 2: findings[].fix (on
// findings whose rule has fix steps) and findings[].collect_command (on Not checked findings the collector
// can gather). (0: the field is absent.)
// 3: waivers: summary.accepted, .waivers_expired, .waivers_stale, findings[].waiver_note, accepted, waivers.
// A report made without a waivers file has none of the minor 3 fields and says 2 (kSchemaMinorWaivers).
inline constexpr unsigned kSchemaMinor = 2;
inline constexpr unsigned kSchemaMinorWaivers = 3;

enum class VerdictStatus { ready, cannot_tell, not_ready };
const char* verdict_status_name(VerdictStatus s) noexcept;  // "ready", "cannot_tell", "not_ready"

// One entry of the "Fix first" list: a cause and the findings it clears.
struct FixFirst {
  std::string cause;                         // the rendered cause, as the rules wrote it
  rules::Severity severity = rules::Severity::info;  // the worst finding it clears
  std::size_t errors = 0, warnings = 0, infos = 0;
  std::vector<std::string> rule_ids;         // distinct, in rank order
  std::vector<std::size_t> findings;         // 0-based ranks in Report::findings, ascending
};
// Text and HTML show at most this many entries (and say how many more); JSON holds them all.
inline constexpr std::size_t kMaxFixFirstShown = 10;

// One row of the line-of-business planning table (document section 7): what to move, and where its data is.
struct LobRow {
  std::string application, version, publisher, data_path, notes;
};

// The planning table. Source, in order of preference: the fact lob.applications (objects {application,
// version, publisher, data_path, notes}); else programs.installed ({display_name, display_version,
// publisher, install_location}; programs whose publisher starts with "Microsoft" are left out and counted in
// `hidden`, since they are migrated with the server, not planned); else none ("not collected").
struct LobTable {
  std::string fact;    // "lob.applications", "programs.installed", or "" when neither is present
  std::string status;  // "present", or the preferred fact's status: "missing", "collection_failed",
                       // "parse_failed", "not_collected" (no such fact at all)
  std::string reason;  // why it is not present ("" when present)
  std::vector<LobRow> rows;  // at most kMaxLobRows, in the fact's order
  std::size_t hidden = 0;
};
inline constexpr std::size_t kMaxLobRows = 1000;

// One artifact of the manifest, as the collection details show it.
struct ArtifactLine {
  std::string id;
  std::string status;   // the manifest's status ("ok", "failed", "timeout", "missing", "denied", "truncated")
  std::string path;     // in the bundle; "" when nothing was stored
  std::string what;     // the manifest's source.what: the command, key or file
  std::string problem;  // what the analyzer found wrong with it (hash, size, missing entry), else the
                        // collector's error, else ""
};

// What one waiver (report/waivers.hpp) did in this report.
enum class WaiverOutcome {
  applied,     // it waived at least one finding
  expired,     // it matched findings but its "expires" date is past: they count again, each with a note
  stale,       // it matched no finding (fixed, or a pattern that never matches): remove or correct it
  other_host,  // its "host" names another server
};
const char* waiver_outcome_name(WaiverOutcome o) noexcept;  // "applied", "expired", "stale", "other_host"

struct WaiverUse {
  std::string rule, subject, host, reason, by, date, expires;  // as written ("" for an optional one left out)
  std::string where;                                           // "file:line:column" of its entry
  WaiverOutcome outcome = WaiverOutcome::stale;
  bool expired = false;      // past its "expires" date (a stale waiver can be expired too)
  std::size_t findings = 0;  // findings it matched (waived, or would have waived had it not expired)
};

// A finding taken out of the verdict by a waiver.
struct AcceptedFinding {
  rules::Finding finding;
  std::size_t waiver = 0;  // index in Report::waivers
};

struct Report {
  std::string bundle_name;
  std::string computer_name;
  std::string dns_domain;         // "" when the server is in no DNS domain
  std::string os;                 // "Microsoft Windows Server 2003, Service Pack 1 (5.2.3790)"
  std::string collected_utc;
  std::string collector_version;  // the manifest's collector.name and version: "migready-collect 1.0.0"
  std::string user;               // the account the collector ran as
  bool bundle_complete = true;
  std::string incomplete_reason;  // "" when complete
  std::vector<rules::Finding> findings;  // ranked (see above)
  std::vector<Diagnostic> diagnostics;
  std::size_t diagnostics_dropped = 0;
  std::size_t errors = 0, warnings = 0, infos = 0;
  std::vector<std::string> not_checked_errors;  // rules of severity error not evaluated: distinct, rank order
  std::vector<FixFirst> fix_first;              // see above
  LobTable lob;
  std::vector<ArtifactLine> artifacts;  // the manifest's order
  // Waivers (report/waivers.hpp). Nothing of them is rendered unless waivers_used, so a report made without a
  // waivers file is what it was before waivers existed, byte for byte.
  bool waivers_used = false;
  std::string waivers_file;               // the file's path as given
  std::string waivers_as_of;              // the day expiry was judged on, "YYYY-MM-DD"
  std::vector<WaiverUse> waivers;         // every entry of the file, in its order
  std::vector<AcceptedFinding> accepted;  // ranked; not in findings, errors, warnings, infos or fix_first
};

// True when `a` ranks before `b` (the ranking above, without the input-order tie-break).
bool ranks_before(const rules::Finding& a, const rules::Finding& b);

// Ranks findings, counts them, and gathers the header, planning table and collection details.
Report make_report(const bundle::Bundle& bundle, const facts::Facts& facts, std::vector<rules::Finding> findings,
                   const Diagnostics& diags);

// Ready means no error-severity finding (the exit code's meaning; a cannot_tell report is ready too).
bool ready(const Report& report) noexcept;
VerdictStatus verdict_status(const Report& report) noexcept;
// "NOT READY: 6 errors, 2 warnings, 3 info"; with waived findings "...; 2 accepted"; "CANNOT TELL: no error found, but
// 2 blocking checks could not be made: A, B; with 3 warnings" (the first kVerdictIdsShown ids, then "and N more");
// "READY (with 2 warnings, 1 info)", "READY".
std::string verdict(const Report& report);
inline constexpr std::size_t kVerdictIdsShown = 3;
// The "Fix first" list of ranked findings (make_report calls it; exposed for tests).
std::vector<FixFirst> fix_first(const std::vector<rules::Finding>& ranked);
// Findings of `severity` or more severe (error > warning > info).
std::size_t count_at_or_above(const Report& report, rules::Severity severity) noexcept;

// Terminal text, wrapped at 100 columns. `color` adds ANSI colours (the caller decides: a tty, no NO_COLOR).
std::string render_text(const Report& report, bool color);
// The stable JSON document (docs/report-format.md).
std::string render_json(const Report& report);
// One self-contained HTML page (inline CSS, no script, no external resource) to attach to a ticket.
std::string render_html(const Report& report);

// Findings for the bundle's own collection problems (each not-ok or corrupt artifact, an incomplete run); an
// artifact's finding has the artifact id as its subject.
std::vector<rules::Finding> collection_findings(const bundle::Bundle& bundle);

// One finding per cause for what is simply not on the server: make_report drops a COLLECTION_ARTIFACT_MISSING
// finding when a rule's finding already speaks for that artifact (its subject is the artifact id, or one of its
// evidence sources is that artifact: MIGRATION_PREP_NOT_RUN for file.migration_logs, HEALTH_SUPPORT_TOOLS_MISSING
// for the Support Tools' commands, BPA_REPORT_NOT_FOUND for file.sbs_bpa_reports). Problems with collected
// artifacts (denied, failed, corrupt) always stay.
bool speaks_for_artifact(const rules::Finding& finding, std::string_view artifact);
void drop_spoken_for_missing(std::vector<rules::Finding>& findings);
// One "Not checked" finding per cause too: ranked not-checked findings that wait for artifacts one rule finding
// already speaks for (seven health rules, when HEALTH_SUPPORT_TOOLS_MISSING says the Support Tools are
// missing), or else for the same artifacts, become one COLLECTION_RULES_NOT_CHECKED finding (two or more) at
// the first one's place: its subject the artifacts, its message each rule with the severity it would have
// raised. The verdict's not_checked_errors is taken before the merge and names every rule.
void merge_not_checked(std::vector<rules::Finding>& ranked);

}  // namespace migready::report
