// Installed programs (the SOFTWARE hive's Uninstall keys, with the MBCA 2.0 among them) and line-of-business
// applications (BKMK_PlanToMigrateLineOfBusinessApplications): the installed programs that
// are neither Microsoft's nor updates, as the document's planning table (application, path to data, notes).
// The heuristic is in docs/facts.md; the HTML report renders exactly the keys written here.
#include <re2/re2.h>

#include <algorithm>
#include <functional>
#include <set>
#include <tuple>
#include <unordered_set>

#include "core/json.hpp"
#include "facts/sources.hpp"

namespace migready::facts::detail {
namespace {

constexpr std::string_view kUninstall = "Microsoft\\Windows\\CurrentVersion\\Uninstall";
constexpr std::string_view kUninstallWow = "Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall";


// Microsoft's own programs and updates, by name (Uninstall entries of updates often have no Publisher).
bool excluded_by_name(const std::string& name, const std::string& key) {
  static const RE2 kName(
      R"((?i)^(microsoft|windows|msxml|security update|update for|update rollup|hotfix|definition update)\b|\bKB\d{6,7}\b|\bservice pack \d)");
  static const RE2 kKey(R"((?i)^(KB\d{6,7}|Q\d{6})\b)");
  return RE2::PartialMatch(name, kName) || RE2::PartialMatch(key, kKey);
}

// Microsoft's own line-of-business products, which a small business runs its books or customers on: kept
// although their publisher is Microsoft.
bool microsoft_lob(const std::string& name) {
  static const RE2 kLob(
      R"((?i)^microsoft (dynamics|office accounting|small business accounting|crm|office business contact manager))");
  return RE2::PartialMatch(name, kLob);
}

// Lower case, backslashes, no quotes or spaces around, no trailing backslash.
std::string folder_key(std::string_view path) {
  std::string s = ascii_lower(path);
  std::replace(s.begin(), s.end(), '/', '\\');
  while (!s.empty() && (s.front() == ' ' || s.front() == '"')) s.erase(s.begin());
  while (!s.empty() && (s.back() == ' ' || s.back() == '"' || s.back() == '\\')) s.pop_back();
  return s;
}

// The folders every program shares, as this server names them: SOFTWARE's ProgramFilesDir and CommonFilesDir
// (and their (x86) twins), which a localized Windows names in its language ("C:\Programme" on a German one),
// and the system root with its system32; the English names too, for a hive without those values.
std::vector<std::string> shared_folders(const Facts& f, const LoadedHive& sw) {
  std::vector<std::string> out = {"c:\\program files", "c:\\program files (x86)", "c:\\windows",
                                  "c:\\windows\\system32", "c:\\winnt", "c:\\winnt\\system32"};
  if (auto k = sw.hive->find("Microsoft\\Windows\\CurrentVersion")) {
    for (const char* name : {"ProgramFilesDir", "ProgramFilesDir (x86)", "CommonFilesDir", "CommonFilesDir (x86)"}) {
      if (std::string dir = folder_key(key_string(*k, name)); !dir.empty()) out.push_back(std::move(dir));
    }
  }
  if (const json::Value* root = present_value(f, "os.system_root"); root != nullptr && root->IsString()) {
    if (std::string dir = folder_key(root->GetString()); !dir.empty()) {
      out.push_back(dir + "\\system32");
      out.push_back(std::move(dir));
    }
  }
  return out;
}

// A path a person would call the application's folder: not a drive root nor a shared system folder, so that
// "under it" means "belongs to the application". Lower case, backslashes, one trailing backslash.
std::string app_folder(std::string_view location, const std::vector<std::string>& shared) {
  std::string s = folder_key(location);
  static const RE2 kDrive(R"([a-z]:)");
  if (s.size() < 4 || RE2::FullMatch(s, kDrive)) return {};
  if (std::find(shared.begin(), shared.end(), s) != shared.end()) return {};
  return s + "\\";
}

// The executable path of a service's binary_path: unquoted, "\??\" removed, lower case.
std::string service_image(std::string_view binary_path) {
  std::string s = ascii_lower(binary_path);
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  if (!s.empty() && s.front() == '"') {
    const auto end = s.find('"', 1);
    s = s.substr(1, end == std::string::npos ? std::string::npos : end - 1);
  }
  if (s.rfind("\\??\\", 0) == 0) s.erase(0, 4);
  std::replace(s.begin(), s.end(), '/', '\\');
  return s;
}

struct Service {
  std::string name, image;
};

std::vector<Service> services_with_images(const Facts& f) {
  std::vector<Service> out;
  const json::Value* list = present_value(f, "services.list");
  if (list == nullptr || !list->IsArray()) return out;
  for (const auto& s : list->GetArray()) {
    if (!s.IsObject() || !s.HasMember("name") || !s["name"].IsString()) continue;
    if (!s.HasMember("binary_path") || !s["binary_path"].IsString()) continue;
    out.push_back({s["name"].GetString(), service_image(s["binary_path"].GetString())});
  }
  return out;
}

struct App {
  std::string application, version, publisher, location, notes, sort_key;
};

}  // namespace

// Uninstall entries with a DisplayName (what Add or Remove Programs lists), sorted by name.
void programs_facts(Facts& f, const LoadedHive& sw) {
  if (!sw.hive) {
    mark_all(f, {"programs.installed", "programs.count", "mbca.installed"}, sw.status, sw.artifact_id, sw.reason);
    return;
  }
  struct Program {
    std::string key, display_name, display_version, publisher, install_date, install_location;
    std::optional<hive::Key> sub;
  };
  auto before = [](const Program& a, const Program& b) {
    return std::tie(a.display_name, a.key) < std::tie(b.display_name, b.key);
  };
  // Only the first kMaxPrograms by name are kept, and only their other strings are read: a hostile hive
  // can list thousands of keys sharing one huge value list.
  std::set<Program, decltype(before)> programs(before);
  std::size_t count = 0;
  std::optional<std::pair<std::string, std::string>> mbca_first;  // (display_name, key), the first by name
  for (std::string_view root : {kUninstall, kUninstallWow}) {
    auto k = sw.hive->find(root);
    if (!k) continue;
    k->for_each_subkey([&](const hive::Key& sub) {
      Program p;
      p.display_name = key_string(sub, "DisplayName");
      if (p.display_name.empty()) return;
      p.key = std::string(root) + "\\" + sub.name();
      p.sub = sub;
      ++count;
      if (p.display_name.find("Baseline Configuration Analyzer 2.0") != std::string::npos) {
        auto candidate = std::make_pair(p.display_name, p.key);
        if (!mbca_first || candidate < *mbca_first) mbca_first = std::move(candidate);
      }
      if (programs.size() >= kMaxPrograms && !before(p, *programs.rbegin())) return;
      programs.insert(std::move(p));
      if (programs.size() > kMaxPrograms) programs.erase(std::prev(programs.end()));
    });
  }
  auto& alloc = f.allocator();
  json::Value list(rapidjson::kArrayType);
  for (const auto& kept : programs) {
    Program p = kept;
    p.display_version = key_string(*p.sub, "DisplayVersion");
    p.publisher = key_string(*p.sub, "Publisher");
    p.install_date = key_string(*p.sub, "InstallDate");
    p.install_location = key_string(*p.sub, "InstallLocation");
    json::Value o(rapidjson::kObjectType);
    o.AddMember("display_name", json_string(p.display_name, alloc), alloc);
    o.AddMember("display_version", json_string(p.display_version, alloc), alloc);
    o.AddMember("publisher", json_string(p.publisher, alloc), alloc);
    o.AddMember("install_date", json_string(p.install_date, alloc), alloc);
    o.AddMember("install_location", json_string(p.install_location, alloc), alloc);
    o.AddMember("key", json_string(p.key, alloc), alloc);
    list.PushBack(o, alloc);
  }
  f.set("programs.installed", std::move(list), source_of(sw, kUninstall, ""));
  f.set("programs.count", static_cast<std::int64_t>(count), source_of(sw, kUninstall, ""));
  f.set("mbca.installed", mbca_first.has_value(),
        mbca_first ? source_of(sw, mbca_first->second, "DisplayName") : source_of(sw, kUninstall, ""));
}

void lob_facts(Facts& f, const LoadedHive& sw) {
  if (!sw.hive) {
    mark_all(f, {"lob.applications", "lob.names", "lob.count"}, sw.status, sw.artifact_id, sw.reason);
    return;
  }
  const std::vector<Service> services = services_with_images(f);
  const std::vector<std::string> shared = shared_folders(f, sw);
  auto before = [](const App& x, const App& y) {
    return std::tie(x.sort_key, x.application, x.version) < std::tie(y.sort_key, y.application, y.version);
  };
  // The first kMaxPrograms by name are kept; the others are only counted, by a 64-bit hash of name and
  // version (a collision, about 1 in 10^9 for 262,144 keys, would merge two in lob.count): a hostile hive
  // can list thousands of keys sharing one huge value list, and their strings are not all kept.
  std::set<App, decltype(before)> apps(before);
  std::unordered_set<std::uint64_t> seen;
  for (std::string_view root : {kUninstall, kUninstallWow}) {
    auto k = sw.hive->find(root);
    if (!k) continue;
    k->for_each_subkey([&](const hive::Key& sub) {
      App a;
      a.application = key_string(sub, "DisplayName");
      if (a.application.empty()) return;
      // Hidden components, updates of another product, and entries that say they are updates.
      if (key_dword(sub, "SystemComponent").value_or(0) == 1) return;
      if (sub.value("ParentKeyName", 0) || sub.value("ParentDisplayName", 0)) return;
      const std::string release = ascii_lower(key_string(sub, "ReleaseType"));
      if (release == "update" || release == "hotfix" || release == "security update" || release == "service pack") {
        return;
      }
      a.publisher = key_string(sub, "Publisher");
      if (!microsoft_lob(a.application)) {
        if (ascii_lower(a.publisher).find("microsoft") != std::string::npos) return;
        if (excluded_by_name(a.application, sub.name())) return;
      }
      a.version = key_string(sub, "DisplayVersion");
      a.sort_key = ascii_lower(a.application);
      // Same name and version under both Uninstall roots: one application.
      const std::size_t h = std::hash<std::string>{}(a.sort_key);
      if (!seen.insert(h * 0x9E3779B97F4A7C15ull ^ std::hash<std::string>{}(a.version)).second) return;
      if (apps.size() >= kMaxPrograms && !before(a, *apps.rbegin())) return;
      a.location = key_string(sub, "InstallLocation");
      apps.insert(std::move(a));
      if (apps.size() > kMaxPrograms) apps.erase(std::prev(apps.end()));
    });
  }
  std::vector<App> kept;
  kept.reserve(apps.size());
  for (const auto& app : apps) {
    App a = app;
    if (const std::string folder = app_folder(a.location, shared); !folder.empty()) {
      std::vector<std::string> names;
      for (const auto& s : services) {
        if (s.image.rfind(folder, 0) == 0) names.push_back(s.name);
      }
      for (std::size_t i = 0; i < names.size(); ++i) {
        a.notes += (i == 0 ? (names.size() == 1 ? "runs as service " : "runs as services ") : ", ") + names[i];
      }
    }
    kept.push_back(std::move(a));
  }
  auto& alloc = f.allocator();
  auto text_or_null = [&](const std::string& s) { return s.empty() ? json::Value() : json_string(s, alloc); };
  json::Value list(rapidjson::kArrayType), names(rapidjson::kArrayType);
  for (const auto& a : kept) {
    names.PushBack(json_string(a.version.empty() ? a.application : a.application + " " + a.version, alloc), alloc);
    json::Value o(rapidjson::kObjectType);
    o.AddMember("application", json_string(a.application, alloc), alloc);
    o.AddMember("version", text_or_null(a.version), alloc);
    o.AddMember("publisher", text_or_null(a.publisher), alloc);
    o.AddMember("data_path", text_or_null(a.location), alloc);
    o.AddMember("notes", json_string(a.notes, alloc), alloc);
    list.PushBack(o, alloc);
  }
  const std::string src = source_of(sw, kUninstall, "");
  f.set("lob.applications", std::move(list), src);
  f.set("lob.names", std::move(names), src);
  f.set("lob.count", static_cast<std::int64_t>(seen.size()), src);
}

}  // namespace migready::facts::detail
