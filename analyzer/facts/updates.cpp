// The installed updates, as three sources list them: wmic qfe, systeminfo's hotfixes and the SOFTWARE hive's
// update keys (registry-evidence §6). An update absent from the list is only known absent from the sources
// that could be read (updates.unavailable_sources).
#include <re2/re2.h>

#include <algorithm>
#include <map>

#include "facts/sources.hpp"
#include "parsers/systeminfo.hpp"
#include "parsers/wmic_qfe.hpp"

namespace migready::facts::detail {

std::string normalize_update_id(std::string_view id) {
  static const RE2 kId(R"((?i)^\s*(KB|Q)(\d{3,8})(?:\D|$))");
  std::string prefix, digits;
  if (!RE2::PartialMatch(id, kId, &prefix, &digits)) return {};
  return contract::ascii_upper(prefix) + digits;
}

std::vector<UpdateSighting> registry_updates(const LoadedHive& sw) {
  std::vector<UpdateSighting> out;
  if (!sw.hive) return out;
  // SP<n> is the *next* service pack level (registry-evidence §6): the folder, not the update, says it.
  constexpr std::string_view kUpdates = "Microsoft\\Updates\\Windows Server 2003";
  if (auto root = sw.hive->find(kUpdates)) {
    for (const auto& sp : root->subkeys()) {
      const std::string sp_name = sp.name();
      if (sp_name.size() < 3 || (sp_name[0] != 'S' && sp_name[0] != 's') || (sp_name[1] != 'P' && sp_name[1] != 'p')) {
        continue;
      }
      for (const auto& kb : sp.subkeys()) {
        const std::string name = kb.name();
        std::string id = normalize_update_id(name);
        if (id.empty()) continue;
        out.push_back({std::move(id), source_of(sw, std::string(kUpdates) + "\\" + sp_name + "\\" + name, "")});
      }
    }
  }
  constexpr std::string_view kHotfix = "Microsoft\\Windows NT\\CurrentVersion\\HotFix";
  if (auto root = sw.hive->find(kHotfix)) {
    for (const auto& kb : root->subkeys()) {
      const std::string name = kb.name();
      std::string id = normalize_update_id(name);
      if (id.empty()) continue;
      out.push_back({std::move(id), source_of(sw, std::string(kHotfix) + "\\" + name, "")});
    }
  }
  return out;
}

void updates_facts(Facts& f, const Bundle& b, const LoadedHive& software, const SysteminfoRead& systeminfo_read,
                   Diagnostics& diags) {
  const std::optional<parsers::Systeminfo>& systeminfo = systeminfo_read.parsed;
  const std::string& systeminfo_failure = systeminfo_read.failure;
  std::map<std::string, std::vector<std::string>> seen;  // id -> sources, sorted by id
  std::vector<std::string> used;
  rapidjson::Value unavailable(rapidjson::kArrayType);
  auto& alloc = f.allocator();
  auto not_read = [&](std::string_view source, FactStatus status, std::string_view reason) {
    rapidjson::Value o(rapidjson::kObjectType);
    o.AddMember("source", json_string(source, alloc), alloc);
    o.AddMember("status", rapidjson::StringRef(fact_status_name(status)), alloc);
    o.AddMember("reason", json_string(reason, alloc), alloc);
    unavailable.PushBack(o, alloc);
  };
  auto add = [&](const std::string& id, const std::string& source) {
    auto& sources = seen[id];
    if (std::find(sources.begin(), sources.end(), source) == sources.end() && sources.size() < 8) {
      sources.push_back(source);
    }
  };

  // wmic qfe: the update's id as `kb` (HotFixID, or ServicePackInEffect for "File 1" rows).
  const std::string qfe_id = "command.wmic_qfe";
  TextArtifact qfe = load_text(b, qfe_id, diags);
  if (!qfe.reason.empty()) {
    not_read(qfe_id, FactStatus::collection_failed, qfe.reason);
  } else if (auto parsed = parsers::parse_wmic_qfe(qfe.text, qfe.where, diags); !parsed) {
    not_read(qfe_id, FactStatus::parse_failed, parsed.error().to_string());
  } else {
    used.push_back(qfe_id);
    for (const auto& u : parsed->updates) {
      if (auto id = normalize_update_id(u.kb); !id.empty()) add(id, qfe_id);
    }
  }
  const std::string si_id = "command.systeminfo";
  if (systeminfo) {
    used.push_back(si_id);
    for (const auto& h : systeminfo->hotfixes) {
      if (auto id = normalize_update_id(h); !id.empty()) add(id, si_id);
    }
  } else {
    const ArtifactRecord* art = b.artifact(si_id);
    not_read(si_id, unavailable_reason(b, art).empty() ? FactStatus::parse_failed : FactStatus::collection_failed,
             systeminfo_failure);
  }
  if (software.hive) {
    used.push_back(software.artifact_id);
    for (const auto& s : registry_updates(software)) add(s.id, s.source);
  } else {
    not_read(software.artifact_id, software.status, software.reason);
  }

  std::string source;
  for (const auto& u : used) source += (source.empty() ? "" : ", ") + u;
  if (used.empty()) {
    // No source could be read: say why, with the first source's status.
    const auto& first = unavailable[0];
    const FactStatus status = std::string_view(first["status"].GetString()) == "parse_failed"
                                  ? FactStatus::parse_failed
                                  : FactStatus::collection_failed;
    std::string reason;
    for (const auto& u : unavailable.GetArray()) {
      reason += (reason.empty() ? "" : "; ") + std::string(u["source"].GetString()) + ": " + u["reason"].GetString();
    }
    mark_all(f, {"updates.installed", "updates.count"}, status, "command.wmic_qfe, command.systeminfo, registry.software",
             reason);
  } else {
    rapidjson::Value list(rapidjson::kArrayType);
    for (const auto& [id, sources] : seen) {
      if (list.Size() >= kMaxUpdates) break;
      rapidjson::Value o(rapidjson::kObjectType);
      o.AddMember("id", json_string(id, alloc), alloc);
      o.AddMember("sources", json_strings(sources, alloc), alloc);
      list.PushBack(o, alloc);
    }
    f.set("updates.installed", std::move(list), source);
    f.set("updates.count", static_cast<std::int64_t>(seen.size()), source);
  }
  // Which sources could not be read: an update absent from the list is only known absent from the others.
  f.set("updates.unavailable_sources", std::move(unavailable), "command.wmic_qfe, command.systeminfo, registry.software");
}

}  // namespace migready::facts::detail
