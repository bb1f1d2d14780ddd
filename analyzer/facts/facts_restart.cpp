// Pending restart (registry-evidence §7): file operations Session Manager will run at the next boot, and the
// Windows Update / update.exe markers in SOFTWARE. Those two markers are volatile keys (unverified): a hive
// saved with RegSaveKey leaves volatile keys out, a .reg export through the registry API keeps them, so
// their absence from a saved hive proves nothing. updates.pending (downloaded, not installed) has no
// source in the bundle: see docs/facts.md.
#include <cctype>

#include "core/text.hpp"
#include "facts/facts_internal.hpp"

namespace migready::facts::detail {
namespace {

constexpr std::string_view kRebootRequired = "Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired";
constexpr std::string_view kUpdateExeVolatile = "Microsoft\\Updates\\UpdateExeVolatile";

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

rapidjson::Value reason(std::string_view kind, std::string_view detail, std::string_view source,
                        const std::vector<std::string>& examples, Facts& f) {
  auto& alloc = f.allocator();
  rapidjson::Value o(rapidjson::kObjectType);
  o.AddMember("kind", json_string(kind, alloc), alloc);
  o.AddMember("detail", json_string(detail, alloc), alloc);
  o.AddMember("source", json_string(source, alloc), alloc);
  o.AddMember("examples", json_strings(examples, alloc), alloc);
  return o;
}

}  // namespace

void pending_restart_facts(Facts& f, const LoadedHive& software, const LoadedHive& system) {
  rapidjson::Value reasons(rapidjson::kArrayType);
  auto& alloc = f.allocator();
  // The SYSTEM hive's answer: the count, or why it is unknown.
  std::optional<FactStatus> sys_status;
  std::string sys_source = system.artifact_id, sys_reason;
  if (!system.hive) {
    sys_status = system.status;
    sys_reason = system.reason;
  } else if (auto ccs = hive::current_control_set(*system.hive); !ccs) {
    sys_status = FactStatus::parse_failed;
    sys_reason = ccs.error().to_string();
  } else {
    const std::string key = *ccs + "\\Control\\Session Manager";
    sys_source = source_of(system, key, "PendingFileRenameOperations");
    auto k = system.hive->find(key);
    auto v = k ? k->value("PendingFileRenameOperations") : Result<hive::Value>(k.error());
    if (!v && v.error().code == Errc::not_found) {
      f.set("system.pending_file_rename_operations", std::int64_t{0}, sys_source);
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
      if (renames.count > 0) {
        reasons.PushBack(reason("file_rename_operations",
                                std::to_string(renames.count) + " file operation(s) wait for the next restart",
                                sys_source, renames.examples, f),
                         alloc);
      }
    }
  }
  if (sys_status) f.set_unavailable("system.pending_file_rename_operations", *sys_status, sys_source, sys_reason);

  if (software.hive) {
    if (software.hive->find(kRebootRequired)) {
      reasons.PushBack(reason("windows_update_reboot_required",
                              "Windows Update installed updates that need a restart (Auto Update\\RebootRequired)",
                              source_of(software, kRebootRequired, ""), {}, f),
                       alloc);
    }
    if (auto k = software.hive->find(kUpdateExeVolatile)) {
      // Flags non-zero: update.exe replaced files in use and needs a restart to finish.
      if (auto flags = key_dword(*k, "Flags"); flags && *flags != 0) {
        reasons.PushBack(reason("update_exe_volatile", "update.exe waits for a restart (Flags = " + std::to_string(*flags) + ")",
                                source_of(software, kUpdateExeVolatile, "Flags"), {}, f),
                         alloc);
      }
    }
  }
  // A .reg export goes through the registry API and keeps volatile keys; a regf file from RegSaveKey does not.
  const bool volatile_seen = software.hive && software.is_reg_export;
  if (software.hive) f.set("system.pending_restart_volatile_keys_readable", volatile_seen, software.artifact_id);
  else f.set_unavailable("system.pending_restart_volatile_keys_readable", software.status, software.artifact_id, software.reason);

  const bool any = reasons.Size() > 0;
  std::string source;
  if (system.hive) source = system.artifact_id;
  if (software.hive) source += (source.empty() ? "" : ", ") + software.artifact_id;
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

  // Updates downloaded but not installed are known to the Windows Update Agent's own search, which the
  // collector does not run; WindowsUpdate.log is not a reliable stand-in (docs/facts.md says why).
  f.set_unavailable("updates.pending", FactStatus::collection_failed, "windows-update-agent:search",
                    "no source in the bundle: pending updates are what a Windows Update Agent search "
                    "(IUpdateSearcher, \"IsInstalled=0\") returns, and the collector does not run one; the text of "
                    "WindowsUpdate.log is undocumented and its kept tail need not hold the last search, so it is not "
                    "read for this");
}

}  // namespace migready::facts::detail
