// Reports: the ranked findings of one bundle, for people (text, HTML) and for programs (JSON).
//
//   Report r = make_report(bundle, facts, findings, diags);
//   render_text(r, color) / render_json(r) / render_html(r)      // whole documents, UTF-8, never fail
//
// Ranking (stable and deterministic, the same in every format): errors, then warnings, then info; within a
// severity by rules::section_rank(section) (the migration document's order, then the BPA areas, then the
// collection); then rule id; then message, then title. Findings equal in all of these keep their input order.
//
// Everything in a report that came from the bundle is hostile: the renderers never pass it through raw.
// Text replaces control characters (a bundle cannot send escape sequences to the terminal) and invalid UTF-8;
// HTML escapes every character that means something in markup, and the page forbids scripts and every
// network load by its Content-Security-Policy; JSON is written by RapidJSON (escaped, valid UTF-8).
//
// The JSON form is the stable one: "schema": "migready-report/1", documented field by field in
// docs/report-format.md and docs/report.schema.json. Within version 1 fields are only ever added.
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
  LobTable lob;
  std::vector<ArtifactLine> artifacts;  // the manifest's order
};

// True when `a` ranks before `b` (the ranking above, without the input-order tie-break).
bool ranks_before(const rules::Finding& a, const rules::Finding& b);

// Ranks findings, counts them, and gathers the header, planning table and collection details.
Report make_report(const bundle::Bundle& bundle, const facts::Facts& facts, std::vector<rules::Finding> findings,
                   const Diagnostics& diags);

// Ready means no error-severity finding.
bool ready(const Report& report) noexcept;
// "NOT READY: 6 errors, 2 warnings, 3 info", "READY (with 2 warnings, 1 info)", "READY".
std::string verdict(const Report& report);
// Findings of `severity` or more severe (error > warning > info).
std::size_t count_at_or_above(const Report& report, rules::Severity severity) noexcept;

// Terminal text, wrapped at 100 columns. `color` adds ANSI colours (the caller decides: a tty, no NO_COLOR).
std::string render_text(const Report& report, bool color);
// The stable JSON document (docs/report-format.md).
std::string render_json(const Report& report);
// One self-contained HTML page (inline CSS, no script, no external resource) to attach to a ticket.
std::string render_html(const Report& report);

// Findings for the bundle's own collection problems (each not-ok or corrupt artifact, an incomplete run).
std::vector<rules::Finding> collection_findings(const bundle::Bundle& bundle);

}  // namespace migready::report
