// Facts from the collector's API documents (docs/bundle-format.md, "API artifacts"): services, volumes and
// the HARDWARE key. Each document is untrusted JSON: its schema name is checked, and any member of the
// wrong type is read as absent rather than trusted. Also disks.critical_volumes, derived once the registry and
// directory facts are known.
#include <algorithm>
#include <cmath>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "core/json.hpp"
#include "facts/facts_internal.hpp"

namespace migready::facts::detail {

std::optional<std::string> member_string(const rapidjson::Value& o, const char* key) {
  if (!o.IsObject()) return std::nullopt;
  auto it = o.FindMember(key);
  if (it == o.MemberEnd() || !it->value.IsString()) return std::nullopt;
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

std::optional<std::uint64_t> member_uint(const rapidjson::Value& o, const char* key) {
  if (!o.IsObject()) return std::nullopt;
  auto it = o.FindMember(key);
  if (it == o.MemberEnd() || !it->value.IsUint64()) return std::nullopt;
  return it->value.GetUint64();
}

ApiDoc read_api_doc(const Bundle& b, std::string_view id, std::string_view schema, Diagnostics& diags) {
  ApiDoc out;
  const ArtifactRecord* art = b.artifact(id);
  if (auto why = unavailable_reason(b, art); !why.empty()) {
    out.reason = why;
    return out;
  }
  const std::string where = art->path.value_or(std::string(id));
  auto doc = parse_untrusted_json(*b.entry_bytes(*art), 16, where);
  if (!doc) out.reason = doc.error().to_string();
  else if (member_string(*doc, "schema") != std::optional<std::string>(schema)) {
    out.reason = where + ": not a " + std::string(schema) + " document";
  }
  if (!out.reason.empty()) {
    diags.warn(Errc::format, out.reason, where);
    out.status = FactStatus::parse_failed;
    return out;
  }
  out.doc.emplace(std::move(*doc));
  return out;
}

std::optional<rapidjson::Document> load_api_doc(Facts& f, const Bundle& b, std::string_view id,
                                                std::string_view schema, std::initializer_list<std::string_view> paths,
                                                Diagnostics& diags) {
  ApiDoc read = read_api_doc(b, id, schema, diags);
  if (!read.doc) mark_all(f, paths, read.status, id, read.reason);
  return std::move(read.doc);
}

namespace {

using Alloc = rapidjson::Document::AllocatorType;

// `complete: false` (the reading stopped early): the facts are what was read, and say so.
void completeness_fact(Facts& f, std::string_view path, const rapidjson::Value& doc, std::string_view id) {
  auto it = doc.FindMember("complete");
  f.set(path, !(it != doc.MemberEnd() && it->value.IsBool() && !it->value.GetBool()), std::string(id) + ":complete");
}

void services_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string id = "api.services";
  auto doc = load_api_doc(f, b, id, "migready-api-services/1",
                          {"services.list", "services.running", "services.count", "services.complete"}, diags);
  if (!doc) return;
  auto& alloc = f.allocator();
  rapidjson::Value list(rapidjson::kArrayType), running(rapidjson::kArrayType);
  std::int64_t count = 0;
  auto it = doc->FindMember("services");
  if (it != doc->MemberEnd() && it->value.IsArray()) {
    for (const auto& s : it->value.GetArray()) {
      auto name = member_string(s, "name");
      if (!name) continue;
      ++count;
      const auto state = member_string(s, "state");
      if (state == std::optional<std::string>("running") && running.Size() < kMaxServices) {
        running.PushBack(json_string(*name, alloc), alloc);
      }
      if (list.Size() >= kMaxServices) continue;
      rapidjson::Value o(rapidjson::kObjectType);
      o.AddMember("name", json_string(*name, alloc), alloc);
      o.AddMember("display_name", json_optional(member_string(s, "display_name"), alloc), alloc);
      o.AddMember("state", json_optional(state, alloc), alloc);
      o.AddMember("start_type", json_optional(member_string(s, "start_type"), alloc), alloc);
      o.AddMember("account", json_optional(member_string(s, "account"), alloc), alloc);
      o.AddMember("type", json_optional(member_string(s, "type"), alloc), alloc);
      o.AddMember("binary_path", json_optional(member_string(s, "binary_path"), alloc), alloc);
      list.PushBack(o, alloc);
    }
  }
  f.set("services.list", std::move(list), id);
  f.set("services.running", std::move(running), id);
  f.set("services.count", count, id);
  completeness_fact(f, "services.complete", *doc, id);
}

void volumes_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string id = "api.volumes";
  auto doc = load_api_doc(f, b, id, "migready-api-volumes/1", {"disks.volumes", "disks.min_free_percent"}, diags);
  if (!doc) return;
  auto& alloc = f.allocator();
  rapidjson::Value list(rapidjson::kArrayType);
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
      rapidjson::Value o(rapidjson::kObjectType);
      o.AddMember("root", json_string(*root, alloc), alloc);
      o.AddMember("drive_type", json_optional(type, alloc), alloc);
      o.AddMember("file_system", json_optional(member_string(v, "file_system"), alloc), alloc);
      o.AddMember("label", json_optional(member_string(v, "label"), alloc), alloc);
      o.AddMember("total_bytes", total ? rapidjson::Value(*total) : rapidjson::Value(), alloc);
      o.AddMember("free_bytes", free ? rapidjson::Value(*free) : rapidjson::Value(), alloc);
      o.AddMember("free_percent", percent ? rapidjson::Value(*percent) : rapidjson::Value(), alloc);
      list.PushBack(o, alloc);
    }
  }
  f.set("disks.volumes", std::move(list), id);
  if (min_free) f.set("disks.min_free_percent", rapidjson::Value(*min_free), id + ":" + min_root);
  else f.set_unavailable("disks.min_free_percent", FactStatus::missing, id, "no fixed volume with its size");
}

// HARDWARE\DESCRIPTION\System\BIOS (Vista and later; usually absent on 2003) names maker and model;
// 2003 has only System's SystemBiosVersion. Values are raw: a string, or the MULTI_SZ's strings.
void hardware_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string id = "api.hardware";
  auto doc = load_api_doc(f, b, id, "migready-api-hardware/1", {"hardware.manufacturer", "hardware.model", "hardware.bios"},
                          diags);
  const bool hint_missing = [&] {
    const auto* hint = f.find("hardware.virtual_machine_hint");
    return hint == nullptr || std::string_view((*hint)["status"].GetString()) != "present";
  }();
  if (!doc) return;
  auto& alloc = f.allocator();
  const rapidjson::Value* system = nullptr;
  const rapidjson::Value* bios = nullptr;
  auto it = doc->FindMember("registry");
  if (it != doc->MemberEnd() && it->value.IsArray()) {
    for (const auto& k : it->value.GetArray()) {
      if (!k.IsObject()) continue;
      auto key = member_string(k, "key");
      auto values = k.FindMember("values");
      if (!key || values == k.MemberEnd() || !values->value.IsObject()) continue;
      const std::string lower = ascii_lower(*key);
      if (lower.ends_with("\\description\\system")) system = &values->value;
      else if (lower.ends_with("\\description\\system\\bios")) bios = &values->value;
    }
  }
  std::string hint_text;
  // The value's `data` (string, strings or number), copied; null when absent.
  auto raw = [&](const rapidjson::Value* values, const char* key, const char* name) -> bool {
    const std::string path = std::string("hardware.") + name;
    if (values == nullptr) return false;
    auto v = values->FindMember(key);
    if (v == values->MemberEnd() || !v->value.IsObject() || !v->value.HasMember("data")) return false;
    const rapidjson::Value& data = v->value["data"];
    if (data.IsString()) hint_text += std::string(" ") + data.GetString();
    if (data.IsArray()) {
      for (const auto& s : data.GetArray()) if (s.IsString()) hint_text += std::string(" ") + s.GetString();
    }
    f.set(path, rapidjson::Value(data, alloc), id + ":" + (values == bios ? "System\\BIOS\\" : "System\\") + key);
    return true;
  };
  if (!raw(bios, "SystemManufacturer", "manufacturer")) f.set_null("hardware.manufacturer", id + ":System\\BIOS");
  if (!raw(bios, "SystemProductName", "model")) f.set_null("hardware.model", id + ":System\\BIOS");
  if (!raw(bios, "BIOSVersion", "bios") && !raw(system, "SystemBiosVersion", "bios")) {
    f.set_null("hardware.bios", id + ":System");
  }
  if (hint_missing) {
    // systeminfo gave no answer: the same hint from what HARDWARE holds.
    const std::string hint = virtual_platform_hint(hint_text);
    if (!hint.empty()) f.set("hardware.virtual_machine_hint", hint, id);
  }
}

}  // namespace

void api_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  services_facts(f, b, diags);
  volumes_facts(f, b, diags);
  hardware_facts(f, b, diags);
}

std::string volume_root(std::string_view path, std::string_view system_root) {
  if (ascii_lower(path.substr(0, 12)) == "%systemroot%") path = system_root;
  if (path.size() < 2 || path[1] != ':') return {};
  char letter = path[0];
  if (letter >= 'a' && letter <= 'z') letter = static_cast<char>(letter - 'a' + 'A');
  if (letter < 'A' || letter > 'Z') return {};
  return std::string(1, letter) + ":\\";
}

void disk_role_facts(Facts& f) {
  static constexpr std::string_view kPath = "disks.critical_volumes";
  const rapidjson::Value* root = present_value(f, "os.system_root");
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
    const rapidjson::Value* v = present_value(f, path);
    return v != nullptr && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : std::string();
  };
  add(system_root, "Windows (" + system_root + ")");
  add(string_of("ad.database_path"), "the Active Directory database");
  add(string_of("ad.log_path"), "Active Directory's logs");
  if (const rapidjson::Value* stores = present_value(f, "exchange.stores"); stores != nullptr && stores->IsArray()) {
    for (const auto& s : stores->GetArray()) {
      if (s.HasMember("this_server") && s["this_server"].IsBool() && !s["this_server"].GetBool()) continue;
      for (const char* key : {"edb_path", "stm_path"}) {
        if (s.HasMember(key) && s[key].IsString()) add(s[key].GetString(), "Exchange databases");
      }
    }
  }
  auto& alloc = f.allocator();
  rapidjson::Value list(rapidjson::kArrayType);
  for (const auto& [vol, holds] : volumes) {
    rapidjson::Value o(rapidjson::kObjectType), h(rapidjson::kArrayType);
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
