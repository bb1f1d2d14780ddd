// Component versions from the collector's file-version document (api.file_versions, schema
// migready-api-file-versions/1: VS_FIXEDFILEINFO of msxml6.dll, wuaueng.dll, msi.dll, OWSSVR.DLL, store.exe,
// cdoex.dll). registry-evidence §3-§5 names these files as the source of what no registry value records.
// Runs after the registry facts: where the document is usable its answer replaces their stand-ins (the MSXML 6
// and WSS 2.0 Uninstall entries); where it is not (a 1.0 bundle), the stand-ins stay and the facts that have
// no other source are collection_failed with the document's reason.
#include <re2/re2.h>

#include <array>

#include "facts/facts_internal.hpp"

namespace migready::facts::detail {
namespace {

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

FileEntry entry_of(const rapidjson::Value& files, std::string_view id) {
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
  const rapidjson::Value* v = present_value(f, "msxml6.version");
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
  const rapidjson::Value* installed = present_value(f, "wss.v2_installed");
  if (installed == nullptr || !installed->IsBool()) return;  // the hive's status stays on the WSS facts
  if (!installed->GetBool()) return;                         // null facts from facts_versions.cpp stay
  version_fact(f, "wss.v2_version", owssvr);
  const rapidjson::Value* v = present_value(f, "wss.v2_version");
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
  const rapidjson::Value* installed = present_value(f, "exchange.installed");
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
  const rapidjson::Value* v = present_value(f, "exchange.store_version");
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
void files_fact(Facts& f, const rapidjson::Value& files) {
  auto& alloc = f.allocator();
  rapidjson::Value list(rapidjson::kArrayType);
  for (const auto& e : files.GetArray()) {
    if (list.Size() >= kMaxEntries) break;
    auto id = member_string(e, "id");
    if (!id) continue;
    auto present = e.FindMember("present");
    rapidjson::Value o(rapidjson::kObjectType);
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

void file_version_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  ApiDoc read = read_api_doc(b, kId, "migready-api-file-versions/1", diags);
  const rapidjson::Value* files = nullptr;
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
