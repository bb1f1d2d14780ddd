// The waivers' part of each report format (report/waivers.hpp): the Accepted section, the note on a finding
// whose waiver expired, and the list of waivers with what each did. Nothing at all when no waivers file was
// used, so such a report is byte for byte what it was before waivers existed.
#include <string>

#include "report/report.hpp"
#include "report/report_internal.hpp"

namespace migready::report::detail {
namespace {

std::size_t outcome_count(const Report& r, WaiverOutcome o) {
  std::size_t n = 0;
  for (const auto& w : r.waivers) n += w.outcome == o;
  return n;
}

std::string waiver_label(const WaiverUse& w) {
  std::string s = w.rule;
  if (!w.subject.empty()) s += " subject \"" + w.subject + "\"";
  if (!w.host.empty()) s += " host " + w.host;
  return s;
}

std::string outcome_sentence(const WaiverUse& w) {
  switch (w.outcome) {
    case WaiverOutcome::applied:
      return "waives " + count_phrase(w.findings, "finding") + ", until " + w.expires;
    case WaiverOutcome::expired:
      return "expired on " + w.expires + ": " + count_phrase(w.findings, "finding") +
             (w.findings == 1 ? " counts" : " count") + " again";
    case WaiverOutcome::stale:
      return std::string("matches no finding") + (w.expired ? " (and expired on " + w.expires + ")" : "") +
             ": remove it, or correct its subject or host";
    case WaiverOutcome::other_host:
      return "for another host";
  }
  return {};
}

}  // namespace

std::string waiver_counts(const Report& r) {
  std::string out = std::to_string(outcome_count(r, WaiverOutcome::applied)) + " applied, " +
                    std::to_string(outcome_count(r, WaiverOutcome::expired)) + " expired, " +
                    std::to_string(outcome_count(r, WaiverOutcome::stale)) + " stale";
  if (const std::size_t other = outcome_count(r, WaiverOutcome::other_host)) {
    out += ", " + std::to_string(other) + " for other hosts";
  }
  return out;
}

std::string waivers_text(const Report& r, const std::function<std::string(const char*, const std::string&)>& paint) {
  if (!r.waivers_used) return {};
  std::string out;
  const std::string heading = "ACCEPTED (waived, not counted in the verdict): " + std::to_string(r.accepted.size());
  out += "\n" + paint("1;32", heading) + "\n" + std::string(text_columns(heading), '=') + "\n";
  for (std::size_t i = 0; i < r.accepted.size(); ++i) {
    const rules::Finding& f = r.accepted[i].finding;
    const WaiverUse& w = r.waivers[r.accepted[i].waiver];
    const std::string head = "[ACCEPTED] A" + std::to_string(i + 1) + " " + printable(f.rule_id) + " (" +
                             rules::severity_name(f.severity) + "): ";
    out += "\n" + paint("1;32", "[ACCEPTED]") + head.substr(10) +
           wrap_text(printable(display_title(f)), text_columns(head), std::string(4, ' ')) + "\n";
    auto field = [&](const std::string& label, const std::string& text) {
      const std::string h = "  " + label + std::string(label.size() < 10 ? 10 - label.size() : 1, ' ');
      out += h + wrap_text(printable(text), h.size(), std::string(h.size(), ' ')) + "\n";
    };
    field("Found:", f.message);
    field("Reason:", w.reason);
    field("By:", w.by + " on " + w.date + ", until " + w.expires + " (" + w.where + ")");
  }
  if (r.accepted.empty()) out += "\nNo finding is waived.\n";
  out += "\nWaivers (" + printable(r.waivers_file) + ", as of " + r.waivers_as_of + "): " + waiver_counts(r) + "\n";
  for (const auto& w : r.waivers) {
    if (w.outcome == WaiverOutcome::applied || w.outcome == WaiverOutcome::other_host) continue;
    const std::string head = "  " + std::string(waiver_outcome_name(w.outcome)) + ": ";
    out += head + wrap_text(printable(w.where + " " + waiver_label(w) + ": " + outcome_sentence(w)), head.size(),
                            std::string(4, ' ')) +
           "\n";
  }
  return out;
}

std::string waiver_note_text(const rules::Finding& f) {
  if (f.waiver_note.empty()) return {};
  const std::string h = "  Note:     ";
  return h + wrap_text(printable(f.waiver_note), h.size(), std::string(h.size(), ' ')) + "\n";
}

std::string waiver_note_html(const rules::Finding& f) {
  if (f.waiver_note.empty()) return {};
  return "<p class=\"note waiver-expired\"><strong>Waiver expired.</strong> " + esc(f.waiver_note) + "</p>\n";
}

std::string waivers_html(const Report& r) {
  if (!r.waivers_used) return {};
  std::string out = "<section id=\"accepted\">\n<h2>Accepted: waived, not counted in the verdict (" +
                    std::to_string(r.accepted.size()) + ")</h2>\n";
  if (r.accepted.empty()) out += "<p>No finding is waived.</p>\n";
  for (std::size_t i = 0; i < r.accepted.size(); ++i) {
    const WaiverUse& w = r.waivers[r.accepted[i].waiver];
    const std::string note = "<p class=\"note accepted\"><strong>Accepted</strong> by " + esc(w.by) + " on " +
                             esc(w.date) + ", until " + esc(w.expires) + ": " + esc(w.reason) +
                             " <span class=\"mono\">(" + esc(w.where) + ")</span></p>\n";
    finding_html(out, r.accepted[i].finding, i, "accepted-", note);
  }
  out += "<h3>Waivers</h3>\n<p class=\"note\"><span class=\"mono\">" + esc(r.waivers_file) + "</span>, as of " +
         esc(r.waivers_as_of) + ": " + esc(waiver_counts(r)) + ".</p>\n";
  out += "<table class=\"waivers\"><thead><tr><th>Where</th><th>Rule</th><th>Subject</th><th>Host</th><th>Status</th>"
         "<th>By</th><th>Until</th><th>Reason</th></tr></thead><tbody>\n";
  for (const auto& w : r.waivers) {
    const bool ok = w.outcome == WaiverOutcome::applied || w.outcome == WaiverOutcome::other_host;
    out += "<tr><td class=\"mono\">" + esc(w.where) + "</td><td><code>" + esc(w.rule) +
           "</code></td><td class=\"mono\">" + esc(w.subject) + "</td><td>" + esc(w.host) + "</td><td class=\"" +
           (ok ? "status-ok" : "status-bad") +
           "\">" + esc(outcome_sentence(w)) + "</td><td>" + esc(w.by) + "</td><td>" + esc(w.expires) + "</td><td>" +
           esc(w.reason) + "</td></tr>\n";
  }
  out += "</tbody></table>\n</section>\n";
  return out;
}

void write_waiver_summary_members(JsonWriter& w, const Report& r) {
  if (!r.waivers_used) return;
  w.Key("accepted");
  w.Uint64(r.accepted.size());
  w.Key("waivers_expired");
  w.Uint64(outcome_count(r, WaiverOutcome::expired));
  w.Key("waivers_stale");
  w.Uint64(outcome_count(r, WaiverOutcome::stale));
}

void write_waiver_members(JsonWriter& w, const WaiverUse& u) {
  w.Key("rule"); json_string(w, u.rule);
  w.Key("subject"); json_string_or_null(w, u.subject);
  w.Key("host"); json_string_or_null(w, u.host);
  w.Key("reason"); json_string(w, u.reason);
  w.Key("by"); json_string(w, u.by);
  w.Key("date"); json_string(w, u.date);
  w.Key("expires"); json_string(w, u.expires);
  w.Key("where"); json_string(w, u.where);
}

void write_waivers_json(JsonWriter& w, const Report& r) {
  if (!r.waivers_used) return;
  w.Key("accepted");
  w.StartArray();
  for (const auto& a : r.accepted) {
    w.StartObject();
    write_finding_members(w, a.finding);
    w.Key("waiver");
    w.StartObject();
    w.Key("index"); w.Uint64(a.waiver + 1);
    write_waiver_members(w, r.waivers[a.waiver]);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.Key("waivers");
  w.StartObject();
  w.Key("file"); json_string(w, r.waivers_file);
  w.Key("as_of"); json_string(w, r.waivers_as_of);
  w.Key("entries");
  w.StartArray();
  for (const auto& u : r.waivers) {
    w.StartObject();
    write_waiver_members(w, u);
    w.Key("status"); w.String(waiver_outcome_name(u.outcome));
    w.Key("expired"); w.Bool(u.expired);
    w.Key("findings"); w.Uint64(u.findings);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

}  // namespace migready::report::detail
