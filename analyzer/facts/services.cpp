// Services (api.services): the list with each service's state and start type, and conveniences over it: the
// automatic services that are not running (the SBS Best Practices Analyzer's "automatic services that are
// stopped") and whether RRAS runs.
#include "core/json.hpp"
#include "facts/sources.hpp"

namespace migready::facts::detail {

// Automatic services that stop by design once their work is done: the .NET Framework's native image
// services (they compile their queue, then stop), Google Update, and Performance Logs and Alerts (runs
// only while a log or alert is scheduled). Compared case-insensitively with the service key name.
constexpr std::string_view kStopByDesign[] = {
    "clr_optimization_v2.0.50727_32", "clr_optimization_v2.0.50727_64", "clr_optimization_v4.0.30319_32",
    "clr_optimization_v4.0.30319_64", "gupdate", "SysmonLog"};

namespace {

// rras.running: the Routing and Remote Access service (RemoteAccess) is running; false when it is listed in
// another state, or not listed in a complete list (not installed). Not listed in a partial list
// (services.complete false): missing.
void rras_running_fact(Facts& f, const json::Value& list, const std::string& source) {
  bool running = false, listed = false;
  if (list.IsArray()) {
    for (const auto& s : list.GetArray()) {
      if (!s.IsObject()) continue;
      auto name = s.FindMember("name");
      auto state = s.FindMember("state");
      if (name == s.MemberEnd() || !name->value.IsString() || !equals_ci(name->value.GetString(), "RemoteAccess")) continue;
      listed = true;
      running = state != s.MemberEnd() && state->value.IsString() && std::string_view(state->value.GetString()) == "running";
    }
  }
  const json::Value* complete = present_value(f, "services.complete");
  if (!listed && complete != nullptr && complete->IsBool() && !complete->GetBool()) {
    return f.set_unavailable("rras.running", FactStatus::missing, source,
                             "RemoteAccess is not in the service list, which the collector could not complete");
  }
  f.set("rras.running", running, source);
}

using Alloc = json::Document::AllocatorType;

// `complete: false` (the reading stopped early): the facts are what was read, and say so.
void completeness_fact(Facts& f, std::string_view path, const json::Value& doc, std::string_view id) {
  auto it = doc.FindMember("complete");
  f.set(path, !(it != doc.MemberEnd() && it->value.IsBool() && !it->value.GetBool()), std::string(id) + ":complete");
}

}  // namespace

void services_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string id = "api.services";
  auto doc = load_api_doc(f, b, id, "migready-api-services/1",
                          {"services.list", "services.running", "services.count", "services.complete"}, diags);
  if (!doc) return;
  auto& alloc = f.allocator();
  json::Value list(rapidjson::kArrayType), running(rapidjson::kArrayType);
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
      json::Value o(rapidjson::kObjectType);
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

void services_derived_facts(Facts& f) {
  constexpr std::string_view kPath = "services.stopped_automatic";
  const json::Value* list = present_value(f, "services.list");
  if (list == nullptr) {
    inherit_unavailable(f, "rras.running", "services.list");
    inherit_unavailable(f, "services.stopped_automatic_lower", "services.list");
    return inherit_unavailable(f, kPath, "services.list");
  }
  auto text_of = [](const json::Value& o, const char* key) {
    auto it = o.FindMember(key);
    return it != o.MemberEnd() && it->value.IsString() ? std::string_view(it->value.GetString()) : std::string_view();
  };
  std::vector<std::string> stopped;
  if (list->IsArray()) {
    for (const auto& s : list->GetArray()) {
      if (!s.IsObject()) continue;
      const std::string_view name = text_of(s, "name"), type = text_of(s, "type");
      // Drivers are not services an administrator starts; only Win32 services count.
      if (name.empty() || text_of(s, "start_type") != "auto" || text_of(s, "state") == "running") continue;
      if (type == "kernel_driver" || type == "file_system_driver") continue;
      bool by_design = false;
      for (auto known : kStopByDesign) by_design = by_design || equals_ci(name, known);
      if (!by_design) stopped.emplace_back(name);
    }
  }
  const std::string source = (*f.find("services.list"))["source"].GetString();
  std::vector<std::string> lower;
  for (const auto& name : stopped) lower.push_back(ascii_lower(name));
  f.set(kPath, json_strings(stopped, f.allocator()), source);
  // Service key names compare case-insensitively; other tools spell them their own way (dcdiag's "NETLOGON").
  f.set("services.stopped_automatic_lower", json_strings(lower, f.allocator()), source);
  rras_running_fact(f, *list, source);
}

}  // namespace migready::facts::detail
