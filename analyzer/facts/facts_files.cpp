// Facts from files copied off the server's disk and from saved event logs (docs/bundle-format.md, "File
// artifacts"): NTBackup job logs, Migration Preparation Tool and ADPrep logs, and recent errors per event
// log. A search row that found nothing appears once under its own id with status `missing`: that is a real
// answer ("no log exists"), so its facts are present and empty; any other state of the row is
// collection_failed.
#include <algorithm>
#include <map>
#include <tuple>

#include "facts/facts_internal.hpp"
#include "parsers/evt.hpp"
#include "parsers/ntbackup_log.hpp"

namespace migready::facts::detail {
namespace {

using Alloc = rapidjson::Document::AllocatorType;

// Nothing found by a search row: true when the row says so (`missing`), else marks `paths` unavailable.
bool row_found_nothing(Facts& f, const Bundle& b, std::string_view row_id, const RowArtifacts& row,
                       std::initializer_list<std::string_view> paths) {
  if (row.row_record != nullptr && row.row_record->status == contract::Status::missing) return true;
  std::string reason = unavailable_reason(b, row.row_record);
  if (reason.empty()) reason = "the row's own entry holds bytes, but no file artifact";
  mark_all(f, paths, FactStatus::collection_failed, row_id, reason);
  return false;
}


void backup_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string row_id = "file.ntbackup_logs";
  const RowArtifacts row = row_artifacts(b, row_id);
  auto& alloc = f.allocator();
  if (row.files.empty()) {
    if (row_found_nothing(f, b, row_id, row,
                          {"backup.runs", "backup.last_successful_full", "backup.any_log", "backup.unreadable_logs"})) {
      f.set("backup.runs", rapidjson::Value(rapidjson::kArrayType), row_id);
      f.set_null("backup.last_successful_full", row_id);
      f.set("backup.any_log", false, row_id);
      f.set("backup.unreadable_logs", rapidjson::Value(rapidjson::kArrayType), row_id);
    }
    return;
  }
  rapidjson::Value runs(rapidjson::kArrayType), unreadable(rapidjson::kArrayType);
  std::optional<std::string> last_full;
  std::string last_full_source = row_id;
  std::size_t parsed_logs = 0;
  FactStatus first_failure = FactStatus::collection_failed;
  std::string first_reason;
  for (const ArtifactRecord* art : row.files) {
    std::string reason = unavailable_reason(b, art);
    FactStatus status = FactStatus::collection_failed;
    std::optional<parsers::NtbackupLog> log;
    if (reason.empty()) {
      const std::string text = decode_artifact(b, *art, diags);
      auto parsed = parsers::parse_ntbackup_log(text, art->path.value_or(art->id), diags);
      if (parsed) log = std::move(*parsed);
      else { reason = parsed.error().to_string(); status = FactStatus::parse_failed; }
    }
    if (!log) {
      if (first_reason.empty()) { first_reason = art->id + ": " + reason; first_failure = status; }
      if (unreadable.Size() < kMaxBackupRuns) {
        rapidjson::Value o(rapidjson::kObjectType);
        o.AddMember("artifact", json_string(art->id, alloc), alloc);
        o.AddMember("file", json_string(art->source_what, alloc), alloc);
        o.AddMember("status", rapidjson::StringRef(fact_status_name(status)), alloc);
        o.AddMember("reason", json_string(reason, alloc), alloc);
        unreadable.PushBack(o, alloc);
      }
      continue;
    }
    ++parsed_logs;
    // One run per log: the backup sets' type, first start, last completion and bytes.
    std::string type;
    std::optional<std::string> started, completed;
    std::optional<std::uint64_t> bytes;
    for (const auto& set : log->sets) {
      if (set.kind != "backup") continue;
      if (type.empty()) type = set.backup_type;
      if (!started && set.started) started = set.started->local;
      if (set.completed && set.completed->local) completed = set.completed->local;
      if (set.bytes) bytes = bytes.value_or(0) + *set.bytes;
    }
    std::string operation;
    for (const auto& op : log->operations) operation += (operation.empty() ? "" : ", ") + op;
    const char* outcome = parsers::ntbackup_status_name(log->outcome);
    const bool succeeded = log->outcome == parsers::NtbackupStatus::completed ||
                           log->outcome == parsers::NtbackupStatus::completed_with_warnings;
    if (succeeded && ascii_lower(type) == "normal") {
      const std::optional<std::string>& when = completed ? completed : started;
      if (when && (!last_full || *when > *last_full)) {
        last_full = *when;
        last_full_source = art->id;
      }
    }
    if (runs.Size() >= kMaxBackupRuns) continue;
    rapidjson::Value o(rapidjson::kObjectType);
    o.AddMember("artifact", json_string(art->id, alloc), alloc);
    o.AddMember("file", json_string(art->source_what, alloc), alloc);
    o.AddMember("operation", json_string(operation, alloc), alloc);
    o.AddMember("outcome", rapidjson::StringRef(outcome), alloc);
    o.AddMember("type", json_string(type, alloc), alloc);
    o.AddMember("started", json_optional(started, alloc), alloc);
    o.AddMember("completed", json_optional(completed, alloc), alloc);
    o.AddMember("bytes", bytes ? rapidjson::Value(*bytes) : rapidjson::Value(), alloc);
    o.AddMember("sets", static_cast<std::uint64_t>(log->sets.size()), alloc);
    o.AddMember("truncated", art->status == contract::Status::truncated, alloc);
    runs.PushBack(o, alloc);
  }
  f.set("backup.any_log", true, row_id);
  f.set("backup.unreadable_logs", std::move(unreadable), row_id);
  if (parsed_logs == 0) {
    mark_all(f, {"backup.runs", "backup.last_successful_full"}, first_failure, row_id, first_reason);
    return;
  }
  f.set("backup.runs", std::move(runs), row_id);
  if (last_full) f.set("backup.last_successful_full", *last_full, last_full_source);
  else f.set_null("backup.last_successful_full", row_id);
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

void migration_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string row_id = "file.migration_logs";
  const RowArtifacts row = row_artifacts(b, row_id);
  auto& alloc = f.allocator();
  if (row.files.empty()) {
    if (row_found_nothing(f, b, row_id, row, {"migration_prep.logs", "adprep.failed", "adprep.runs"})) {
      f.set("migration_prep.logs", rapidjson::Value(rapidjson::kArrayType), row_id);
      f.set("adprep.failed", false, row_id);
      f.set("adprep.runs", rapidjson::Value(rapidjson::kArrayType), row_id);
    }
    return;
  }
  rapidjson::Value logs(rapidjson::kArrayType);
  struct Run {
    std::string run, artifact, reason;
    std::optional<bool> failed;
  };
  std::vector<Run> adprep;
  const std::string adprep_prefix = row_id + ".adprep.";
  for (const ArtifactRecord* art : row.files) {
    if (logs.Size() < kMaxMigrationLogs) {
      rapidjson::Value o(rapidjson::kObjectType);
      o.AddMember("artifact", json_string(art->id, alloc), alloc);
      o.AddMember("file", json_string(art->source_what, alloc), alloc);
      o.AddMember("path", json_optional(art->path, alloc), alloc);
      o.AddMember("status", json_string(contract::status_name(art->status), alloc), alloc);
      logs.PushBack(o, alloc);
    }
    if (art->id.rfind(adprep_prefix, 0) != 0) continue;
    Run run{adprep_run(*art), art->id, unavailable_reason(b, art), std::nullopt};
    if (run.reason.empty()) {
      // registry-evidence §12, KB2028674: the failure line ADPrep writes.
      run.failed = ascii_lower(decode_artifact(b, *art, diags)).find("adprep was unable to complete") != std::string::npos;
    }
    adprep.push_back(std::move(run));
  }
  f.set("migration_prep.logs", std::move(logs), row_id);
  std::sort(adprep.begin(), adprep.end(), [](const Run& x, const Run& y) { return x.run < y.run; });
  rapidjson::Value runs(rapidjson::kArrayType);
  for (const auto& r : adprep) {
    if (runs.Size() >= kMaxMigrationLogs) break;
    rapidjson::Value o(rapidjson::kObjectType);
    o.AddMember("run", json_string(r.run, alloc), alloc);
    o.AddMember("artifact", json_string(r.artifact, alloc), alloc);
    o.AddMember("failed", r.failed ? rapidjson::Value(*r.failed) : rapidjson::Value(), alloc);
    runs.PushBack(o, alloc);
  }
  f.set("adprep.runs", std::move(runs), row_id);
  // The latest run decides: an earlier failure that a later run fixed is history.
  if (adprep.empty()) f.set("adprep.failed", false, row_id);
  else if (adprep.back().failed) f.set("adprep.failed", *adprep.back().failed, adprep.back().artifact);
  else f.set_unavailable("adprep.failed", FactStatus::collection_failed, adprep.back().artifact, adprep.back().reason);
}

}  // namespace

void file_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  backup_facts(f, b, diags);
  migration_facts(f, b, diags);
}

namespace {

// FRS journal wrap (NtFrs event 13568, JRNL_WRAP_ERROR: the replica set stops replicating until it is
// reinitialized, KB292438), in the whole saved log rather than the last 30 days: the wrap persists until
// fixed. NtFrs 13516 ("no longer preventing the computer from becoming a domain controller") after the last
// 13568 is read as the set replicating again (unverified as proof: the replica set named in 13568 need not be
// the one 13516 reports).
void journal_wrap_fact(Facts& f, const parsers::EventLog& log, std::string_view id) {
  std::int64_t count = 0;
  std::uint32_t first = 0, last = 0, last_13516 = 0;
  std::string replica_set;
  for (const auto& r : log.records) {
    if (!equals_ci(r.source, "NtFrs")) continue;
    if (r.event_id == 13516) last_13516 = std::max(last_13516, r.time_generated);
    if (r.event_id != 13568) continue;
    ++count;
    if (first == 0 || r.time_generated < first) first = r.time_generated;
    if (r.time_generated >= last) {
      last = r.time_generated;
      if (!r.strings.empty()) replica_set = r.strings.front().substr(0, 200);
    }
  }
  auto& alloc = f.allocator();
  rapidjson::Value v(rapidjson::kObjectType);
  v.AddMember("present", count > 0, alloc);
  v.AddMember("count", count, alloc);
  v.AddMember("first_utc", count > 0 ? json_string(parsers::evt_iso_utc(first), alloc) : rapidjson::Value(), alloc);
  v.AddMember("last_utc", count > 0 ? json_string(parsers::evt_iso_utc(last), alloc) : rapidjson::Value(), alloc);
  v.AddMember("replica_set", count > 0 && !replica_set.empty() ? json_string(replica_set, alloc) : rapidjson::Value(), alloc);
  v.AddMember("later_13516_utc", count > 0 && last_13516 > last ? json_string(parsers::evt_iso_utc(last_13516), alloc)
                                                                 : rapidjson::Value(),
              alloc);
  v.AddMember("cleared", count > 0 && last_13516 > last, alloc);
  f.set("frs.journal_wrap", std::move(v), id);
}

}  // namespace

void event_log_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  struct Log {
    std::string_view name;  // the fact segment
    std::string_view id;
  };
  static constexpr Log kLogs[] = {{"system", "eventlog.system"},
                                  {"application", "eventlog.application"},
                                  {"directory_service", "eventlog.directory_service"},
                                  {"dns_server", "eventlog.dns_server"},
                                  {"file_replication_service", "eventlog.file_replication_service"}};
  constexpr std::int64_t kWindow = 30 * 86400;
  const auto started = parse_iso_utc(b.manifest.collection.started_utc);
  auto& alloc = f.allocator();
  for (const auto& log : kLogs) {
    const std::string path = "events." + std::string(log.name) + ".errors_last_30_days";
    const bool frs = log.name == "file_replication_service";
    const bool app = log.name == "application";
    const ArtifactRecord* art = b.artifact(log.id);
    if (auto why = unavailable_reason(b, art); !why.empty()) {
      f.set_unavailable(path, FactStatus::collection_failed, log.id, why);
      if (frs) f.set_unavailable("frs.journal_wrap", FactStatus::collection_failed, log.id, why);
      if (app) f.set_unavailable("exchange.store_size_events", FactStatus::collection_failed, log.id, why);
      continue;
    }
    if (!started) {
      f.set_unavailable(path, FactStatus::missing, "manifest",
                        "collection.started_utc is not a UTC time: no window to count in");
      if (app) {
        f.set_unavailable("exchange.store_size_events", FactStatus::missing, "manifest",
                          "collection.started_utc is not a UTC time: no window to count in");
      }
      if (frs) {
        auto parsed = parsers::parse_evt(*b.entry_bytes(*art), art->path.value_or(art->id), diags);
        if (parsed) journal_wrap_fact(f, *parsed, log.id);
        else f.set_unavailable("frs.journal_wrap", FactStatus::parse_failed, log.id, parsed.error().to_string());
      }
      continue;
    }
    auto parsed = parsers::parse_evt(*b.entry_bytes(*art), art->path.value_or(art->id), diags);
    if (!parsed) {
      f.set_unavailable(path, FactStatus::parse_failed, log.id, parsed.error().to_string());
      if (frs) f.set_unavailable("frs.journal_wrap", FactStatus::parse_failed, log.id, parsed.error().to_string());
      if (app) f.set_unavailable("exchange.store_size_events", FactStatus::parse_failed, log.id, parsed.error().to_string());
      continue;
    }
    if (frs) journal_wrap_fact(f, *parsed, log.id);
    const std::int64_t from = *started - kWindow;
    if (app) exchange_store_event_facts(f, *parsed, from, *started, log.id);
    struct Group {
      std::int64_t count = 0;
      std::uint32_t last = 0;
    };
    std::map<std::pair<std::string, std::uint16_t>, Group> groups;
    std::int64_t total = 0;
    for (const auto& r : parsed->records) {
      // Error events (type 1) generated in the 30 days before the collection started.
      if (r.type != 1 || r.time_generated < from || r.time_generated > *started) continue;
      ++total;
      auto& g = groups[{r.source, r.event_id}];
      ++g.count;
      g.last = std::max(g.last, r.time_generated);
    }
    std::vector<std::pair<std::pair<std::string, std::uint16_t>, Group>> sorted(groups.begin(), groups.end());
    std::sort(sorted.begin(), sorted.end(), [](const auto& x, const auto& y) {
      return std::tie(y.second.count, x.first) < std::tie(x.second.count, y.first);
    });
    rapidjson::Value list(rapidjson::kArrayType);
    for (const auto& [key, g] : sorted) {
      if (list.Size() >= kMaxEventGroups) break;
      rapidjson::Value o(rapidjson::kObjectType);
      o.AddMember("source", json_string(key.first, alloc), alloc);
      o.AddMember("event_id", key.second, alloc);
      o.AddMember("count", g.count, alloc);
      o.AddMember("last_utc", json_string(parsers::evt_iso_utc(g.last), alloc), alloc);
      list.PushBack(o, alloc);
    }
    rapidjson::Value v(rapidjson::kObjectType);
    v.AddMember("total", total, alloc);
    v.AddMember("from_utc", json_string(parsers::evt_iso_utc(static_cast<std::uint32_t>(std::max<std::int64_t>(from, 0))), alloc),
                alloc);
    v.AddMember("to_utc", json_string(b.manifest.collection.started_utc, alloc), alloc);
    v.AddMember("groups", std::move(list), alloc);
    v.AddMember("group_count", static_cast<std::uint64_t>(sorted.size()), alloc);
    f.set(path, std::move(v), log.id);
  }
}

}  // namespace migready::facts::detail
