// The summary of a triage run (`migready triage`): one small row per bundle, ranked by readiness, rendered as
// CSV, JSON and one self-contained index.html that links each bundle's own reports. Only these rows are kept
// for the whole batch; each Report is rendered, written and dropped by the worker that built it.
//
//   TriageRow row = summarize(report, "inbox/acme/migready-SBS01-....zip", "migready-SBS01-...");
//   rank_rows(rows);                         // unreadable first, then most errors, most warnings, most info
//   render_summary_csv(rows) / render_summary_json(rows, info) / render_index_html(rows, info)
//
// Ranking (deterministic whatever the order rows were finished in): bundles that could not be judged
// (unreadable, or whose report could not be written) first; then by errors, most first; then the bundles
// whose verdict is "cannot tell" before the ready ones; then by warnings and info, each most first; then by
// path (byte order; paths are unique within a run).
//
// Everything that came from a bundle (host, domain, titles) or from the file system (paths, error messages)
// is hostile: JSON strings are valid UTF-8 (invalid bytes become U+FFFD); HTML escapes every markup
// character and the page forbids scripts and network loads by its Content-Security-Policy; a CSV cell that a
// spreadsheet would run as a formula (starting with = + - @, tab or CR) is prefixed with '.
//
// summary.json is stable: "schema": "migready-triage/1", documented in docs/support-desk.md. Within version 1
// fields are only ever added.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/report.hpp"
#include "rules/rules.hpp"

namespace migready::triage {

inline constexpr const char* kTriageSchema = "migready-triage/1";
// How many error findings a row names (the first ones in the report's ranking).
inline constexpr std::size_t kTopFindings = 3;

enum class TriageStatus {
  analyzed,      // judged; its reports are written
  unreadable,    // the bundle could not be opened or judged (error says why); no report
  write_failed,  // judged, but its report could not be written (error says why); counts are kept
};
const char* triage_status_name(TriageStatus s) noexcept;  // "analyzed", "unreadable", "write_failed"

struct TopFinding {
  std::string id;
  std::string title;  // with the subject of a per-element rule: "A dcdiag test failed: SBS01 Replications"
};

struct TriageRow {
  std::string path;         // the bundle as found: a PATH given, or below a folder given (relative stays relative)
  std::string report_name;  // its reports are reports/<report_name>.html and .json in the output folder
  TriageStatus status = TriageStatus::analyzed;
  std::string error;        // why it is unreadable or not written; "" when analyzed
  std::string host;         // computer name ("" when unreadable)
  std::string dns_domain;
  std::string collected_utc;
  std::string os;
  bool complete = true;     // the collector finished (an incomplete bundle is judged on what it holds)
  std::size_t errors = 0, warnings = 0, infos = 0;
  std::string verdict;      // report::verdict(); "" when unreadable
  report::VerdictStatus verdict_status = report::VerdictStatus::not_ready;  // report::verdict_status(); not_ready when unreadable
  std::vector<std::string> not_checked_errors;              // the report's
  std::vector<TopFinding> top_errors;  // at most kTopFindings, in report rank
  double seconds = 0;       // analysis and writing of this bundle (wall clock): the only run-dependent field
  // Waivers (report/waivers.hpp). errors, warnings and infos above count only what is not waived.
  bool waivers_used = false;
  std::string waivers_file;
  std::size_t accepted = 0, waivers_expired = 0, waivers_stale = 0;
};

// What the run was, for the summary's header. `workers` and `elapsed_seconds` are timings of this run.
struct TriageInfo {
  std::string generator;  // "migready 0.1.0"
  std::string fail_on;    // "error", "warning" or "never"
  unsigned workers = 1;
  double elapsed_seconds = 0;
};

// The row of an analyzed bundle (status analyzed).
TriageRow summarize(const report::Report& report, std::string path, std::string report_name);
// The row of a bundle that could not be judged.
TriageRow unreadable_row(std::string path, std::string error);

// Sorts rows by the ranking above.
void rank_rows(std::vector<TriageRow>& rows);

// True when the row must make the run exit 1: it was not judged, or it has a finding at or above `threshold`
// (error: an error; warning: an error or a warning; nullopt, --fail-on never: no finding counts, but a bundle
// that was not judged still does).
bool row_fails(const TriageRow& row, std::optional<rules::Severity> threshold) noexcept;

// A unique, safe base name for each bundle's reports, in the order given (the same paths in the same order
// always get the same names): the file name without its bundle extension (.zip, .tar, .tar.gz, .tgz, .cab,
// any case), every byte outside [A-Za-z0-9._-] replaced by '_', at most 100 bytes, never starting with '.';
// a name already taken (compared case-insensitively, for Windows and macOS file systems) gets "-2", "-3", ...
std::vector<std::string> report_names(const std::vector<std::string>& paths);

// The documents, from ranked rows. Each is complete and ends with a newline. When some row used waivers
// (TriageRow::waivers_used), each adds its waiver columns and fields (docs/support-desk.md, "Waivers");
// otherwise they are what they were before waivers existed, byte for byte.
std::string render_summary_csv(const std::vector<TriageRow>& rows);
std::string render_summary_json(const std::vector<TriageRow>& rows, const TriageInfo& info);
std::string render_index_html(const std::vector<TriageRow>& rows, const TriageInfo& info);

}  // namespace migready::triage
