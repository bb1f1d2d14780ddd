// Pending restart (registry-evidence §7): file operations Session Manager will run at the next boot, and the
// Windows Update / update.exe markers in SOFTWARE. Those two markers may be volatile keys (unverified): a hive
// saved with RegSaveKey leaves volatile keys out, a .reg export through the registry API keeps them, so
// their absence from a saved hive proves nothing. The collector reads them live (api.volatile_registry,
// bundle format 1.1); a live reading beats the hive, which stays the source for 1.0 bundles.

#include "core/json.hpp"
#include "core/text.hpp"
#include "facts/sources.hpp"

namespace migready::facts::detail {
namespace {

constexpr std::string_view kRebootRequired = "Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired";
constexpr std::string_view kUpdates = "Microsoft\\Updates";
// Older descriptions have UpdateExeVolatile as a key with a Flags value; the contract's live reading takes it
// as a value of Updates. The hive is read both ways.
constexpr std::string_view kUpdateExeVolatile = "Microsoft\\Updates\\UpdateExeVolatile";
constexpr std::string_view kVolatileId = "api.volatile_registry";

// One marker read live: unknown (not read, or its key's reading failed), or whether it says "restart".
struct LiveMarker {
  bool known = false;
  bool pending = false;
  std::string detail, source;
};

struct LiveMarkers {
  LiveMarker reboot_required, update_exe;
};

// api.volatile_registry (migready-api-volatile-registry/1): registry[] entries {key, present, values, error}, the
// values encoded as api.hardware's.
LiveMarkers live_markers(const Bundle& b, Diagnostics& diags) {
  LiveMarkers out;
  ApiDoc read = read_api_doc(b, kVolatileId, "migready-api-volatile-registry/1", diags);
  if (!read.doc) return out;  // a 1.0 bundle, or an unusable document (a diagnostic says which): the hive
  auto list = read.doc->FindMember("registry");
  if (list == read.doc->MemberEnd() || !list->value.IsArray()) return out;
  std::size_t seen = 0;
  for (const auto& k : list->value.GetArray()) {
    if (++seen > 64) break;  // the contract has two entries
    const auto key = member_string(k, "key");
    if (!key || member_string(k, "error")) continue;  // a failed reading leaves the marker unknown
    auto present_it = k.FindMember("present");
    if (present_it == k.MemberEnd() || !present_it->value.IsBool()) continue;
    const bool present = present_it->value.GetBool();
    const std::string source = std::string(kVolatileId) + ":" + key->substr(0, 300);
    if (ends_with_ci(*key, "\\WindowsUpdate\\Auto Update\\RebootRequired") && !out.reboot_required.known) {
      out.reboot_required = {true, present, "", source};
    } else if (ends_with_ci(*key, "\\SOFTWARE\\Microsoft\\Updates") && !out.update_exe.known) {
      std::uint64_t flags = 0;
      if (present) {
        auto values = k.FindMember("values");
        if (values != k.MemberEnd() && values->value.IsObject()) {
          auto v = values->value.FindMember("UpdateExeVolatile");
          if (v != values->value.MemberEnd()) flags = member_uint(v->value, "data").value_or(0);
        }
      }
      out.update_exe = {true, flags != 0, std::to_string(flags), source + "\\UpdateExeVolatile"};
    }
  }
  return out;
}

struct Renames {
  std::int64_t count = 0;
  std::vector<std::string> examples;  // source paths, "\??\" removed
};

// PendingFileRenameOperations is REG_MULTI_SZ pairs (source, destination); an empty destination means
// delete. Value::as_multi_sz stops at the first empty string, which here is a deletion's destination, so
// the raw UTF-16 is split here: pairs until a pair's source is empty (the list's terminator).
Renames pending_renames(const hive::Value& v) {
  const auto data = v.data();
  const std::string utf8 =
      text::decode_utf16le(std::string_view(reinterpret_cast<const char*>(data.data()), data.size())).utf8;
  std::vector<std::string_view> parts;
  std::string_view rest(utf8);
  while (!rest.empty()) {
    const auto nul = rest.find('\0');
    parts.push_back(rest.substr(0, nul));
    if (nul == std::string_view::npos) break;
    rest.remove_prefix(nul + 1);
  }
  Renames out;
  for (std::size_t i = 0; i < parts.size(); i += 2) {
    std::string_view source = parts[i];
    if (source.empty()) break;
    ++out.count;
    if (source.substr(0, 4) == "\\??\\") source.remove_prefix(4);
    if (out.examples.size() < kMaxExamples) out.examples.emplace_back(source);
  }
  return out;
}

json::Value reason(std::string_view kind, std::string_view detail, std::string_view source,
                        const std::vector<std::string>& examples, Facts& f) {
  auto& alloc = f.allocator();
  json::Value o(rapidjson::kObjectType);
  o.AddMember("kind", json_string(kind, alloc), alloc);
  o.AddMember("detail", json_string(detail, alloc), alloc);
  o.AddMember("source", json_string(source, alloc), alloc);
  o.AddMember("examples", json_strings(examples, alloc), alloc);
  return o;
}

}  // namespace

void pending_restart_facts(Facts& f, const Bundle& b, const LoadedHive& software, const LoadedHive& system,
                           Diagnostics& diags) {
  json::Value reasons(rapidjson::kArrayType);
  auto& alloc = f.allocator();
  // The SYSTEM hive's answer: the count, or why it is unknown.
  std::optional<FactStatus> sys_status;
  std::string sys_source = system.artifact_id, sys_reason;
  if (!system.hive || !system.control_set) {
    sys_status = system.control_set_status;
    sys_reason = system.control_set_reason;
  } else {
    const std::string key = *system.control_set + "\\Control\\Session Manager";
    sys_source = source_of(system, key, "PendingFileRenameOperations");
    auto k = system.hive->find(key);
    auto v = k ? k->value("PendingFileRenameOperations") : Result<hive::Value>(k.error());
    if (!v && v.error().code == Errc::not_found) {
      f.set("system.pending_file_rename_operations", std::int64_t{0}, sys_source);
      f.set("system.pending_file_rename_paths", json::Value(rapidjson::kArrayType), sys_source);
    } else if (!v) {
      sys_status = FactStatus::parse_failed;
      sys_reason = v.error().to_string();
    } else if (v->type() != hive::ValueType::multi_sz) {
      sys_status = FactStatus::parse_failed;
      sys_reason = v->where() + ": PendingFileRenameOperations is " + hive::value_type_name(v->type()) +
                   ", not REG_MULTI_SZ";
    } else {
      const Renames renames = pending_renames(*v);
      f.set("system.pending_file_rename_operations", renames.count, sys_source);
      f.set("system.pending_file_rename_paths", json_strings(renames.examples, alloc), sys_source);
      if (renames.count > 0) {
        reasons.PushBack(reason("file_rename_operations",
                                std::to_string(renames.count) + " file operation(s) wait for the next restart",
                                sys_source, renames.examples, f),
                         alloc);
      }
    }
  }
  if (sys_status) {
    f.set_unavailable("system.pending_file_rename_operations", *sys_status, sys_source, sys_reason);
    f.set_unavailable("system.pending_file_rename_paths", *sys_status, sys_source, sys_reason);
  }

  const LiveMarkers live = live_markers(b, diags);
  const std::string reboot_detail = "Windows Update installed updates that need a restart (Auto Update\\RebootRequired)";
  if (live.reboot_required.known) {
    if (live.reboot_required.pending) {
      reasons.PushBack(reason("windows_update_reboot_required", reboot_detail + ", read live", live.reboot_required.source,
                              {}, f),
                       alloc);
    }
  } else if (software.hive && software.hive->find(kRebootRequired)) {
    reasons.PushBack(reason("windows_update_reboot_required", reboot_detail, source_of(software, kRebootRequired, ""), {}, f),
                     alloc);
  }
  if (live.update_exe.known) {
    if (live.update_exe.pending) {
      reasons.PushBack(reason("update_exe_volatile",
                              "update.exe waits for a restart (UpdateExeVolatile = " + live.update_exe.detail + ", read live)",
                              live.update_exe.source, {}, f),
                       alloc);
    }
  } else if (software.hive) {
    // Non-zero: update.exe replaced files in use and needs a restart to finish.
    std::string flags_detail, flags_source;
    if (auto k = software.hive->find(kUpdates); k && key_dword(*k, "UpdateExeVolatile").value_or(0) != 0) {
      flags_detail = "UpdateExeVolatile = " + std::to_string(*key_dword(*k, "UpdateExeVolatile"));
      flags_source = source_of(software, kUpdates, "UpdateExeVolatile");
    } else if (auto v = software.hive->find(kUpdateExeVolatile); v && key_dword(*v, "Flags").value_or(0) != 0) {
      flags_detail = "Flags = " + std::to_string(*key_dword(*v, "Flags"));
      flags_source = source_of(software, kUpdateExeVolatile, "Flags");
    }
    if (!flags_detail.empty()) {
      reasons.PushBack(reason("update_exe_volatile", "update.exe waits for a restart (" + flags_detail + ")",
                              flags_source, {}, f),
                       alloc);
    }
  }
  // Both markers read live, or a .reg export (made through the registry API, volatile keys included); a regf
  // file from RegSaveKey leaves volatile keys out.
  const bool live_both = live.reboot_required.known && live.update_exe.known;
  const bool volatile_seen = live_both || (software.hive && software.is_reg_export);
  if (live_both || software.hive) {
    f.set("system.pending_restart_volatile_keys_readable", volatile_seen,
          live_both ? std::string(kVolatileId) : software.artifact_id);
  } else {
    f.set_unavailable("system.pending_restart_volatile_keys_readable", software.status, software.artifact_id,
                      software.reason);
  }

  const bool any = reasons.Size() > 0;
  std::string source;
  if (system.hive) source = system.artifact_id;
  if (software.hive) source += (source.empty() ? "" : ", ") + software.artifact_id;
  if (live.reboot_required.known || live.update_exe.known) source += (source.empty() ? "" : ", ") + std::string(kVolatileId);
  if (any) {
    f.set("system.pending_restart_reasons", std::move(reasons), source);
    f.set("system.pending_restart", true, source);
  } else if (sys_status) {
    // Nothing positive, and the one source that is kept in every saved hive could not be read.
    f.set_unavailable("system.pending_restart_reasons", *sys_status, sys_source, sys_reason);
    f.set_unavailable("system.pending_restart", *sys_status, sys_source, sys_reason);
  } else {
    f.set("system.pending_restart_reasons", std::move(reasons), source);
    f.set("system.pending_restart", false, source);
  }
}

}  // namespace migready::facts::detail
