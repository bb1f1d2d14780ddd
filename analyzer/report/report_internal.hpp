// Helpers shared by the report's renderers and by the triage summary (triage/summary.cpp), whose pages and
// JSON must look like the reports they link. Not part of the report's public interface.
#pragma once

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <functional>
#include <string>
#include <string_view>

#include "core/json.hpp"
#include "core/diagnostics.hpp"
#include "report/report.hpp"
#include "rules/sections.hpp"

namespace migready::report::detail {

// 0 error, 1 warning, 2 info.
int severity_rank(rules::Severity s) noexcept;
const char* diagnostic_severity_name(migready::Severity s) noexcept;
// "1 error", "2 errors"; info is uncountable: "3 info".
std::string count_phrase(std::size_t n, std::string_view noun);
// "1 error, 2 warnings": the non-zero counts of a Fix first entry, by severity.
std::string severity_counts(std::size_t errors, std::size_t warnings, std::size_t infos);
// The terminal colour of a verdict: bold green READY, yellow CANNOT TELL, red NOT READY.
const char* verdict_ansi(VerdictStatus s);
// The anchor of the finding at 0-based rank `index`: "finding-1", "finding-2", ... (stable for a report).
std::string finding_anchor(std::size_t index);
// The finding's title, and for a rule that yields one finding per element its subject: "A dcdiag test failed:
// SBS01 Replications". Lists of findings show this, so repeated titles stay distinguishable.
std::string display_title(const rules::Finding& f);
// "2 Install the most recent service packs" / "Best Practices Analyzer: Exchange" / the raw id if unknown.
std::string section_label(std::string_view id);
// Bundle text made safe for a terminal or a page: text::printable (core/text.hpp), the one escaper: invalid
// UTF-8 becomes U+FFFD; controls (ESC, CR, BEL, ...), DEL, bidi and other format characters (U+202E, U+200B,
// ...) become visible "\xNN" / "\u{NNNN}"; a tab becomes a space. `keep_newlines` keeps LF.
std::string printable(std::string_view text, bool keep_newlines = false);

// Text (render_text.cpp): code points in printable text, and word-wrapping to the report's 100 columns when
// the first line starts at `first_column` and the others after `indent` (a word longer than a line stays whole).
std::size_t text_columns(std::string_view s);
std::string wrap_text(std::string_view text, std::size_t first_column, const std::string& indent);

// HTML (render_html.cpp), shared with the diff page so both look alike.
// The report's stylesheet (inside <style>; the page's CSP allows only inline style).
extern const char kHtmlStyle[];
// printable(), then escaped for text and for double- or single-quoted attribute values.
std::string esc(std::string_view raw);
// "error", "warning", "info": the CSS class of a severity.
const char* severity_class(rules::Severity s);
// "ready", "cannot-tell", "not-ready": the CSS class of the verdict (class "verdict" in kHtmlStyle).
const char* verdict_class(VerdictStatus s);
// One finding as an <article> whose id is anchor_prefix + (index + 1); `note_html` (already escaped markup)
// goes right under its heading.
void finding_html(std::string& out, const rules::Finding& f, std::size_t index,
                  std::string_view anchor_prefix = "finding-", std::string_view note_html = {});

// JSON (render_json.cpp): the members of one finding object (id ... remediation), between the caller's
// StartObject and EndObject, so a diff can add its own members to the same object.
using JsonWriter = json::PrettyWriter<json::StringBuffer>;
void write_finding_members(JsonWriter& w, const rules::Finding& f);
// A string from the bundle as valid UTF-8 (invalid bytes become U+FFFD); "" as null for optional fields.
void json_string(JsonWriter& w, std::string_view s);
void json_string_or_null(JsonWriter& w, std::string_view s);
// The members "bundle", "host" and "summary" of a report (the JSON report's head; each side of a diff).
void write_report_head_members(JsonWriter& w, const Report& r);

// Waivers (render_waivers.cpp): each format's part; all empty (nothing written) unless report.waivers_used.
// "2 applied, 1 expired, 0 stale[, 3 for other hosts]".
std::string waiver_counts(const Report& r);
// The text report's Accepted section and waiver lines; `paint(code, text)` colours as render_text does.
std::string waivers_text(const Report& r, const std::function<std::string(const char*, const std::string&)>& paint);
// A finding's "Note:" line (text) or paragraph (HTML) when its waiver expired; "" when it has no note.
std::string waiver_note_text(const rules::Finding& f);
std::string waiver_note_html(const rules::Finding& f);
// The HTML section "Accepted" with the table of waivers.
std::string waivers_html(const Report& r);
// JSON: summary.accepted, .waivers_expired, .waivers_stale (inside the summary object); the top-level
// "accepted" and "waivers" members; one waiver's members (rule ... where), shared with the diff.
void write_waiver_summary_members(JsonWriter& w, const Report& r);
void write_waivers_json(JsonWriter& w, const Report& r);
void write_waiver_members(JsonWriter& w, const WaiverUse& u);

}  // namespace migready::report::detail
