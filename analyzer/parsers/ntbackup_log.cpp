#include "parsers/ntbackup_log.hpp"

#include <re2/re2.h>

#include <cstdio>

#include "contract/ascii.hpp"
#include "parsers/json_out.hpp"
#include "parsers/text_util.hpp"
#include "parsers/tool_language.hpp"

namespace migready::parsers {
namespace {

constexpr std::size_t kMaxSets = 4096;
constexpr std::size_t kMaxIssues = 10'000;        // per set, and at log level
constexpr int kMaxUnrecognizedWarnings = 20;

// "Backup Status"   "Verify Status"
const RE2& status_header() {
  static const RE2 re(R"(^(Backup|Verify|Restore) Status\s*$)");
  return re;
}
// `Backup of "C: "`   `Backup (via shadow copy) of "System State"`   `Verify of "C: "`
const RE2& set_open() {
  static const RE2 re(R"re(^(Backup|Verify|Restore)( \(via shadow copy\))? of "(.*)"\s*$)re");
  return re;
}
// "Backup set #1 on media #1"
const RE2& set_number() {
  static const RE2 re(R"(^Backup set #(\d{1,9}) on media #(\d{1,9})\s*$)");
  return re;
}
// "Backup started on 11/20/2026 at 11:02 PM."   "Verify completed on 11/21/2026 at 12:10 AM."
const RE2& started_completed() {
  static const RE2 re(R"(^(Backup|Verify|Restore) (started|completed) on (.*?)\.?\s*$)");
  return re;
}
// "11/20/2026 at 11:02 PM"
const RE2& us_date_time() {
  static const RE2 re(R"(^(\d{1,2})/(\d{1,2})/(\d{4}) at (\d{1,2}):(\d{2}) ?([AP]M)$)");
  return re;
}
// "Label: value"; the label is letters and blanks ("Active backup destination", "Backup Type").
const RE2& field_line() {
  static const RE2 re(R"(^([A-Za-z][A-Za-z ]*?)\s*:\s*(.*?)\s*$)");
  return re;
}
// "39 minutes and 12 seconds"   "1 hour, 2 minutes, and 3 seconds"
const RE2& duration_part() {
  static const RE2 re(R"((\d{1,9}) (hour|minute|second)s?)");
  return re;
}
const RE2& separator_line() {
  static const RE2 re(R"(^-{5,}\s*$)");
  return re;
}

std::string unquote(std::string s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
  return s;
}

std::string rtrim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

// "12,345,678,901" (or with '.', blanks or no-break spaces as group separators) to a number.
std::optional<std::uint64_t> count(std::string_view s) {
  std::uint64_t v = 0;
  bool any = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      const auto d = static_cast<std::uint64_t>(c - '0');
      if (v > (UINT64_MAX - d) / 10) return std::nullopt;
      v = v * 10 + d;
      any = true;
    } else if (c == ',' || c == '.' || c == ' ') {
      continue;
    } else if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {
      ++i;
    } else {
      return std::nullopt;
    }
  }
  if (!any) return std::nullopt;
  return v;
}

std::optional<std::uint64_t> duration_seconds(std::string_view text) {
  re2::StringPiece input(text.data(), text.size());
  std::uint64_t total = 0;
  std::uint64_t n = 0;
  std::string unit;
  bool any = false;
  while (RE2::FindAndConsume(&input, duration_part(), &n, &unit)) {
    total += n * (unit == "hour" ? 3600 : unit == "minute" ? 60 : 1);
    any = true;
  }
  if (!any) return std::nullopt;
  return total;
}

NtbackupTime parse_time(const std::string& text) {
  NtbackupTime t{text, std::nullopt};
  int month = 0, day = 0, year = 0, hour = 0, minute = 0;
  std::string ampm;
  if (!RE2::FullMatch(text, us_date_time(), &month, &day, &year, &hour, &minute, &ampm)) return t;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 1 || hour > 12 || minute > 59) return t;
  hour = hour % 12 + (ampm == "PM" ? 12 : 0);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:00", year, month, day, hour, minute);
  t.local = buf;
  return t;
}

bool has_error(const std::vector<NtbackupIssue>& issues) {
  for (const auto& i : issues) {
    if (i.error) return true;
  }
  return false;
}

class Parser {
 public:
  Parser(const std::string& where, Diagnostics& diags) : m_where(where), m_diags(diags) {}
  void line(const std::string& text, int line_no);
  NtbackupLog finish();
  bool recognized_anything() const { return m_recognized; }

 private:
  void warn(const std::string& message, int line_no) {
    m_diags.warn(Errc::format, message, m_where + ":" + std::to_string(line_no));
  }
  NtbackupSet* open_set(const std::string& kind, int line_no);
  void issue(bool error, std::string message, int line_no);

  const std::string& m_where;
  Diagnostics& m_diags;
  NtbackupLog m_out;
  NtbackupSet* m_set = nullptr;       // the open set; null between sets
  NtbackupIssue* m_last_issue = nullptr;
  std::size_t m_log_issues_dropped = 0;
  bool m_recognized = false;
  bool m_sets_full = false;
  int m_unrecognized = 0;
};

NtbackupSet* Parser::open_set(const std::string& kind, int line_no) {
  m_last_issue = nullptr;
  if (m_out.sets.size() >= kMaxSets) {
    if (!m_sets_full) warn("more than 4096 sets; the rest are ignored", line_no);
    m_sets_full = true;
    m_set = nullptr;
    return nullptr;
  }
  m_out.sets.push_back(NtbackupSet{});
  m_set = &m_out.sets.back();
  m_set->kind = kind;
  m_set->line = line_no;
  return m_set;
}

void Parser::issue(bool error, std::string message, int line_no) {
  auto& list = m_set != nullptr ? m_set->issues : m_out.issues;
  if (list.size() >= kMaxIssues) {
    ++(m_set != nullptr ? m_set->issues_dropped : m_log_issues_dropped);
    m_last_issue = nullptr;
    return;
  }
  list.push_back(NtbackupIssue{error, std::move(message), {}, line_no});
  m_last_issue = &list.back();
}

void Parser::line(const std::string& text, int line_no) {
  std::string a, b, c;
  if (RE2::FullMatch(text, status_header(), &a)) {
    m_recognized = true;
    m_set = nullptr;
    m_last_issue = nullptr;
    return;
  }
  if (RE2::FullMatch(text, set_open(), &a, &b, &c)) {
    m_recognized = true;
    if (NtbackupSet* s = open_set(contract::ascii_lower(a), line_no)) {
      s->via_shadow_copy = !b.empty();
      s->what = rtrim(c);
    }
    return;
  }
  std::uint32_t set_no = 0, media_no = 0;
  if (RE2::FullMatch(text, set_number(), &set_no, &media_no)) {
    if (m_set == nullptr) open_set("backup", line_no);
    if (m_set != nullptr) {
      m_set->set_number = set_no;
      m_set->media_number = media_no;
    }
    return;
  }
  if (RE2::FullMatch(text, started_completed(), &a, &b, &c)) {
    m_recognized = true;
    const std::string kind = contract::ascii_lower(a);
    const bool started = b == "started";
    // A "started" line opens a set when no set of its kind is open or the open one already started
    // (a log whose `Backup of` line is missing or localized differently).
    if (m_set == nullptr || m_set->kind != kind || (started && (m_set->started || m_set->completed)) ||
        (!started && m_set->completed)) {
      open_set(kind, line_no);
    }
    if (m_set != nullptr) (started ? m_set->started : m_set->completed) = parse_time(c);
    m_last_issue = nullptr;
    return;
  }
  if (RE2::FullMatch(text, separator_line())) {
    m_set = nullptr;
    m_last_issue = nullptr;
    return;
  }
  if (text.rfind("Error", 0) == 0) {  // "Error: ..." and "Error returned while creating the volume shadow copy:..."
    issue(true, text, line_no);
    return;
  }
  // `"MSDEWriter" has reported an error 0x800423f4. ...` (a VSS writer) and "Aborting Backup."
  if ((text.front() == '"' && text.find("\" has reported an error") != std::string::npos) ||
      text.rfind("Aborting ", 0) == 0) {
    issue(true, text, line_no);
    return;
  }
  if (text.rfind("The operation did not successfully complete", 0) == 0) {
    m_out.did_not_complete = true;
    issue(true, text, line_no);
    return;
  }
  if (text.rfind("The operation was ended", 0) == 0) {
    m_out.ended = true;
    return;
  }
  if (RE2::FullMatch(text, field_line(), &a, &b)) {
    const std::string label = contract::ascii_lower(a);
    if (label == "warning") return issue(false, b, line_no);
    if (label == "reason") {
      if (m_last_issue != nullptr && m_last_issue->reason.empty()) {
        m_last_issue->reason = b;
      } else {
        warn("a 'Reason:' line without the issue it explains", line_no);
      }
      return;
    }
    if (label == "operation") {
      m_recognized = true;
      m_out.operations.push_back(b);
      return;
    }
    if (label == "active backup destination") {
      if (m_out.destination.empty()) m_out.destination = b;
      return;
    }
    if (label == "volume shadow copy creation") return;  // "Attempt 1."
    if (label == "media name") {
      if (m_set != nullptr) m_set->media_name = unquote(b);
      else if (m_out.media_name.empty()) m_out.media_name = unquote(b);
      return;
    }
    if (m_set != nullptr) {
      if (label == "backup description") return void(m_set->description = unquote(b));
      if (label == "backup type") return void(m_set->backup_type = b);
      std::optional<std::uint64_t>* number = label == "directories" ? &m_set->directories
                                             : label == "files"     ? &m_set->files
                                             : label == "bytes"     ? &m_set->bytes
                                             : label == "different" ? &m_set->different
                                                                    : nullptr;
      if (number != nullptr) {
        *number = count(b);
        if (!*number) warn("'" + a + "' is not a number: '" + b + "'", line_no);
        return;
      }
      if (label == "time") {
        m_set->duration_text = b;
        m_set->duration_seconds = duration_seconds(b);
        if (!m_set->duration_seconds) warn("duration not understood: '" + b + "'", line_no);
        return;
      }
    }
  }
  if (++m_unrecognized <= kMaxUnrecognizedWarnings) warn("unrecognized NTBackup log line", line_no);
}

NtbackupLog Parser::finish() {
  if (m_unrecognized > kMaxUnrecognizedWarnings) {
    m_diags.warn(Errc::format,
                 std::to_string(m_unrecognized - kMaxUnrecognizedWarnings) + " more unrecognized NTBackup log lines",
                 m_where);
  }
  if (m_log_issues_dropped > 0) {
    m_diags.warn(Errc::limit, std::to_string(m_log_issues_dropped) + " log-level issues beyond 10,000 dropped", m_where);
  }
  bool any_warning = false, any_failed = has_error(m_out.issues), any_incomplete = false;
  for (const auto& i : m_out.issues) any_warning = any_warning || !i.error;
  for (auto& s : m_out.sets) {
    bool warnings = s.issues_dropped > 0 || (s.different && *s.different > 0);
    for (const auto& i : s.issues) warnings = warnings || !i.error;
    if (s.issues_dropped > 0) {
      m_diags.warn(Errc::limit, std::to_string(s.issues_dropped) + " issues beyond 10,000 dropped",
                   m_where + ":" + std::to_string(s.line));
    }
    if (has_error(s.issues)) s.status = NtbackupStatus::failed;
    else if (!s.completed) s.status = m_out.ended ? NtbackupStatus::ended : NtbackupStatus::incomplete;
    else s.status = warnings ? NtbackupStatus::completed_with_warnings : NtbackupStatus::completed;
    any_failed = any_failed || s.status == NtbackupStatus::failed;
    any_incomplete = any_incomplete || s.status == NtbackupStatus::incomplete;
    any_warning = any_warning || warnings;
  }
  if (any_incomplete && !m_out.ended && !m_out.did_not_complete) {
    m_diags.warn(Errc::format, "the log ends inside a set that never completed (truncated log?)", m_where);
  }
  if (m_out.ended) m_out.outcome = NtbackupStatus::ended;
  else if (any_failed || m_out.did_not_complete) m_out.outcome = NtbackupStatus::failed;
  else if (m_out.sets.empty() || any_incomplete) m_out.outcome = NtbackupStatus::unknown;
  else if (any_warning) m_out.outcome = NtbackupStatus::completed_with_warnings;
  else m_out.outcome = NtbackupStatus::completed;
  return std::move(m_out);
}

}  // namespace

const char* ntbackup_status_name(NtbackupStatus status) noexcept {
  switch (status) {
    case NtbackupStatus::completed: return "completed";
    case NtbackupStatus::completed_with_warnings: return "completed_with_warnings";
    case NtbackupStatus::failed: return "failed";
    case NtbackupStatus::ended: return "ended";
    case NtbackupStatus::incomplete: return "incomplete";
    case NtbackupStatus::unknown: return "unknown";
  }
  return "unknown";
}

static Result<NtbackupLog> read_ntbackup_log(std::string_view text, const std::string& where, Diagnostics& diags) {
  Parser parser(where, diags);
  int line_no = 0;
  for (std::string_view line : text_util::split_lines(text)) {
    ++line_no;
    // A BOM left by a decoder that kept it.
    if (line_no == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    line.remove_prefix(line.find_first_not_of(" \t"));
    parser.line(std::string(line), line_no);
  }
  if (!parser.recognized_anything()) {
    return make_error(Errc::format, "no status header, operation or backup set: not an NTBackup log", where + ":1");
  }
  return parser.finish();
}

namespace {
void time_json(JsonOut& j, std::string_view key, const std::optional<NtbackupTime>& t) {
  j.key(key);
  if (!t) {
    j.null();
    return;
  }
  j.begin_object().field("text", t->text).field("local", t->local).end_object();
}
void issues_json(JsonOut& j, const std::vector<NtbackupIssue>& issues) {
  j.key("issues").begin_array();
  for (const auto& i : issues) {
    j.begin_object();
    j.field("severity", i.error ? "error" : "warning").field("message", i.message).field("reason", i.reason);
    j.field("line", i.line);
    j.end_object();
  }
  j.end_array();
}
}  // namespace

Result<std::string> ntbackup_log_json(std::string_view text, const std::string& where, Diagnostics& diags,
                                      std::optional<Language> expected) {
  auto parsed = parse_ntbackup_log(text, where, diags, expected);
  if (!parsed) return std::move(parsed).error();
  JsonOut j;
  j.begin_object();
  j.field("language", std::string(language_name(parsed->language)));
  j.field("outcome", ntbackup_status_name(parsed->outcome));
  j.field("operations", parsed->operations).field("destination", parsed->destination);
  j.field("media_name", parsed->media_name).field("ended", parsed->ended);
  j.field("did_not_complete", parsed->did_not_complete);
  issues_json(j, parsed->issues);
  j.key("sets").begin_array();
  for (const auto& s : parsed->sets) {
    j.begin_object();
    j.field("kind", s.kind).field("what", s.what).field("via_shadow_copy", s.via_shadow_copy);
    j.field("status", ntbackup_status_name(s.status));
    j.field("set_number", s.set_number).field("media_number", s.media_number);
    j.field("description", s.description).field("media_name", s.media_name).field("backup_type", s.backup_type);
    time_json(j, "started", s.started);
    time_json(j, "completed", s.completed);
    j.field("directories", s.directories).field("files", s.files).field("bytes", s.bytes);
    j.field("different", s.different);
    j.field("duration_text", s.duration_text).field("duration_seconds", s.duration_seconds);
    issues_json(j, s.issues);
    j.field("issues_dropped", std::uint64_t{s.issues_dropped}).field("line", s.line);
    j.end_object();
  }
  j.end_array();
  j.end_object();
  return j.str();
}

Result<NtbackupLog> parse_ntbackup_log(std::string_view text, const std::string& where, Diagnostics& diags,
                                       std::optional<Language> expected) {
  return parse_english_only<NtbackupLog>("NTBackup log", text, where, diags, expected, read_ntbackup_log);
}

}  // namespace migready::parsers
