// The triage summary: rows, ranking, unique report names, and the CSV / JSON / index.html documents.
#include "triage/summary.hpp"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "core/json.hpp"
#include "contract/ascii.hpp"
#include "report/report_internal.hpp"
#include "triage/triage.hpp"

namespace migready::triage {
namespace {

constexpr std::size_t kMaxReportName = 100;

std::string seconds_text(double seconds) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", seconds < 0 ? 0.0 : seconds);
  return buffer;
}

// One CSV field (RFC 4180): always quoted, quotes doubled; text made printable (no control characters, so
// one row is one line); a leading = + - @ would be a formula in a spreadsheet, so it gets a ' before it.
std::string csv_field(std::string_view raw) {
  std::string text = report::detail::printable(raw);
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@')) text.insert(0, "'");
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string report_path(const TriageRow& row, const char* extension) {
  return "reports/" + row.report_name + extension;
}

bool has_report(const TriageRow& row) { return row.status == TriageStatus::analyzed && !row.report_name.empty(); }

struct Totals {
  std::size_t analyzed = 0, unreadable = 0, write_failed = 0, ready = 0, not_ready = 0, cannot_tell = 0;
  std::size_t errors = 0, warnings = 0, infos = 0;
  std::size_t accepted = 0;
  bool waivers = false;  // some row used waivers
};

Totals totals(const std::vector<TriageRow>& rows) {
  Totals t;
  for (const auto& r : rows) {
    if (r.status == TriageStatus::unreadable) {
      ++t.unreadable;
      continue;
    }
    if (r.status == TriageStatus::analyzed) ++t.analyzed;
    else ++t.write_failed;
    if (r.errors == 0) ++t.ready;
    else ++t.not_ready;
    if (r.errors == 0 && r.verdict_status == report::VerdictStatus::cannot_tell) ++t.cannot_tell;
    t.errors += r.errors;
    t.warnings += r.warnings;
    t.infos += r.infos;
    t.accepted += r.accepted;
    t.waivers |= r.waivers_used;
  }
  return t;
}

constexpr const char* kStyle = R"css(
:root { --error: #b3261e; --error-bg: #fdecea; --warning: #8a5300; --warning-bg: #fff4d6; --ok: #1e6b34;
        --ok-bg: #e7f5ea; --line: #d0d4d9; --muted: #555b63; }
body { font: 14px/1.4 system-ui, "Segoe UI", Arial, sans-serif; color: #1c1f23; margin: 0 auto; padding: 24px;
       max-width: 1400px; }
h1 { font-size: 1.5em; margin: 0 0 6px; }
.note { color: var(--muted); }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #f3f4f6; position: sticky; top: 0; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.when, td.links { white-space: nowrap; }
.mono, code { font-family: ui-monospace, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.92em; }
tr.unreadable td { background: var(--error-bg); }
.error { color: var(--error); font-weight: 600; }
.warning { color: var(--warning); }
.ready { color: var(--ok); font-weight: 600; }
ul.top { margin: 0; padding-left: 1.1em; }
.totals span { display: inline-block; margin-right: 1.2em; }
)css";

}  // namespace

const char* triage_status_name(TriageStatus s) noexcept {
  switch (s) {
    case TriageStatus::analyzed: return "analyzed";
    case TriageStatus::unreadable: return "unreadable";
    case TriageStatus::write_failed: return "write_failed";
  }
  return "unreadable";
}

TriageRow summarize(const report::Report& report, std::string path, std::string report_name) {
  TriageRow row;
  row.path = std::move(path);
  row.report_name = std::move(report_name);
  row.host = report.computer_name;
  row.dns_domain = report.dns_domain;
  row.collected_utc = report.collected_utc;
  row.os = report.os;
  row.complete = report.bundle_complete;
  row.errors = report.errors;
  row.warnings = report.warnings;
  row.infos = report.infos;
  row.verdict = report::verdict(report);
  row.verdict_status = report::verdict_status(report);
  row.not_checked_errors = report.not_checked_errors;
  row.waivers_used = report.waivers_used;
  row.waivers_file = report.waivers_file;
  row.accepted = report.accepted.size();
  for (const auto& w : report.waivers) {
    row.waivers_expired += w.outcome == report::WaiverOutcome::expired;
    row.waivers_stale += w.outcome == report::WaiverOutcome::stale;
  }
  for (const auto& f : report.findings) {
    if (row.top_errors.size() == kTopFindings) break;
    if (f.severity == rules::Severity::error) row.top_errors.push_back({f.rule_id, report::detail::display_title(f)});
  }
  return row;
}

TriageRow unreadable_row(std::string path, std::string error) {
  TriageRow row;
  row.path = std::move(path);
  row.status = TriageStatus::unreadable;
  row.error = std::move(error);
  return row;
}

void rank_rows(std::vector<TriageRow>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const TriageRow& a, const TriageRow& b) {
    const bool a_judged = a.status == TriageStatus::analyzed, b_judged = b.status == TriageStatus::analyzed;
    // Not judged first; then most errors; then cannot tell before ready; then most warnings, info; then path.
    const bool a_told = a.verdict_status != report::VerdictStatus::cannot_tell;
    const bool b_told = b.verdict_status != report::VerdictStatus::cannot_tell;
    return std::make_tuple(a_judged, b.errors, a_told, b.warnings, b.infos, std::string_view(a.path)) <
           std::make_tuple(b_judged, a.errors, b_told, a.warnings, a.infos, std::string_view(b.path));
  });
}

bool row_fails(const TriageRow& row, std::optional<rules::Severity> threshold) noexcept {
  if (row.status == TriageStatus::unreadable) return true;
  if (!threshold) return false;
  return row.errors > 0 || (*threshold != rules::Severity::error && row.warnings > 0) ||
         (*threshold == rules::Severity::info && row.infos > 0);
}

std::vector<std::string> report_names(const std::vector<std::string>& paths) {
  std::vector<std::string> names;
  names.reserve(paths.size());
  std::set<std::string> taken;  // lower case
  for (const auto& path : paths) {
    std::string_view file = path;
    if (const auto slash = file.find_last_of("/\\"); slash != std::string_view::npos) file.remove_prefix(slash + 1);
    file.remove_suffix(bundle_extension_length(file));
    std::string base;
    for (const char c : file.substr(0, kMaxReportName)) {
      const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == '-';
      base += safe ? c : '_';
    }
    if (base.empty()) base = "bundle";
    if (base[0] == '.') base[0] = '_';
    std::string name = base;
    for (std::size_t n = 2; !taken.insert(contract::ascii_lower(name)).second; ++n) name = base + "-" + std::to_string(n);
    names.push_back(std::move(name));
  }
  return names;
}

std::string render_summary_csv(const std::vector<TriageRow>& rows) {
  const bool waivers = totals(rows).waivers;
  std::string out =
      "rank,status,path,host,dns_domain,collected_utc,errors,warnings,info,verdict,top_error_ids,top_error_titles,"
      "error,report_html,report_json,seconds,verdict_status,not_checked_errors" +
      std::string(waivers ? ",accepted,waivers_expired,waivers_stale,waivers_file" : "") + "\r\n";
  std::size_t rank = 0;
  for (const auto& r : rows) {
    std::string ids, titles;
    for (const auto& t : r.top_errors) {
      ids += (ids.empty() ? "" : " ") + t.id;
      titles += (titles.empty() ? "" : " | ") + t.title;
    }
    std::string not_checked;
    for (const auto& id : r.not_checked_errors) not_checked += (not_checked.empty() ? "" : " ") + id;
    const bool reports = has_report(r);
    out += std::to_string(++rank) + "," + triage_status_name(r.status) + "," + csv_field(r.path) + "," +
           csv_field(r.host) + "," + csv_field(r.dns_domain) + "," + csv_field(r.collected_utc) + "," +
           std::to_string(r.errors) + "," + std::to_string(r.warnings) + "," + std::to_string(r.infos) + "," +
           csv_field(r.verdict) + "," + csv_field(ids) + "," + csv_field(titles) + "," + csv_field(r.error) + "," +
           csv_field(reports ? report_path(r, ".html") : "") + "," + csv_field(reports ? report_path(r, ".json") : "") +
           "," + seconds_text(r.seconds) + "," +
           (r.status == TriageStatus::unreadable ? std::string() : report::verdict_status_name(r.verdict_status)) + "," +
           csv_field(not_checked) +
           (waivers ? "," + std::to_string(r.accepted) + "," + std::to_string(r.waivers_expired) + "," +
                          std::to_string(r.waivers_stale) + "," + csv_field(r.waivers_file)
                    : std::string()) +
           "\r\n";
  }
  return out;
}

std::string render_summary_json(const std::vector<TriageRow>& rows, const TriageInfo& info) {
  json::StringBuffer buffer;
  report::detail::JsonWriter w(buffer);
  w.SetIndent(' ', 2);
  auto str = [&](std::string_view s) { report::detail::json_string(w, s); };
  auto str_or_null = [&](std::string_view s) { report::detail::json_string_or_null(w, s); };
  auto key = [&](const char* k) { w.Key(k); };
  const Totals t = totals(rows);

  w.StartObject();
  key("schema"); w.String(kTriageSchema);
  key("generator"); str(info.generator);
  key("fail_on"); str(info.fail_on);
  key("workers"); w.Uint(info.workers);
  key("elapsed_seconds"); w.Double(info.elapsed_seconds);
  key("totals");
  w.StartObject();
  key("bundles"); w.Uint64(rows.size());
  key("analyzed"); w.Uint64(t.analyzed);
  key("unreadable"); w.Uint64(t.unreadable);
  key("write_failed"); w.Uint64(t.write_failed);
  key("ready"); w.Uint64(t.ready);
  key("not_ready"); w.Uint64(t.not_ready);
  key("cannot_tell"); w.Uint64(t.cannot_tell);
  key("errors"); w.Uint64(t.errors);
  key("warnings"); w.Uint64(t.warnings);
  key("info"); w.Uint64(t.infos);
  if (t.waivers) {
    key("accepted"); w.Uint64(t.accepted);
  }
  w.EndObject();
  key("bundles");
  w.StartArray();
  std::size_t rank = 0;
  for (const auto& r : rows) {
    const bool judged = r.status != TriageStatus::unreadable;
    w.StartObject();
    key("rank"); w.Uint64(++rank);
    key("path"); str(r.path);
    key("status"); w.String(triage_status_name(r.status));
    key("error"); str_or_null(r.error);
    key("host"); str_or_null(r.host);
    key("dns_domain"); str_or_null(r.dns_domain);
    key("os"); str_or_null(r.os);
    key("collected_utc"); str_or_null(r.collected_utc);
    key("complete"); if (judged) w.Bool(r.complete); else w.Null();
    key("ready"); if (judged) w.Bool(r.errors == 0); else w.Null();
    key("verdict"); str_or_null(r.verdict);
    key("verdict_status"); if (judged) w.String(report::verdict_status_name(r.verdict_status)); else w.Null();
    key("not_checked_errors");
    w.StartArray();
    for (const auto& id : r.not_checked_errors) str(id);
    w.EndArray();
    key("errors"); w.Uint64(r.errors);
    key("warnings"); w.Uint64(r.warnings);
    key("info"); w.Uint64(r.infos);
    key("top_errors");
    w.StartArray();
    for (const auto& f : r.top_errors) {
      w.StartObject();
      key("id"); str(f.id);
      key("title"); str(f.title);
      w.EndObject();
    }
    w.EndArray();
    key("report_html"); if (has_report(r)) str(report_path(r, ".html")); else w.Null();
    key("report_json"); if (has_report(r)) str(report_path(r, ".json")); else w.Null();
    key("seconds"); w.Double(r.seconds);
    if (t.waivers) {
      key("accepted"); w.Uint64(r.accepted);
      key("waivers_expired"); w.Uint64(r.waivers_expired);
      key("waivers_stale"); w.Uint64(r.waivers_stale);
      key("waivers_file"); str_or_null(r.waivers_file);
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

std::string render_index_html(const std::vector<TriageRow>& rows, const TriageInfo& info) {
  const Totals t = totals(rows);
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "base-uri 'none'; form-action 'none'\">\n";
  out += "<meta name=\"referrer\" content=\"no-referrer\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"" + report::detail::esc(info.generator) + " (" + kTriageSchema + ")\">\n";
  out += "<title>migready triage: " + std::to_string(rows.size()) + " bundle" + (rows.size() == 1 ? "" : "s") +
         "</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n<header>\n";
  out += "<h1>Migration readiness triage: " + std::to_string(rows.size()) + " bundle" + (rows.size() == 1 ? "" : "s") +
         "</h1>\n";
  out += "<p class=\"totals\" id=\"totals\"><span class=\"error\">" + std::to_string(t.not_ready) +
         " not ready</span>" +
         (t.cannot_tell ? "<span class=\"warning\">" + std::to_string(t.cannot_tell) + " cannot tell</span>"
                        : std::string()) +
         "<span class=\"ready\">" + std::to_string(t.ready - t.cannot_tell) + " ready</span><span>" +
         std::to_string(t.unreadable) + " unreadable</span>" +
         (t.write_failed ? "<span class=\"error\">" + std::to_string(t.write_failed) + " report(s) not written</span>"
                         : std::string()) +
         "<span>" + report::detail::count_phrase(t.errors, "error") + ", " + report::detail::count_phrase(t.warnings, "warning") +
         ", " + report::detail::count_phrase(t.infos, "info") +
         (t.waivers ? "; " + std::to_string(t.accepted) + " accepted" : std::string()) + "</span></p>\n";
  out += "<p class=\"note\">Ranked by readiness: bundles that could not be read first, then most errors, then "
         "those whose blocking checks could not all be made, then most warnings. Each host links to its full "
         "report. Written by " + report::detail::esc(info.generator) +
         "; fail-on: " + report::detail::esc(info.fail_on) + ".</p>\n</header>\n<main>\n";
  out += "<table id=\"bundles\">\n<thead><tr><th>#</th><th>Host</th><th>Bundle file</th><th>Collected (UTC)</th>"
         "<th>Errors</th><th>Warnings</th><th>Info</th>" + std::string(t.waivers ? "<th>Accepted</th>" : "") +
         "<th>Verdict and top errors</th><th>Reports</th></tr></thead>\n<tbody>\n";
  std::size_t rank = 0;
  for (const auto& r : rows) {
    ++rank;
    const bool reports = has_report(r);
    const std::string html_link = reports ? "<a href=\"" + report::detail::esc(report_path(r, ".html")) + "\">" : "";
    out += std::string("<tr class=\"") + triage_status_name(r.status) + "\" id=\"bundle-" + std::to_string(rank) +
           "\">";
    out += "<td class=\"n\">" + std::to_string(rank) + "</td>";
    if (r.status == TriageStatus::unreadable) {
      out += "<td>&mdash;</td><td class=\"mono\">" + report::detail::esc(r.path) + "</td><td></td>"
             "<td class=\"n\"></td><td class=\"n\"></td><td class=\"n\"></td>" +
             std::string(t.waivers ? "<td class=\"n\"></td>" : "") + "<td><span class=\"error\">unreadable:</span> " +
             report::detail::esc(r.error) + "</td><td></td></tr>\n";
      continue;
    }
    out += "<td>" + html_link + report::detail::esc(r.host.empty() ? "(no name)" : r.host) + (reports ? "</a>" : "") +
           (r.dns_domain.empty() ? "" : "<br><span class=\"note\">" + report::detail::esc(r.dns_domain) + "</span>") + "</td>";
    out += "<td class=\"mono\">" + report::detail::esc(r.path) + "</td>";
    out += "<td class=\"when\">" + report::detail::esc(r.collected_utc) + (r.complete ? "" : " <span class=\"warning\">(incomplete)</span>") +
           "</td>";
    out += "<td class=\"n" + std::string(r.errors ? " error" : "") + "\">" + std::to_string(r.errors) + "</td>";
    out += "<td class=\"n" + std::string(r.warnings ? " warning" : "") + "\">" + std::to_string(r.warnings) + "</td>";
    out += "<td class=\"n\">" + std::to_string(r.infos) + "</td>";
    if (t.waivers) {
      out += "<td class=\"n\">" + std::to_string(r.accepted) +
             (r.waivers_expired ? " <span class=\"warning\">(" + std::to_string(r.waivers_expired) + " expired)</span>"
                                : std::string()) +
             "</td>";
    }
    out += std::string("<td><span class=\"") +
           (r.errors ? "error" : r.verdict_status == report::VerdictStatus::cannot_tell ? "warning" : "ready") + "\">" +
           report::detail::esc(r.verdict) +
           "</span>";
    if (!r.top_errors.empty()) {
      out += "<ul class=\"top\">";
      for (const auto& f : r.top_errors) {
        out += "<li><code>" + report::detail::esc(f.id) + "</code> " + report::detail::esc(f.title) + "</li>";
      }
      out += "</ul>";
    }
    if (r.status == TriageStatus::write_failed) {
      out += "<br><span class=\"error\">report not written:</span> " + report::detail::esc(r.error);
    }
    out += "</td><td class=\"links\">";
    if (reports) {
      out += html_link + "HTML</a> &middot; <a href=\"" + report::detail::esc(report_path(r, ".json")) + "\">JSON</a>";
    }
    out += "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace migready::triage
