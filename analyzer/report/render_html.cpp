// The HTML report: one self-contained page to attach to a ticket. Inline CSS only; no script, no font, no
// image, no link outside the page; its Content-Security-Policy forbids them all, so even a defect in the
// escaping below could neither run a script nor make the browser fetch anything.
#include <string>
#include <string_view>

#include "report/report.hpp"
#include "report/report_internal.hpp"

namespace migready::report {
namespace detail {

// Escapes for text and for double- or single-quoted attribute values (after printable()).
std::string esc(std::string_view raw) {
  const std::string text = detail::printable(raw);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

extern const char kHtmlStyle[] = R"css(
:root { --error: #b3261e; --error-bg: #fdecea; --warning: #8a5300; --warning-bg: #fff4d6; --info: #0b5c7a;
        --info-bg: #e6f3f8; --ok: #1e6b34; --ok-bg: #e7f5ea; --line: #d0d4d9; --muted: #555b63; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, "Segoe UI", Arial, sans-serif; color: #1c1f23; margin: 0 auto; padding: 24px;
       max-width: 1100px; }
code, .mono { font-family: ui-monospace, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.92em; }
h1 { font-size: 1.6em; margin: 0 0 6px; }
h2 { font-size: 1.3em; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.08em; margin: 0 0 6px; }
h4 { font-size: 0.85em; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); margin: 12px 0 4px; }
p { margin: 4px 0; }
a { color: inherit; }
.verdict { font-size: 1.25em; font-weight: 700; padding: 10px 14px; border-radius: 6px; margin: 12px 0;
           border-left: 8px solid; }
.verdict.not-ready { color: var(--error); background: var(--error-bg); }
.verdict.ready { color: var(--ok); background: var(--ok-bg); }
.verdict.cannot-tell { color: var(--warning); background: var(--warning-bg); }
ol.fix-first li { margin: 4px 0; }
ol.fix-first .cause { font-weight: 600; }
dl.header { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
dl.header dt { color: var(--muted); }
dl.header dd { margin: 0; overflow-wrap: anywhere; }
.counts span { display: inline-block; margin-right: 10px; padding: 2px 10px; border-radius: 12px; font-weight: 600; }
.badge { display: inline-block; min-width: 5.5em; text-align: center; padding: 1px 8px; border-radius: 4px;
         font-size: 0.8em; font-weight: 700; text-transform: uppercase; vertical-align: 1px; border: 1px solid; }
.error .badge, .counts .error { color: var(--error); background: var(--error-bg); }
.warning .badge, .counts .warning { color: var(--warning); background: var(--warning-bg); }
.info .badge, .counts .info { color: var(--info); background: var(--info-bg); }
nav ol { margin: 6px 0; padding-left: 1.6em; }
nav li { margin: 1px 0; }
nav a { text-decoration: none; }
nav a:hover { text-decoration: underline; }
article.finding { border: 1px solid var(--line); border-left: 6px solid; border-radius: 6px; padding: 12px 16px;
                  margin: 12px 0; break-inside: avoid; page-break-inside: avoid; }
article.error { border-left-color: var(--error); }
article.warning { border-left-color: var(--warning); }
article.info { border-left-color: var(--info); }
.anchor { color: var(--muted); text-decoration: none; font-weight: 400; }
.section { color: var(--muted); font-size: 0.92em; }
table { border-collapse: collapse; width: 100%; margin: 4px 0; font-size: 0.92em; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
td.mono { overflow-wrap: anywhere; }
th { background: #f1f3f5; white-space: nowrap; }
table.evidence { table-layout: fixed; }
table.evidence th:nth-child(1) { width: 28%; }
table.evidence th:nth-child(2) { width: 22%; }
table.lob th:nth-child(5) { width: 22%; }
tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
td.status-ok { color: var(--ok); }
td.status-bad { color: var(--error); font-weight: 600; }
.note { color: var(--muted); font-size: 0.92em; }
ol.fix li { margin: 2px 0; }
ol.commands li { margin: 6px 0; }
pre.command { user-select: all; -webkit-user-select: all; background: #f1f3f5; border: 1px solid var(--line);
              border-radius: 4px; padding: 6px 8px; margin: 4px 0; white-space: pre-wrap; overflow-wrap: anywhere;
              font-family: ui-monospace, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.92em; }
p.unfilled { color: var(--warning); }
footer { margin-top: 32px; color: var(--muted); font-size: 0.85em; border-top: 1px solid var(--line); padding-top: 8px; }
@media print {
  body { font-size: 10.5pt; max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3, h4 { break-after: avoid; page-break-after: avoid; }
  nav { break-after: page; }
  a { text-decoration: none; }
  .verdict, .badge, .counts span, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)css";

const char* severity_class(rules::Severity s) {
  return s == rules::Severity::error ? "error" : s == rules::Severity::warning ? "warning" : "info";
}

const char* verdict_class(VerdictStatus s) {
  return s == VerdictStatus::ready ? "ready" : s == VerdictStatus::cannot_tell ? "cannot-tell" : "not-ready";
}

// The finding's fix steps as copy-ready blocks: one click selects a whole command (user-select: all), with
// no script, which the page's Content-Security-Policy forbids.
void fix_steps_html(std::string& out, const rules::Finding& f) {
  if (f.fix.empty()) return;
  out += "<h4>Commands</h4>\n<ol class=\"commands\">\n";
  for (const auto& s : f.fix) {
    out += "<li><p>" + esc(s.title) + "</p>\n";
    if (s.fillable) {
      out += "<pre class=\"command\">" + esc(s.command) + "</pre>\n";
    } else {
      out += "<p class=\"unfilled\">Not filled in: " + esc(s.reason) + "</p>\n<pre class=\"command\">" +
             esc(s.command_template) + "</pre>\n";
    }
    out += "<p class=\"note\">Risk: " + esc(s.risk) + "</p>\n<p class=\"note\">Undo: " + esc(s.undo) +
           "</p>\n<p class=\"note\">Source: " + esc(s.source) + "</p></li>\n";
  }
  out += "</ol>\n<p class=\"note\">All of them, each checked first and asked before it runs: <code>migready "
         "fix-script BUNDLE -o fix.cmd</code></p>\n";
}

void finding_html(std::string& out, const rules::Finding& f, std::size_t index, std::string_view anchor_prefix,
                  std::string_view note_html) {
  const std::string anchor = std::string(anchor_prefix) + std::to_string(index + 1);
  const char* cls = severity_class(f.severity);
  out += "<article class=\"finding " + std::string(cls) + "\" id=\"" + anchor + "\">\n";
  out += "<h3><span class=\"badge\">" + std::string(rules::severity_name(f.severity)) + "</span> <a class=\"anchor\" href=\"#" +
         anchor + "\">#" + std::to_string(index + 1) + "</a> " + esc(detail::display_title(f)) + "</h3>\n";
  out += note_html;
  out += "<p class=\"section\"><code>" + esc(f.rule_id) + "</code> &middot; ";
  const rules::Section* s = rules::find_section(f.section);
  if (s != nullptr && !s->number.empty()) {
    out += "Document section " + esc(s->number) + ": " + esc(s->title) + " (<code>" + esc(f.section) + "</code>)";
  } else {
    out += esc(detail::section_label(f.section));
  }
  out += "</p>\n<h4>What was found</h4>\n<p>" + esc(f.message) + "</p>\n";
  if (!f.evidence.empty()) {
    out += "<h4>Evidence</h4>\n<table class=\"evidence\"><thead><tr><th>Fact</th><th>Value</th><th>Where it came "
           "from</th></tr></thead><tbody>\n";
    for (const auto& e : f.evidence) {
      out += "<tr><td><code>" + esc(e.fact) + "</code></td><td>" + esc(e.value) + "</td><td class=\"mono\">" +
             esc(e.source) + "</td></tr>\n";
    }
    out += "</tbody></table>\n";
  }
  if (!f.remediation.empty()) {
    out += "<h4>How to fix</h4>\n<ol class=\"fix\">\n";
    for (const auto& step : f.remediation) {
      // The --only command line a "not checked" finding ends with: its own step, copy-ready, as code.
      const auto& cmd = f.collect_command;
      if (!cmd.empty() && step == cmd) {
        out += "<li><code class=\"collect\">" + esc(cmd) + "</code></li>\n";
      } else {
        out += "<li>" + esc(step) + "</li>\n";
      }
    }
    out += "</ol>\n";
  }
  fix_steps_html(out, f);
  out += "</article>\n";
}

}  // namespace detail

namespace {

constexpr std::size_t kMaxDiagnosticsShown = 500;
using detail::esc;
using detail::finding_html;
using detail::severity_class;

}  // namespace

std::string render_html(const Report& report) {
  std::string out;
  const std::string verdict_text = verdict(report);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "base-uri 'none'; form-action 'none'\">\n";
  out += "<meta name=\"referrer\" content=\"no-referrer\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"migready (" + std::string(kSchema) + ")\">\n";
  out += "<title>" + esc(report.computer_name) + ": " + esc(verdict_text) + " (migready)</title>\n";
  out += "<style>" + std::string(detail::kHtmlStyle) + "</style>\n</head>\n<body>\n<header>\n";
  out += "<h1>Migration readiness of " + esc(report.computer_name) + "</h1>\n";
  out += "<p class=\"note\">Source Server checks for the migration to Windows Server 2012 Essentials, following "
         "&ldquo;Prepare your Source Server for Windows Server 2012 Essentials migration&rdquo;.</p>\n";
  out += std::string("<p class=\"verdict ") + detail::verdict_class(verdict_status(report)) + "\" id=\"verdict\">" +
         esc(verdict_text) + "</p>\n";
  if (!report.not_checked_errors.empty()) {
    out += "<p id=\"not-checked\"><strong>Not checked:</strong> rules that would block the migration could not be "
           "evaluated (their facts were not collected; see each &ldquo;Not checked&rdquo; warning):";
    for (std::size_t i = 0; i < report.not_checked_errors.size(); ++i) {
      out += std::string(i ? "," : "") + " <code>" + esc(report.not_checked_errors[i]) + "</code>";
    }
    out += "</p>\n";
  }
  out += "<p class=\"counts\"><span class=\"error\">" + detail::count_phrase(report.errors, "error") +
         "</span><span class=\"warning\">" + detail::count_phrase(report.warnings, "warning") +
         "</span><span class=\"info\">" + detail::count_phrase(report.infos, "info") + "</span></p>\n";
  out += "<dl class=\"header\">\n";
  auto row = [&](const char* name, const std::string& value) {
    out += "<dt>" + std::string(name) + "</dt><dd>" + value + "</dd>\n";
  };
  row("Server", esc(report.computer_name) + (report.dns_domain.empty() ? "" : " (" + esc(report.dns_domain) + ")"));
  row("Operating system", esc(report.os));
  row("Collected (UTC)", esc(report.collected_utc));
  row("Collector", esc(report.collector_version) + (report.user.empty() ? "" : ", run as " + esc(report.user)));
  row("Bundle", "<span class=\"mono\">" + esc(report.bundle_name) + "</span>");
  row("Collection", report.bundle_complete ? std::string("complete")
                                           : "<strong>incomplete</strong>: " + esc(report.incomplete_reason));
  out += "</dl>\n</header>\n";

  if (!report.fix_first.empty()) {
    out += "<section id=\"fix-first\">\n<h2>Fix first</h2>\n<p class=\"note\">Each line is one cause; fixing it "
           "clears the findings listed.</p>\n<ol class=\"fix-first\">\n";
    for (std::size_t n = 0; n < report.fix_first.size() && n < kMaxFixFirstShown; ++n) {
      const FixFirst& e = report.fix_first[n];
      const std::string counts = detail::severity_counts(e.errors, e.warnings, e.infos);
      out += std::string("<li class=\"") + severity_class(e.severity) + "\"><span class=\"badge\">" +
             rules::severity_name(e.severity) + "</span> <span class=\"cause\">" + esc(e.cause) +
             "</span><br><span class=\"note\">clears " + detail::count_phrase(e.findings.size(), "finding") + " (" +
             counts + "):</span>";
      for (std::size_t k = 0; k < e.findings.size(); ++k) {
        if (k == 2 * kMaxFixFirstShown) {
          out += " &hellip;";
          break;
        }
        out += " <a href=\"#" + detail::finding_anchor(e.findings[k]) + "\">#" + std::to_string(e.findings[k] + 1) +
               "</a>";
      }
      out += " <span class=\"note\">(";
      for (std::size_t k = 0; k < e.rule_ids.size(); ++k) {
        out += std::string(k ? ", " : "") + "<code>" + esc(e.rule_ids[k]) + "</code>";
      }
      out += ")</span></li>\n";
    }
    out += "</ol>\n";
    if (report.fix_first.size() > kMaxFixFirstShown) {
      const std::size_t more = report.fix_first.size() - kMaxFixFirstShown;
      out += "<p class=\"note\">" + std::to_string(more) + (more == 1 ? " more cause" : " more causes") +
             ": see the JSON report (--format json).</p>\n";
    }
    out += "</section>\n";
  }

  if (!report.findings.empty()) {
    out += "<nav aria-label=\"Findings\">\n<h2>Findings</h2>\n<ol>\n";
    for (std::size_t i = 0; i < report.findings.size(); ++i) {
      const auto& f = report.findings[i];
      out += std::string("<li class=\"") + severity_class(f.severity) + "\"><a href=\"#" + detail::finding_anchor(i) +
             "\"><span class=\"badge\">" + rules::severity_name(f.severity) + "</span> " + esc(detail::display_title(f)) + "</a></li>\n";
    }
    out += "</ol>\n</nav>\n";
  }

  out += "<main>\n";
  const char* const kHeadings[] = {"Errors: these block the migration", "Warnings: these risk the migration",
                                   "Information: know these before migrating"};
  const char* const kIds[] = {"errors", "warnings", "info"};
  const std::size_t counts[] = {report.errors, report.warnings, report.infos};
  int open_group = -1;
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    const int rank = detail::severity_rank(report.findings[i].severity);
    if (rank != open_group) {
      if (open_group >= 0) out += "</section>\n";
      open_group = rank;
      out += std::string("<section id=\"") + kIds[rank] + "\">\n<h2>" + kHeadings[rank] + " (" +
             std::to_string(counts[rank]) + ")</h2>\n";
    }
    finding_html(out, report.findings[i], i, "finding-", detail::waiver_note_html(report.findings[i]));
  }
  if (open_group >= 0) out += "</section>\n";
  if (report.findings.empty()) {
    out += "<p>No findings: nothing checked blocks or risks the migration.</p>\n";
  }
  out += detail::waivers_html(report);

  // Document section 7: the planning table, pre-filled.
  const LobTable& lob = report.lob;
  out += "<section id=\"line-of-business\">\n<h2>Line-of-business applications: migration plan</h2>\n";
  out += "<p class=\"note\">Document section 7, &ldquo;Create a plan to migrate line-of-business applications&rdquo;: "
         "confirm with each vendor that the application runs on Windows Server 2012 Essentials, and where its "
         "data lives.</p>\n";
  if (lob.status != "present") {
    out += "<p><strong>Not collected</strong>: " + esc(lob.reason) + ".</p>\n";
  } else {
    out += "<p class=\"note\">From <code>" + esc(lob.fact) + "</code>";
    if (lob.fact == "programs.installed") {
      out += " (the installed programs; the data path is the install location until you confirm it";
      if (lob.hidden > 0) {
        out += "; " + detail::count_phrase(lob.hidden, "Microsoft program") + " not listed";
      }
      out += ")";
    }
    out += ".</p>\n";
    if (lob.rows.empty()) {
      out += "<p>No line-of-business applications found.</p>\n";
    } else {
      out += "<table class=\"lob\"><thead><tr><th>Application</th><th>Version</th><th>Publisher</th><th>Data "
             "path</th><th>Notes</th></tr></thead><tbody>\n";
      for (const auto& r : lob.rows) {
        out += "<tr><td>" + esc(r.application) + "</td><td>" + esc(r.version) + "</td><td>" + esc(r.publisher) +
               "</td><td class=\"mono\">" + esc(r.data_path) + "</td><td>" + esc(r.notes) + "</td></tr>\n";
      }
      out += "</tbody></table>\n";
    }
  }
  out += "</section>\n";

  out += "<section id=\"collection\">\n<h2>Collection details</h2>\n";
  out += "<p>" + std::to_string(report.artifacts.size()) + " artifacts in the manifest";
  if (!report.bundle_complete) out += "; the collection is <strong>incomplete</strong>: " + esc(report.incomplete_reason);
  out += ".</p>\n";
  out += "<table class=\"artifacts\"><thead><tr><th>Artifact</th><th>Status</th><th>Path in the bundle</th>"
         "<th>Source</th><th>Problem</th></tr></thead><tbody>\n";
  for (const auto& a : report.artifacts) {
    const bool bad = a.status != "ok" || !a.problem.empty();
    out += "<tr><td><code>" + esc(a.id) + "</code></td><td class=\"" + (bad ? "status-bad" : "status-ok") + "\">" +
           esc(a.status) + "</td><td class=\"mono\">" + esc(a.path) + "</td><td class=\"mono\">" + esc(a.what) +
           "</td><td>" + esc(a.problem) + "</td></tr>\n";
  }
  out += "</tbody></table>\n";
  if (!report.diagnostics.empty()) {
    const std::size_t total = report.diagnostics.size() + report.diagnostics_dropped;
    out += "<h3>Reader notes (" + std::to_string(total) + ")</h3>\n<p class=\"note\">What the analyzer could not "
           "read cleanly; each names where.</p>\n<table class=\"diagnostics\"><thead><tr><th>Severity</th>"
           "<th>Where</th><th>Message</th></tr></thead><tbody>\n";
    std::size_t shown = 0;
    for (const auto& d : report.diagnostics) {
      if (shown++ == kMaxDiagnosticsShown) break;
      out += "<tr><td>" + std::string(detail::diagnostic_severity_name(d.severity)) + "</td><td class=\"mono\">" +
             esc(d.where) + "</td><td>" + esc(d.message) + "</td></tr>\n";
    }
    out += "</tbody></table>\n";
    if (total > kMaxDiagnosticsShown) {
      out += "<p class=\"note\">" + std::to_string(total - kMaxDiagnosticsShown) +
             " more: see the JSON report (--format json).</p>\n";
    }
  }
  out += "</section>\n</main>\n";
  out += "<footer>Written by migready, report format " + std::string(kSchema) + ", from bundle <span class=\"mono\">" +
         esc(report.bundle_name) + "</span>.</footer>\n</body>\n</html>\n";
  return out;
}

}  // namespace migready::report
