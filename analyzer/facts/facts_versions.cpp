// Versions and service packs of WSS 2.0, each SQL Server / MSDE instance and WSUS (registry-evidence §4), for
// the document's "install the most recent service packs" and the BPA's SQL / WSUS service pack checks.
#include <re2/re2.h>

#include "facts/facts_internal.hpp"

namespace migready::facts::detail {
namespace {

constexpr std::string_view kUninstall = "Microsoft\\Windows\\CurrentVersion\\Uninstall";
constexpr std::string_view kSql = "Microsoft\\Microsoft SQL Server";

// WSS 2.0: its version is the file version of <Location>\ISAPI\OWSSVR.DLL, which the bundle does not have;
// the Uninstall entry's DisplayVersion is an unverified stand-in, and no service pack is derived from it.
void wss_facts(Facts& f, const LoadedHive& sw) {
  constexpr std::string_view kWss = "Microsoft\\Shared Tools\\Web Server Extensions\\6.0";
  if (!sw.hive) {
    mark_all(f, {"wss.v2_version", "wss.v2_service_pack"}, sw.status, sw.artifact_id, sw.reason);
    return;
  }
  if (!sw.hive->find(kWss)) {
    f.set_null("wss.v2_version", source_of(sw, kWss, ""));
    f.set_null("wss.v2_service_pack", source_of(sw, kWss, ""));
    return;
  }
  std::string best, best_key;
  if (auto k = sw.hive->find(kUninstall)) {
    for (const auto& sub : k->subkeys()) {
      const std::string name = key_string(sub, "DisplayName");
      if (!starts_with_ci(name, "Microsoft Windows SharePoint Services 2.0") &&
          !starts_with_ci(name, "Windows SharePoint Services 2.0")) {
        continue;
      }
      const std::string version = key_string(sub, "DisplayVersion");
      if (version.empty()) continue;
      if (best.empty() || version_less(best, version)) {
        best = version;
        best_key = std::string(kUninstall) + "\\" + sub.name();
      }
    }
  }
  if (best.empty()) {
    f.set_unavailable("wss.v2_version", FactStatus::missing, source_of(sw, kUninstall, ""),
                      "no Uninstall entry \"Microsoft Windows SharePoint Services 2.0\" with a DisplayVersion; the file "
                      "version of <Location>\\ISAPI\\OWSSVR.DLL (not collected) is the real source");
  } else {
    f.set("wss.v2_version", best, source_of(sw, best_key, "DisplayVersion"));
  }
  f.set_unavailable("wss.v2_service_pack", FactStatus::collection_failed, "file-version:<Location>\\ISAPI\\OWSSVR.DLL",
                    "no registry value records WSS 2.0's service pack: the file version of OWSSVR.DLL is the source "
                    "(registry-evidence §4), and the collector does not record it");
}

struct SpTable {
  int major, minor;
  const char* product;
  int builds[5];  // RTM, SP1, ... (0 = none)
};

// Build numbers of each release (registry-evidence §4 for 8.00 and 9.00's RTM / SP4; Microsoft KB321185 for
// the rest). Versions are "major.minor.build[.revision]".
constexpr SpTable kSqlReleases[] = {
    {8, 0, "SQL Server 2000 / MSDE 2000", {194, 384, 532, 760, 2039}},
    {9, 0, "SQL Server 2005", {1399, 2047, 3042, 4035, 5000}},
    {10, 0, "SQL Server 2008", {1600, 2531, 4000, 5500, 6000}},
    {10, 50, "SQL Server 2008 R2", {1600, 2500, 4000, 6000, 0}},
};

struct SqlVersion {
  std::string version, source, edition;
};

// SQL Server 2005 and later: Instance Names\SQL\<inst> names the instance's key (MSSQL.1, MSSQL10.X), whose
// MSSQLServer\CurrentVersion holds CurrentVersion and Setup the Edition. SQL 2000 / MSDE: the instance's own
// key (a default instance: Microsoft\MSSQLServer) with CSDVersion (the service pack level), else CurrentVersion.
SqlVersion sql_version(const hive::Hive& h, const LoadedHive& sw, const std::string& instance) {
  SqlVersion out;
  if (instance.find('\\') != std::string::npos) return out;  // a name, never a path into other keys
  if (auto names = h.find(std::string(kSql) + "\\Instance Names\\SQL")) {
    const std::string id = key_string(*names, instance);
    if (!id.empty() && id.find('\\') == std::string::npos) {
      const std::string key = std::string(kSql) + "\\" + id + "\\MSSQLServer\\CurrentVersion";
      if (auto k = h.find(key)) {
        out.version = key_string(*k, "CurrentVersion");
        out.source = source_of(sw, key, "CurrentVersion");
      }
      if (auto setup = h.find(std::string(kSql) + "\\" + id + "\\Setup")) out.edition = key_string(*setup, "Edition");
      if (!out.version.empty()) return out;
    }
  }
  const std::string base = equals_ci(instance, "MSSQLSERVER") ? std::string("Microsoft\\MSSQLServer")
                                                              : std::string(kSql) + "\\" + instance;
  const std::string key = base + "\\MSSQLServer\\CurrentVersion";
  if (auto k = h.find(key)) {
    for (const char* value : {"CSDVersion", "CurrentVersion"}) {
      out.version = key_string(*k, value);
      if (!out.version.empty()) {
        out.source = source_of(sw, key, value);
        break;
      }
    }
  }
  return out;
}

void sql_facts(Facts& f, const LoadedHive& sw) {
  constexpr std::string_view kPath = "sql.instance_versions";
  if (!sw.hive) return f.set_unavailable(kPath, sw.status, sw.artifact_id, sw.reason);
  const std::string src = source_of(sw, kSql, "InstalledInstances");
  auto k = sw.hive->find(kSql);
  auto v = k ? k->value("InstalledInstances") : Result<hive::Value>(k.error());
  auto list = v ? v->as_multi_sz() : Result<std::vector<std::string>>(v.error());
  if (!list && list.error().code != Errc::not_found) {
    return f.set_unavailable(kPath, FactStatus::parse_failed, src, list.error().to_string());
  }
  static const RE2 kVersion(R"(\s*(\d{1,3})\.(\d{1,3})\.(\d{1,6})(?:\.\d+)?\s*)");
  auto& alloc = f.allocator();
  rapidjson::Value out(rapidjson::kArrayType);
  for (const auto& instance : list ? *list : std::vector<std::string>{}) {
    if (instance.empty() || out.Size() >= kMaxSqlInstances) continue;
    const SqlVersion sv = sql_version(*sw.hive, sw, instance);
    int major = 0, minor = 0, build = 0;
    const SpTable* release = nullptr;
    int sp = -1;
    if (RE2::FullMatch(sv.version, kVersion, &major, &minor, &build)) {
      for (const auto& r : kSqlReleases) {
        if (r.major != major || r.minor != minor) continue;
        release = &r;
        for (int i = 0; i < 5; ++i) {
          if (r.builds[i] != 0 && build >= r.builds[i]) sp = i;
        }
      }
    }
    int latest = -1;
    if (release != nullptr) {
      for (int i = 0; i < 5; ++i) latest = release->builds[i] != 0 ? i : latest;
    }
    rapidjson::Value o(rapidjson::kObjectType);
    o.AddMember("instance", json_string(instance, alloc), alloc);
    o.AddMember("version", sv.version.empty() ? rapidjson::Value() : json_string(sv.version, alloc), alloc);
    o.AddMember("product", release ? rapidjson::Value(rapidjson::StringRef(release->product)) : rapidjson::Value(), alloc);
    o.AddMember("service_pack", sp < 0 ? rapidjson::Value()
                                       : json_string(sp == 0 ? std::string("RTM") : "SP" + std::to_string(sp), alloc),
                alloc);
    o.AddMember("service_pack_number", sp < 0 ? rapidjson::Value() : rapidjson::Value(sp), alloc);
    o.AddMember("latest_service_pack_number", latest < 0 ? rapidjson::Value() : rapidjson::Value(latest), alloc);
    o.AddMember("is_latest_sp", sp < 0 || latest < 0 ? rapidjson::Value() : rapidjson::Value(sp >= latest), alloc);
    o.AddMember("edition", sv.edition.empty() ? rapidjson::Value() : json_string(sv.edition, alloc), alloc);
    o.AddMember("source", json_string(sv.source, alloc), alloc);
    out.PushBack(o, alloc);
  }
  f.set(kPath, std::move(out), src);
}

// WSUS 3.0's VersionString: 3.0.x RTM, 3.1.x SP1 (3.1.6001.65), 3.2.x SP2 (3.2.7600.226).
void wsus_sp_fact(Facts& f) {
  constexpr std::string_view kPath = "wsus.service_pack_number";
  const rapidjson::Value* version = present_value(f, "wsus.version");
  if (version == nullptr) return inherit_unavailable(f, kPath, "wsus.version");
  const std::string source = (*f.find("wsus.version"))["source"].GetString();
  int minor = -1;
  if (version->IsString() && RE2::PartialMatch(version->GetString(), R"(^\s*3\.(\d+)\.)", &minor) && minor <= 2) {
    return f.set(kPath, std::int64_t{minor}, source);
  }
  f.set_null(kPath, source);
}

std::string source_string(const Facts& f, std::string_view path) {
  const rapidjson::Value* fact = f.find(path);
  if (fact == nullptr || !fact->IsObject()) return std::string(path);
  auto s = fact->FindMember("source");
  return s != fact->MemberEnd() && s->value.IsString() ? std::string(s->value.GetString()) : std::string(path);
}

}  // namespace

void wss_package_fact(Facts& f) {
  constexpr std::string_view kPath = "wss.v2_sp3_package";
  // KB923643: the number under which WSS 2.0 SP3 is believed published (unconfirmed, docs/facts.md).
  constexpr std::string_view kSp3Kb = "KB923643";
  const rapidjson::Value* installed = present_value(f, "wss.v2_installed");
  if (installed == nullptr) return inherit_unavailable(f, kPath, "wss.v2_installed");
  if (!installed->IsBool() || !installed->GetBool()) return f.set_null(kPath, source_string(f, "wss.v2_installed"));
  static const RE2 kName(R"((?i)SharePoint Services.*(Service Pack 3|\bSP3\b))");
  const rapidjson::Value* programs = present_value(f, "programs.installed");
  if (programs != nullptr && programs->IsArray()) {
    for (const auto& p : programs->GetArray()) {
      const auto name = member_string(p, "display_name");
      if (!name || !RE2::PartialMatch(*name, kName)) continue;
      const auto key = member_string(p, "key");
      return f.set(kPath, *name, key ? "registry.software:" + *key : source_string(f, "programs.installed"));
    }
  }
  const rapidjson::Value* updates = present_value(f, "updates.installed");
  if (updates != nullptr && updates->IsArray()) {
    for (const auto& u : updates->GetArray()) {
      if (member_string(u, "id") == std::optional<std::string>(kSp3Kb)) {
        return f.set(kPath, kSp3Kb, source_string(f, "updates.installed"));
      }
    }
  }
  if (programs == nullptr && updates == nullptr) return inherit_unavailable(f, kPath, "programs.installed");
  f.set_null(kPath, source_string(f, "programs.installed") + ", " + source_string(f, "updates.installed"));
}

void version_facts(Facts& f, const LoadedHive& software) {
  wss_facts(f, software);
  sql_facts(f, software);
  wsus_sp_fact(f);
}

}  // namespace migready::facts::detail
