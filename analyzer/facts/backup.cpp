// Backups, from the NTBackup job logs the collector copied (file.ntbackup_logs.*, docs/bundle-format.md "File
// artifacts"): the runs, the last successful full backup of each part a full backup must hold, unreadable
// logs, and other backup products. A search row that found nothing appears once under its own id with status
// `missing`: that is a real answer ("no log exists"), so its facts are present and empty; any other state of
// the row is collection_failed.
#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <tuple>

#include <re2/re2.h>

#include "core/json.hpp"
#include "facts/language.hpp"
#include "facts/sources.hpp"
#include "parsers/date_text.hpp"
#include "parsers/ntbackup_log.hpp"

namespace migready::facts::detail {
namespace {


using Alloc = json::Document::AllocatorType;


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
  std::string unread;                    // why a completed full set holding it has no readable time ("" none)
};

// A set's time as the server's local ISO time, read with the manifest's date conventions when it has a locale
// (format 1.2), else only when the text fixes the date's order (parsers/date_text.hpp). NTBackup writes its
// dates in the running user's short date format ("11/20/2026 at 11:02 PM"). Null when there is no time or it
// cannot be read; then `unread` (when still empty) gets the text and the reason.
std::optional<std::string> set_time(const std::optional<parsers::NtbackupTime>& t, const Bundle& b,
                                    std::string& unread) {
  if (!t) return std::nullopt;
  const contract::DateTimeConventions* conventions = b.manifest.locale ? &b.manifest.locale->user : nullptr;
  parsers::DateReading r = parsers::read_date_text(t->text, conventions);
  if (!r.iso && unread.empty()) unread = "\"" + t->text + "\": " + (r.reason.empty() ? "no date" : r.reason);
  return r.iso;
}

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
  const json::Value* programs = present_value(f, "programs.installed");
  const json::Value* services = present_value(f, "services.list");
  if (programs == nullptr && services == nullptr) return inherit_unavailable(f, kPath, "programs.installed");
  auto& alloc = f.allocator();
  json::Value list(rapidjson::kArrayType);
  auto add = [&](const std::string& name, const std::string& evidence) {
    if (list.Size() >= kMaxBackupRuns) return;
    json::Value o(rapidjson::kObjectType);
    o.AddMember("name", json_string(name, alloc), alloc);
    o.AddMember("evidence", json_string(evidence, alloc), alloc);
    list.PushBack(o, alloc);
  };
  auto member = [](const json::Value& o, const char* key) { return member_string(o, key).value_or(""); };
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
  json::Value list(rapidjson::kArrayType), missing(rapidjson::kArrayType);
  const FullPart* oldest = nullptr;
  const FullPart* unread = nullptr;  // a part with a full set whose time could not be read
  bool complete = true;
  for (const auto& p : parts) {
    json::Value o(rapidjson::kObjectType);
    o.AddMember("name", json_string(p.name, alloc), alloc);
    o.AddMember("last_full", json_optional(p.last_full, alloc), alloc);
    o.AddMember("artifact", p.artifact.empty() ? json::Value() : json_string(p.artifact, alloc), alloc);
    o.AddMember("set", p.what.empty() ? json::Value() : json_string(p.what, alloc), alloc);
    o.AddMember("unread_time", p.unread.empty() ? json::Value() : json_string(p.unread, alloc), alloc);
    list.PushBack(o, alloc);
    if (!p.unread.empty() && unread == nullptr) unread = &p;
    if (!p.last_full) {
      complete = false;
      // A full set of unknown time still holds the part: it is not missing, its age is unknown.
      if (p.unread.empty()) missing.PushBack(json_string(p.name, alloc), alloc);
    } else if (oldest == nullptr || *p.last_full < *oldest->last_full) {
      oldest = &p;
    }
  }
  const bool none_missing = missing.Empty();
  f.set("backup.full_parts", std::move(list), row_id);
  f.set("backup.full_missing", std::move(missing), row_id);
  // The server as a whole can be restored to the state of its oldest part; a part whose latest full set has no
  // readable time leaves that state unknown (not absent) unless another part has no full backup at all.
  if (unread != nullptr && none_missing) {
    f.set_unavailable("backup.last_successful_full", FactStatus::parse_failed, row_id,
                      unread->name + ": the time of a full backup set could not be read: " + unread->unread);
  } else if (complete && oldest != nullptr) {
    f.set("backup.last_successful_full", *oldest->last_full, oldest->artifact);
  } else {
    f.set_null("backup.last_successful_full", row_id);
  }
}

}  // namespace

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
  const json::Value* root = present_value(f, "os.system_root");
  const json::Value* exchange = present_value(f, "exchange.installed");
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
      f.set("backup.runs", json::Value(rapidjson::kArrayType), row_id);
      f.set("backup.any_log", false, row_id);
      f.set("backup.unreadable_logs", json::Value(rapidjson::kArrayType), row_id);
      full_backup_facts(f, parts, unknown, row_id, false);
    }
    return;
  }
  json::Value runs(rapidjson::kArrayType), unreadable(rapidjson::kArrayType);
  bool any_full_set = false;
  std::size_t parsed_logs = 0;
  FactStatus first_failure = FactStatus::collection_failed;
  std::string first_reason;
  // NTBackup writes its logs in the UI language: read in the bundle's text language (facts/language.hpp); in
  // a language no parser knows they are not read, and each is an unreadable log with that reason.
  const TextLanguage lang = text_language(b.manifest);
  const std::vector<std::string> shared = shared_path_reasons(row);
  for (std::size_t i = 0; i < row.files.size(); ++i) {
    const ArtifactRecord* art = row.files[i];
    std::string reason = shared[i].empty() ? unavailable_reason(b, art) : shared[i];
    FactStatus status = FactStatus::collection_failed;
    std::optional<parsers::NtbackupLog> log;
    if (reason.empty() && lang.unsupported()) {
      reason = unsupported_language_reason(lang);
      status = FactStatus::parse_failed;
    } else if (reason.empty()) {
      const std::string text = decode_artifact(b, *art, diags);
      auto parsed = parsers::parse_ntbackup_log(text, art->path.value_or(art->id), diags, lang.language);
      if (parsed) log = std::move(*parsed);
      else { reason = parsed.error().to_string(); status = FactStatus::parse_failed; }
    }
    if (!log) {
      if (first_reason.empty()) { first_reason = art->id + ": " + reason; first_failure = status; }
      if (unreadable.Size() < kMaxBackupRuns) {
        json::Value o(rapidjson::kObjectType);
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
    std::set<std::pair<std::uint32_t, std::uint32_t>> bad_verify;  // a set: a log's sets are not capped (issue 19)
    for (const auto& set : log->sets) {
      if (set.kind == "verify" && set.set_number && set.media_number &&
          (set.status == parsers::NtbackupStatus::failed || set.status == parsers::NtbackupStatus::ended ||
           (set.different && *set.different > 0))) {
        bad_verify.emplace(*set.set_number, *set.media_number);
      }
    }
    // One run per log: the backup sets' type, first start, last completion, bytes and what they hold.
    std::string type, unread_time;
    std::optional<std::string> started, completed;
    std::optional<std::uint64_t> bytes;
    json::Value covers(rapidjson::kArrayType);
    for (const auto& set : log->sets) {
      if (set.kind != "backup") continue;
      if (type.empty()) type = set.backup_type;
      const std::optional<std::string> set_started = set_time(set.started, b, unread_time);
      const std::optional<std::string> set_completed = set_time(set.completed, b, unread_time);
      if (!started && set_started) started = set_started;
      if (set_completed) completed = set_completed;
      if (set.bytes) bytes = bytes.value_or(0) + *set.bytes;
      const bool done = set.status == parsers::NtbackupStatus::completed ||
                        set.status == parsers::NtbackupStatus::completed_with_warnings;
      const bool verify_failed =
          set.set_number && set.media_number &&
          bad_verify.count(std::make_pair(*set.set_number, *set.media_number)) != 0;
      if (!done || verify_failed) continue;
      if (covers.Size() < kMaxBackupRuns) covers.PushBack(json_string(set.what, alloc), alloc);
      if (!is_full_type(set.backup_type)) continue;
      any_full_set = true;
      const std::optional<std::string>& when = set_completed;
      for (auto& part : parts) {
        if (!set_holds(part, drive, set)) continue;
        if (!when) {
          // A completion time that cannot be read: the part is held, since when is unknown. A set without a
          // completion line proves nothing.
          if (set.completed && part.unread.empty()) {
            set_time(set.completed, b, part.unread);
            part.unread += " (" + art->id + ")";
          }
          continue;
        }
        if (!part.last_full || *when > *part.last_full) {
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
    json::Value o(rapidjson::kObjectType);
    o.AddMember("artifact", json_string(art->id, alloc), alloc);
    o.AddMember("file", json_string(art->source_what, alloc), alloc);
    o.AddMember("operation", json_string(operation, alloc), alloc);
    o.AddMember("outcome", rapidjson::StringRef(outcome), alloc);
    o.AddMember("type", json_string(type, alloc), alloc);
    o.AddMember("started", json_optional(started, alloc), alloc);
    o.AddMember("completed", json_optional(completed, alloc), alloc);
    o.AddMember("unread_time", unread_time.empty() ? json::Value() : json_string(unread_time, alloc), alloc);
    o.AddMember("bytes", bytes ? json::Value(*bytes) : json::Value(), alloc);
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

}  // namespace migready::facts::detail
