// The installed updates, as three sources list them: wmic qfe, systeminfo's hotfixes and the SOFTWARE hive's
// update keys (registry-evidence §6). An update absent from the list is only known absent from the sources
// that could be read (updates.unavailable_sources).
// The Windows Update Agent's searches, from the tail of WindowsUpdate.log the collector keeps: what the last
// completed search found (updates.pending*), the last search of any outcome, and the failures by code.
#include <re2/re2.h>

#include <algorithm>
#include <map>

#include "core/json.hpp"
#include "facts/limits.hpp"
#include "facts/sources.hpp"
#include "parsers/systeminfo.hpp"
#include "parsers/windowsupdate_log.hpp"
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
  json::Value unavailable(rapidjson::kArrayType);
  auto& alloc = f.allocator();
  auto not_read = [&](std::string_view source, FactStatus status, std::string_view reason) {
    json::Value o(rapidjson::kObjectType);
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
    json::Value list(rapidjson::kArrayType);
    for (const auto& [id, sources] : seen) {
      if (list.Size() >= kMaxUpdates) break;
      json::Value o(rapidjson::kObjectType);
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

namespace {

constexpr std::string_view kWuLogId = "file.windowsupdate_log";

json::Value search_value(const parsers::WuSearch& s, const Bundle& b, json::Document::AllocatorType& alloc) {
  json::Value o(rapidjson::kObjectType);
  auto opt_string = [&](const char* key, const std::optional<std::string>& v) {
    json::Value k(key, alloc);
    o.AddMember(k, v ? json_string(*v, alloc) : json::Value(), alloc);
  };
  auto iso = [](const std::optional<parsers::WuLogTime>& t) {
    return t ? std::optional<std::string>(t->iso) : std::nullopt;
  };
  o.AddMember("caller", json_string(s.caller, alloc), alloc);
  opt_string("started", iso(s.started));
  opt_string("ended", iso(s.ended));
  o.AddMember("found", s.found ? json::Value(*s.found) : json::Value(), alloc);
  o.AddMember("outcome", json_string(s.outcome, alloc), alloc);
  const parsers::WuResultCode* known = s.error ? parsers::wu_result_code(*s.error) : nullptr;
  opt_string("error", s.error ? std::optional<std::string>(parsers::format_hresult(*s.error)) : std::nullopt);
  opt_string("error_name", known ? std::optional<std::string>(known->name) : std::nullopt);
  opt_string("error_meaning", known ? std::optional<std::string>(known->meaning) : std::nullopt);
  const auto days = days_before_collection(iso(s.ended ? s.ended : s.started), b);
  o.AddMember("days_before_collection", days ? json::Value(*days) : json::Value(), alloc);
  o.AddMember("line", s.line, alloc);
  return o;
}

}  // namespace

void windows_update_log_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  auto& alloc = f.allocator();
  const std::string source(kWuLogId);
  const std::initializer_list<std::string_view> kPaths = {"updates.pending",
                                                          "updates.pending_count",
                                                          "updates.last_search",
                                                          "updates.last_completed_search",
                                                          "updates.failure_codes_recent",
                                                          "updates.agent_version",
                                                          "updates.wu_log_first",
                                                          "updates.wu_log_last"};
  TextArtifact t = load_text(b, kWuLogId, diags);
  std::optional<parsers::WindowsUpdateLog> log;
  if (!t.reason.empty()) {
    mark_all(f, kPaths, FactStatus::collection_failed, source, t.reason);
    f.set("updates.search_state", std::string_view("log_not_collected"), source);
  } else if (auto parsed = parsers::parse_windowsupdate_log(t.text, t.where, diags); !parsed) {
    mark_all(f, kPaths, FactStatus::parse_failed, source, parsed.error().to_string());
    f.set("updates.search_state", std::string_view("log_unreadable"), source);
  } else {
    log = std::move(*parsed);
  }
  if (!log) {
    f.set("updates.pending_searched", false, source);
    return;
  }

  auto set_date = [&](std::string_view path, const std::optional<parsers::WuLogTime>& time) {
    if (time)
      f.set(path, time->iso, source);
    else
      f.set_null(path, source);
  };
  set_date("updates.wu_log_first", log->first);
  set_date("updates.wu_log_last", log->last);
  if (log->agent_version.empty())
    f.set_null("updates.agent_version", source);
  else
    f.set("updates.agent_version", log->agent_version, source);

  const parsers::WuSearch* last = log->searches.empty() ? nullptr : &log->searches.back();
  const parsers::WuSearch* completed = nullptr;
  for (auto it = log->searches.rbegin(); it != log->searches.rend(); ++it) {
    if (it->found) {
      completed = &*it;
      break;
    }
  }
  if (last)
    f.set("updates.last_search", search_value(*last, b, alloc), source);
  else
    f.set_null("updates.last_search", source);
  f.set("updates.search_state",
        std::string_view(!last       ? "no_search"
                         : completed ? "searched"
                                     : "no_completed_search"),
        source);
  if (completed) {
    f.set("updates.last_completed_search", search_value(*completed, b, alloc), source);
    f.set("updates.pending_searched", true, source);
    f.set("updates.pending_count", *completed->found, source);
    // Only the updates the log names ("Added update {id}.rev to search result"); an agent that logs none
    // leaves the list empty while pending_count says how many.
    json::Value list(rapidjson::kArrayType);
    for (const auto& id : completed->update_ids) {
      if (list.Size() >= kMaxUpdates) break;
      json::Value o(rapidjson::kObjectType);
      o.AddMember("name", json_string(id, alloc), alloc);
      o.AddMember("update_id", json_string(id, alloc), alloc);
      list.PushBack(o, alloc);
    }
    f.set("updates.pending", std::move(list), source);
  } else {
    f.set_null("updates.last_completed_search", source);
    f.set("updates.pending_searched", false, source);
    f.set_null("updates.pending_count", source);
    f.set_unavailable("updates.pending", FactStatus::collection_failed, source,
                      last ? "the log's searches did not complete (no \"Found N updates\" line)"
                           : "the log holds no Windows Update search");
  }

  // Failures by code whose latest line is at most kFailureWindowDays before the collection (a window chosen
  // to show what fails now, not a threshold from a source).
  constexpr std::int64_t kFailureWindowDays = 30;
  json::Value codes(rapidjson::kArrayType);
  for (const auto& c : log->codes) {
    const auto days = days_before_collection(c.last.iso, b);
    if (!days || *days > kFailureWindowDays) continue;
    const parsers::WuResultCode* known = parsers::wu_result_code(c.code);
    const std::string code = parsers::format_hresult(c.code);
    std::string name = code;
    if (known) name += " " + std::string(known->name) + " (" + std::string(known->meaning) + ")";
    name += ", " + std::to_string(c.count) + " time(s), last " + c.last.iso;
    json::Value o(rapidjson::kObjectType);
    o.AddMember("name", json_string(name, alloc), alloc);
    o.AddMember("code", json_string(code, alloc), alloc);
    o.AddMember("symbol", known ? json_string(known->name, alloc) : json::Value(), alloc);
    o.AddMember("meaning", known ? json_string(known->meaning, alloc) : json::Value(), alloc);
    o.AddMember("count", c.count, alloc);
    o.AddMember("last", json_string(c.last.iso, alloc), alloc);
    o.AddMember("days_before_collection", *days, alloc);
    codes.PushBack(o, alloc);
  }
  f.set("updates.failure_codes_recent", std::move(codes), source);
}

}  // namespace migready::facts::detail
