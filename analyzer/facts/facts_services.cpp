// Conveniences over services.list (api.services): the automatic services that are not running, the SBS Best
// Practices Analyzer's "automatic services that are stopped".
#include "facts/facts_internal.hpp"

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
void rras_running_fact(Facts& f, const rapidjson::Value& list, const std::string& source) {
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
  const rapidjson::Value* complete = present_value(f, "services.complete");
  if (!listed && complete != nullptr && complete->IsBool() && !complete->GetBool()) {
    return f.set_unavailable("rras.running", FactStatus::missing, source,
                             "RemoteAccess is not in the service list, which the collector could not complete");
  }
  f.set("rras.running", running, source);
}

}  // namespace

void services_derived_facts(Facts& f) {
  constexpr std::string_view kPath = "services.stopped_automatic";
  const rapidjson::Value* list = present_value(f, "services.list");
  if (list == nullptr) {
    inherit_unavailable(f, "rras.running", "services.list");
    inherit_unavailable(f, "services.stopped_automatic_lower", "services.list");
    return inherit_unavailable(f, kPath, "services.list");
  }
  auto text_of = [](const rapidjson::Value& o, const char* key) {
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
