// Disks: the volumes with their free space (api.volumes), and which volumes hold what a migration must not
// lose (Windows, Active Directory's database and logs, Exchange's databases).
#include <algorithm>
#include <cmath>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "core/json.hpp"
#include "facts/sources.hpp"

namespace migready::facts::detail {

void volumes_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string id = "api.volumes";
  auto doc = load_api_doc(f, b, id, "migready-api-volumes/1", {"disks.volumes", "disks.min_free_percent"}, diags);
  if (!doc) return;
  auto& alloc = f.allocator();
  json::Value list(rapidjson::kArrayType);
  std::optional<double> min_free;
  std::string min_root;
  auto it = doc->FindMember("volumes");
  if (it != doc->MemberEnd() && it->value.IsArray()) {
    for (const auto& v : it->value.GetArray()) {
      auto root = member_string(v, "root");
      if (!root) continue;
      const auto type = member_string(v, "drive_type");
      const auto total = member_uint(v, "total_bytes");
      const auto free = member_uint(v, "free_bytes");
      std::optional<double> percent;
      if (total && free && *total > 0 && *free <= *total) {
        percent = std::round(static_cast<double>(*free) * 1000.0 / static_cast<double>(*total)) / 10.0;
        if (type == std::optional<std::string>("fixed") && (!min_free || *percent < *min_free)) {
          min_free = percent;
          min_root = *root;
        }
      }
      if (list.Size() >= kMaxVolumes) continue;
      json::Value o(rapidjson::kObjectType);
      o.AddMember("root", json_string(*root, alloc), alloc);
      o.AddMember("drive_type", json_optional(type, alloc), alloc);
      o.AddMember("file_system", json_optional(member_string(v, "file_system"), alloc), alloc);
      o.AddMember("label", json_optional(member_string(v, "label"), alloc), alloc);
      o.AddMember("total_bytes", total ? json::Value(*total) : json::Value(), alloc);
      o.AddMember("free_bytes", free ? json::Value(*free) : json::Value(), alloc);
      o.AddMember("free_percent", percent ? json::Value(*percent) : json::Value(), alloc);
      list.PushBack(o, alloc);
    }
  }
  f.set("disks.volumes", std::move(list), id);
  if (min_free) f.set("disks.min_free_percent", json::Value(*min_free), id + ":" + min_root);
  else f.set_unavailable("disks.min_free_percent", FactStatus::missing, id, "no fixed volume with its size");
}

std::string volume_root(std::string_view path, std::string_view system_root) {
  if (ascii_lower(path.substr(0, 12)) == "%systemroot%") path = system_root;
  if (path.size() < 2 || path[1] != ':') return {};
  const char letter = contract::ascii_upper(path[0]);
  if (letter < 'A' || letter > 'Z') return {};
  return std::string(1, letter) + ":\\";
}

void disk_role_facts(Facts& f) {
  static constexpr std::string_view kPath = "disks.critical_volumes";
  const json::Value* root = present_value(f, "os.system_root");
  if (root == nullptr) return inherit_unavailable(f, kPath, "os.system_root");
  const std::string system_root = root->IsString() ? root->GetString() : "";
  std::vector<std::pair<std::string, std::vector<std::string>>> volumes;  // root, what it holds (in order)
  auto add = [&](std::string_view path, const std::string& what) {
    const std::string vol = volume_root(path, system_root);
    if (vol.empty()) return;
    auto it = std::find_if(volumes.begin(), volumes.end(), [&](const auto& v) { return v.first == vol; });
    if (it == volumes.end()) {
      volumes.emplace_back(vol, std::vector<std::string>{});
      it = std::prev(volumes.end());
    }
    if (std::find(it->second.begin(), it->second.end(), what) == it->second.end()) it->second.push_back(what);
  };
  auto string_of = [&](std::string_view path) -> std::string {
    const json::Value* v = present_value(f, path);
    return v != nullptr && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : std::string();
  };
  add(system_root, "Windows (" + system_root + ")");
  add(string_of("ad.database_path"), "the Active Directory database");
  add(string_of("ad.log_path"), "Active Directory's logs");
  if (const json::Value* stores = present_value(f, "exchange.stores"); stores != nullptr && stores->IsArray()) {
    for (const auto& s : stores->GetArray()) {
      if (s.HasMember("this_server") && s["this_server"].IsBool() && !s["this_server"].GetBool()) continue;
      for (const char* key : {"edb_path", "stm_path"}) {
        if (s.HasMember(key) && s[key].IsString()) add(s[key].GetString(), "Exchange databases");
      }
    }
  }
  auto& alloc = f.allocator();
  json::Value list(rapidjson::kArrayType);
  for (const auto& [vol, holds] : volumes) {
    json::Value o(rapidjson::kObjectType), h(rapidjson::kArrayType);
    std::string name = vol + " (";
    for (std::size_t i = 0; i < holds.size(); ++i) name += (i == 0 ? "" : ", ") + holds[i];
    o.AddMember("name", json_string(name + ")", alloc), alloc);
    o.AddMember("root", json_string(vol, alloc), alloc);
    for (const auto& what : holds) h.PushBack(json_string(what, alloc), alloc);
    o.AddMember("holds", h, alloc);
    list.PushBack(o, alloc);
  }
  f.set(kPath, std::move(list), (*f.find("os.system_root"))["source"].GetString());
}

}  // namespace migready::facts::detail
