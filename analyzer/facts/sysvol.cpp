// SYSVOL's junction points and the Companyweb (WSS 2.0) content databases: what api.file_versions' `sysvol`
// and `companyweb` parts read on the server, judged against the SYSTEM hive.
//
// SYSVOL (KB 324175, "Best Practices for SYSVOL Maintenance"; the folder table of "Gather the SYSVOL path
// information", technet cc783812): Netlogon\Parameters SysVol names <SYSVOL>\sysvol; <SYSVOL>\sysvol\<domain>
// must be a junction to the replica set root (<SYSVOL>\domain) and <SYSVOL>\staging areas\<domain> one to the
// staging folder (<SYSVOL>\staging\domain). FRS keeps both paths per replica set as the values "Replica Set
// Root" and "Replica Set Stage" of NtFrs\Parameters\Replica Sets\<GUID> (KB 822158, "Virus scanning
// recommendations": "The Replica Set Root value for each GUID is a file system path"); the SYSVOL replica set is
// the one whose root lies in <SYSVOL>. Without it, the defaults of KB 324175 are expected.
//
// Companyweb (KB 827701): STS_Config.mdf / _log.ldf is WSS's configuration database, every other STS_*.mdf /
// _log.ldf (STS_<server>_1) a content database.
#include "core/json.hpp"
#include "facts/sources.hpp"

namespace migready::facts::detail {
namespace {

constexpr std::string_view kId = "api.file_versions";
constexpr std::string_view kSchema = "migready-api-file-versions/1";

std::string trim_slashes(std::string s) {
  while (!s.empty() && s.back() == '\\') s.pop_back();
  return s;
}

std::string parent_of(const std::string& path) {
  const auto slash = path.rfind('\\');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

struct Expected {
  std::string sysvol;  // Netlogon SysVol, trimmed
  std::string root;    // the replica set root: where sysvol\<domain> must point
  std::string stage;   // the staging folder: where staging areas\<domain> must point
  std::string from;    // "frs" or "kb324175"
  std::string source;
};

// The expected targets, or nullopt after marking `paths` (no SYSTEM hive: its status; no Netlogon SysVol:
// null, this is no domain controller).
std::optional<Expected> expected_targets(Facts& f, const LoadedHive& sys,
                                         std::initializer_list<std::string_view> paths) {
  const auto ccs = control_set_or_mark(f, sys, paths);
  if (!ccs) return std::nullopt;
  const std::string netlogon = *ccs + "\\Services\\Netlogon\\Parameters";
  Expected out;
  out.source = source_of(sys, netlogon, "SysVol");
  auto key = sys.hive->find(netlogon);
  if (key) out.sysvol = trim_slashes(key_string(*key, "SysVol"));
  const std::string root = parent_of(out.sysvol);
  if (root.empty()) {
    for (auto path : paths) f.set_null(path, out.source);
    return std::nullopt;
  }
  out.root = root + "\\domain";
  out.stage = root + "\\staging\\domain";
  out.from = "kb324175";
  const std::string sets = *ccs + "\\Services\\NtFrs\\Parameters\\Replica Sets";
  if (auto k = sys.hive->find(sets)) {
    std::size_t seen = 0;
    for (const hive::Key& set : k->subkeys()) {
      if (++seen > kMaxFrsReplicaSets) break;
      const std::string set_root = trim_slashes(key_string(set, "Replica Set Root"));
      if (!starts_with_ci(set_root, root + "\\")) continue;
      out.root = set_root;
      if (const std::string stage = trim_slashes(key_string(set, "Replica Set Stage")); !stage.empty()) {
        out.stage = stage;
      }
      out.from = "frs";
      out.source += ", " + source_of(sys, sets + "\\" + set.name(), "Replica Set Root");
      break;
    }
  }
  return out;
}

const json::Value* member_object(const json::Value& o, const char* key) {
  if (!o.IsObject()) return nullptr;
  auto it = o.FindMember(key);
  return it != o.MemberEnd() && it->value.IsObject() ? &it->value : nullptr;
}

const json::Value* member_array(const json::Value& o, const char* key) {
  if (!o.IsObject()) return nullptr;
  auto it = o.FindMember(key);
  return it != o.MemberEnd() && it->value.IsArray() ? &it->value : nullptr;
}

std::optional<bool> member_bool(const json::Value& o, const char* key) {
  if (!o.IsObject()) return std::nullopt;
  auto it = o.FindMember(key);
  if (it == o.MemberEnd() || !it->value.IsBool()) return std::nullopt;
  return it->value.GetBool();
}

// One junction judged: the folder's entry named after the domain, against where it must point.
json::Value judge(const json::Value* folder, std::string_view folder_name, std::string_view domain,
                       const std::string& expected, json::Document::AllocatorType& alloc) {
  json::Value o(rapidjson::kObjectType);
  const std::string name = std::string(folder_name) + "\\" + std::string(domain);
  std::string state;
  std::optional<std::string> path, target, error;
  if (folder == nullptr) {
    state = "unread";
    error = "the document does not list the folder";
  } else if (auto folder_error = member_string(*folder, "error")) {
    state = "unread";
    error = folder_error->substr(0, 1024);
  } else if (member_bool(*folder, "present") != std::optional<bool>(true)) {
    state = "missing";
    path = member_string(*folder, "path");
  } else {
    state = "missing";
    path = member_string(*folder, "path");
    std::size_t seen = 0;
    if (const auto* entries = member_array(*folder, "entries")) {
      for (const auto& e : entries->GetArray()) {
        if (++seen > kMaxSysvolEntries) break;
        if (!equals_ci(member_string(e, "name").value_or(""), domain)) continue;
        path = member_string(e, "path");
        target = member_string(e, "target");
        error = member_string(e, "error");
        const std::optional<bool> reparse = member_bool(e, "reparse_point");
        const auto tag = member_uint(e, "reparse_tag");
        if (reparse == std::optional<bool>(false) || (tag && *tag != 0xA0000003u)) {
          state = "not_a_junction";  // a plain folder, or a reparse point of another kind
        } else if (!target) {
          state = "unread";  // a reparse point whose target could not be read (error says why)
          if (!error) error = "the reparse point's target was not read";
        } else {
          state = equals_ci(trim_slashes(*target), expected) ? "correct" : "wrong_target";
        }
        break;
      }
      if (state == "missing" && seen > kMaxSysvolEntries) {
        state = "unread";
        error = "the folder lists more than " + std::to_string(kMaxSysvolEntries) + " entries";
      }
    }
    if (state == "missing" && member_bool(*folder, "truncated") == std::optional<bool>(true)) {
      state = "unread";
      error = "the folder's listing was cut short";
    }
  }
  std::string problem;
  if (state == "wrong_target") problem = "a junction to " + target->substr(0, 1024);
  if (state == "not_a_junction") problem = "not a junction (a plain folder or another kind of reparse point)";
  if (state == "missing") problem = "missing";
  o.AddMember("name", json_string(name.substr(0, 512), alloc), alloc);
  o.AddMember("state", json_string(state, alloc), alloc);
  o.AddMember("problem", problem.empty() ? json::Value() : json_string(problem, alloc), alloc);
  o.AddMember("path", json_optional(path ? std::optional(path->substr(0, 1024)) : std::nullopt, alloc), alloc);
  o.AddMember("target", json_optional(target ? std::optional(target->substr(0, 1024)) : std::nullopt, alloc), alloc);
  o.AddMember("expected", json_string(expected.substr(0, 1024), alloc), alloc);
  o.AddMember("error", json_optional(error ? std::optional(error->substr(0, 1024)) : std::nullopt, alloc), alloc);
  return o;
}

}  // namespace

void sysvol_facts(Facts& f, const Bundle& b, const LoadedHive& system, Diagnostics& diags) {
  constexpr std::string_view kExpected = "sysvol.expected";
  constexpr std::string_view kJunctions = "sysvol.junctions";
  constexpr std::string_view kProblems = "sysvol.junction_problems";
  const std::optional<Expected> expected = expected_targets(f, system, {kExpected, kJunctions, kProblems});
  if (!expected) return;
  auto& alloc = f.allocator();
  json::Value e(rapidjson::kObjectType);
  e.AddMember("sysvol", json_string(expected->sysvol.substr(0, 1024), alloc), alloc);
  e.AddMember("root", json_string(expected->root.substr(0, 1024), alloc), alloc);
  e.AddMember("stage", json_string(expected->stage.substr(0, 1024), alloc), alloc);
  e.AddMember("from", json_string(expected->from, alloc), alloc);
  f.set(kExpected, std::move(e), expected->source);

  const json::Value* domain = present_value(f, "host.dns_domain");
  if (domain == nullptr || !domain->IsString() || domain->GetStringLength() == 0) {
    mark_all(f, {kJunctions, kProblems}, FactStatus::collection_failed, "manifest",
             "the manifest names no DNS domain, so the SYSVOL entries named after it cannot be found");
    return;
  }
  auto doc = load_api_doc(f, b, kId, kSchema, {kJunctions, kProblems}, diags);
  if (!doc) return;
  const json::Value* part = member_object(*doc, "sysvol");
  if (part == nullptr) {
    mark_all(f, {kJunctions, kProblems}, FactStatus::collection_failed, kId,
             "the document has no sysvol part: a collector before the SYSVOL reading wrote it; collect again");
    return;
  }
  const std::string status = member_string(*part, "status").value_or("");
  const std::string source = std::string(kId) + ":sysvol";
  if (status == "not_found") {
    mark_all(f, {kJunctions, kProblems}, FactStatus::collection_failed, source,
             "the collector found no Netlogon SysVol value on the server, although the saved SYSTEM hive has one");
    return;
  }
  const json::Value* sysvol_folder = nullptr;
  const json::Value* staging_folder = nullptr;
  if (const auto* folders = member_array(*part, "folders")) {
    std::size_t seen = 0;
    for (const auto& folder : folders->GetArray()) {
      if (++seen > 8) break;
      const std::string name = member_string(folder, "name").value_or("");
      if (name == "sysvol" && sysvol_folder == nullptr) sysvol_folder = &folder;
      if (name == "staging areas" && staging_folder == nullptr) staging_folder = &folder;
    }
  }
  const std::string dns = domain->GetString();
  json::Value junctions(rapidjson::kArrayType);
  junctions.PushBack(judge(sysvol_folder, "sysvol", dns, expected->root, alloc), alloc);
  junctions.PushBack(judge(staging_folder, "staging areas", dns, expected->stage, alloc), alloc);
  json::Value problems(rapidjson::kArrayType);
  std::string unread;
  for (const auto& j : junctions.GetArray()) {
    const std::string state = j["state"].GetString();
    if (state == "wrong_target" || state == "not_a_junction" || state == "missing") {
      problems.PushBack(json::Value(j, alloc), alloc);
    } else if (state == "unread") {
      unread += (unread.empty() ? "" : "; ") + std::string(j["name"].GetString()) + ": " +
                (j["error"].IsString() ? j["error"].GetString() : "not read");
    }
  }
  f.set(kJunctions, std::move(junctions), source);
  if (problems.Empty() && !unread.empty()) {
    // A junction that could not be read is not checked, never taken for a correct one.
    f.set_unavailable(kProblems, FactStatus::collection_failed, source, "not read: " + unread);
    return;
  }
  f.set(kProblems, std::move(problems), source);
}

void companyweb_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  constexpr std::string_view kDatabases = "companyweb.content_databases";
  constexpr std::string_view kBytes = "companyweb.content_database_bytes";
  constexpr std::string_view kMegabytes = "companyweb.content_database_mb";
  auto doc = load_api_doc(f, b, kId, kSchema, {kDatabases, kBytes, kMegabytes}, diags);
  if (!doc) return;
  const json::Value* part = member_object(*doc, "companyweb");
  if (part == nullptr) {
    mark_all(f, {kDatabases, kBytes, kMegabytes}, FactStatus::collection_failed, kId,
             "the document has no companyweb part: a collector before the Companyweb reading wrote it; collect "
             "again");
    return;
  }
  const std::string status = member_string(*part, "status").value_or("");
  const std::string folder = member_string(*part, "folder").value_or("");
  const std::string source = std::string(kId) + ":companyweb" + (folder.empty() ? "" : ":" + folder);
  if (status == "not_found") {
    // No Data folder of the SHAREPOINT instance: no Companyweb on WMSDE to move.
    for (auto path : {kDatabases, kBytes, kMegabytes}) f.set_null(path, source);
    return;
  }
  if (status != "ok") {
    const std::string error = member_string(*part, "error").value_or("status " + status);
    mark_all(f, {kDatabases, kBytes, kMegabytes}, FactStatus::collection_failed, source,
             status == "truncated" ? "more database files than the collector lists" : error.substr(0, 1024));
    return;
  }
  auto& alloc = f.allocator();
  json::Value list(rapidjson::kArrayType);
  std::uint64_t total = 0;
  if (const auto* files = member_array(*part, "files")) {
    for (const auto& file : files->GetArray()) {
      if (list.Size() >= kMaxCompanywebFiles) break;
      const std::string name = member_string(file, "name").value_or("");
      const auto size = member_uint(file, "size_bytes");
      if (!size || !starts_with_ci(name, "STS_") || starts_with_ci(name, "STS_Config")) continue;
      if (!ends_with_ci(name, ".mdf") && !ends_with_ci(name, ".ldf")) continue;
      total += *size > (1ull << 50) ? (1ull << 50) : *size;  // bounded: a hostile size cannot overflow the sum
      const std::uint64_t mb = (*size + (1u << 20) - 1) >> 20;
      json::Value o(rapidjson::kObjectType);
      o.AddMember("name", json_string(name.substr(0, 260) + " (" + std::to_string(mb) + " MB)", alloc), alloc);
      o.AddMember("file", json_string(name.substr(0, 260), alloc), alloc);
      o.AddMember("size_bytes",
                  json::Value(static_cast<std::int64_t>(*size > (1ull << 62) ? (1ull << 62) : *size)), alloc);
      list.PushBack(o, alloc);
    }
  }
  f.set(kDatabases, std::move(list), source);
  f.set(kBytes, static_cast<std::int64_t>(total), source);
  f.set(kMegabytes, static_cast<std::int64_t>((total + (1u << 20) - 1) >> 20), source);
}

}  // namespace migready::facts::detail
