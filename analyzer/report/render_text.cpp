// The text report: for a terminal, 100 columns, colour only when the caller asks for it.
#include <string>
#include <string_view>

#include "report/report.hpp"
#include "report/report_internal.hpp"

namespace migready::report {
namespace {

constexpr std::size_t kWidth = 100;
constexpr std::size_t kMaxDiagnosticsShown = 20;

// Code points in UTF-8 text (columns, near enough: the text is already printable()).
std::size_t columns(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return n;
}

// Word-wraps `text` so that lines fit `kWidth` when the first starts at column `first_column` and the others
// after `indent`. A word longer than a line (a registry path) stays whole.
std::string wrap(std::string_view text, std::size_t first_column, const std::string& indent) {
  std::string out;
  std::size_t column = first_column;
  bool line_empty = true;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    if (i >= text.size()) break;
    std::size_t j = text.find(' ', i);
    if (j == std::string_view::npos) j = text.size();
    const std::string_view word = text.substr(i, j - i);
    const std::size_t w = columns(word);
    if (!line_empty && column + 1 + w > kWidth) {
      out += "\n" + indent;
      column = columns(indent);
      line_empty = true;
    }
    if (!line_empty) {
      out += ' ';
      ++column;
    }
    out += word;
    column += w;
    line_empty = false;
    i = j;
  }
  return out;
}

// "  Label:    text", wrapped, continuation lines under the text.
std::string field(std::string_view label, std::string_view text) {
  const std::string head = "  " + std::string(label) + std::string(label.size() < 10 ? 10 - label.size() : 1, ' ');
  return head + wrap(detail::printable(text), head.size(), std::string(head.size(), ' ')) + "\n";
}

}  // namespace

namespace detail {
std::size_t text_columns(std::string_view s) { return columns(s); }
std::string wrap_text(std::string_view text, std::size_t first_column, const std::string& indent) {
  return wrap(text, first_column, indent);
}
}  // namespace detail

namespace {

// The finding's fix steps: each command on a line of its own, unwrapped, so that it can be copied whole.
std::string fix_steps_text(const rules::Finding& f) {
  std::string out;
  for (std::size_t i = 0; i < f.fix.size(); ++i) {
    const auto& s = f.fix[i];
    const std::string head = std::string(i == 0 ? "  Commands: " : "            ") + std::to_string(i + 1) + ". ";
    out += head + wrap(detail::printable(s.title), head.size(), std::string(head.size(), ' ')) + "\n";
    const std::string pad(head.size() + 2, ' ');
    if (s.fillable) {
      out += pad + detail::printable(s.command) + "\n";
    } else {
      out += pad + wrap(detail::printable("(not filled in: " + s.reason + "; the command is " + s.command_template + ")"),
                        pad.size(), pad) + "\n";
    }
    out += std::string(head.size(), ' ') + wrap(detail::printable("Risk: " + s.risk), head.size(), std::string(head.size(), ' ')) + "\n";
    out += std::string(head.size(), ' ') + wrap(detail::printable("Undo: " + s.undo), head.size(), std::string(head.size(), ' ')) + "\n";
  }
  if (!f.fix.empty()) out += "            (all of them, guarded, in one script: migready fix-script BUNDLE -o fix.cmd)\n";
  return out;
}

}  // namespace

std::string render_text(const Report& report, bool color) {
  using detail::printable;
  auto paint = [&](const char* code, const std::string& s) {
    return color ? std::string("\x1b[") + code + "m" + s + "\x1b[0m" : s;
  };
  std::string out;
  out += paint("1", "migready report: " + printable(report.computer_name)) +
         (report.dns_domain.empty() ? "" : " (" + printable(report.dns_domain) + ")") + "\n";
  out += "  " + printable(report.os) + "\n";
  out += "  collected " + printable(report.collected_utc) + " by " + printable(report.collector_version) +
         (report.user.empty() ? "" : " as " + printable(report.user)) + "\n";
  out += "  bundle " + printable(report.bundle_name) + "\n";
  if (!report.bundle_complete) {
    out += "  " + paint("1;33", "INCOMPLETE:") + " " + printable(report.incomplete_reason) + "\n";
  }
  out += "\n" + paint(detail::verdict_ansi(verdict_status(report)), printable(verdict(report))) + "\n";
  if (!report.not_checked_errors.empty()) {
    std::string ids;
    for (const auto& id : report.not_checked_errors) ids += (ids.empty() ? "" : ", ") + id;
    out += field("Not checked:", "rules that would block the migration could not be evaluated (their facts were "
                                 "not collected; see each \"Not checked\" warning): " + ids);
  }
  if (!report.fix_first.empty()) {
    std::size_t cleared = 0;
    for (const auto& e : report.fix_first) cleared += e.findings.size();
    const std::string heading = "FIX FIRST: " + detail::count_phrase(report.fix_first.size(), "cause") + " behind " +
                                detail::count_phrase(cleared, "finding");
    out += "\n" + paint("1", heading) + "\n" + std::string(columns(heading), '=') + "\n";
    for (std::size_t n = 0; n < report.fix_first.size() && n < kMaxFixFirstShown; ++n) {
      const FixFirst& e = report.fix_first[n];
      const std::string head = "  " + std::to_string(n + 1) + ". ";
      out += head + wrap(printable(e.cause), head.size(), std::string(head.size(), ' ')) + "\n";
      std::string clears = "clears " + detail::count_phrase(e.findings.size(), "finding") + " (" +
                           detail::severity_counts(e.errors, e.warnings, e.infos) + "):";
      for (std::size_t k = 0; k < e.findings.size(); ++k) {
        if (k == kMaxFixFirstShown) {
          clears += " ...";
          break;
        }
        clears += " #" + std::to_string(e.findings[k] + 1);
      }
      std::string ids;
      for (const auto& id : e.rule_ids) ids += (ids.empty() ? "" : ", ") + id;
      clears += " (" + printable(ids) + ")";
      const std::string indent(head.size(), ' ');
      out += indent + wrap(clears, indent.size(), indent) + "\n";
    }
    if (report.fix_first.size() > kMaxFixFirstShown) {
      const std::size_t more = report.fix_first.size() - kMaxFixFirstShown;
      out += "  ... " + std::to_string(more) + (more == 1 ? " more cause" : " more causes") + " (see --format json)\n";
    }
  }

  const char* const kHeadings[] = {"ERRORS (block the migration)", "WARNINGS (risk the migration)",
                                   "INFO (to know before migrating)"};
  const std::size_t counts[] = {report.errors, report.warnings, report.infos};
  int heading_shown = -1;
  for (std::size_t index = 0; index < report.findings.size(); ++index) {
    const rules::Finding& f = report.findings[index];
    const int rank = detail::severity_rank(f.severity);
    const char* code = rank == 0 ? "1;31" : rank == 1 ? "1;33" : "1;36";
    if (rank != heading_shown) {
      heading_shown = rank;
      const std::string heading =
          std::string(kHeadings[rank]) + ": " + std::to_string(counts[rank]);
      out += "\n" + paint(code, heading) + "\n" + std::string(columns(heading), '=') + "\n";
    }
    const std::string label = rank == 0 ? "[ERROR]" : rank == 1 ? "[WARNING]" : "[INFO]";
    const std::string head = label + " #" + std::to_string(index + 1) + " " + printable(f.rule_id) + ": ";
    out += "\n" + paint(code, label) + head.substr(label.size()) +
           wrap(printable(detail::display_title(f)), columns(head), std::string(4, ' ')) + "\n";
    out += field("Found:", f.message);
    out += detail::waiver_note_text(f);
    for (std::size_t i = 0; i < f.evidence.size(); ++i) {
      const auto& e = f.evidence[i];
      std::string line = (e.fact.empty() ? "" : e.fact + " = ") + e.value;
      if (!e.source.empty()) line += "  (from " + e.source + ")";
      out += field(i == 0 ? "Evidence:" : "", line);
    }
    out += field("Section:", detail::section_label(f.section) +
                                 (rules::find_section(f.section) && f.section != "collection" &&
                                          f.section.rfind("BPA:", 0) != 0
                                      ? " (" + f.section + ")"
                                      : ""));
    for (std::size_t i = 0; i < f.remediation.size(); ++i) {
      const std::string number = std::to_string(i + 1) + ". ";
      const std::string head2 = std::string(i == 0 ? "  Fix:      " : "            ") + number;
      out += head2 + wrap(printable(f.remediation[i]), head2.size(), std::string(head2.size(), ' ')) + "\n";
    }
    out += fix_steps_text(f);
  }
  if (report.findings.empty()) out += "\nNo findings: nothing checked blocks or risks the migration.\n";
  out += detail::waivers_text(report, paint);

  if (!report.diagnostics.empty()) {
    const std::size_t total = report.diagnostics.size() + report.diagnostics_dropped;
    out += "\nReader notes (" + std::to_string(total) + "): what could not be read cleanly\n";
    std::size_t shown = 0;
    for (const auto& d : report.diagnostics) {
      if (shown++ == kMaxDiagnosticsShown) {
        out += "  ... " + std::to_string(total - kMaxDiagnosticsShown) + " more (see --format json or html)\n";
        break;
      }
      const std::string head = "  " + std::string(detail::diagnostic_severity_name(d.severity)) + ": ";
      out += head + wrap(printable((d.where.empty() ? "" : d.where + ": ") + d.message), head.size(),
                         std::string(4, ' ')) + "\n";
    }
  }
  return out;
}

}  // namespace migready::report
