// Product versions: WSS, WSUS, SQL Server / MSDE instances and MSXML 6 from the SOFTWARE hive (registry-evidence
// §4), for the document's "install the most recent service packs" and the BPA's SQL / WSUS service pack checks;
// then the components' file versions (api.file_versions), which replace the registry's stand-ins.
//
// The file-version document (api.file_versions, schema migready-api-file-versions/1: VS_FIXEDFILEINFO of
// msxml6.dll, wuaueng.dll, msi.dll, OWSSVR.DLL, store.exe, cdoex.dll): registry-evidence §3-§5 names these files
// as the source of what no registry value records. Where the document is usable its answer replaces the
// registry's stand-ins (the MSXML 6 and WSS 2.0 Uninstall entries); where it is not (a 1.0 bundle), the
// stand-ins stay and the facts that have no other source are collection_failed with the document's reason.
#include <re2/re2.h>

#include <array>

#include "core/json.hpp"
#include "facts/sources.hpp"

namespace migready::facts::detail {
namespace {

constexpr std::string_view kUninstall = "Microsoft\\Windows\\CurrentVersion\\Uninstall";
constexpr std::string_view kUninstallWow = "Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall";
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
  json::Value out(rapidjson::kArrayType);
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
    json::Value o(rapidjson::kObjectType);
    o.AddMember("instance", json_string(instance, alloc), alloc);
    o.AddMember("version", sv.version.empty() ? json::Value() : json_string(sv.version, alloc), alloc);
    o.AddMember("product", release ? json::Value(rapidjson::StringRef(release->product)) : json::Value(), alloc);
    o.AddMember("service_pack", sp < 0 ? json::Value()
                                       : json_string(sp == 0 ? std::string("RTM") : "SP" + std::to_string(sp), alloc),
                alloc);
    o.AddMember("service_pack_number", sp < 0 ? json::Value() : json::Value(sp), alloc);
    o.AddMember("latest_service_pack_number", latest < 0 ? json::Value() : json::Value(latest), alloc);
    o.AddMember("is_latest_sp", sp < 0 || latest < 0 ? json::Value() : json::Value(sp >= latest), alloc);
    o.AddMember("edition", sv.edition.empty() ? json::Value() : json_string(sv.edition, alloc), alloc);
    o.AddMember("source", json_string(sv.source, alloc), alloc);
    out.PushBack(o, alloc);
  }
  f.set(kPath, std::move(out), src);
}

// WSUS 3.0's VersionString: 3.0.x RTM, 3.1.x SP1 (3.1.6001.65), 3.2.x SP2 (3.2.7600.226).
void wsus_sp_fact(Facts& f) {
  constexpr std::string_view kPath = "wsus.service_pack_number";
  const json::Value* version = present_value(f, "wsus.version");
  if (version == nullptr) return inherit_unavailable(f, kPath, "wsus.version");
  const std::string source = (*f.find("wsus.version"))["source"].GetString();
  int minor = -1;
  if (version->IsString() && RE2::PartialMatch(version->GetString(), R"(^\s*3\.(\d+)\.)", &minor) && minor <= 2) {
    return f.set(kPath, std::int64_t{minor}, source);
  }
  f.set_null(kPath, source);
}

std::string source_string(const Facts& f, std::string_view path) {
  const json::Value* fact = f.find(path);
  if (fact == nullptr || !fact->IsObject()) return std::string(path);
  auto s = fact->FindMember("source");
  return s != fact->MemberEnd() && s->value.IsString() ? std::string(s->value.GetString()) : std::string(path);
}

// ---- file versions (api.file_versions) ----

constexpr std::string_view kId = "api.file_versions";
constexpr std::size_t kMaxEntries = 64;  // the contract has six; a longer list is read no further

// One file of the document, as far as it can be trusted.
struct FileEntry {
  bool listed = false;  // the document has an entry with this id
  bool present = false;
  std::string file, path, version, error;
  bool version_valid = false;  // a.b.c.d with each part in 0..65535 (VS_FIXEDFILEINFO's four WORDs)
  int parts[4] = {0, 0, 0, 0};
  std::string source;
};

FileEntry entry_of(const json::Value& files, std::string_view id) {
  FileEntry out;
  static const RE2 kVersion(R"((\d{1,5})\.(\d{1,5})\.(\d{1,5})\.(\d{1,5}))");
  std::size_t seen = 0;
  for (const auto& e : files.GetArray()) {
    if (++seen > kMaxEntries) break;
    if (member_string(e, "id") != std::optional<std::string>(id)) continue;
    out.listed = true;
    auto present = e.FindMember("present");
    out.present = present != e.MemberEnd() && present->value.IsBool() && present->value.GetBool();
    out.file = member_string(e, "file").value_or(std::string(id));
    out.path = member_string(e, "path").value_or("");
    out.version = member_string(e, "file_version").value_or("");
    out.error = member_string(e, "error").value_or("");
    int p[4] = {0, 0, 0, 0};
    if (RE2::FullMatch(out.version, kVersion, &p[0], &p[1], &p[2], &p[3]) && p[0] <= 65535 && p[1] <= 65535 &&
        p[2] <= 65535 && p[3] <= 65535) {
      out.version_valid = true;
      std::copy(std::begin(p), std::end(p), std::begin(out.parts));
    }
    out.source = std::string(kId) + ":" + (out.path.empty() ? out.file : out.path);
    break;  // the first entry with the id wins
  }
  if (!out.listed) out.source = std::string(kId) + ":" + std::string(id);
  return out;
}

// The version of one file as a fact: present with "a.b.c.d"; null when the file is not there (not
// installed); collection_failed when the file exists and its version could not be read; parse_failed when the
// version is not four 16-bit numbers.
void version_fact(Facts& f, std::string_view path, const FileEntry& e) {
  if (!e.listed) {
    return f.set_unavailable(path, FactStatus::collection_failed, e.source,
                             "the file-version document has no entry for this file");
  }
  if (!e.present) return f.set_null(path, e.source);
  if (e.version.empty()) {
    return f.set_unavailable(path, FactStatus::collection_failed, e.source,
                             e.error.empty() ? "the file has no version resource" : e.error);
  }
  if (!e.version_valid) {
    return f.set_unavailable(path, FactStatus::parse_failed, e.source,
                             "file_version \"" + e.version.substr(0, 64) + "\" is not a.b.c.d");
  }
  f.set(path, e.version, e.source);
}

// MSXML 6.0: 6.10.1129.0 is SP1, 6.20.x SP2 (registry-evidence §5). Not installed is not SP1.
void msxml6_sp1_fact(Facts& f) {
  constexpr std::string_view kPath = "msxml6.sp1_or_later";
  const json::Value* v = present_value(f, "msxml6.version");
  if (v == nullptr) return inherit_unavailable(f, kPath, "msxml6.version");
  const std::string source = (*f.find("msxml6.version"))["source"].GetString();
  if (v->IsNull()) return f.set(kPath, false, source);
  if (!v->IsString()) return f.set_unavailable(kPath, FactStatus::parse_failed, source, "not a version string");
  f.set(kPath, !version_less(v->GetString(), "6.10.1129.0"), source);
}

// WSS 2.0's service pack from OWSSVR.DLL's 11.0.<build> (unverified: no Microsoft table of WSS 2.0 builds was
// found; these are the Office 2003 family's service-pack builds, with which WSS 2.0's service packs shipped,
// "WSS2003SP2-KB887624"). A build between two is a hotfix on the lower one.
constexpr std::array<int, 4> kWssBuilds = {5608, 6361, 7969, 8173};  // RTM, SP1, SP2, SP3

void wss_facts(Facts& f, const FileEntry& owssvr) {
  const json::Value* installed = present_value(f, "wss.v2_installed");
  if (installed == nullptr || !installed->IsBool()) return;  // the hive's status stays on the WSS facts
  if (!installed->GetBool()) return;                         // the registry's null facts (version_facts) stay
  version_fact(f, "wss.v2_version", owssvr);
  const json::Value* v = present_value(f, "wss.v2_version");
  if (v == nullptr) return inherit_unavailable(f, "wss.v2_service_pack", "wss.v2_version");
  if (v->IsNull()) {
    return f.set_unavailable("wss.v2_service_pack", FactStatus::missing, owssvr.source,
                             "WSS 2.0 is installed (Web Server Extensions\\6.0) but OWSSVR.DLL was not found where "
                             "the collector looked");
  }
  if (owssvr.parts[0] != 11 || owssvr.parts[1] != 0 || owssvr.parts[2] < kWssBuilds[0]) {
    return f.set_unavailable("wss.v2_service_pack", FactStatus::missing, owssvr.source,
                             "OWSSVR.DLL " + owssvr.version + " is not a WSS 2.0 build (11.0.5608 or later)");
  }
  std::int64_t sp = 0;
  for (std::size_t i = 0; i < kWssBuilds.size(); ++i) {
    if (owssvr.parts[2] >= kWssBuilds[i]) sp = static_cast<std::int64_t>(i);
  }
  f.set("wss.v2_service_pack", sp, owssvr.source);
}

// Exchange 2003's build from store.exe's 6.5.<build>: 6944 RTM, 7226 SP1, 7638 SP2 (TechNet bb738136, the
// Exchange Analyzer's "Update for Daylight Saving Time Available", which reads the same file version).
void exchange_facts_from_store(Facts& f, const FileEntry& store) {
  const json::Value* installed = present_value(f, "exchange.installed");
  if (installed == nullptr || !installed->IsBool()) {  // exchange.build already has the hive's status
    inherit_unavailable(f, "exchange.store_version", "exchange.installed");
    return inherit_unavailable(f, "exchange.build_service_pack", "exchange.installed");
  }
  if (!installed->GetBool()) {
    const std::string source = (*f.find("exchange.installed"))["source"].GetString();
    f.set_null("exchange.store_version", source);
    return f.set_null("exchange.build_service_pack", source);
  }
  version_fact(f, "exchange.store_version", store);
  const json::Value* v = present_value(f, "exchange.store_version");
  if (v == nullptr) {
    inherit_unavailable(f, "exchange.build", "exchange.store_version");
    return inherit_unavailable(f, "exchange.build_service_pack", "exchange.store_version");
  }
  if (v->IsNull()) {
    const std::string why = "Exchange is installed (Exchange\\Setup) but store.exe was not found where the collector "
                            "looked: " + (store.path.empty() ? std::string("<Services>\\bin") : store.path);
    f.set_unavailable("exchange.build", FactStatus::missing, store.source, why);
    return f.set_unavailable("exchange.build_service_pack", FactStatus::missing, store.source, why);
  }
  if (store.parts[0] != 6 || store.parts[1] != 5) {
    const std::string why = "store.exe " + store.version + " is not Exchange 2003 (6.5.x)";
    f.set_unavailable("exchange.build", FactStatus::missing, store.source, why);
    return f.set_unavailable("exchange.build_service_pack", FactStatus::missing, store.source, why);
  }
  f.set("exchange.build", std::int64_t{store.parts[2]}, store.source);
  const int build = store.parts[2];
  if (build < 6944) return f.set_null("exchange.build_service_pack", store.source);
  f.set("exchange.build_service_pack", std::int64_t{build >= 7638 ? 2 : build >= 7226 ? 1 : 0}, store.source);
}

// The document's files as evidence: [{id, file, present, path, file_version, error}].
void files_fact(Facts& f, const json::Value& files) {
  auto& alloc = f.allocator();
  json::Value list(rapidjson::kArrayType);
  for (const auto& e : files.GetArray()) {
    if (list.Size() >= kMaxEntries) break;
    auto id = member_string(e, "id");
    if (!id) continue;
    auto present = e.FindMember("present");
    json::Value o(rapidjson::kObjectType);
    o.AddMember("id", json_string(id->substr(0, 64), alloc), alloc);
    o.AddMember("file", json_optional(member_string(e, "file"), alloc), alloc);
    o.AddMember("present", present != e.MemberEnd() && present->value.IsBool() && present->value.GetBool(), alloc);
    o.AddMember("path", json_optional(member_string(e, "path"), alloc), alloc);
    o.AddMember("file_version", json_optional(member_string(e, "file_version"), alloc), alloc);
    o.AddMember("error", json_optional(member_string(e, "error"), alloc), alloc);
    list.PushBack(o, alloc);
  }
  f.set("file_versions.files", std::move(list), kId);
}

}  // namespace

void product_key_facts(Facts& f, const LoadedHive& sw) {
  // Windows SharePoint Services 2.0 / 3.0 (registry-evidence §4): the Web Server Extensions version key.
  key_exists_fact(f, "wss.v2_installed", sw, "Microsoft\\Shared Tools\\Web Server Extensions\\6.0");
  key_exists_fact(f, "wss.v3_installed", sw, "Microsoft\\Shared Tools\\Web Server Extensions\\12.0");
  key_exists_fact(f, "wsus.installed", sw, "Microsoft\\Update Services\\Server\\Setup");
  string_fact(f, "wsus.version", sw, "Microsoft\\Update Services\\Server\\Setup", "VersionString");
}

void sql_instances_fact(Facts& f, const LoadedHive& sw) {
  static constexpr std::string_view kKey = "Microsoft\\Microsoft SQL Server";
  if (!sw.hive) return f.set_unavailable("sql.instances", sw.status, sw.artifact_id, sw.reason);
  const std::string src = source_of(sw, kKey, "InstalledInstances");
  auto k = sw.hive->find(kKey);
  auto v = k ? k->value("InstalledInstances") : Result<hive::Value>(k.error());
  auto list = v ? v->as_multi_sz() : Result<std::vector<std::string>>(v.error());
  if (list) return f.set("sql.instances", json_strings(*list, f.allocator(), 256), src);
  if (list.error().code == Errc::not_found) return f.set("sql.instances", json::Value(rapidjson::kArrayType), src);
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

void wss_package_fact(Facts& f) {
  constexpr std::string_view kPath = "wss.v2_sp3_package";
  // KB923643: the number under which WSS 2.0 SP3 is believed published (unconfirmed, docs/facts.md).
  constexpr std::string_view kSp3Kb = "KB923643";
  const json::Value* installed = present_value(f, "wss.v2_installed");
  if (installed == nullptr) return inherit_unavailable(f, kPath, "wss.v2_installed");
  if (!installed->IsBool() || !installed->GetBool()) return f.set_null(kPath, source_string(f, "wss.v2_installed"));
  static const RE2 kName(R"((?i)SharePoint Services.*(Service Pack 3|\bSP3\b))");
  const json::Value* programs = present_value(f, "programs.installed");
  if (programs != nullptr && programs->IsArray()) {
    for (const auto& p : programs->GetArray()) {
      const auto name = member_string(p, "display_name");
      if (!name || !RE2::PartialMatch(*name, kName)) continue;
      const auto key = member_string(p, "key");
      return f.set(kPath, *name, key ? "registry.software:" + *key : source_string(f, "programs.installed"));
    }
  }
  const json::Value* updates = present_value(f, "updates.installed");
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

void file_version_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  ApiDoc read = read_api_doc(b, kId, "migready-api-file-versions/1", diags);
  const json::Value* files = nullptr;
  if (read.doc) {
    auto it = read.doc->FindMember("files");
    if (it != read.doc->MemberEnd() && it->value.IsArray()) files = &it->value;
    else {
      read.status = FactStatus::parse_failed;
      read.reason = std::string(kId) + ": no files[] array";
      diags.warn(Errc::format, read.reason, std::string(kId));
    }
  }
  if (files == nullptr) {
    // Only the facts with no other source become unknown; the registry's stand-ins stay (docs/facts.md).
    auto gap = [&](std::string_view path, std::string_view file, std::string_view section) {
      f.set_unavailable(path, read.status, kId,
                        "the file-version document cannot be used (" + read.reason + "): the version of " +
                            std::string(file) + " is the source (registry-evidence " + std::string(section) + ")");
    };
    gap("file_versions.files", "each file", "§3-§5");
    gap("windows_update_agent.version", "%windir%\\system32\\wuaueng.dll", "§5");
    gap("windows_installer.version", "%windir%\\system32\\msi.dll", "§5");
    if (const auto* installed = present_value(f, "exchange.installed"); installed && installed->IsTrue()) {
      for (auto path : {"exchange.build", "exchange.build_service_pack", "exchange.store_version"}) {
        gap(path, "<Exchange\\Setup Services>\\bin\\store.exe", "§3");
      }
    } else if (installed) {
      const std::string source = (*f.find("exchange.installed"))["source"].GetString();
      f.set_null("exchange.build_service_pack", source);
      f.set_null("exchange.store_version", source);
    } else {
      inherit_unavailable(f, "exchange.build_service_pack", "exchange.installed");
      inherit_unavailable(f, "exchange.store_version", "exchange.installed");
    }
    if (const auto* installed = present_value(f, "wss.v2_installed"); installed && installed->IsTrue()) {
      gap("wss.v2_service_pack", "<Location>\\ISAPI\\OWSSVR.DLL (no registry value records WSS 2.0's service pack)",
          "§4");
    }
    msxml6_sp1_fact(f);
    return;
  }
  files_fact(f, *files);
  const FileEntry msxml6 = entry_of(*files, "msxml6");
  version_fact(f, "msxml6.version", msxml6);
  msxml6_sp1_fact(f);
  version_fact(f, "windows_update_agent.version", entry_of(*files, "wuaueng"));
  version_fact(f, "windows_installer.version", entry_of(*files, "msi"));
  wss_facts(f, entry_of(*files, "owssvr"));
  exchange_facts_from_store(f, entry_of(*files, "exchange_store"));
}


}  // namespace migready::facts::detail
