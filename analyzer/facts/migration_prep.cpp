// The migration's prerequisites and the Migration Preparation Tool: PowerShell and the .NET Framework (SOFTWARE
// hive), the Migration Preparation Tool's and ADPrep's logs.
//
// The Migration Preparation Tool's run, from the logs the collector's search found (file.migration_logs.*,
// docs/bundle-format.md "File artifacts"): whether it ran, when its last completed run ended, the newest
// run's scan result and error lines, and the hotfix installation error for which the document
// (BKMK_MigrationPrep) prescribes renaming Catroot2. Where the tool writes its log is undocumented, so every
// non-ADPrep file the search found counts as one of its logs, and the log's text is read by pattern
// (docs/facts.md lists the patterns and what they can get wrong).
#include <re2/re2.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <utility>
#include <vector>

#include "core/json.hpp"
#include "facts/sources.hpp"
#include "parsers/date_text.hpp"
#include "hive/hive.hpp"

namespace migready::facts::detail {
namespace {

constexpr std::size_t kMaxLineText = 300;

// The time a line was written, as "YYYY-MM-DDThh:mm:ss" (the server's local time, as logs write it), and the
// writing process's id when the line has one. The tool's own form is "[pid] yymmdd.hhmmss.ffff: text" (the
// form of the Windows SBS logs; not confirmed against a Microsoft source, see docs/facts.md); also
// "2026-11-20 23:02:00" / "2026-11-20T23:02:00", or "11/20/2026 11:02:00 PM" anywhere on the line, read with
// the manifest's date conventions (parsers/date_text.hpp; without a locale only when the text fixes the order).
// Empty time when none, or when a field is out of range; `unread` (when still empty) names a date that may be
// one but whose day and month cannot be told apart.
struct LineTime {
  std::string time;
  std::string pid;  // only from the "[pid] yymmdd.hhmmss" form
};

std::string format_time(int y, int mo, int d, int h, int mi, int s) {
  if (y < 2000 || y > 2099 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return {};
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, s);
  return buf;
}

LineTime line_time(std::string_view line, const contract::DateTimeConventions* conventions, std::string& unread) {
  static const RE2 kSbs(R"(^\s*\[(\d{1,10})\]\s+(\d{2})(\d{2})(\d{2})\.(\d{2})(\d{2})(\d{2})(?:\.\d+)?:)");
  static const RE2 kIso(R"((\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2}))");
  static const RE2 kSlashed(R"((\d{1,2}[/.]\d{1,2}[/.]\d{4},?\s+\d{1,2}:\d{2}:\d{2}(?:\s*[AaPp][Mm])?))");
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  std::string pid;
  if (RE2::PartialMatch(line, kSbs, &pid, &y, &mo, &d, &h, &mi, &s)) {
    LineTime out{format_time(2000 + y, mo, d, h, mi, s), {}};
    if (!out.time.empty()) out.pid = std::move(pid);
    return out;
  }
  if (line.find(':') == std::string_view::npos) return {};
  if (!RE2::PartialMatch(line, kIso, &y, &mo, &d, &h, &mi, &s)) {
    std::string text;
    if (!RE2::PartialMatch(line, kSlashed, &text)) return {};
    const parsers::DateReading r = parsers::read_date_text(text, conventions);
    if (!r.iso) {
      const bool undecided = r.reason.starts_with("ambiguous") || r.reason.starts_with("does not match");
      if (undecided && unread.empty()) unread = "\"" + text + "\": " + r.reason;
      return {};
    }
    // "YYYY-MM-DDThh:mm:ss", a valid date and time; the year still has to be a plausible one.
    y = std::stoi(r.iso->substr(0, 4));
    return {y >= 2000 && y <= 2099 ? *r.iso : std::string(), {}};
  }
  return {format_time(y, mo, d, h, mi, s), {}};
}

// The scan's result as the tool logs it at the end of a scan: "SourceServerScan: 0 errors, 0 warnings" (the
// sample's form; not confirmed against a real log, so the rules that read it stay warnings).
std::optional<std::pair<std::int64_t, std::int64_t>> scan_summary(std::string_view line) {
  static const RE2 kSummary(R"((?i)\b(\d{1,6}) errors?, (\d{1,6}) warnings?\b)");
  std::int64_t errors = 0, warnings = 0;
  if (!RE2::PartialMatch(line, kSummary, &errors, &warnings)) return std::nullopt;
  return std::make_pair(errors, warnings);
}

bool is_error_line(std::string_view line) {
  static const RE2 kError(R"((?i)\b(error|errors|failed|failure|fails|exception)\b)");
  static const RE2 kNone(R"((?i)\b(no|0|zero)\s+(errors?|failures?)\b|\b(errors?|failures?)\s*[:=]\s*0\b)");
  // A name or a count, not a failure: "Windows Error Reporting service is running", "Failed rules: none".
  static const RE2 kNotAFailure(R"((?i)\berror reporting\b|\b(errors?|failed|failures?)\b[\w ]{0,40}:\s*(none|0)\s*$)");
  return RE2::PartialMatch(line, kError) && !RE2::PartialMatch(line, kNone) && !RE2::PartialMatch(line, kNotAFailure);
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

struct ErrorLine {
  std::int64_t line = 0;
  std::string text;
};

// One run of the tool in one log.
struct Run {
  std::string artifact, pid;
  std::string end, end_source;  // the run's last timestamp and its artifact:line
  std::optional<std::pair<std::int64_t, std::int64_t>> summary;  // the last scan result: errors, warnings
  std::int64_t summary_line = 0;
  std::vector<ErrorLine> errors;  // error lines since the scan before the last one
  std::vector<ErrorLine> since_summary;  // error lines after the last scan result (a scan in progress)
};

void split_runs(const std::string& artifact, std::string_view text, const contract::DateTimeConventions* conventions,
                std::vector<Run>& runs, std::string& unread) {
  const std::size_t first = runs.size();
  std::string_view rest(text);
  std::int64_t number = 0;
  while (!rest.empty()) {
    const auto nl = rest.find('\n');
    const std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    ++number;
    std::string line_unread;
    const LineTime t = line_time(line, conventions, line_unread);
    if (!line_unread.empty() && unread.empty()) unread = artifact + ":" + std::to_string(number) + ": " + line_unread;
    // A new process id starts a run (a run's lines before its first id, without times, join it).
    if (runs.size() == first ||
        (!t.pid.empty() && t.pid != runs.back().pid && !(runs.back().pid.empty() && runs.back().end.empty()))) {
      runs.push_back(Run{artifact, t.pid, {}, {}, std::nullopt, 0, {}, {}});
    }
    Run& run = runs.back();
    if (run.pid.empty()) run.pid = t.pid;
    if (!t.time.empty() && t.time >= run.end) {
      run.end = t.time;
      run.end_source = artifact + ":" + std::to_string(number);
    }
    if (auto s = scan_summary(line)) {
      run.summary = s;
      run.summary_line = number;
      run.errors = std::move(run.since_summary);
      run.since_summary.clear();
      continue;
    }
    if (is_error_line(line)) run.since_summary.push_back(ErrorLine{number, trim_line(line)});
  }
  for (std::size_t i = first; i < runs.size(); ++i) {
    Run& run = runs[i];
    // Errors after the last result belong to a scan that did not finish: they count with the last result's.
    for (auto& e : run.since_summary) run.errors.push_back(std::move(e));
    run.since_summary.clear();
  }
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

// The run folder of an ADPrep log: "...\adprep\logs\20261120230000\ADPrep.log" -> "20261120230000".
std::string adprep_run(const ArtifactRecord& art) {
  std::string path = art.path.value_or(art.source_what);
  std::replace(path.begin(), path.end(), '\\', '/');
  const auto last = path.rfind('/');
  if (last == std::string::npos || last == 0) return {};
  const auto before = path.rfind('/', last - 1);
  return path.substr(before == std::string::npos ? 0 : before + 1, last - (before == std::string::npos ? 0 : before + 1));
}

// Why the row's logs cannot be read apart, or empty: two of its artifacts name one bundle path (`verify` reports
// each such artifact as "shares its path"). Only the first artifact's hash was checked against those bytes; the
// others' own bytes are not in the bundle, so which log says what is unknown, and reading the one file once per
// artifact would cost the bundle's size times the artifact count. The row's content facts are then "collection
// failed" with this reason, never read from the first copy as if the bundle were whole.
std::string shared_path_reason(const RowArtifacts& row) {
  std::size_t sharing = 0;
  std::string first;
  for (const std::string& why : shared_path_reasons(row)) {
    if (why.empty()) continue;
    if (++sharing == 1) first = why;
  }
  if (sharing == 0) return {};
  return std::to_string(sharing) + " of the " + std::to_string(row.files.size()) +
         " log artifacts share a path with another (first: " + first +
         "): the bundle is inconsistent and its logs cannot be told apart";
}

}  // namespace

void powershell_fact(Facts& f, const LoadedHive& sw) {
  string_fact(f, "powershell.version", sw, "Microsoft\\PowerShell\\1\\PowerShellEngine", "PowerShellVersion");
}

// .NET Framework (KB318785): Install (DWORD 1), SP (DWORD), Version (SZ) under NDP\<version key>.
void dotnet_facts(Facts& f, const LoadedHive& sw) {
  struct Ndp {
    std::string_view name;  // the fact's segment
    std::string_view key;   // under NDP
  };
  static constexpr Ndp kVersions[] = {
      {"v1_1", "v1.1.4322"}, {"v2_0", "v2.0.50727"}, {"v3_0", "v3.0"}, {"v3_5", "v3.5"}};
  for (const auto& ndp : kVersions) {
    const std::string base = "dotnet." + std::string(ndp.name);
    const std::string key = "Microsoft\\NET Framework Setup\\NDP\\" + std::string(ndp.key);
    if (!sw.hive) {
      mark_all(f, {base + ".installed", base + ".service_pack", base + ".version"}, sw.status, sw.artifact_id,
               sw.reason);
      continue;
    }
    auto k = sw.hive->find(key);
    bool installed = false;
    std::string source = source_of(sw, key, "Install");
    if (k) {
      auto install = k->value("Install");
      auto d = install ? install->as_dword() : Result<std::uint32_t>(install.error());
      installed = d && *d == 1;
      if (!installed && ndp.name == "v3_0") {
        // 3.0 records its installation in the Setup subkey (InstallSuccess), KB318785.
        auto setup = sw.hive->find(key + "\\Setup");
        auto ok = setup ? setup->value("InstallSuccess") : Result<hive::Value>(setup.error());
        auto okd = ok ? ok->as_dword() : Result<std::uint32_t>(ok.error());
        if (okd && *okd == 1) {
          installed = true;
          source = source_of(sw, key + "\\Setup", "InstallSuccess");
        }
      }
    }
    f.set(base + ".installed", installed, source);
    dword_fact(f, base + ".service_pack", sw, key, "SP");
    string_fact(f, base + ".version", sw, key, "Version");
  }
}

void migration_log_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string row_id = "file.migration_logs";
  const RowArtifacts row = row_artifacts(b, row_id);
  auto& alloc = f.allocator();
  if (row.files.empty()) {
    if (row_found_nothing(f, b, row_id, row, {"migration_prep.logs", "adprep.failed", "adprep.runs"})) {
      f.set("migration_prep.logs", json::Value(rapidjson::kArrayType), row_id);
      f.set("adprep.failed", false, row_id);
      f.set("adprep.runs", json::Value(rapidjson::kArrayType), row_id);
    }
    return;
  }
  json::Value logs(rapidjson::kArrayType);
  struct Run {
    std::string run, artifact, reason;
    std::optional<bool> failed;
  };
  std::vector<Run> adprep;
  const std::string adprep_prefix = row_id + ".adprep.";
  const std::string shared = shared_path_reason(row);
  for (const ArtifactRecord* art : row.files) {
    if (logs.Size() < kMaxMigrationLogs) {
      json::Value o(rapidjson::kObjectType);
      o.AddMember("artifact", json_string(art->id, alloc), alloc);
      o.AddMember("file", json_string(art->source_what, alloc), alloc);
      o.AddMember("path", json_optional(art->path, alloc), alloc);
      o.AddMember("status", json_string(contract::status_name(art->status), alloc), alloc);
      logs.PushBack(o, alloc);
    }
    if (art->id.rfind(adprep_prefix, 0) != 0) continue;
    Run run{adprep_run(*art), art->id, shared.empty() ? unavailable_reason(b, art) : shared, std::nullopt};
    if (run.reason.empty()) {
      // registry-evidence §12, KB2028674: the failure line ADPrep writes.
      run.failed = ascii_lower(decode_artifact(b, *art, diags)).find("adprep was unable to complete") != std::string::npos;
    }
    adprep.push_back(std::move(run));
  }
  f.set("migration_prep.logs", std::move(logs), row_id);
  std::sort(adprep.begin(), adprep.end(), [](const Run& x, const Run& y) { return x.run < y.run; });
  json::Value runs(rapidjson::kArrayType);
  for (const auto& r : adprep) {
    if (runs.Size() >= kMaxMigrationLogs) break;
    json::Value o(rapidjson::kObjectType);
    o.AddMember("run", json_string(r.run, alloc), alloc);
    o.AddMember("artifact", json_string(r.artifact, alloc), alloc);
    o.AddMember("failed", r.failed ? json::Value(*r.failed) : json::Value(), alloc);
    runs.PushBack(o, alloc);
  }
  f.set("adprep.runs", std::move(runs), row_id);
  if (!shared.empty() && !adprep.empty()) {
    return f.set_unavailable("adprep.failed", FactStatus::collection_failed, row_id, shared);
  }
  // The latest run decides: an earlier failure that a later run fixed is history.
  if (adprep.empty()) f.set("adprep.failed", false, row_id);
  else if (adprep.back().failed) f.set("adprep.failed", *adprep.back().failed, adprep.back().artifact);
  else f.set_unavailable("adprep.failed", FactStatus::collection_failed, adprep.back().artifact, adprep.back().reason);
}

void migration_prep_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string row_id = "file.migration_logs";
  const auto paths = {"migration_prep.ran",    "migration_prep.tool_logs",   "migration_prep.last_run",
                      "migration_prep.last_run_basis", "migration_prep.errors", "migration_prep.error_count",
                      "migration_prep.hotfix_error", "migration_prep.scan_errors", "migration_prep.scan_warnings"};
  const RowArtifacts row = row_artifacts(b, row_id);
  auto& alloc = f.allocator();
  // The tool never ran: nothing it would report.
  auto set_no_run = [&] {
    f.set_null("migration_prep.last_run", row_id);
    f.set_null("migration_prep.last_run_basis", row_id);
    f.set("migration_prep.errors", json::Value(rapidjson::kArrayType), row_id);
    f.set("migration_prep.error_count", std::int64_t{0}, row_id);
    f.set("migration_prep.hotfix_error", false, row_id);
    f.set_null("migration_prep.scan_errors", row_id);
    f.set_null("migration_prep.scan_warnings", row_id);
  };
  if (row.files.empty()) {
    if (row.row_record != nullptr && row.row_record->status == contract::Status::missing) {
      f.set("migration_prep.ran", false, row_id);
      f.set("migration_prep.tool_logs", json::Value(rapidjson::kArrayType), row_id);
      set_no_run();
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
    set_no_run();
    return;
  }

  if (const std::string shared = shared_path_reason(row); !shared.empty()) {
    for (auto p : {"migration_prep.last_run", "migration_prep.last_run_basis", "migration_prep.errors",
                   "migration_prep.error_count", "migration_prep.hotfix_error", "migration_prep.scan_errors",
                   "migration_prep.scan_warnings"}) {
      f.set_unavailable(p, FactStatus::collection_failed, row_id, shared);
    }
    return;
  }

  // Each log is split into runs: a new process id starts a run; a log without process ids is one run. A run
  // is complete when it logged a scan result (the scan is the tool's last step); "Scan Again" adds a result
  // to the same run, and the last one counts. The date is that of the newest complete run; its errors are
  // judged only from the newest run's last scan (a fixed error of an earlier run stays in the log).
  std::vector<Run> runs;
  std::string first_unreadable, unread_time;
  const contract::DateTimeConventions* conventions = b.manifest.locale ? &b.manifest.locale->user : nullptr;
  std::size_t readable = 0;
  for (const ArtifactRecord* art : tool) {
    if (auto why = unavailable_reason(b, art); !why.empty()) {
      if (first_unreadable.empty()) first_unreadable = art->id + ": " + why;
      continue;
    }
    ++readable;
    const std::string text = decode_artifact(b, *art, diags);
    split_runs(art->id, text, conventions, runs, unread_time);
  }
  if (readable == 0) {
    for (auto p : {"migration_prep.last_run", "migration_prep.last_run_basis", "migration_prep.errors",
                   "migration_prep.error_count", "migration_prep.hotfix_error", "migration_prep.scan_errors",
                   "migration_prep.scan_warnings"}) {
      f.set_unavailable(p, FactStatus::collection_failed, row_id, first_unreadable);
    }
    return;
  }
  const Run* last_complete = nullptr;
  const Run* latest = nullptr;
  for (const Run& run : runs) {
    if (run.end.empty()) continue;
    if (latest == nullptr || run.end > latest->end) latest = &run;
    if (run.summary && (last_complete == nullptr || run.end > last_complete->end)) last_complete = &run;
  }
  if ((last_complete != nullptr || latest != nullptr) && !unread_time.empty()) {
    // A time whose day and month cannot be told apart may be later than every time read: not checked.
    const std::string why =
        "a time in the tool's log could not be read, so the last run is not known: " + unread_time;
    f.set_unavailable("migration_prep.last_run", FactStatus::parse_failed, tool.front()->id, why);
    f.set_unavailable("migration_prep.last_run_basis", FactStatus::parse_failed, tool.front()->id, why);
  } else if (last_complete != nullptr) {
    f.set("migration_prep.last_run", last_complete->end, last_complete->end_source);
    f.set("migration_prep.last_run_basis", std::string_view("log's last completed run"), last_complete->end_source);
  } else if (latest != nullptr) {
    // Times, but no scan result the analyzer can read: the last time the tool wrote.
    f.set("migration_prep.last_run", latest->end, latest->end_source);
    f.set("migration_prep.last_run_basis", std::string_view("log's last timestamp (no scan result read)"),
          latest->end_source);
  } else if (!latest_adprep.empty()) {
    // No time in the tool's logs at all. The tool runs ADPrep: the newest ADPrep run folder is the best left.
    f.set("migration_prep.last_run", latest_adprep, row_id + ".adprep");
    f.set("migration_prep.last_run_basis", std::string_view("adprep run folder"), row_id + ".adprep");
  } else {
    std::string why = "no timestamp in the tool's logs and no ADPrep run folder";
    if (!unread_time.empty()) why += " (a time that could not be read: " + unread_time + ")";
    f.set_unavailable("migration_prep.last_run", FactStatus::missing, tool.front()->id, why);
    f.set_unavailable("migration_prep.last_run_basis", FactStatus::missing, tool.front()->id, why);
  }

  // The newest run: by time when runs have times, else the last run read (a log without times).
  const Run* judged = latest != nullptr ? latest : (runs.empty() ? nullptr : &runs.back());
  json::Value errors(rapidjson::kArrayType);
  std::int64_t error_count = 0;
  std::string hotfix_source;
  if (judged != nullptr) {
    for (const ErrorLine& e : judged->errors) {
      ++error_count;
      const std::string where = judged->artifact + ":" + std::to_string(e.line);
      if (hotfix_source.empty() && is_hotfix_error(e.text)) hotfix_source = where;
      if (errors.Size() >= kMaxPrepErrors) continue;
      json::Value o(rapidjson::kObjectType);
      o.AddMember("artifact", json_string(judged->artifact, alloc), alloc);
      o.AddMember("line", e.line, alloc);
      o.AddMember("text", json_string(e.text, alloc), alloc);
      errors.PushBack(o, alloc);
    }
  }
  const std::string run_source = judged != nullptr ? judged->artifact : row_id;
  if (judged != nullptr && judged->summary) {
    const std::string where = judged->artifact + ":" + std::to_string(judged->summary_line);
    f.set("migration_prep.scan_errors", judged->summary->first, where);
    f.set("migration_prep.scan_warnings", judged->summary->second, where);
  } else {
    f.set_null("migration_prep.scan_errors", run_source);
    f.set_null("migration_prep.scan_warnings", run_source);
  }
  f.set("migration_prep.errors", std::move(errors), run_source);
  f.set("migration_prep.error_count", error_count, run_source);
  f.set("migration_prep.hotfix_error", !hotfix_source.empty(), hotfix_source.empty() ? run_source : hotfix_source);
}

}  // namespace migready::facts::detail
