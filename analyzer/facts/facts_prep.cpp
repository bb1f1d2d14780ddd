// The Migration Preparation Tool's run, from the logs the collector's search found (file.migration_logs.*,
// docs/bundle-format.md "File artifacts"): whether it ran, when last, its error lines, and the hotfix
// installation error for which the document (BKMK_MigrationPrep) prescribes renaming Catroot2. Where the
// tool writes its log is undocumented, so every non-ADPrep file the search found counts as one of its logs,
// and the log's text is read by pattern (docs/facts.md lists the patterns and what they can get wrong).
#include <re2/re2.h>

#include <algorithm>
#include <cstdio>

#include "facts/facts_internal.hpp"

namespace migready::facts::detail {
namespace {

constexpr std::size_t kMaxLineText = 300;

// The first timestamp on a line, as "YYYY-MM-DDThh:mm:ss" (the server's local time, as logs write it):
// "2026-11-20 23:02:00" / "2026-11-20T23:02:00", or "11/20/2026 11:02:00 PM" (month first unless the first
// number cannot be a month). Empty when none, or when a field is out of range.
std::string line_time(std::string_view line) {
  static const RE2 kIso(R"((\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2}))");
  static const RE2 kUs(R"((\d{1,2})/(\d{1,2})/(\d{4}),?\s+(\d{1,2}):(\d{2}):(\d{2})(?:\s*([AaPp])[Mm])?)");
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  std::string ampm;
  if (!RE2::PartialMatch(line, kIso, &y, &mo, &d, &h, &mi, &s)) {
    int a = 0, b = 0;
    if (!RE2::PartialMatch(line, kUs, &a, &b, &y, &h, &mi, &s, &ampm)) return {};
    mo = a > 12 ? b : a;
    d = a > 12 ? a : b;
    if (!ampm.empty()) {
      if (h < 1 || h > 12) return {};
      h = (h % 12) + ((ampm[0] == 'P' || ampm[0] == 'p') ? 12 : 0);
    }
  }
  if (y < 2000 || y > 2099 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return {};
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, s);
  return buf;
}

bool is_error_line(std::string_view line) {
  static const RE2 kError(R"((?i)\b(error|errors|failed|failure|fails|exception)\b)");
  static const RE2 kNone(R"((?i)\b(no|0|zero)\s+(errors?|failures?)\b|\b(errors?|failures?)\s*[:=]\s*0\b)");
  return RE2::PartialMatch(line, kError) && !RE2::PartialMatch(line, kNone);
}

// The document's hotfix installation error: an error line that names a hotfix, a KB update or Catroot.
bool is_hotfix_error(std::string_view line) {
  static const RE2 kHotfix(R"((?i)hot\s?-?fix|\bKB\d{6,7}\b|catroot)");
  return RE2::PartialMatch(line, kHotfix);
}

std::string trim_line(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  if (s.size() > kMaxLineText) s = s.substr(0, kMaxLineText);
  return std::string(s);
}

// "file.migration_logs.adprep.20261120230000.adprep_log" -> "2026-11-20T23:00:00"; empty when not that form.
std::string adprep_run_time(std::string_view id, std::string_view prefix) {
  id.remove_prefix(prefix.size());
  const std::string folder(id.substr(0, id.find('.')));
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!RE2::FullMatch(folder, R"((\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2}))", &y, &mo, &d, &h, &mi, &s)) return {};
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return {};
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, s);
  return buf;
}

}  // namespace

void migration_prep_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string row_id = "file.migration_logs";
  const auto paths = {"migration_prep.ran",    "migration_prep.tool_logs",   "migration_prep.last_run",
                      "migration_prep.last_run_basis", "migration_prep.errors", "migration_prep.error_count",
                      "migration_prep.hotfix_error"};
  const RowArtifacts row = row_artifacts(b, row_id);
  auto& alloc = f.allocator();
  if (row.files.empty()) {
    if (row.row_record != nullptr && row.row_record->status == contract::Status::missing) {
      f.set("migration_prep.ran", false, row_id);
      f.set("migration_prep.tool_logs", rapidjson::Value(rapidjson::kArrayType), row_id);
      f.set_null("migration_prep.last_run", row_id);
      f.set_null("migration_prep.last_run_basis", row_id);
      f.set("migration_prep.errors", rapidjson::Value(rapidjson::kArrayType), row_id);
      f.set("migration_prep.error_count", std::int64_t{0}, row_id);
      f.set("migration_prep.hotfix_error", false, row_id);
    } else {
      std::string reason = unavailable_reason(b, row.row_record);
      if (reason.empty()) reason = "the row's own entry holds bytes, but no file artifact";
      for (auto p : paths) f.set_unavailable(p, FactStatus::collection_failed, row_id, reason);
    }
    return;
  }
  const std::string adprep_prefix = row_id + ".adprep.";
  std::vector<const ArtifactRecord*> tool;
  std::string latest_adprep;
  for (const ArtifactRecord* art : row.files) {
    if (art->id.rfind(adprep_prefix, 0) == 0) latest_adprep = std::max(latest_adprep, adprep_run_time(art->id, adprep_prefix));
    else tool.push_back(art);
  }
  std::vector<std::string> tool_ids;
  for (const auto* art : tool) tool_ids.push_back(art->id);
  f.set("migration_prep.ran", !tool.empty(), tool.empty() ? row_id : tool.front()->id);
  f.set("migration_prep.tool_logs", json_strings(tool_ids, alloc, kMaxMigrationLogs), row_id);
  if (tool.empty()) {
    f.set_null("migration_prep.last_run", row_id);
    f.set_null("migration_prep.last_run_basis", row_id);
    f.set("migration_prep.errors", rapidjson::Value(rapidjson::kArrayType), row_id);
    f.set("migration_prep.error_count", std::int64_t{0}, row_id);
    f.set("migration_prep.hotfix_error", false, row_id);
    return;
  }

  std::string last, last_source, first_unreadable;
  std::size_t readable = 0;
  std::int64_t error_count = 0;
  std::string hotfix_source;
  rapidjson::Value errors(rapidjson::kArrayType);
  for (const ArtifactRecord* art : tool) {
    if (auto why = unavailable_reason(b, art); !why.empty()) {
      if (first_unreadable.empty()) first_unreadable = art->id + ": " + why;
      continue;
    }
    ++readable;
    const std::string text = decode_artifact(b, *art, diags);
    std::string_view rest(text);
    std::int64_t number = 0;
    while (!rest.empty()) {
      const auto nl = rest.find('\n');
      const std::string_view line = rest.substr(0, nl);
      rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
      ++number;
      if (line.find(':') != std::string_view::npos) {
        if (std::string t = line_time(line); !t.empty() && t > last) {
          last = std::move(t);
          last_source = art->id + ":" + std::to_string(number);
        }
      }
      if (!is_error_line(line)) continue;
      ++error_count;
      if (hotfix_source.empty() && is_hotfix_error(line)) hotfix_source = art->id + ":" + std::to_string(number);
      if (errors.Size() >= kMaxPrepErrors) continue;
      rapidjson::Value o(rapidjson::kObjectType);
      o.AddMember("artifact", json_string(art->id, alloc), alloc);
      o.AddMember("line", number, alloc);
      o.AddMember("text", json_string(trim_line(line), alloc), alloc);
      errors.PushBack(o, alloc);
    }
  }
  if (readable == 0) {
    for (auto p : {"migration_prep.last_run", "migration_prep.last_run_basis", "migration_prep.errors",
                   "migration_prep.error_count", "migration_prep.hotfix_error"}) {
      f.set_unavailable(p, FactStatus::collection_failed, row_id, first_unreadable);
    }
    return;
  }
  if (!last.empty()) {
    f.set("migration_prep.last_run", last, last_source);
    f.set("migration_prep.last_run_basis", std::string_view("log content"), last_source);
  } else if (!latest_adprep.empty()) {
    // The tool runs ADPrep: the newest ADPrep run folder is the best time left.
    f.set("migration_prep.last_run", latest_adprep, row_id + ".adprep");
    f.set("migration_prep.last_run_basis", std::string_view("adprep run folder"), row_id + ".adprep");
  } else {
    f.set_unavailable("migration_prep.last_run", FactStatus::missing, tool.front()->id,
                      "no timestamp in the tool's logs and no ADPrep run folder");
    f.set_unavailable("migration_prep.last_run_basis", FactStatus::missing, tool.front()->id,
                      "no timestamp in the tool's logs and no ADPrep run folder");
  }
  f.set("migration_prep.errors", std::move(errors), row_id);
  f.set("migration_prep.error_count", error_count, row_id);
  f.set("migration_prep.hotfix_error", !hotfix_source.empty(), hotfix_source.empty() ? row_id : hotfix_source);
}

}  // namespace migready::facts::detail
