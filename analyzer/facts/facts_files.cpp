// Facts from files copied off the server's disk and from saved event logs (docs/bundle-format.md, "File
// artifacts"): NTBackup job logs, Migration Preparation Tool and ADPrep logs, and recent errors per event
// log. A search row that found nothing appears once under its own id with status `missing`: that is a real
// answer ("no log exists"), so its facts are present and empty; any other state of the row is
// collection_failed.
#include <algorithm>
#include <array>
#include <map>
#include <tuple>

#include <re2/re2.h>

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


// A backup set counts toward a full backup when its type is Normal or Copy (both copy every selected file;
// Incremental, Differential and Daily copy only changed ones: TechNet cc759141, "How Backup Works"), it
// completed (with or without warnings), and no verify of the same set in the same log failed.
bool is_full_type(std::string_view type) {
  const std::string t = ascii_lower(type);
  return t == "normal" || t == "copy";
}

// The parts a full backup of this server must hold (docs/facts.md, "Backup"): System State (on a DC it
// holds Active Directory and SYSVOL), the system volume, and on an Exchange server the Information Store.
struct FullPart {
  enum Kind { system_state, system_volume, information_store } kind;
  std::string name;
  std::optional<std::string> last_full;  // server local time of the latest completed set holding it
  std::string artifact;
  std::string what;                      // that set's text, as in `Backup of "..."`
};

bool set_holds(const FullPart& part, std::string_view drive, const parsers::NtbackupSet& set) {
  const std::string what = ascii_lower(set.what);
  switch (part.kind) {
    case FullPart::system_state: return what == "system state";
    case FullPart::system_volume: {
      // `Backup of "C: "` (trimmed to "C:") or, with the volume's label, `"E: Users"`.
      const std::string d = ascii_lower(drive);
      return what.rfind(d, 0) == 0 && (what.size() == d.size() || what[d.size()] == ' ');
    }
    case FullPart::information_store:
      // `Backup of "SBS01\Microsoft Information Store\First Storage Group"`: the name Exchange's backup API
      // gives its storage groups.
      return what.find("\\microsoft information store\\") != std::string::npos;
  }
  return false;
}

// Backup products other than NTBackup, whose own logs migready does not read. Brand names are not
// translated, so they are matched in Add or Remove Programs' DisplayName and in service names and display
// names. SBS 2003's own backup (Server Management > Backup) runs NTBackup, whose logs are read (every
// profile is searched, the SBS backup account's too), so it is not listed.
const RE2& other_backup_product() {
  static const RE2 re(
      R"((?i)(backup ?exec|arcserve|brightstor|acronis|shadowprotect|storagecraft|netbackup|backupassist|retrospect|veeam))");
  return re;
}

void other_backup_products_fact(Facts& f) {
  static constexpr std::string_view kPath = "backup.other_products";
  const rapidjson::Value* programs = present_value(f, "programs.installed");
  const rapidjson::Value* services = present_value(f, "services.list");
  if (programs == nullptr && services == nullptr) return inherit_unavailable(f, kPath, "programs.installed");
  auto& alloc = f.allocator();
  rapidjson::Value list(rapidjson::kArrayType);
  auto add = [&](const std::string& name, const std::string& evidence) {
    if (list.Size() >= kMaxBackupRuns) return;
    rapidjson::Value o(rapidjson::kObjectType);
    o.AddMember("name", json_string(name, alloc), alloc);
    o.AddMember("evidence", json_string(evidence, alloc), alloc);
    list.PushBack(o, alloc);
  };
  auto member = [](const rapidjson::Value& o, const char* key) { return member_string(o, key).value_or(""); };
  std::string source;
  if (programs != nullptr && programs->IsArray()) {
    source = (*f.find("programs.installed"))["source"].GetString();
    for (const auto& p : programs->GetArray()) {
      const std::string name = member(p, "display_name");
      if (RE2::PartialMatch(name, other_backup_product())) add(name, "Add or Remove Programs: " + member(p, "key"));
    }
  }
  if (services != nullptr && services->IsArray()) {
    if (source.empty()) source = (*f.find("services.list"))["source"].GetString();
    for (const auto& s : services->GetArray()) {
      const std::string name = member(s, "name"), display = member(s, "display_name");
      if (RE2::PartialMatch(name, other_backup_product()) || RE2::PartialMatch(display, other_backup_product())) {
        add(display.empty() ? name : display, "service " + name + " (" + member(s, "state") + ")");
      }
    }
  }
  f.set(kPath, std::move(list), source);
}

// What a full backup must hold is unknown: `unknown_from` names the fact that is not present (its status is
// taken), or is empty when it is present but says nothing (SystemRoot absent: `missing`, `why`).
struct UnknownParts {
  std::string unknown_from, why;
};

// backup.full_parts, backup.full_missing and backup.last_successful_full from the parts' latest full sets.
// `any_full_set`: some completed Normal or Copy set was found at all.
void full_backup_facts(Facts& f, std::vector<FullPart> parts, const std::optional<UnknownParts>& unknown,
                       const std::string& row_id, bool any_full_set) {
  static constexpr std::array<std::string_view, 3> kPaths = {"backup.full_parts", "backup.full_missing",
                                                              "backup.last_successful_full"};
  if (unknown) {
    for (auto path : kPaths) {
      if (unknown->unknown_from.empty()) f.set_unavailable(path, FactStatus::missing, row_id, unknown->why);
      else inherit_unavailable(f, path, unknown->unknown_from);
    }
    // Without a single completed full set nothing can be whole, whatever the server holds.
    if (!any_full_set) f.set_null("backup.last_successful_full", row_id);
    return;
  }
  auto& alloc = f.allocator();
  rapidjson::Value list(rapidjson::kArrayType), missing(rapidjson::kArrayType);
  const FullPart* oldest = nullptr;
  bool complete = true;
  for (const auto& p : parts) {
    rapidjson::Value o(rapidjson::kObjectType);
    o.AddMember("name", json_string(p.name, alloc), alloc);
    o.AddMember("last_full", json_optional(p.last_full, alloc), alloc);
    o.AddMember("artifact", p.artifact.empty() ? rapidjson::Value() : json_string(p.artifact, alloc), alloc);
    o.AddMember("set", p.what.empty() ? rapidjson::Value() : json_string(p.what, alloc), alloc);
    list.PushBack(o, alloc);
    if (!p.last_full) {
      complete = false;
      missing.PushBack(json_string(p.name, alloc), alloc);
    } else if (oldest == nullptr || *p.last_full < *oldest->last_full) {
      oldest = &p;
    }
  }
  f.set("backup.full_parts", std::move(list), row_id);
  f.set("backup.full_missing", std::move(missing), row_id);
  // The server as a whole can be restored to the state of its oldest part.
  if (complete && oldest != nullptr) f.set("backup.last_successful_full", *oldest->last_full, oldest->artifact);
  else f.set_null("backup.last_successful_full", row_id);
}

void backup_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string row_id = "file.ntbackup_logs";
  const RowArtifacts row = row_artifacts(b, row_id);
  auto& alloc = f.allocator();
  other_backup_products_fact(f);

  // What a full backup must hold: the system volume from SystemRoot, the Information Store when Exchange is
  // installed. Unknown when either fact is.
  std::vector<FullPart> parts;
  std::optional<UnknownParts> unknown;
  std::string drive;
  const rapidjson::Value* root = present_value(f, "os.system_root");
  const rapidjson::Value* exchange = present_value(f, "exchange.installed");
  if (root != nullptr && root->IsString()) {
    drive = volume_root(std::string_view(root->GetString(), root->GetStringLength()), {});
    drive = drive.substr(0, 2);  // "C:\" -> "C:", as NTBackup names the volume
  }
  if (root == nullptr) {
    unknown = UnknownParts{"os.system_root", {}};
  } else if (drive.empty()) {
    unknown = UnknownParts{{}, "the system volume is not known: os.system_root (SystemRoot) names no drive"};
  }
  if (!unknown && exchange == nullptr) unknown = UnknownParts{"exchange.installed", {}};
  if (!unknown && !exchange->IsBool()) unknown = UnknownParts{{}, "exchange.installed is not a yes or no"};
  if (!unknown) {
    parts.push_back({FullPart::system_state, "System State", {}, {}, {}});
    parts.push_back({FullPart::system_volume, drive + " (the system volume)", {}, {}, {}});
    if (exchange->GetBool()) parts.push_back({FullPart::information_store, "Exchange Information Store", {}, {}, {}});
  }

  if (row.files.empty()) {
    if (row_found_nothing(f, b, row_id, row,
                          {"backup.runs", "backup.last_successful_full", "backup.any_log", "backup.unreadable_logs",
                           "backup.full_parts", "backup.full_missing"})) {
      f.set("backup.runs", rapidjson::Value(rapidjson::kArrayType), row_id);
      f.set("backup.any_log", false, row_id);
      f.set("backup.unreadable_logs", rapidjson::Value(rapidjson::kArrayType), row_id);
      full_backup_facts(f, parts, unknown, row_id, false);
    }
    return;
  }
  rapidjson::Value runs(rapidjson::kArrayType), unreadable(rapidjson::kArrayType);
  bool any_full_set = false;
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
    // Sets whose verify failed in this log: (set, media) numbers.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> bad_verify;
    for (const auto& set : log->sets) {
      if (set.kind == "verify" && set.set_number && set.media_number &&
          (set.status == parsers::NtbackupStatus::failed || set.status == parsers::NtbackupStatus::ended ||
           (set.different && *set.different > 0))) {
        bad_verify.emplace_back(*set.set_number, *set.media_number);
      }
    }
    // One run per log: the backup sets' type, first start, last completion, bytes and what they hold.
    std::string type;
    std::optional<std::string> started, completed;
    std::optional<std::uint64_t> bytes;
    rapidjson::Value covers(rapidjson::kArrayType);
    for (const auto& set : log->sets) {
      if (set.kind != "backup") continue;
      if (type.empty()) type = set.backup_type;
      if (!started && set.started) started = set.started->local;
      if (set.completed && set.completed->local) completed = set.completed->local;
      if (set.bytes) bytes = bytes.value_or(0) + *set.bytes;
      const bool done = set.status == parsers::NtbackupStatus::completed ||
                        set.status == parsers::NtbackupStatus::completed_with_warnings;
      const bool verify_failed =
          set.set_number && set.media_number &&
          std::find(bad_verify.begin(), bad_verify.end(), std::make_pair(*set.set_number, *set.media_number)) !=
              bad_verify.end();
      if (!done || verify_failed) continue;
      if (covers.Size() < kMaxBackupRuns) covers.PushBack(json_string(set.what, alloc), alloc);
      if (!is_full_type(set.backup_type)) continue;
      any_full_set = true;
      const std::optional<std::string>& when = set.completed ? set.completed->local : std::nullopt;
      if (!when) continue;  // not in the US form: its age is unknown
      for (auto& part : parts) {
        if (set_holds(part, drive, set) && (!part.last_full || *when > *part.last_full)) {
          part.last_full = *when;
          part.artifact = art->id;
          part.what = set.what;
        }
      }
    }
    std::string operation;
    for (const auto& op : log->operations) operation += (operation.empty() ? "" : ", ") + op;
    const char* outcome = parsers::ntbackup_status_name(log->outcome);
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
    o.AddMember("covers", covers, alloc);
    o.AddMember("truncated", art->status == contract::Status::truncated, alloc);
    runs.PushBack(o, alloc);
  }
  f.set("backup.any_log", true, row_id);
  f.set("backup.unreadable_logs", std::move(unreadable), row_id);
  if (parsed_logs == 0) {
    mark_all(f, {"backup.runs", "backup.last_successful_full", "backup.full_parts", "backup.full_missing"},
             first_failure, row_id, first_reason);
    return;
  }
  f.set("backup.runs", std::move(runs), row_id);
  full_backup_facts(f, std::move(parts), unknown, row_id, any_full_set);
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
