// Waivers: the file's loader (rapidjson SAX into a DOM, recording where every key and value starts so that an
// error names its line and column), and the matcher that moves waived findings out of the verdict.
#include "report/waivers.hpp"

#include <rapidjson/document.h>
#include <rapidjson/encodings.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <re2/re2.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <set>
#include <unordered_map>

#include "core/json.hpp"
#include "contract/ascii.hpp"
#include "contract/civil_time.hpp"
#include "core/json_sax.hpp"
#include "platform/platform.hpp"

namespace migready::report {
namespace {

using json::Value;

// From the end of one token, past what may stand between two tokens (blanks, , : ] } and comments), to the
// start of the next one.
std::size_t next_token(std::string_view text, std::size_t pos) {
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == ':' || c == ']' || c == '}') {
      ++pos;
    } else if (c == '/' && pos + 1 < text.size() && text[pos + 1] == '/') {
      const std::size_t nl = text.find('\n', pos);
      pos = nl == std::string_view::npos ? text.size() : nl + 1;
    } else if (c == '/' && pos + 1 < text.size() && text[pos + 1] == '*') {
      const std::size_t end = text.find("*/", pos + 2);
      pos = end == std::string_view::npos ? text.size() : end + 2;
    } else {
      break;
    }
  }
  return pos;
}

// Forwards SAX events to a Document and records where each value and key starts (document order).
class Recorder : public SaxToDocument<Recorder> {
 public:
  Recorder(json::Document& doc, std::string_view text, const rapidjson::MemoryStream& ms)
      : SaxToDocument(doc), m_text(text), m_ms(ms) {}

  std::vector<std::size_t> starts;
  bool too_deep = false;
  bool too_many = false;

 private:
  friend class SaxToDocument<Recorder>;
  void close() { --m_depth; }
  bool mark(bool bracket = false) {
    // Each entry is 7 keys and 7 values at most; a file far beyond that is refused before its DOM grows.
    if (starts.size() > (kMaxWaivers + 1) * 32) {
      too_many = true;
      return false;
    }
    starts.push_back(next_token(m_text, m_end));
    // The iterative parser calls StartObject/StartArray before it takes the bracket: the token ends after it.
    m_end = bracket ? starts.back() + 1 : m_ms.Tell();
    return true;
  }
  bool open() {
    if (++m_depth > static_cast<int>(kMaxWaiversDepth)) {
      too_deep = true;
      return false;
    }
    return mark(true);
  }
  std::string_view m_text;
  const rapidjson::MemoryStream& m_ms;
  std::size_t m_end = 0;
  int m_depth = 0;
};

class Loader {
 public:
  Loader(std::string_view text, const std::string& file, const std::function<bool(std::string_view)>& known_rule)
      : m_text(text), m_file(file), m_known_rule(known_rule) {}

  Result<WaiverSet> load();

 private:
  // "file:line:column" of a byte offset; the column counts characters (UTF-8 code points), from 1.
  std::string place(std::size_t offset) const {
    offset = std::min(offset, m_text.size());
    std::size_t line = 1, line_start = 0;
    for (std::size_t i = 0; i < offset; ++i) {
      if (m_text[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    std::size_t column = 1;
    for (std::size_t i = line_start; i < offset; ++i) column += (static_cast<unsigned char>(m_text[i]) & 0xc0) != 0x80;
    return m_file + ":" + std::to_string(line) + ":" + std::to_string(column);
  }
  std::string at(const Value& v) const {
    const auto it = m_value_start.find(&v);
    return it == m_value_start.end() ? m_file : place(it->second);
  }
  std::string at_key(const Value& member_value) const {
    const auto it = m_key_start.find(&member_value);
    return it == m_key_start.end() ? at(member_value) : place(it->second);
  }
  void number(const Value& v, const std::vector<std::size_t>& starts, std::size_t& i) {
    if (i < starts.size()) m_value_start[&v] = starts[i];
    ++i;
    if (v.IsObject()) {
      for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
        if (i < starts.size()) m_key_start[&m->value] = starts[i];
        ++i;
        number(m->value, starts, i);
      }
    } else if (v.IsArray()) {
      for (const auto& e : v.GetArray()) number(e, starts, i);
    }
  }
  Error fail(std::string where, std::string message) const {
    return Error{Errc::format, std::move(message), std::move(where)};
  }
  std::optional<Error> check_keys(const Value& object, std::initializer_list<const char*> allowed,
                                  const std::string& expected) const;
  std::optional<Error> text(const Value& v, std::string_view key, std::size_t max, std::string& out) const;
  std::optional<Error> entry(const Value& v, std::size_t n, Waiver& out) const;

  std::string_view m_text;
  const std::string& m_file;
  const std::function<bool(std::string_view)>& m_known_rule;
  std::unordered_map<const Value*, std::size_t> m_value_start, m_key_start;
};

std::optional<Error> Loader::check_keys(const Value& object, std::initializer_list<const char*> allowed,
                                        const std::string& expected) const {
  std::set<std::string_view> seen;
  for (auto m = object.MemberBegin(); m != object.MemberEnd(); ++m) {
    const std::string_view name(m->name.GetString(), m->name.GetStringLength());
    if (!seen.insert(name).second) return fail(at_key(m->value), "duplicate key \"" + std::string(name) + "\"");
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return name == a; })) {
      return fail(at_key(m->value), "unknown key \"" + std::string(name) + "\" (expected " + expected + ")");
    }
  }
  return std::nullopt;
}

std::optional<Error> Loader::text(const Value& v, std::string_view key, std::size_t max, std::string& out) const {
  if (!v.IsString()) return fail(at(v), "\"" + std::string(key) + "\" must be a string");
  out.assign(v.GetString(), v.GetStringLength());
  if (out.size() > max) {
    return fail(at(v), "\"" + std::string(key) + "\" is longer than " + std::to_string(max) + " bytes");
  }
  for (const char ch : out) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) return fail(at(v), "\"" + std::string(key) + "\" contains a control character");
  }
  return std::nullopt;
}

std::optional<Error> Loader::entry(const Value& v, std::size_t n, Waiver& w) const {
  const std::string which = "waiver " + std::to_string(n + 1) + ": ";
  if (!v.IsObject()) return fail(at(v), which + "expected an object {\"rule\": ..., \"reason\": ..., ...}");
  w.where = at(v);
  if (auto e = check_keys(v, {"rule", "subject", "host", "reason", "by", "date", "expires"},
                          "rule, subject, host, reason, by, date, expires")) {
    e->message = which + e->message;
    return e;
  }
  static constexpr struct {
    const char* key;
    bool required;
    std::size_t max;
    const char* what;
  } kFields[] = {
      {"rule", true, kMaxWaiverRuleBytes, "the rule id (migready rules list)"},
      {"subject", false, kMaxWaiverSubjectBytes, ""},
      {"host", false, kMaxWaiverHostBytes, ""},
      {"reason", true, kMaxWaiverReasonBytes, "why the risk is accepted"},
      {"by", true, kMaxWaiverByBytes, "who accepted it"},
      {"date", true, 10, "the day it was accepted, YYYY-MM-DD"},
      {"expires", true, 10, "the last day it applies, YYYY-MM-DD"},
  };
  std::string* targets[] = {&w.rule, &w.subject, &w.host, &w.reason, &w.by, &w.date, &w.expires};
  for (std::size_t k = 0; k < std::size(kFields); ++k) {
    const auto it = v.FindMember(kFields[k].key);
    if (it == v.MemberEnd()) {
      if (kFields[k].required) {
        return fail(w.where, which + "missing \"" + kFields[k].key + "\": " + kFields[k].what);
      }
      continue;
    }
    if (auto e = text(it->value, kFields[k].key, kFields[k].max, *targets[k])) {
      e->message = which + e->message;
      return e;
    }
  }
  auto value_at = [&](const char* key) { return at(v.FindMember(key)->value); };
  if (!m_known_rule(w.rule)) {
    return fail(value_at("rule"),
                which + "unknown rule id \"" + w.rule + "\" (expected an id of the loaded rules: migready rules list)");
  }
  if (w.reason.find_first_not_of(' ') == std::string::npos) {
    return fail(value_at("reason"), which + "\"reason\" is blank: say why the risk is accepted");
  }
  if (w.by.find_first_not_of(' ') == std::string::npos) {
    return fail(value_at("by"), which + "\"by\" is blank: say who accepted it");
  }
  if (v.HasMember("host") && w.host.find_first_not_of(' ') == std::string::npos) {
    return fail(value_at("host"), which + "\"host\" is blank: name the server, or leave the key out");
  }
  for (const char* key : {"date", "expires"}) {
    const std::string& d = std::string_view(key) == "date" ? w.date : w.expires;
    if (!valid_iso_date(d)) {
      return fail(value_at(key), which + "\"" + key + "\" must be a date YYYY-MM-DD (2000-2099), not \"" + d + "\"");
    }
  }
  auto days = [](const std::string& d) {
    return contract::unix_days(std::stoi(d.substr(0, 4)), static_cast<unsigned>(std::stoi(d.substr(5, 2))),
                               static_cast<unsigned>(std::stoi(d.substr(8, 2))));
  };
  const std::int64_t span = days(w.expires) - days(w.date);
  if (span < 0) return fail(value_at("expires"), which + "\"expires\" is before \"date\" (" + w.date + ")");
  if (span > kMaxWaiverDays) {
    return fail(value_at("expires"), which + "\"expires\" is more than " + std::to_string(kMaxWaiverDays) +
                                         " days after \"date\" (" + w.date + "): accept a risk for a year at most");
  }
  if (v.HasMember("subject")) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(1 << 20);
    auto re = std::make_shared<const RE2>(w.subject, options);
    if (!re->ok()) {
      return fail(value_at("subject"), which + "\"subject\" is not a valid RE2 pattern: " + re->error());
    }
    w.subject_re = std::move(re);
  }
  return std::nullopt;
}

Result<WaiverSet> Loader::load() {
  json::Document doc;
  rapidjson::MemoryStream ms(m_text.data(), m_text.size());
  Recorder recorder(doc, m_text, ms);
  rapidjson::ParseResult parsed;
  auto generate = [&](json::Document&) {
    json::Reader reader;
    parsed = reader.Parse<rapidjson::kParseCommentsFlag | rapidjson::kParseTrailingCommasFlag |
                          rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(ms, recorder);
    return !parsed.IsError();
  };
  doc.Populate(generate);
  if (parsed.IsError()) {
    if (recorder.too_deep) return fail(place(parsed.Offset()), "nested deeper than a waivers file is");
    if (recorder.too_many) return fail(place(parsed.Offset()), "more than " + std::to_string(kMaxWaivers) + " waivers");
    return fail(place(parsed.Offset()), std::string("not valid JSON: ") + rapidjson::GetParseError_En(parsed.Code()));
  }
  std::size_t i = 0;
  number(doc, recorder.starts, i);
  const std::string shape = "{\"schema\": \"" + std::string(kWaiversSchema) + "\", \"waivers\": [...]}";
  if (!doc.IsObject()) return fail(at(doc), "expected an object " + shape);
  if (auto e = check_keys(doc, {"$schema", "schema", "waivers"}, "schema, waivers")) return *e;
  const auto schema = doc.FindMember("schema");
  if (schema == doc.MemberEnd()) return fail(at(doc), "missing \"schema\": expected " + shape);
  if (!schema->value.IsString() || std::string_view(schema->value.GetString()) != kWaiversSchema) {
    return fail(at(schema->value), "\"schema\" must be \"" + std::string(kWaiversSchema) + "\"");
  }
  if (const auto s = doc.FindMember("$schema"); s != doc.MemberEnd() && !s->value.IsString()) {
    return fail(at(s->value), "\"$schema\" must be a string");
  }
  const auto list = doc.FindMember("waivers");
  if (list == doc.MemberEnd()) return fail(at(doc), "missing \"waivers\": expected " + shape);
  if (!list->value.IsArray()) return fail(at(list->value), "\"waivers\" must be an array of waivers");
  if (list->value.Size() > kMaxWaivers) {
    return fail(at(list->value), "more than " + std::to_string(kMaxWaivers) + " waivers");
  }
  WaiverSet set;
  set.file = m_file;
  for (rapidjson::SizeType n = 0; n < list->value.Size(); ++n) {
    Waiver w;
    if (auto e = entry(list->value[n], n, w)) return *e;
    set.waivers.push_back(std::move(w));
  }
  return set;
}

std::string expiry_note(const WaiverUse& w) {
  return "Its waiver (" + w.where + ", by " + w.by + ": " + w.reason + ") expired on " + w.expires +
         ": the finding counts again.";
}

}  // namespace

const char* waiver_outcome_name(WaiverOutcome o) noexcept {
  switch (o) {
    case WaiverOutcome::applied:
      return "applied";
    case WaiverOutcome::expired:
      return "expired";
    case WaiverOutcome::stale:
      return "stale";
    case WaiverOutcome::other_host:
      return "other_host";
  }
  return "stale";
}

Result<WaiverSet> parse_waivers(std::string_view text, const std::string& file,
                                const std::function<bool(std::string_view)>& known_rule) {
  if (text.size() > kMaxWaiversFileBytes) {
    return make_error(Errc::limit, "larger than " + std::to_string(kMaxWaiversFileBytes) + " bytes", file);
  }
  if (text.substr(0, 3) == "\xef\xbb\xbf") text.remove_prefix(3);
  return Loader(text, file, known_rule).load();
}

Result<WaiverSet> load_waivers(const std::string& path, const std::function<bool(std::string_view)>& known_rule) {
  std::FILE* f = platform::open_file(path, "rb");
  if (f == nullptr) return make_error(Errc::io, "cannot open the waivers file", path);
  std::string data;
  char buffer[64 * 1024];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) {
    data.append(buffer, n);
    if (data.size() > kMaxWaiversFileBytes) break;
  }
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return make_error(Errc::io, "cannot read the waivers file", path);
  return parse_waivers(data, path, known_rule);
}

const std::vector<std::string>& collection_rule_ids() {
  static const std::vector<std::string> kIds = {"COLLECTION_INCOMPLETE", "COLLECTION_ARTIFACT_MISSING",
                                                "COLLECTION_ARTIFACT_PARTIAL", "COLLECTION_ARTIFACT_PROBLEM"};
  return kIds;
}

std::function<bool(std::string_view)> known_rules(const rules::RuleSet& rules) {
  auto ids = std::make_shared<std::set<std::string, std::less<>>>();
  for (auto& id : rules.ids()) ids->insert(std::move(id));
  for (const auto& id : collection_rule_ids()) ids->insert(id);
  return [ids](std::string_view id) { return ids->find(id) != ids->end(); };
}

std::string waivers_beside(const std::string& bundle_path) {
  const std::string path = default_waivers_path(bundle_path);
  std::error_code ec;
  return std::filesystem::is_regular_file(platform::fs_path(path), ec) && !ec ? path : std::string();
}

std::string default_waivers_path(const std::string& bundle_path) {
  const std::string_view name = platform::file_name(bundle_path);
  return bundle_path.substr(0, bundle_path.size() - name.size()) + kDefaultWaiversName;
}

bool valid_iso_date(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (const std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (d[i] < '0' || d[i] > '9') return false;
  }
  const int year = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
  const unsigned month = static_cast<unsigned>((d[5] - '0') * 10 + (d[6] - '0'));
  const unsigned day = static_cast<unsigned>((d[8] - '0') * 10 + (d[9] - '0'));
  return year >= 2000 && year <= 2099 && contract::valid_date(year, month, day);
}

std::string today_utc() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return contract::format_iso(std::chrono::duration_cast<std::chrono::seconds>(now).count(), false);
}

void apply_waivers(Report& r, const WaiverSet& set, std::string_view as_of) {
  r.waivers_used = true;
  r.waivers_file = set.file;
  r.waivers_as_of = std::string(as_of);
  r.waivers.clear();
  r.accepted.clear();
  std::vector<bool> for_host;
  for (const Waiver& w : set.waivers) {
    WaiverUse u{w.rule, w.subject, w.host, w.reason, w.by, w.date, w.expires, w.where};
    u.expired = w.expires < as_of;  // ISO dates compare as text
    for_host.push_back(w.host.empty() || contract::equals_ci(w.host, r.computer_name) ||
                       (!r.dns_domain.empty() && contract::equals_ci(w.host, r.computer_name + "." + r.dns_domain)));
    r.waivers.push_back(std::move(u));
  }
  std::vector<rules::Finding> kept;
  kept.reserve(r.findings.size());
  for (auto& f : r.findings) {
    std::optional<std::size_t> active, expired;
    if (!f.not_checked) {
      for (std::size_t i = 0; i < set.waivers.size(); ++i) {
        const Waiver& w = set.waivers[i];
        if (!for_host[i] || w.rule != f.rule_id) continue;
        if (w.subject_re && !RE2::FullMatch(f.subject, *w.subject_re)) continue;
        ++r.waivers[i].findings;
        if (r.waivers[i].expired) {
          if (!expired) expired = i;
        } else if (!active) {
          active = i;
        }
      }
    }
    if (active) {
      r.accepted.push_back({std::move(f), *active});
    } else {
      if (expired) f.waiver_note = expiry_note(r.waivers[*expired]);
      kept.push_back(std::move(f));
    }
  }
  for (std::size_t i = 0; i < r.waivers.size(); ++i) {
    WaiverUse& u = r.waivers[i];
    u.outcome = !for_host[i]      ? WaiverOutcome::other_host
                : u.findings == 0 ? WaiverOutcome::stale
                : u.expired       ? WaiverOutcome::expired
                                  : WaiverOutcome::applied;
  }
  r.findings = std::move(kept);
  r.errors = r.warnings = r.infos = 0;
  for (const auto& f : r.findings) {
    if (f.severity == rules::Severity::error)
      ++r.errors;
    else if (f.severity == rules::Severity::warning)
      ++r.warnings;
    else
      ++r.infos;
  }
  r.fix_first = fix_first(r.findings);
}

}  // namespace migready::report
