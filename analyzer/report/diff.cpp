// Two reports of one server compared: fixed, new, remaining (diff.hpp), and the three renderings.
#include "report/diff.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/json.hpp"
#include "contract/ascii.hpp"
#include "report/report_internal.hpp"

namespace migready::report {
namespace {

// "YYYY-MM-DDTHH:MM:SS[.mmm]Z" (guaranteed by the manifest schema) as a string that sorts in time order:
// without the normalisation "…:05.500Z" would sort before "…:05Z".
std::string sortable_time(const std::string& utc) {
  if (utc.size() < 20) return utc;
  std::string out = utc.substr(0, 19);
  out += utc[19] == '.' ? utc.substr(19, 4) : std::string(".000");
  return out;
}

std::string host_label(const Report& r) {
  return r.computer_name + (r.dns_domain.empty() ? "" : " (" + r.dns_domain + ")");
}

std::size_t severity_changes(const Diff& d) {
  std::size_t n = 0;
  for (const auto& r : d.remaining) n += r.severity_changed();
  return n;
}

}  // namespace

std::string finding_key(const rules::Finding& f) {
  return f.rule_id + '\x1f' + (f.subject.empty() ? f.title : f.subject);
}

namespace {

// OLD's findings (open or accepted) by key, each key's occurrences in rank order; take() pairs the first one
// not yet paired.
struct Occurrences {
  std::map<std::string, std::vector<std::size_t>> by_key;
  std::vector<bool> paired;
  template <typename List, typename KeyOf>
  Occurrences(const List& list, KeyOf key_of) : paired(list.size(), false) {
    for (std::size_t i = 0; i < list.size(); ++i) by_key[finding_key(key_of(list[i]))].push_back(i);
  }
  std::optional<std::size_t> take(const std::string& key) {
    const auto it = by_key.find(key);
    if (it == by_key.end()) return std::nullopt;
    for (const std::size_t i : it->second) {
      if (!paired[i]) {
        paired[i] = true;
        return i;
      }
    }
    return std::nullopt;
  }
};

}  // namespace

Diff make_diff(Report old_report, Report new_report) {
  Diff d;
  d.waivers_used = old_report.waivers_used || new_report.waivers_used;
  Occurrences open(old_report.findings, [](const rules::Finding& f) -> const rules::Finding& { return f; });
  Occurrences waived(old_report.accepted, [](const AcceptedFinding& a) -> const rules::Finding& { return a.finding; });
  // NEW's accepted findings first, so that a finding waived in NEW only is not taken for an open one.
  for (auto& a : new_report.accepted) {
    const std::string key = finding_key(a.finding);
    std::string old_state = "absent";
    if (waived.take(key))
      old_state = "accepted";
    else if (open.take(key))
      old_state = "open";
    d.accepted.push_back({a.finding, new_report.waivers[a.waiver], std::move(old_state)});
  }
  for (auto& f : new_report.findings) {
    const std::string key = finding_key(f);
    if (const auto i = open.take(key)) {
      const rules::Finding& before = old_report.findings[*i];
      d.remaining.push_back({std::move(f), before.severity, before.message, std::nullopt});
    } else if (const auto k = waived.take(key)) {
      const AcceptedFinding& before = old_report.accepted[*k];
      d.remaining.push_back(
          {std::move(f), before.finding.severity, before.finding.message, old_report.waivers[before.waiver]});
    } else {
      d.added.push_back(std::move(f));
    }
  }
  for (std::size_t i = 0; i < old_report.findings.size(); ++i) {
    if (!open.paired[i]) d.fixed.push_back(std::move(old_report.findings[i]));
  }
  for (std::size_t i = 0; i < old_report.accepted.size(); ++i) {
    if (!waived.paired[i]) d.fixed.push_back(old_report.accepted[i].finding);
  }
  // Each side keeps its accepted list: its verdict and summary count them ("...; 2 accepted").
  old_report.findings.clear();
  new_report.findings.clear();

  // Windows compares computer and domain names without regard to (ASCII) case.
  if (!contract::equals_ci(old_report.computer_name, new_report.computer_name) ||
      !contract::equals_ci(old_report.dns_domain, new_report.dns_domain)) {
    d.hosts_differ = true;
    d.warnings.push_back("The bundles come from different hosts: OLD is " + host_label(old_report) + ", NEW is " +
                         host_label(new_report) + ". This is not a before and after of one server.");
  }
  if (sortable_time(new_report.collected_utc) < sortable_time(old_report.collected_utc)) {
    d.new_collected_before_old = true;
    d.warnings.push_back("NEW was collected (" + new_report.collected_utc + ") before OLD (" +
                         old_report.collected_utc + "): are the two bundles given in the right order?");
  }
  d.old_report = std::move(old_report);
  d.new_report = std::move(new_report);
  return d;
}

bool new_ready(const Diff& diff) noexcept { return diff.new_report.errors == 0; }

std::string diff_summary(const Diff& d) {
  const std::size_t changed = severity_changes(d);
  return std::to_string(d.fixed.size()) + " fixed, " + std::to_string(d.added.size()) + " new, " +
         std::to_string(d.remaining.size()) + " remaining" +
         (changed > 0 ? " (" + std::to_string(changed) + " changed severity)" : "") +
         (d.waivers_used ? ", " + std::to_string(d.accepted.size()) + " accepted" : "");
}

// ---- text -------------------------------------------------------------------------------------------------

namespace {

std::string accepted_state(const AcceptedChange& a) {
  return a.old_state == "open"       ? "waived in NEW only: open in OLD"
         : a.old_state == "accepted" ? "waived in both"
                                     : "new in NEW, waived";
}

std::string accepted_in_old_only(const WaiverUse& w) {
  return "Waived in OLD only (" + w.where + ", by " + w.by + ", until " + w.expires + "); NEW counts it.";
}

}  // namespace

std::string render_diff_text(const Diff& d, bool color) {
  using detail::printable;
  auto paint = [&](const char* code, const std::string& s) {
    return color ? std::string("\x1b[") + code + "m" + s + "\x1b[0m" : s;
  };
  auto verdict_color = [](const Report& r) { return detail::verdict_ansi(verdict_status(r)); };
  auto severity_code = [](rules::Severity s) {
    return s == rules::Severity::error ? "1;31" : s == rules::Severity::warning ? "1;33" : "1;36";
  };
  std::string out;
  out += paint("1", "migready diff: " + printable(host_label(d.new_report))) + "\n";
  auto side = [&](const char* label, const Report& r) {
    out += std::string("  ") + label + "  " + printable(host_label(r)) + ", collected " + printable(r.collected_utc) +
           "\n       " + paint(verdict_color(r), verdict(r)) + "\n       bundle " + printable(r.bundle_name) +
           (r.bundle_complete ? "" : ", " + paint("1;33", "INCOMPLETE:") + " " + printable(r.incomplete_reason)) +
           "\n";
  };
  side("OLD", d.old_report);
  side("NEW", d.new_report);
  for (const auto& w : d.warnings) {
    const std::string head = "WARNING: ";
    out += "\n" + paint("1;33", head) + detail::wrap_text(printable(w), head.size(), std::string(head.size(), ' ')) +
           "\n";
  }
  out += "\n" + paint("1", diff_summary(d)) + "\n";

  auto heading = [&](const std::string& text) {
    out += "\n" + paint("1", text) + "\n" + std::string(detail::text_columns(text), '=') + "\n";
  };
  auto line = [&](char mark, const rules::Finding& f, const std::string& suffix) {
    const std::string label = f.severity == rules::Severity::error     ? "[ERROR]"
                              : f.severity == rules::Severity::warning ? "[WARNING]"
                                                                       : "[INFO]";
    const std::string head = std::string(1, mark) + " " + label + " " + printable(f.rule_id) + ": ";
    out += std::string(1, mark) + " " + paint(severity_code(f.severity), label) + head.substr(2 + label.size()) +
           detail::wrap_text(printable(detail::display_title(f)) + suffix, detail::text_columns(head),
                             std::string(4, ' ')) +
           "\n";
  };
  auto message = [&](const std::string& text) {
    const std::string head = "    Found: ";
    out += head + detail::wrap_text(printable(text), head.size(), std::string(head.size(), ' ')) + "\n";
  };
  heading("FIXED (in OLD, not in NEW): " + std::to_string(d.fixed.size()));
  for (const auto& f : d.fixed) line('-', f, "");
  if (d.fixed.empty()) out += "  (nothing)\n";
  heading("NEW (in NEW, not in OLD): " + std::to_string(d.added.size()));
  for (const auto& f : d.added) {
    line('+', f, "");
    message(f.message);
  }
  if (d.added.empty()) out += "  (nothing)\n";
  heading("REMAINING (in both): " + std::to_string(d.remaining.size()));
  for (const auto& r : d.remaining) {
    line('=', r.finding,
         r.severity_changed() ? std::string(" (was ") + rules::severity_name(r.previous_severity) + ")" : "");
    if (r.previous_waiver) {
      const std::string head = "    Note: ";
      out += head +
             detail::wrap_text(printable(accepted_in_old_only(*r.previous_waiver)), head.size(),
                               std::string(head.size(), ' ')) +
             "\n";
    }
  }
  if (d.remaining.empty()) out += "  (nothing)\n";
  if (d.waivers_used) {
    heading("ACCEPTED in NEW (waived, not counted): " + std::to_string(d.accepted.size()));
    for (const auto& a : d.accepted) {
      line('~', a.finding, " (" + accepted_state(a) + ")");
      const std::string head = "    Reason: ";
      out += head +
             detail::wrap_text(printable(a.waiver.reason + " (by " + a.waiver.by + ", until " + a.waiver.expires + ")"),
                               head.size(), std::string(head.size(), ' ')) +
             "\n";
    }
    if (d.accepted.empty()) out += "  (nothing)\n";
  }
  out += "\nNEW: " + paint(verdict_color(d.new_report), verdict(d.new_report)) + "\n";
  out += "(migready analyze NEW shows the evidence and how to fix each finding)\n";
  return out;
}

// ---- JSON -------------------------------------------------------------------------------------------------

std::string render_diff_json(const Diff& d) {
  json::StringBuffer buffer;
  detail::JsonWriter w(buffer);
  w.SetIndent(' ', 2);
  auto str = [&](std::string_view s) { detail::json_string(w, s); };
  auto key = [&](const char* k) { w.Key(k); };
  auto side = [&](const Report& r) {
    w.StartObject();
    detail::write_report_head_members(w, r);
    w.EndObject();
  };

  w.StartObject();
  key("schema"); w.String(kDiffSchema);
  key("schema_minor");
  w.Uint(d.waivers_used ? kDiffSchemaMinorWaivers : kDiffSchemaMinor);
  key("old"); side(d.old_report);
  key("new"); side(d.new_report);
  key("warnings");
  w.StartObject();
  key("hosts_differ"); w.Bool(d.hosts_differ);
  key("new_collected_before_old"); w.Bool(d.new_collected_before_old);
  key("messages");
  w.StartArray();
  for (const auto& m : d.warnings) str(m);
  w.EndArray();
  w.EndObject();
  key("summary");
  w.StartObject();
  key("fixed"); w.Uint64(d.fixed.size());
  key("new"); w.Uint64(d.added.size());
  key("remaining"); w.Uint64(d.remaining.size());
  key("severity_changed"); w.Uint64(severity_changes(d));
  key("new_ready"); w.Bool(new_ready(d));
  key("text"); str(diff_summary(d));
  if (d.waivers_used) {
    key("accepted");
    w.Uint64(d.accepted.size());
  }
  w.EndObject();
  key("findings");
  w.StartObject();
  key("fixed");
  w.StartArray();
  for (const auto& f : d.fixed) {
    w.StartObject();
    detail::write_finding_members(w, f);
    w.EndObject();
  }
  w.EndArray();
  key("new");
  w.StartArray();
  for (const auto& f : d.added) {
    w.StartObject();
    detail::write_finding_members(w, f);
    w.EndObject();
  }
  w.EndArray();
  key("remaining");
  w.StartArray();
  for (const auto& r : d.remaining) {
    w.StartObject();
    detail::write_finding_members(w, r.finding);
    key("previous_severity"); w.String(rules::severity_name(r.previous_severity));
    key("severity_changed"); w.Bool(r.severity_changed());
    key("previous_message"); str(r.previous_message);
    if (d.waivers_used) {
      key("previous_waiver");
      if (r.previous_waiver) {
        w.StartObject();
        detail::write_waiver_members(w, *r.previous_waiver);
        w.EndObject();
      } else {
        w.Null();
      }
    }
    w.EndObject();
  }
  w.EndArray();
  if (d.waivers_used) {
    key("accepted");
    w.StartArray();
    for (const auto& a : d.accepted) {
      w.StartObject();
      detail::write_finding_members(w, a.finding);
      key("old_state");
      w.String(a.old_state.c_str());
      key("waiver");
      w.StartObject();
      detail::write_waiver_members(w, a.waiver);
      w.EndObject();
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

// ---- HTML -------------------------------------------------------------------------------------------------

namespace {

// Only what the report's stylesheet lacks: the two-bundle table, the warning banner, the fixed list.
constexpr const char* kDiffStyle = R"css(
.alert { font-weight: 700; padding: 10px 14px; border-radius: 6px; margin: 12px 0; border-left: 8px solid;
         color: var(--warning); background: var(--warning-bg); }
table.sides th:first-child { width: 9em; }
ul.fixed { list-style: none; padding-left: 0; }
ul.fixed li { margin: 3px 0; }
ul.fixed .title { text-decoration: line-through; text-decoration-color: var(--muted); }
.counts .ok { color: var(--ok); background: var(--ok-bg); }
.changed { font-weight: 600; color: var(--warning); }
)css";

}  // namespace

std::string render_diff_html(const Diff& d) {
  using detail::esc;
  std::string out;
  const Report& o = d.old_report;
  const Report& n = d.new_report;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "base-uri 'none'; form-action 'none'\">\n";
  out += "<meta name=\"referrer\" content=\"no-referrer\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"migready (" + std::string(kDiffSchema) + ")\">\n";
  out += "<title>" + esc(n.computer_name) + ": " + esc(diff_summary(d)) + " (migready diff)</title>\n";
  out += "<style>" + std::string(detail::kHtmlStyle) + kDiffStyle + "</style>\n</head>\n<body>\n<header>\n";
  out += "<h1>What changed on " + esc(n.computer_name) + "</h1>\n";
  out += "<p class=\"note\">Two migready scans compared: what was fixed, what is new, what remains before the "
         "migration to Windows Server 2012 Essentials.</p>\n";
  for (const auto& w : d.warnings) out += "<p class=\"alert\" role=\"alert\">Warning: " + esc(w) + "</p>\n";
  out += std::string("<p class=\"verdict ") + detail::verdict_class(verdict_status(n)) + "\" id=\"verdict\">NEW: " +
         esc(verdict(n)) + "</p>\n";
  out += "<p class=\"counts\"><span class=\"ok\">" + std::to_string(d.fixed.size()) + " fixed</span> <span class=\"" +
         (d.added.empty() ? "info" : "error") + "\">" + std::to_string(d.added.size()) +
         " new</span> <span class=\"warning\">" + std::to_string(d.remaining.size()) + " remaining</span></p>\n";
  out += "<table class=\"sides\"><thead><tr><th></th><th>OLD</th><th>NEW</th></tr></thead><tbody>\n";
  auto row = [&](const char* name, const std::string& a, const std::string& b) {
    out += "<tr><th>" + std::string(name) + "</th><td>" + a + "</td><td>" + b + "</td></tr>\n";
  };
  row("Server", esc(host_label(o)), esc(host_label(n)));
  row("Operating system", esc(o.os), esc(n.os));
  row("Collected (UTC)", esc(o.collected_utc), esc(n.collected_utc));
  row("Verdict", esc(verdict(o)), esc(verdict(n)));
  row("Bundle", "<span class=\"mono\">" + esc(o.bundle_name) + "</span>",
      "<span class=\"mono\">" + esc(n.bundle_name) + "</span>");
  auto collection = [&](const Report& r) {
    return r.bundle_complete ? std::string("complete") : "<strong>incomplete</strong>: " + esc(r.incomplete_reason);
  };
  row("Collection", collection(o), collection(n));
  out += "</tbody></table>\n</header>\n<main>\n";

  out += "<section id=\"fixed\">\n<h2>Fixed: in OLD, not in NEW (" + std::to_string(d.fixed.size()) + ")</h2>\n";
  if (d.fixed.empty()) {
    out += "<p>Nothing was fixed.</p>\n";
  } else {
    out += "<ul class=\"fixed\">\n";
    for (const auto& f : d.fixed) {
      out += std::string("<li class=\"") + detail::severity_class(f.severity) + "\"><span class=\"badge\">" +
             rules::severity_name(f.severity) + "</span> <code>" + esc(f.rule_id) + "</code> <span class=\"title\">" +
             esc(detail::display_title(f)) + "</span></li>\n";
    }
    out += "</ul>\n";
  }
  out += "</section>\n";

  out += "<section id=\"new\">\n<h2>New: in NEW, not in OLD (" + std::to_string(d.added.size()) + ")</h2>\n";
  if (d.added.empty()) out += "<p>Nothing new.</p>\n";
  for (std::size_t i = 0; i < d.added.size(); ++i) {
    detail::finding_html(out, d.added[i], i, "new-", detail::waiver_note_html(d.added[i]));
  }
  out += "</section>\n";

  out += "<section id=\"remaining\">\n<h2>Remaining: in both (" + std::to_string(d.remaining.size()) + ")</h2>\n";
  if (d.remaining.empty()) out += "<p>Nothing remains from OLD.</p>\n";
  for (std::size_t i = 0; i < d.remaining.size(); ++i) {
    const RemainingFinding& r = d.remaining[i];
    std::string note = r.severity_changed() ? std::string("<p class=\"changed\">Severity changed: was ") +
                                                  rules::severity_name(r.previous_severity) + ", now " +
                                                  rules::severity_name(r.finding.severity) + ".</p>\n"
                                            : std::string();
    if (r.previous_waiver) note += "<p class=\"changed\">" + esc(accepted_in_old_only(*r.previous_waiver)) + "</p>\n";
    note += detail::waiver_note_html(r.finding);
    detail::finding_html(out, r.finding, i, "remaining-", note);
  }
  out += "</section>\n";
  if (d.waivers_used) {
    out += "<section id=\"accepted\">\n<h2>Accepted in NEW: waived, not counted (" + std::to_string(d.accepted.size()) +
           ")</h2>\n";
    if (d.accepted.empty()) out += "<p>No finding of NEW is waived.</p>\n";
    for (std::size_t i = 0; i < d.accepted.size(); ++i) {
      const AcceptedChange& a = d.accepted[i];
      const std::string note = "<p class=\"note accepted\"><strong>Accepted</strong> (" + esc(accepted_state(a)) +
                               ") by " + esc(a.waiver.by) + ", until " + esc(a.waiver.expires) + ": " +
                               esc(a.waiver.reason) + "</p>\n";
      detail::finding_html(out, a.finding, i, "accepted-", note);
    }
    out += "</section>\n";
  }
  out += "</main>\n";
  out += "<footer>Written by migready, diff format " + std::string(kDiffSchema) +
         ", from bundles <span class=\"mono\">" + esc(o.bundle_name) + "</span> (OLD) and <span class=\"mono\">" +
         esc(n.bundle_name) + "</span> (NEW).</footer>\n</body>\n</html>\n";
  return out;
}

}  // namespace migready::report
