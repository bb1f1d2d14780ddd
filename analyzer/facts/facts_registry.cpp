// Facts from the SOFTWARE and SYSTEM hives beyond the OS identity: installed products and versions, the
// update keys, RRAS and the DHCP server. Locations: ../shared/reference/registry-evidence.md §4-§8.
#include <re2/re2.h>

#include <algorithm>

#include "facts/facts_internal.hpp"

namespace migready::facts::detail {
namespace {

using Alloc = rapidjson::Document::AllocatorType;

constexpr std::string_view kUninstall = "Microsoft\\Windows\\CurrentVersion\\Uninstall";
constexpr std::string_view kUninstallWow = "Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall";

// A REG_SZ / REG_EXPAND_SZ value of a key, empty when absent or of another type.
std::string key_string(const hive::Key& key, std::string_view name) {
  auto v = key.value(name);
  if (!v) return {};
  auto s = v->as_string();
  return s ? *s : std::string();
}

// .NET Framework (KB318785): Install (DWORD 1), SP (DWORD), Version (SZ) under NDP\<version key>.
void dotnet_facts(Facts& f, const LoadedHive& sw) {
  struct Ndp {
    std::string_view name;  // the fact's segment
    std::string_view key;   // under NDP
  };
  static constexpr Ndp kVersions[] = {
      {"v1_1", "v1.1.4322"}, {"v2_0", "v2.0.50727"}, {"v3_0", "v3.0"}, {"v3_5", "v3.5"}};
  for (const auto& ndp : kVersions) {
    const std::string base = "dotnet." + std::string(ndp.name);
    const std::string key = "Microsoft\\NET Framework Setup\\NDP\\" + std::string(ndp.key);
    if (!sw.hive) {
      mark_all(f, {base + ".installed", base + ".service_pack", base + ".version"}, sw.status, sw.artifact_id,
               sw.reason);
      continue;
    }
    auto k = sw.hive->find(key);
    bool installed = false;
    std::string source = source_of(sw, key, "Install");
    if (k) {
      auto install = k->value("Install");
      auto d = install ? install->as_dword() : Result<std::uint32_t>(install.error());
      installed = d && *d == 1;
      if (!installed && ndp.name == "v3_0") {
        // 3.0 records its installation in the Setup subkey (InstallSuccess), KB318785.
        auto setup = sw.hive->find(key + "\\Setup");
        auto ok = setup ? setup->value("InstallSuccess") : Result<hive::Value>(setup.error());
        auto okd = ok ? ok->as_dword() : Result<std::uint32_t>(ok.error());
        if (okd && *okd == 1) {
          installed = true;
          source = source_of(sw, key + "\\Setup", "InstallSuccess");
        }
      }
    }
    f.set(base + ".installed", installed, source);
    dword_fact(f, base + ".service_pack", sw, key, "SP");
    string_fact(f, base + ".version", sw, key, "Version");
  }
}

// Uninstall entries with a DisplayName (what Add or Remove Programs lists), sorted by name.
void programs_facts(Facts& f, const LoadedHive& sw) {
  if (!sw.hive) {
    mark_all(f, {"programs.installed", "programs.count", "mbca.installed"}, sw.status, sw.artifact_id, sw.reason);
    return;
  }
  struct Program {
    std::string key, display_name, display_version, publisher, install_date, install_location;
  };
  std::vector<Program> programs;
  for (std::string_view root : {kUninstall, kUninstallWow}) {
    auto k = sw.hive->find(root);
    if (!k) continue;
    for (const auto& sub : k->subkeys()) {
      Program p;
      p.display_name = key_string(sub, "DisplayName");
      if (p.display_name.empty()) continue;
      p.key = std::string(root) + "\\" + sub.name();
      p.display_version = key_string(sub, "DisplayVersion");
      p.publisher = key_string(sub, "Publisher");
      p.install_date = key_string(sub, "InstallDate");
      p.install_location = key_string(sub, "InstallLocation");
      programs.push_back(std::move(p));
    }
  }
  std::sort(programs.begin(), programs.end(), [](const Program& a, const Program& b) {
    return std::tie(a.display_name, a.key) < std::tie(b.display_name, b.key);
  });
  auto& alloc = f.allocator();
  rapidjson::Value list(rapidjson::kArrayType);
  bool mbca = false;
  std::string mbca_source = source_of(sw, kUninstall, "");
  for (const auto& p : programs) {
    if (!mbca && p.display_name.find("Baseline Configuration Analyzer 2.0") != std::string::npos) {
      mbca = true;
      mbca_source = source_of(sw, p.key, "DisplayName");
    }
    if (list.Size() >= kMaxPrograms) continue;
    rapidjson::Value o(rapidjson::kObjectType);
    o.AddMember("display_name", json_string(p.display_name, alloc), alloc);
    o.AddMember("display_version", json_string(p.display_version, alloc), alloc);
    o.AddMember("publisher", json_string(p.publisher, alloc), alloc);
    o.AddMember("install_date", json_string(p.install_date, alloc), alloc);
    o.AddMember("install_location", json_string(p.install_location, alloc), alloc);
    o.AddMember("key", json_string(p.key, alloc), alloc);
    list.PushBack(o, alloc);
  }
  f.set("programs.installed", std::move(list), source_of(sw, kUninstall, ""));
  f.set("programs.count", static_cast<std::int64_t>(programs.size()), source_of(sw, kUninstall, ""));
  f.set("mbca.installed", mbca, mbca_source);
}

// Exchange's "Services Version": its type is unconfirmed (registry-evidence §3), so DWORD or a number as SZ.
void exchange_version_fact(Facts& f, const LoadedHive& sw) {
  static constexpr std::string_view kKey = "Microsoft\\Exchange\\Setup";
  static constexpr std::string_view kValue = "Services Version";
  if (!sw.hive) return f.set_unavailable("exchange.version", sw.status, sw.artifact_id, sw.reason);
  const std::string src = source_of(sw, kKey, kValue);
  auto k = sw.hive->find(kKey);
  auto v = k ? k->value(kValue) : Result<hive::Value>(k.error());
  if (!v) {
    if (v.error().code == Errc::not_found) return f.set_null("exchange.version", src);
    return f.set_unavailable("exchange.version", FactStatus::parse_failed, src, v.error().to_string());
  }
  if (auto d = v->as_dword()) return f.set("exchange.version", std::int64_t{*d}, src);
  if (auto s = v->as_string()) {
    std::int64_t n = 0;
    if (RE2::FullMatch(*s, R"(\s*(\d{1,9})\s*)", &n)) return f.set("exchange.version", n, src);
    return f.set("exchange.version", *s, src);
  }
  f.set_unavailable("exchange.version", FactStatus::parse_failed, src,
                    v->where() + ": neither a DWORD nor a string (" + hive::value_type_name(v->type()) + ")");
}

void sql_instances_fact(Facts& f, const LoadedHive& sw) {
  static constexpr std::string_view kKey = "Microsoft\\Microsoft SQL Server";
  if (!sw.hive) return f.set_unavailable("sql.instances", sw.status, sw.artifact_id, sw.reason);
  const std::string src = source_of(sw, kKey, "InstalledInstances");
  auto k = sw.hive->find(kKey);
  auto v = k ? k->value("InstalledInstances") : Result<hive::Value>(k.error());
  auto list = v ? v->as_multi_sz() : Result<std::vector<std::string>>(v.error());
  if (list) return f.set("sql.instances", json_strings(*list, f.allocator(), 256), src);
  if (list.error().code == Errc::not_found) return f.set("sql.instances", rapidjson::Value(rapidjson::kArrayType), src);
  f.set_unavailable("sql.instances", FactStatus::parse_failed, src, list.error().to_string());
}

}  // namespace

std::string normalize_update_id(std::string_view id) {
  static const RE2 kId(R"((?i)^\s*(KB|Q)(\d{3,8})(?:\D|$))");
  std::string prefix, digits;
  if (!RE2::PartialMatch(id, kId, &prefix, &digits)) return {};
  std::transform(prefix.begin(), prefix.end(), prefix.begin(), [](unsigned char c) { return std::toupper(c); });
  return prefix + digits;
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

void software_facts(Facts& f, const LoadedHive& sw) {
  // Windows SharePoint Services 2.0 / 3.0 (registry-evidence §4): the Web Server Extensions version key.
  key_exists_fact(f, "wss.v2_installed", sw, "Microsoft\\Shared Tools\\Web Server Extensions\\6.0");
  key_exists_fact(f, "wss.v3_installed", sw, "Microsoft\\Shared Tools\\Web Server Extensions\\12.0");
  key_exists_fact(f, "wsus.installed", sw, "Microsoft\\Update Services\\Server\\Setup");
  string_fact(f, "wsus.version", sw, "Microsoft\\Update Services\\Server\\Setup", "VersionString");
  string_fact(f, "powershell.version", sw, "Microsoft\\PowerShell\\1\\PowerShellEngine", "PowerShellVersion");
  dotnet_facts(f, sw);
  sql_instances_fact(f, sw);
  programs_facts(f, sw);
  exchange_version_fact(f, sw);
}

void system_hive_facts(Facts& f, const LoadedHive& sys) {
  if (!sys.hive) {
    mark_all(f, {"rras.start", "dhcp_server.installed"}, sys.status, sys.artifact_id, sys.reason);
    return;
  }
  auto ccs = hive::current_control_set(*sys.hive);
  if (!ccs) {
    mark_all(f, {"rras.start", "dhcp_server.installed"}, FactStatus::parse_failed, sys.artifact_id,
             ccs.error().to_string());
    return;
  }
  // Start: 2 automatic, 3 manual, 4 disabled; null when the service does not exist.
  dword_fact(f, "rras.start", sys, *ccs + "\\Services\\RemoteAccess", "Start");
  key_exists_fact(f, "dhcp_server.installed", sys, *ccs + "\\Services\\DHCPServer");
}

}  // namespace migready::facts::detail
