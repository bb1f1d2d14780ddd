// Facts from the SOFTWARE and SYSTEM hives beyond the OS identity: installed products and versions, the
// update keys, RRAS, the DHCP server and Active Directory. Locations: ../shared/reference/registry-evidence.md
// §1-§8, §13.
#include <re2/re2.h>

#include <algorithm>

#include "facts/facts_internal.hpp"

namespace migready::facts::detail {
namespace {

using Alloc = rapidjson::Document::AllocatorType;

constexpr std::string_view kUninstall = "Microsoft\\Windows\\CurrentVersion\\Uninstall";
constexpr std::string_view kUninstallWow = "Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall";


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

// Exchange's build lives in its binaries' file versions (store.exe under <Services>\bin, registry-evidence §3):
// null without Exchange; with Exchange, file_version_facts sets it from api.file_versions.
void exchange_build_fact(Facts& f, const LoadedHive& sw) {
  static constexpr std::string_view kKey = "Microsoft\\Exchange\\Setup";
  if (!sw.hive) return f.set_unavailable("exchange.build", sw.status, sw.artifact_id, sw.reason);
  if (!sw.hive->find(kKey)) return f.set_null("exchange.build", source_of(sw, kKey, ""));
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

// MSXML 6.0 from its Uninstall entry (DisplayName "MSXML 6.0 Parser…" or "MSXML 6 Service Pack…"): a stand-in
// for msxml6.dll's file version, the real source. No entry is `missing`, not "not installed".
void msxml6_fact(Facts& f, const LoadedHive& sw) {
  constexpr std::string_view kPath = "msxml6.version";
  if (!sw.hive) return f.set_unavailable(kPath, sw.status, sw.artifact_id, sw.reason);
  std::string best_version, best_key;
  for (std::string_view root : {kUninstall, kUninstallWow}) {
    auto k = sw.hive->find(root);
    if (!k) continue;
    for (const auto& sub : k->subkeys()) {
      const std::string name = key_string(sub, "DisplayName");
      if (!starts_with_ci(name, "MSXML 6.0 Parser") && !starts_with_ci(name, "MSXML 6 Service Pack")) continue;
      const std::string version = key_string(sub, "DisplayVersion");
      if (version.empty()) continue;
      // Several entries (RTM, then a service pack): the highest version wins.
      if (best_version.empty() || version_less(best_version, version)) {
        best_version = version;
        best_key = std::string(root) + "\\" + sub.name();
      }
    }
  }
  if (best_version.empty()) {
    return f.set_unavailable(kPath, FactStatus::missing, source_of(sw, kUninstall, ""),
                             "no Uninstall entry \"MSXML 6.0 Parser\" / \"MSXML 6 Service Pack\" with a "
                             "DisplayVersion; the file version of %windir%\\system32\\msxml6.dll (not collected) is "
                             "the real source");
  }
  f.set(kPath, best_version, source_of(sw, best_key, "DisplayVersion"));
}

// ISA Server (SOFTWARE\Microsoft\Fpc) and the SBS edition hint: Premium bundles SQL Server 2000 and ISA 2004,
// which the SBS key does not record (registry-evidence §2). SQL instances that Standard installs itself
// (SBSMONITORING, SHAREPOINT) or that WSUS brings (WSUS 2.0's WSUS, WSUS 3.0's MICROSOFT##SSEE) do not count.
void sbs_edition_facts(Facts& f, const LoadedHive& sw) {
  constexpr std::string_view kFpc = "Microsoft\\Fpc";
  constexpr std::string_view kSql = "Microsoft\\Microsoft SQL Server";
  if (!sw.hive) {
    mark_all(f, {"isa.installed", "sbs.edition"}, sw.status, sw.artifact_id, sw.reason);
    return;
  }
  const bool isa = sw.hive->find(kFpc).has_value();
  f.set("isa.installed", isa, source_of(sw, kFpc, ""));
  if (!sw.hive->find("Microsoft\\SmallBusinessServer")) {
    return f.set_null("sbs.edition", source_of(sw, "Microsoft\\SmallBusinessServer", ""));
  }
  if (isa) return f.set("sbs.edition", std::string_view("Premium"), source_of(sw, kFpc, ""));
  const std::string sql_src = source_of(sw, kSql, "InstalledInstances");
  auto k = sw.hive->find(kSql);
  auto v = k ? k->value("InstalledInstances") : Result<hive::Value>(k.error());
  auto list = v ? v->as_multi_sz() : Result<std::vector<std::string>>(v.error());
  if (!list && list.error().code != Errc::not_found) {
    return f.set_unavailable("sbs.edition", FactStatus::parse_failed, sql_src, list.error().to_string());
  }
  static constexpr std::string_view kBundled[] = {"SBSMONITORING", "SHAREPOINT", "WSUS", "MICROSOFT##SSEE"};
  bool premium_sql = false;
  if (list) {
    for (const auto& inst : *list) {
      if (inst.empty()) continue;
      bool bundled = false;
      for (auto b : kBundled) bundled = bundled || equals_ci(inst, b);
      premium_sql = premium_sql || !bundled;
    }
  }
  f.set("sbs.edition", std::string_view(premium_sql ? "Premium" : "Standard"), sql_src);
}

// DCOM (registry-evidence §13, KB825750): Microsoft\Ole EnableDCOM, REG_SZ "Y" or "N". Absent means the
// default, enabled.
void dcom_fact(Facts& f, const LoadedHive& sw) {
  constexpr std::string_view kPath = "system.dcom_enabled";
  constexpr std::string_view kKey = "Microsoft\\Ole";
  if (!sw.hive) return f.set_unavailable(kPath, sw.status, sw.artifact_id, sw.reason);
  const std::string src = source_of(sw, kKey, "EnableDCOM");
  auto k = sw.hive->find(kKey);
  auto v = k ? k->value("EnableDCOM") : Result<hive::Value>(k.error());
  auto text = v ? v->as_string() : Result<std::string>(v.error());
  if (!text && text.error().code == Errc::not_found) return f.set(kPath, true, src);
  if (!text) return f.set_unavailable(kPath, FactStatus::parse_failed, src, text.error().to_string());
  std::string t = *text;
  while (!t.empty() && t.back() == ' ') t.pop_back();
  if (equals_ci(t, "Y")) return f.set(kPath, true, src);
  if (equals_ci(t, "N")) return f.set(kPath, false, src);
  f.set_unavailable(kPath, FactStatus::parse_failed, src, "EnableDCOM is \"" + t.substr(0, 32) + "\", not Y or N");
}

// Windows Server 2003 R2 shows "R2" in ProductName (registry-evidence §1); R2 brought the DFS Replication
// service, which plain 2003 does not have.
void r2_fact(Facts& f) {
  constexpr std::string_view kPath = "os.is_r2";
  const rapidjson::Value* name = present_value(f, "os.product_name");
  if (name == nullptr) return inherit_unavailable(f, kPath, "os.product_name");
  const std::string source = (*f.find("os.product_name"))["source"].GetString();
  if (!name->IsString()) return f.set_null(kPath, source);
  f.set(kPath, RE2::PartialMatch(name->GetString(), R"(\bR2\b)"), source);
}

// Active Directory from the SYSTEM hive (registry-evidence §1, §13): ProductType LanmanNT marks a domain
// controller (KB102987); NTDS\Parameters holds the database paths and the schema version.
void ad_facts(Facts& f, const LoadedHive& sys, const std::string& ccs) {
  const std::string options = ccs + "\\Control\\ProductOptions";
  const std::string params = ccs + "\\Services\\NTDS\\Parameters";
  {
    auto k = sys.hive->find(options);
    auto v = k ? k->value("ProductType") : Result<hive::Value>(k.error());
    auto type = v ? v->as_string() : Result<std::string>(v.error());
    if (type) {
      f.set("ad.is_domain_controller", equals_ci(*type, "LanmanNT"), source_of(sys, options, "ProductType"));
    } else if (type.error().code == Errc::not_found) {
      // No ProductType (an odd hive): a DC always has its database path under NTDS\Parameters.
      auto p = sys.hive->find(params);
      const bool has_db = p && p->value("DSA Database file").has_value();
      f.set("ad.is_domain_controller", has_db, source_of(sys, params, "DSA Database file"));
    } else {
      f.set_unavailable("ad.is_domain_controller", FactStatus::parse_failed, source_of(sys, options, "ProductType"),
                        type.error().to_string());
    }
  }
  dword_fact(f, "ad.schema_version", sys, params, "Schema Version");
  const rapidjson::Value* version = f.find("ad.schema_version");
  const std::string version_src = source_of(sys, params, "Schema Version");
  if (version == nullptr || std::string_view((*version)["status"].GetString()) != "present") {
    f.set_unavailable("ad.schema_version_name", FactStatus::parse_failed, version_src,
                      version && version->HasMember("reason") ? (*version)["reason"].GetString() : "unreadable");
  } else if ((*version)["value"].IsNull()) {
    f.set_null("ad.schema_version_name", version_src);
  } else {
    f.set("ad.schema_version_name", std::string_view(schema_version_name((*version)["value"].GetInt64())), version_src);
  }
  string_fact(f, "ad.database_path", sys, params, "DSA Database file");
  string_fact(f, "ad.log_path", sys, params, "Database log files path");
}

}  // namespace

// The schema's objectVersion (Microsoft's "Active Directory schema versions" table): the DC's registry copy
// (ad.schema_version_name) and the directory's schema NC (directory.schema_version) name it alike.
const char* schema_version_name(std::int64_t version) {
  switch (version) {
    case 13: return "Windows 2000 Server";
    case 30: return "Windows Server 2003";
    case 31: return "Windows Server 2003 R2";
    case 44: return "Windows Server 2008";
    case 47: return "Windows Server 2008 R2";
    case 56: return "Windows Server 2012";
    case 69: return "Windows Server 2012 R2";
    case 87: return "Windows Server 2016";
    case 88: return "Windows Server 2019 / 2022";
    default: return "unknown";
  }
}

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
  exchange_build_fact(f, sw);
  msxml6_fact(f, sw);  // the Uninstall stand-in; file_version_facts replaces it with msxml6.dll's version
  sbs_edition_facts(f, sw);
  dcom_fact(f, sw);
  r2_fact(f);
}

namespace {

// Whether Routing and Remote Access is configured, and for what (RemoteAccess\Parameters):
//   ConfigurationFlags: 1 once the RRAS setup wizard configured the server (MprConfigServerInstall "writes
//     out the router is configured registry key"); absent or 0: not configured, the default (the
//     Microsoft-Windows-RasServer unattend setting ConfigurationFlags: "Specifies whether Remote Access
//     Service (RAS) is configured", default false).
//   RouterType: flags, ROUTER_TYPE_RAS 0x1 = remote access (dial-in and VPN clients), ROUTER_TYPE_LAN 0x2,
//     ROUTER_TYPE_WAN 0x4 (MS-RRASM 2.2.3.4.1); 7 = RAS, LAN and WAN, "the value for virtual private network
//     (VPN) access" (Microsoft-Windows-RasServer RouterType).
// rras.remote_access_configured: configured with the RAS flag (or no RouterType to say otherwise).
void rras_configuration_facts(Facts& f, const LoadedHive& sys, const std::string& params) {
  dword_fact(f, "rras.configuration_flags", sys, params, "ConfigurationFlags", 0);
  dword_fact(f, "rras.router_type", sys, params, "RouterType");
  const rapidjson::Value* flags = present_value(f, "rras.configuration_flags");
  const rapidjson::Value* type = present_value(f, "rras.router_type");
  if (flags == nullptr) return inherit_unavailable(f, "rras.remote_access_configured", "rras.configuration_flags");
  if (f.find("rras.router_type") != nullptr && type == nullptr) {
    return inherit_unavailable(f, "rras.remote_access_configured", "rras.router_type");
  }
  const bool configured = flags->IsInt64() && flags->GetInt64() != 0;
  const bool ras = type == nullptr || !type->IsInt64() || (type->GetInt64() & 0x1) != 0;
  f.set("rras.remote_access_configured", configured && ras, source_of(sys, params, "ConfigurationFlags"));
}

}  // namespace

void system_hive_facts(Facts& f, const LoadedHive& sys) {
  const auto ccs = control_set_or_mark(f, sys,
                                       {"rras.start", "rras.configuration_flags", "rras.router_type", "rras.remote_access_configured",
                                        "dhcp_server.installed", "ad.is_domain_controller",
                                        "ad.schema_version", "ad.schema_version_name", "ad.database_path", "ad.log_path",
                                        "isa.firewall_service_present"});
  if (!ccs) return;
  // ISA Server's Firewall service (registry-evidence §4, §10): its key marks ISA as surely as the Fpc key, so
  // it also sets isa.installed (read from SOFTWARE first) when that said no or could not tell.
  const std::string fwsrv = *ccs + "\\Services\\FwSrv";
  key_exists_fact(f, "isa.firewall_service_present", sys, fwsrv);
  if (sys.hive->find(fwsrv)) f.set("isa.installed", true, source_of(sys, fwsrv, ""));
  // Start: 2 automatic, 3 manual, 4 disabled; null when the service does not exist.
  dword_fact(f, "rras.start", sys, *ccs + "\\Services\\RemoteAccess", "Start");
  rras_configuration_facts(f, sys, *ccs + "\\Services\\RemoteAccess\\Parameters");
  key_exists_fact(f, "dhcp_server.installed", sys, *ccs + "\\Services\\DHCPServer");
  ad_facts(f, sys, *ccs);
}

}  // namespace migready::facts::detail
