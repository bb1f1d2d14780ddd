// Active Directory: the SYSTEM hive's view of this domain controller (NTDS\Parameters, registry-evidence §1,
// §13), and the collector's directory document (api.directory, system/directory.json, schema
// migready-api-directory/1; docs/bundle-format.md): Active Directory's functional levels, schema, FSMO owners,
// domain controllers, the MyBusiness OU, Pre-Windows 2000 Compatible Access, the enabled user and computer
// accounts, who may enable delegation, the SYSVOL / NETLOGON shares, what the server's FQDN resolves to, and
// Exchange's organization, servers and stores.
//
// The document is untrusted JSON. Every part carries its own status: a part that is not ok / truncated makes
// its facts collection_failed naming the part and its error; a member of the wrong type makes the facts that
// read it parse_failed naming the field. Lists are capped (docs/facts.md, "Bounds").
#include <re2/re2.h>

#include <algorithm>

#include "contract/ldap_dn.hpp"
#include "core/json.hpp"
#include "facts/sources.hpp"

namespace migready::facts::detail {
namespace {

using Alloc = json::Document::AllocatorType;
using Value = json::Value;

constexpr std::string_view kId = "api.directory";
constexpr std::string_view kSchema = "migready-api-directory/1";
constexpr std::size_t kMaxText = 1024;  // characters kept of one string from the document

std::string src(std::string_view field) { return std::string(kId) + ":" + std::string(field); }

// A string value cut to kMaxText bytes (at a UTF-8 boundary).
std::string cut(const Value& v) {
  std::string_view s(v.GetString(), v.GetStringLength());
  if (s.size() <= kMaxText) return std::string(s);
  std::size_t n = kMaxText;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

// Reads members of one object, remembering the first one of the wrong type ("domain.dn is not a string").
class Reader {
 public:
  Reader(const Value& obj, std::string prefix, std::string* problem) : m_obj(obj), m_prefix(std::move(prefix)), m_problem(problem) {}

  // nullopt when absent or null.
  std::optional<std::string> str(const char* key) const {
    const Value* v = get(key);
    if (v == nullptr) return std::nullopt;
    if (!v->IsString()) return wrong(key, "a string");
    return cut(*v);
  }
  std::optional<std::int64_t> integer(const char* key) const {
    const Value* v = get(key);
    if (v == nullptr) return std::nullopt;
    if (!v->IsInt64()) return wrong(key, "an integer");
    return v->GetInt64();
  }
  std::optional<std::uint64_t> uinteger(const char* key) const {
    const Value* v = get(key);
    if (v == nullptr) return std::nullopt;
    if (!v->IsUint64()) return wrong(key, "a non-negative integer");
    return v->GetUint64();
  }
  std::optional<bool> boolean(const char* key) const {
    const Value* v = get(key);
    if (v == nullptr) return std::nullopt;
    if (!v->IsBool()) return wrong(key, "true or false");
    return v->GetBool();
  }
  // The array member, or null (absent or null); wrong type is a problem.
  const Value* array(const char* key) const {
    const Value* v = get(key);
    if (v == nullptr) return nullptr;
    if (!v->IsArray()) {
      wrong(key, "an array");
      return nullptr;
    }
    return v;
  }
  const Value* object(const char* key) const {
    const Value* v = get(key);
    if (v == nullptr) return nullptr;
    if (!v->IsObject()) {
      wrong(key, "an object");
      return nullptr;
    }
    return v;
  }
  std::string field(const char* key) const { return m_prefix + "." + key; }

 private:
  const Value* get(const char* key) const {
    if (!m_obj.IsObject()) return nullptr;
    auto it = m_obj.FindMember(key);
    if (it == m_obj.MemberEnd() || it->value.IsNull()) return nullptr;
    return &it->value;
  }
  std::nullopt_t wrong(const char* key, const char* what) const {
    if (m_problem->empty()) m_problem->assign(field(key) + " is not " + what);
    return std::nullopt;
  }
  const Value& m_obj;
  std::string m_prefix;
  std::string* m_problem;
};

// One part of the document ("domain", "fsmo", ...): usable when its status is ok or truncated.
struct Part {
  const Value* obj = nullptr;  // set when usable
  const Value* raw = nullptr;  // the part's object whatever its status (a failed part may hold what was read)
  std::string state;           // its status as written
  bool truncated = false;
  FactStatus status = FactStatus::collection_failed;  // when not usable
  std::string reason;
};

struct Doc {
  std::string where;  // the bundle path, for parse_failed reasons
  const Value* root = nullptr;
  std::string connection_error;  // "" when the connection is ok
};

Part read_part(const Doc& d, const char* name) {
  Part p;
  auto it = d.root->FindMember(name);
  if (it == d.root->MemberEnd() || !it->value.IsObject()) {
    p.status = FactStatus::parse_failed;
    p.reason = d.where + ": " + name + " is missing or not an object";
    return p;
  }
  const Value& o = it->value;
  p.raw = &o;
  auto status = o.FindMember("status");
  if (status == o.MemberEnd() || !status->value.IsString()) {
    p.status = FactStatus::parse_failed;
    p.reason = d.where + ": " + name + ".status is missing or not a string";
    return p;
  }
  const std::string s = status->value.GetString();
  p.state = s.substr(0, 40);
  if (s == "ok" || s == "truncated") {
    p.obj = &o;
    p.truncated = s == "truncated";
    return p;
  }
  if (s != "failed" && s != "denied" && s != "skipped") {
    p.status = FactStatus::parse_failed;
    p.reason = d.where + ": " + name + ".status '" + s.substr(0, 40) + "' is not a known status";
    return p;
  }
  std::string error;
  if (auto e = o.FindMember("error"); e != o.MemberEnd() && e->value.IsString()) error = cut(e->value);
  if (auto code = o.FindMember("ldap_error"); code != o.MemberEnd() && code->value.IsInt64() && error.empty()) {
    error = "error " + std::to_string(code->value.GetInt64());
  }
  p.reason = "api.directory part " + std::string(name) + " " + s;
  if (!error.empty()) p.reason += ": " + error;
  if (s == "skipped" && !d.connection_error.empty()) p.reason += " (connection: " + d.connection_error + ")";
  return p;
}

void mark_part(Facts& f, std::initializer_list<std::string_view> paths, const Part& p, std::string_view part) {
  mark_all(f, paths, p.status, src(part), p.reason);
}

// parse_failed for every path when a member had the wrong type; true when it did.
bool mark_problem(Facts& f, std::initializer_list<std::string_view> paths, const Doc& d, const std::string& problem,
                  std::string_view part) {
  if (problem.empty()) return false;
  mark_all(f, paths, FactStatus::parse_failed, src(part), d.where + ": " + problem);
  return true;
}

// ---- functional levels and schema --------------------------------------------------------------------

// msDS-Behavior-Version / *Functionality (MS-ADTS 6.1.4.2-3): 0 Windows 2000, 1 Windows Server 2003 interim, ...
std::string level_name(std::int64_t code, bool domain, std::optional<std::int64_t> mixed) {
  switch (code) {
    case 0:
      if (!domain) return "Windows 2000";
      if (mixed == std::optional<std::int64_t>(1)) return "Windows 2000 mixed";
      if (mixed == std::optional<std::int64_t>(0)) return "Windows 2000 native";
      return "Windows 2000 (mixed or native not read)";
    case 1: return "Windows Server 2003 interim";
    case 2: return "Windows Server 2003";
    case 3: return "Windows Server 2008";
    case 4: return "Windows Server 2008 R2";
    case 5: return "Windows Server 2012";
    case 6: return "Windows Server 2012 R2";
    case 7: return "Windows Server 2016";
    default: return "unknown";
  }
}

// A functional level from its object (domain / Partitions), else from rootDSE's *Functionality. An absent
// msDS-Behavior-Version (or rootDSE attribute) means level 0: Windows 2000 did not have them (MS-ADTS).
void level_fact(Facts& f, const Doc& d, std::string_view path, const Part& part, const char* part_name,
                const Part& root_dse, const char* root_attr, bool domain) {
  auto& alloc = f.allocator();
  auto set = [&](std::int64_t code, std::optional<std::int64_t> mixed, std::string_view basis, const std::string& source) {
    Value v(rapidjson::kObjectType);
    v.AddMember("code", code, alloc);
    v.AddMember("name", json_string(level_name(code, domain, mixed), alloc), alloc);
    if (domain) v.AddMember("mixed_mode", mixed ? Value(*mixed != 0) : Value(), alloc);
    v.AddMember("basis", json_string(basis, alloc), alloc);
    f.set(path, std::move(v), source);
  };
  if (part.obj != nullptr) {
    std::string problem;
    Reader r(*part.obj, part_name, &problem);
    const auto version = r.integer("msds_behavior_version");
    const auto mixed = domain ? r.integer("nt_mixed_domain") : std::nullopt;
    if (mark_problem(f, {path}, d, problem, part_name)) return;
    const std::string basis = version ? "msDS-Behavior-Version" : "msDS-Behavior-Version absent (Windows 2000)";
    return set(version.value_or(0), mixed, basis, src(std::string(part_name) + ".msds_behavior_version"));
  }
  // rootDSE stands in for a part that was not read, not for one that is malformed.
  if (root_dse.obj != nullptr && part.status == FactStatus::collection_failed) {
    std::string problem;
    Reader r(*root_dse.obj, "root_dse", &problem);
    const auto code = r.integer(root_attr);
    if (mark_problem(f, {path}, d, problem, "root_dse")) return;
    const std::string basis = std::string("rootDSE ") + root_attr + (code ? "" : " absent (Windows 2000)") + "; " +
                              part_name + " not read: " + part.reason;
    return set(code.value_or(0), std::nullopt, basis, src(std::string("root_dse.") + root_attr));
  }
  f.set_unavailable(path, part.status, src(part_name), part.reason);
}

void schema_fact(Facts& f, const Doc& d) {
  constexpr std::string_view kPath = "directory.schema_version";
  // "schema_container": the document's own "schema" member names its format.
  const Part p = read_part(d, "schema_container");
  if (p.obj == nullptr) return mark_part(f, {kPath}, p, "schema_container");
  std::string problem;
  const auto version = Reader(*p.obj, "schema_container", &problem).integer("object_version");
  if (mark_problem(f, {kPath}, d, problem, "schema_container")) return;
  if (!version) {
    return f.set_unavailable(kPath, FactStatus::missing, src("schema_container.object_version"), "objectVersion not read");
  }
  auto& alloc = f.allocator();
  Value v(rapidjson::kObjectType);
  v.AddMember("object_version", *version, alloc);
  v.AddMember("name", json_string(schema_version_name(*version), alloc), alloc);
  f.set(kPath, std::move(v), src("schema_container.object_version"));
}

// ---- FSMO ----------------------------------------------------------------------------------------------

struct Role {
  const char* id;
  const char* label;
};
constexpr Role kRoles[] = {{"schema_master", "schema master"},
                           {"domain_naming_master", "domain naming master"},
                           {"pdc_emulator", "PDC emulator"},
                           {"rid_master", "RID master"},
                           {"infrastructure_master", "infrastructure master"}};

// A deleted owner's RDN carries "\nDEL:<guid>" (decoded) or "\0ADEL:<guid>" (as escaped in a DN).
std::string server_label(std::string server) {
  for (std::string_view mark : {std::string_view("\nDEL:"), std::string_view("\\0ADEL:")}) {
    if (auto at = find_ci(server, mark); at != std::string::npos) return server.substr(0, at) + " (deleted object)";
  }
  return server;
}

void fsmo_facts(Facts& f, const Doc& d, const std::string& computer) {
  constexpr std::string_view kFsmo = "directory.fsmo", kElsewhere = "directory.fsmo_not_on_this_server";
  const Part p = read_part(d, "fsmo");
  // A failed or denied part can still hold roles that were read (each with its own status); skipped holds none.
  const Value* part_obj = p.obj;
  if (part_obj == nullptr && (p.state == "failed" || p.state == "denied")) part_obj = p.raw;
  if (part_obj == nullptr) return mark_part(f, {kFsmo, kElsewhere}, p, "fsmo");
  std::string problem;
  Reader r(*part_obj, "fsmo", &problem);
  const Value* roles = r.array("roles");
  auto& alloc = f.allocator();
  Value map(rapidjson::kObjectType);
  Value elsewhere(rapidjson::kArrayType);
  std::vector<std::string> unknown;
  for (const auto& role : kRoles) {
    std::optional<std::string> server;
    std::string role_error;
    bool found = false;
    if (roles != nullptr) {
      for (rapidjson::SizeType i = 0; i < roles->Size() && i < 16; ++i) {
        const Value& e = (*roles)[i];
        Reader er(e, "fsmo.roles[" + std::to_string(i) + "]", &problem);
        if (er.str("role") != std::optional<std::string>(role.id)) continue;
        found = true;
        const auto status = er.str("status");
        if (status == std::optional<std::string>("ok") || status == std::optional<std::string>("truncated")) {
          server = er.str("server");
          if (!server) role_error = "its owner's server name was not read";
        } else {
          role_error = status.value_or("no status");
          if (auto e2 = er.str("error")) role_error += ": " + *e2;
        }
        break;
      }
    }
    if (!found) role_error = "not in the document";
    if (server) server = server_label(*server);
    map.AddMember(Value(role.id, alloc), json_optional(server, alloc), alloc);
    if (!server) {
      unknown.push_back(std::string(role.label) + " (" + role_error + ")");
    } else if (!equals_ci(*server, computer)) {
      Value o(rapidjson::kObjectType);
      o.AddMember("name", json_string(std::string(role.label) + ": " + *server, alloc), alloc);
      o.AddMember("role", Value(role.id, alloc), alloc);
      o.AddMember("server", json_string(*server, alloc), alloc);
      elsewhere.PushBack(o, alloc);
    }
  }
  if (mark_problem(f, {kFsmo, kElsewhere}, d, problem, "fsmo")) return;
  if (unknown.size() == std::size(kRoles)) return mark_part(f, {kFsmo, kElsewhere}, p, "fsmo");
  f.set(kFsmo, std::move(map), src("fsmo.roles"));
  if (!unknown.empty()) {
    std::string why = "owner not read for:";
    for (const auto& u : unknown) why += " " + u + ";";
    why.pop_back();
    return f.set_unavailable(kElsewhere, FactStatus::collection_failed, src("fsmo.roles"), why);
  }
  f.set(kElsewhere, std::move(elsewhere), src("fsmo.roles"));
}

// ---- domain controllers ----------------------------------------------------------------------------------

// Older than Windows Server 2003: operatingSystemVersion below 5.2 ("5.0 (2195)" is Windows 2000), or the
// operatingSystem names Windows 2000 or NT. Null when neither was read; false for a DC that is not Windows
// (a Samba DC's operatingSystem is "Samba", its version Samba's own).
std::optional<bool> older_than_2003(const std::optional<std::string>& os, const std::optional<std::string>& version) {
  static const RE2 kOldName(R"((?i)windows\s*(2000|nt\b))");
  static const RE2 kVersion(R"(^\s*(\d{1,4})\.(\d{1,4}))");
  if (os && os->find("indows") == std::string::npos && os->find("INDOWS") == std::string::npos) return false;
  if (os && RE2::PartialMatch(*os, kOldName)) return true;
  int major = 0, minor = 0;
  if (version && RE2::PartialMatch(*version, kVersion, &major, &minor)) return major < 5 || (major == 5 && minor < 2);
  if (os) return false;  // a Windows name that is not 2000 / NT, without a version
  return std::nullopt;
}

void domain_controller_facts(Facts& f, const Doc& d) {
  constexpr std::string_view kList = "directory.domain_controllers", kOld = "directory.dcs_older_than_2003",
                             kUnknown = "directory.dcs_os_unknown";
  const Part p = read_part(d, "domain_controllers");
  if (p.obj == nullptr) return mark_part(f, {kList, kOld, kUnknown}, p, "domain_controllers");
  std::string problem;
  const Value* items = Reader(*p.obj, "domain_controllers", &problem).array("items");
  auto& alloc = f.allocator();
  Value list(rapidjson::kArrayType);
  std::vector<std::string> old, unknown;
  if (items != nullptr) {
    for (rapidjson::SizeType i = 0; i < items->Size() && i < kMaxDirectoryObjects; ++i) {
      Reader r((*items)[i], "domain_controllers.items[" + std::to_string(i) + "]", &problem);
      const auto name = r.str("name");
      const auto os = r.str("operating_system");
      const auto version = r.str("operating_system_version");
      const auto old_dc = older_than_2003(os, version);
      const std::string label = name.value_or("(no name)");
      if (old_dc == std::optional<bool>(true)) old.push_back(label);
      if (!old_dc) unknown.push_back(label);
      Value o(rapidjson::kObjectType);
      o.AddMember("name", json_optional(name, alloc), alloc);
      o.AddMember("os", json_optional(os, alloc), alloc);
      o.AddMember("version", json_optional(version, alloc), alloc);
      o.AddMember("service_pack", json_optional(r.str("operating_system_service_pack"), alloc), alloc);
      o.AddMember("site", json_optional(r.str("site"), alloc), alloc);
      const auto gc = r.boolean("global_catalog");
      o.AddMember("global_catalog", gc ? Value(*gc) : Value(), alloc);
      o.AddMember("dns_host_name", json_optional(r.str("dns_host_name"), alloc), alloc);
      o.AddMember("older_than_2003", old_dc ? Value(*old_dc) : Value(), alloc);
      o.AddMember("error", json_optional(r.str("error"), alloc), alloc);
      list.PushBack(o, alloc);
    }
  }
  if (mark_problem(f, {kList, kOld, kUnknown}, d, problem, "domain_controllers")) return;
  const std::string source = src(p.truncated ? "domain_controllers (truncated)" : "domain_controllers");
  f.set(kList, std::move(list), source);
  f.set(kOld, json_strings(old, alloc), source);
  f.set(kUnknown, json_strings(unknown, alloc), source);
}

// ---- FSMO owners: gone, or another live domain controller ------------------------------------------------

// What each role is needed for during the migration (docs/facts.md, directory.fsmo_owners_elsewhere).
const char* role_needed_for(std::string_view role) {
  if (role == "schema_master") return "adprep /forestprep, which the Migration Preparation Tool runs to extend the schema, runs on the schema master";
  if (role == "infrastructure_master") return "adprep /domainprep runs on the infrastructure master";
  if (role == "rid_master") return "a new domain controller (the Destination Server) gets its RID pool from the RID master";
  if (role == "pdc_emulator") return "the Destination Server takes over the PDC emulator role from the Source Server";
  return "the domain naming master adds and removes domains; the migration itself does not need it";
}

// A deleted owner: its name or DN carries the "\nDEL:" / "\0ADEL:" mangling, or the DN is under Deleted Objects.
bool owner_deleted(const std::string& server, const std::optional<std::string>& owner_dn) {
  if (server.find("(deleted object)") != std::string::npos) return true;
  if (!owner_dn) return false;
  const std::string dn = ascii_lower(*owner_dn);
  return dn.find("\\0adel:") != std::string::npos || dn.find('\n') != std::string::npos ||
         dn.find("cn=deleted objects") != std::string::npos;
}

// directory.fsmo_owners_elsewhere: the roles held elsewhere, one entry per owner, with whether the owner is a
// domain controller the directory still lists (an nTDSDSA object under CN=Sites: its server_dn).
void fsmo_owner_facts(Facts& f, const Doc& d) {
  constexpr std::string_view kOwners = "directory.fsmo_owners_elsewhere";
  const Value* elsewhere = present_value(f, "directory.fsmo_not_on_this_server");
  if (elsewhere == nullptr || !elsewhere->IsArray()) {
    return inherit_unavailable(f, kOwners, "directory.fsmo_not_on_this_server");
  }
  // The owners' DNs, by role, as the document holds them.
  std::vector<std::pair<std::string, std::optional<std::string>>> owner_dns;
  if (auto it = d.root->FindMember("fsmo"); it != d.root->MemberEnd() && it->value.IsObject()) {
    std::string ignored;
    if (const Value* roles = Reader(it->value, "fsmo", &ignored).array("roles")) {
      for (rapidjson::SizeType i = 0; i < roles->Size() && i < 16; ++i) {
        Reader r((*roles)[i], "fsmo.roles", &ignored);
        if (auto role = r.str("role")) owner_dns.emplace_back(*role, r.str("owner"));
      }
    }
  }
  // The live domain controllers: NTDS Settings DNs; unknown unless the whole list was read.
  const Part dcs = read_part(d, "domain_controllers");
  const bool dcs_complete = dcs.obj != nullptr && !dcs.truncated;
  std::vector<std::pair<std::string, std::string>> live;  // {name, NTDS Settings DN}, lower case
  if (dcs.obj != nullptr) {
    std::string ignored;
    if (const Value* items = Reader(*dcs.obj, "domain_controllers", &ignored).array("items")) {
      for (rapidjson::SizeType i = 0; i < items->Size() && i < kMaxDirectoryObjects; ++i) {
        Reader r((*items)[i], "domain_controllers.items", &ignored);
        const auto server_dn = r.str("server_dn");
        live.emplace_back(ascii_lower(r.str("name").value_or("")),
                          server_dn ? ascii_lower("CN=NTDS Settings," + *server_dn) : std::string());
      }
    }
  }
  auto& alloc = f.allocator();
  Value owners(rapidjson::kArrayType);
  for (const auto& e : elsewhere->GetArray()) {
    const std::string server = e["server"].GetString();
    const std::string role = e["role"].GetString();
    std::optional<std::string> dn;
    for (const auto& [r, o] : owner_dns) {
      if (r == role) dn = o;
    }
    const bool deleted = owner_deleted(server, dn);
    std::optional<bool> live_dc;
    if (deleted) {
      live_dc = false;
    } else {
      bool found = false;
      for (const auto& [name, ntds] : live) {
        found = found || (dn ? ascii_lower(*dn) == ntds : (!name.empty() && name == ascii_lower(server)));
      }
      if (found) live_dc = true;
      else if (dcs_complete) live_dc = false;
    }
    // One entry per owner: a dead DC holding three roles is one thing to fix.
    Value* entry = nullptr;
    for (auto& o : owners.GetArray()) {
      if (equals_ci(o["name"].GetString(), server)) entry = &o;
    }
    if (entry == nullptr) {
      Value o(rapidjson::kObjectType);
      o.AddMember("name", json_string(server, alloc), alloc);
      o.AddMember("owner_dn", json_optional(dn, alloc), alloc);
      o.AddMember("deleted", deleted, alloc);
      o.AddMember("live_dc", live_dc ? Value(*live_dc) : Value(), alloc);
      o.AddMember("gone", live_dc ? Value(!*live_dc) : Value(), alloc);
      o.AddMember("roles", Value(rapidjson::kArrayType), alloc);
      o.AddMember("role_ids", Value(rapidjson::kArrayType), alloc);
      o.AddMember("needed_for", Value(rapidjson::kArrayType), alloc);
      owners.PushBack(o, alloc);
      entry = &owners[owners.Size() - 1];
    }
    std::string label = e["name"].GetString();
    label = label.substr(0, label.find(':'));
    (*entry)["roles"].PushBack(json_string(label, alloc), alloc);
    (*entry)["role_ids"].PushBack(json_string(role, alloc), alloc);
    (*entry)["needed_for"].PushBack(json_string(role_needed_for(role), alloc), alloc);
  }
  std::string source = src("fsmo.roles") + " + " + src("domain_controllers");
  if (!dcs_complete) source += " (" + (dcs.obj == nullptr ? dcs.reason : std::string("truncated")) + ")";
  f.set(kOwners, std::move(owners), source);
}

// ---- the domain's DNS name ---------------------------------------------------------------------------------

// "DC=contoso,DC=local" -> "contoso.local"; nullopt when a component is not DC= (or the DN is malformed).
std::optional<std::string> dns_name_of(std::string_view dn) {
  const auto rdns = contract::ldap::parse_dn(dn);
  if (!rdns || rdns->empty()) return std::nullopt;
  std::string name;
  for (const auto& rdn : *rdns) {
    if (!equals_ci(rdn.type, "DC") || rdn.value.empty()) return std::nullopt;
    name += (name.empty() ? "" : ".") + rdn.value;
  }
  return name;
}

void dns_domain_facts(Facts& f, const Doc& d, const Part& domain, const Part& root_dse) {
  constexpr std::string_view kName = "directory.dns_domain_name", kSingle = "directory.single_label_domain";
  std::string problem;
  std::optional<std::string> dn;
  std::string source;
  if (domain.obj != nullptr) {
    dn = Reader(*domain.obj, "domain", &problem).str("dn");
    source = src("domain.dn");
  }
  if (!dn && root_dse.obj != nullptr) {
    dn = Reader(*root_dse.obj, "root_dse", &problem).str("default_naming_context");
    source = src("root_dse.default_naming_context");
  }
  if (mark_problem(f, {kName, kSingle}, d, problem, "domain")) return;
  if (!dn) {
    if (domain.obj == nullptr) return mark_part(f, {kName, kSingle}, domain, "domain");
    return mark_all(f, {kName, kSingle}, FactStatus::missing, src("domain.dn"), "the domain's DN was not read");
  }
  const auto name = dns_name_of(*dn);
  if (!name) {
    return mark_all(f, {kName, kSingle}, FactStatus::parse_failed, source,
                    d.where + ": '" + dn->substr(0, 200) + "' is not a domain DN (DC=...,DC=...)");
  }
  f.set(kName, *name, source);
  f.set(kSingle, name->find('.') == std::string::npos, source);
}

// Whether this server's domain is the forest root: rootDSE's defaultNamingContext is its
// rootDomainNamingContext (MS-ADTS 3.1.1.3.2). Every SBS domain is; its PDC emulator has no domain parent.
void forest_root_fact(Facts& f, const Doc& d, const Part& root_dse) {
  constexpr std::string_view kPath = "directory.forest_root_domain";
  if (root_dse.obj == nullptr) return mark_part(f, {kPath}, root_dse, "root_dse");
  std::string problem;
  const Reader r(*root_dse.obj, "root_dse", &problem);
  const auto own = r.str("default_naming_context");
  const auto root = r.str("root_domain_naming_context");
  if (mark_problem(f, {kPath}, d, problem, "root_dse")) return;
  if (!own || !root || own->empty() || root->empty()) {
    return f.set_unavailable(kPath, FactStatus::missing, src("root_dse.root_domain_naming_context"),
                             "rootDSE's default or root domain naming context was not read");
  }
  f.set(kPath, equals_ci(*own, *root), src("root_dse.root_domain_naming_context"));
}

// ---- MyBusiness OU, Pre-Windows 2000 Compatible Access, delegation, shares -----------------------------------

void mybusiness_fact(Facts& f, const Doc& d) {
  constexpr std::string_view kPath = "directory.mybusiness_ou_present";
  const Part p = read_part(d, "mybusiness_ou");
  if (p.obj == nullptr) return mark_part(f, {kPath}, p, "mybusiness_ou");
  std::string problem;
  const auto present = Reader(*p.obj, "mybusiness_ou", &problem).boolean("present");
  if (mark_problem(f, {kPath}, d, problem, "mybusiness_ou")) return;
  if (!present) return f.set_unavailable(kPath, FactStatus::parse_failed, src("mybusiness_ou"), d.where + ": mybusiness_ou.present is missing");
  f.set(kPath, *present, src("mybusiness_ou.present"));
}

// Well-known SIDs that appear as foreign security principals (MS-DTYP 2.4.2.4).
std::string principal_name(const std::string& rdn) {
  if (rdn == "S-1-1-0") return "Everyone (S-1-1-0)";
  if (rdn == "S-1-5-7") return "Anonymous Logon (S-1-5-7)";
  if (rdn == "S-1-5-11") return "Authenticated Users (S-1-5-11)";
  return rdn;
}

void pre2000_fact(Facts& f, const Doc& d) {
  constexpr std::string_view kPath = "directory.pre_windows_2000_members";
  const Part p = read_part(d, "pre_windows_2000_compatible_access");
  if (p.obj == nullptr) return mark_part(f, {kPath}, p, "pre_windows_2000_compatible_access");
  std::string problem;
  Reader r(*p.obj, "pre_windows_2000_compatible_access", &problem);
  const auto present = r.boolean("present");
  const Value* members = r.array("members");
  auto& alloc = f.allocator();
  Value list(rapidjson::kArrayType);
  if (members != nullptr) {
    for (rapidjson::SizeType i = 0; i < members->Size() && i < kMaxDirectoryObjects; ++i) {
      const Value& m = (*members)[i];
      if (!m.IsString()) {
        if (problem.empty()) problem = "pre_windows_2000_compatible_access.members[" + std::to_string(i) + "] is not a string";
        continue;
      }
      const std::string dn = cut(m);
      Value o(rapidjson::kObjectType);
      // The first RDN's value, escapes undone ("CN=Smith\, John,OU=..." -> "Smith, John"); a DN that does not
      // parse stays as written.
      const std::string name = contract::ldap::rdn_value(dn).value_or(dn);
      o.AddMember("name", json_string(principal_name(name), alloc), alloc);
      o.AddMember("dn", json_string(dn, alloc), alloc);
      list.PushBack(o, alloc);
    }
  }
  if (mark_problem(f, {kPath}, d, problem, "pre_windows_2000_compatible_access")) return;
  if (present == std::optional<bool>(false)) return f.set_null(kPath, src("pre_windows_2000_compatible_access.present"));
  f.set(kPath, std::move(list), src(p.truncated ? "pre_windows_2000_compatible_access.members (truncated)"
                                                : "pre_windows_2000_compatible_access.members"));
}

// ---- enabled accounts --------------------------------------------------------------------------------

// userAccountControl bits (MS-ADTS 2.2.16).
constexpr std::int64_t kInterdomainTrustAccount = 0x800;

// A part a collector before it did not write: not collected (re-collect), never a parse failure.
bool mark_absent_part(Facts& f, std::initializer_list<std::string_view> paths, const Doc& d, const char* name) {
  if (d.root->HasMember(name)) return false;
  mark_all(f, paths, FactStatus::collection_failed, src(name),
           d.where + " has no " + name + " part: written by a collector before it; collect again with this version");
  return true;
}

// Enabled users: every enabled user object except interdomain trust accounts (UAC 0x800: the "DOMAIN$"
// password a trust keeps, not a person; it goes with the trust). Enabled computers: every enabled computer
// account except this server's own ("<computer>$"), which leaves the domain when the Source Server is
// demoted at the end of the migration. Disabled accounts (krbtgt, Guest, SUPPORT_388945a0 as SBS leaves
// them) never reach the document: the collector's filter leaves them out. Built-in accounts that are
// enabled (Administrator, IUSR_/IWAM_<server>) are counted: they are accounts in the directory, and the
// partner decides which to remove. A truncated list gives a count only when it is already over the largest
// limit a rule compares it with (50): a lower bound cannot show a count is under it.
void enabled_account_facts(Facts& f, const Doc& d, const std::string& computer) {
  static constexpr std::string_view kUsers = "directory.enabled_users", kUserCount = "directory.enabled_user_count",
                                    kComputers = "directory.enabled_computers",
                                    kComputerCount = "directory.enabled_computer_count";
  constexpr std::int64_t kLargestLimit = 50;
  if (mark_absent_part(f, {kUsers, kUserCount, kComputers, kComputerCount}, d, "enabled_accounts")) return;
  const Part p = read_part(d, "enabled_accounts");
  if (p.obj == nullptr) return mark_part(f, {kUsers, kUserCount, kComputers, kComputerCount}, p, "enabled_accounts");
  std::string problem;
  Reader r(*p.obj, "enabled_accounts", &problem);
  auto& alloc = f.allocator();
  const std::string own = computer.empty() ? std::string() : computer + "$";
  const auto read_list = [&](const char* key, bool computers, Value& out) {
    const Value* items = r.array(key);
    if (items == nullptr) {
      if (problem.empty()) problem = std::string("enabled_accounts.") + key + " is missing";
      return;
    }
    for (rapidjson::SizeType i = 0; i < items->Size() && i < kMaxDirectoryObjects; ++i) {
      Reader item((*items)[i], std::string("enabled_accounts.") + key + "[" + std::to_string(i) + "]", &problem);
      const auto name = item.str("name");
      const auto uac = item.integer("user_account_control");
      if (!computers) {
        if (uac && (*uac & kInterdomainTrustAccount) != 0) continue;
        out.PushBack(json_string(name.value_or("(no sAMAccountName)"), alloc), alloc);
        continue;
      }
      if (name && !own.empty() && equals_ci(*name, own)) continue;
      Value o(rapidjson::kObjectType);
      o.AddMember("name", json_string(name.value_or("(no sAMAccountName)"), alloc), alloc);
      o.AddMember("os", json_optional(item.str("operating_system"), alloc), alloc);
      o.AddMember("domain_controller", uac ? Value((*uac & 0x2000) != 0) : Value(), alloc);
      out.PushBack(o, alloc);
    }
  };
  Value users(rapidjson::kArrayType), computers(rapidjson::kArrayType);
  read_list("users", false, users);
  read_list("computers", true, computers);
  if (mark_problem(f, {kUsers, kUserCount, kComputers, kComputerCount}, d, problem, "enabled_accounts")) return;
  const std::string truncated = p.truncated ? " (truncated)" : "";
  const auto counted = [&](std::string_view path, std::string_view field, const Value& list) {
    const auto n = static_cast<std::int64_t>(list.Size());
    if (p.truncated && n <= kLargestLimit) {
      return f.set_unavailable(path, FactStatus::collection_failed, src(field),
                               "the list was cut at " + std::to_string(n) + " entries (limits.max_objects): the real count is higher");
    }
    f.set(path, n, src(std::string(field) + truncated));
  };
  counted(kUserCount, "enabled_accounts.users", users);
  counted(kComputerCount, "enabled_accounts.computers", computers);
  f.set(kUsers, std::move(users), src("enabled_accounts.users" + truncated));
  f.set(kComputers, std::move(computers), src("enabled_accounts.computers" + truncated));
}

// ---- trusts ------------------------------------------------------------------------------------------

// trustDirection and trustType (MS-ADTS 6.1.6.7.12, 6.1.6.7.15).
std::string trust_direction(std::optional<std::int64_t> v) {
  if (!v) return "not read";
  switch (*v) {
    case 0: return "disabled";
    case 1: return "inbound";
    case 2: return "outbound";
    case 3: return "two-way";
    default: return "unknown (" + std::to_string(*v) + ")";
  }
}

std::string trust_type(std::optional<std::int64_t> v) {
  if (!v) return "not read";
  switch (*v) {
    case 1: return "Windows NT 4.0 domain";
    case 2: return "Active Directory domain";
    case 3: return "MIT Kerberos realm";
    case 4: return "DCE";
    default: return "unknown (" + std::to_string(*v) + ")";
  }
}

// trustAttributes (MS-ADTS 6.1.6.7.9): what kind of trust it is, from the bits that say so.
std::string trust_kind(std::optional<std::int64_t> v) {
  if (!v) return "not read";
  if ((*v & 0x20) != 0) return "within the forest (parent-child or tree root)";
  if ((*v & 0x8) != 0) return "forest trust";
  if ((*v & 0x1) != 0) return "external, non-transitive";
  return "external";
}

void trust_facts(Facts& f, const Doc& d) {
  static constexpr std::string_view kPath = "directory.trusts";
  if (mark_absent_part(f, {kPath}, d, "trusts")) return;
  const Part p = read_part(d, "trusts");
  if (p.obj == nullptr) return mark_part(f, {kPath}, p, "trusts");
  std::string problem;
  Reader r(*p.obj, "trusts", &problem);
  auto& alloc = f.allocator();
  Value list(rapidjson::kArrayType);
  const Value* items = r.array("items");
  if (items == nullptr && problem.empty()) problem = "trusts.items is missing";
  if (items != nullptr) {
    for (rapidjson::SizeType i = 0; i < items->Size() && i < kMaxDirectoryObjects; ++i) {
      Reader item((*items)[i], "trusts.items[" + std::to_string(i) + "]", &problem);
      const auto dn = item.str("dn");
      const auto partner = item.str("partner");
      const auto flat = item.str("flat_name");
      std::string name = partner ? *partner : flat ? *flat : dn ? contract::ldap::rdn_value(*dn).value_or(*dn) : "(unnamed)";
      Value o(rapidjson::kObjectType);
      o.AddMember("name", json_string(name, alloc), alloc);
      o.AddMember("flat_name", json_optional(flat, alloc), alloc);
      o.AddMember("direction", json_string(trust_direction(item.integer("direction")), alloc), alloc);
      o.AddMember("type", json_string(trust_type(item.integer("type")), alloc), alloc);
      o.AddMember("kind", json_string(trust_kind(item.integer("attributes")), alloc), alloc);
      o.AddMember("dn", json_optional(dn, alloc), alloc);
      list.PushBack(o, alloc);
    }
  }
  if (mark_problem(f, {kPath}, d, problem, "trusts")) return;
  f.set(kPath, std::move(list), src(p.truncated ? "trusts.items (truncated)" : "trusts.items"));
}

void delegation_facts(Facts& f, const Doc& d) {
  constexpr std::string_view kList = "directory.delegation_accounts",
                             kAdmins = "directory.administrators_trusted_for_delegation";
  const Part p = read_part(d, "delegation_privilege");
  if (p.obj == nullptr) return mark_part(f, {kList, kAdmins}, p, "delegation_privilege");
  std::string problem;
  const Value* accounts = Reader(*p.obj, "delegation_privilege", &problem).array("accounts");
  auto& alloc = f.allocator();
  Value list(rapidjson::kArrayType);
  bool admins = false;
  if (accounts != nullptr) {
    for (rapidjson::SizeType i = 0; i < accounts->Size() && i < kMaxDirectoryObjects; ++i) {
      Reader r((*accounts)[i], "delegation_privilege.accounts[" + std::to_string(i) + "]", &problem);
      const auto sid = r.str("sid");
      const auto name = r.str("name");
      if (!sid) continue;
      // BUILTIN\Administrators is the same SID everywhere (MS-DTYP 2.4.2.4), whatever the language.
      admins = admins || *sid == "S-1-5-32-544";
      Value o(rapidjson::kObjectType);
      o.AddMember("name", json_string(name.value_or(*sid), alloc), alloc);
      o.AddMember("sid", json_string(*sid, alloc), alloc);
      list.PushBack(o, alloc);
    }
  }
  if (mark_problem(f, {kList, kAdmins}, d, problem, "delegation_privilege")) return;
  f.set(kList, std::move(list), src("delegation_privilege.accounts"));
  if (!admins && p.truncated) {
    return f.set_unavailable(kAdmins, FactStatus::missing, src("delegation_privilege.accounts"),
                             "the account list was truncated and S-1-5-32-544 is not in the part read");
  }
  f.set(kAdmins, admins, src("delegation_privilege.accounts"));
}

void share_facts(Facts& f, const Doc& d) {
  constexpr std::string_view kSysvol = "directory.sysvol_share_present", kNetlogon = "directory.netlogon_share_present";
  const Part p = read_part(d, "shares");
  if (p.obj == nullptr) return mark_part(f, {kSysvol, kNetlogon}, p, "shares");
  std::string problem;
  const Value* items = Reader(*p.obj, "shares", &problem).array("items");
  bool sysvol = false, netlogon = false;
  if (items != nullptr) {
    for (rapidjson::SizeType i = 0; i < items->Size() && i < kMaxDirectoryObjects; ++i) {
      const auto name = Reader((*items)[i], "shares.items[" + std::to_string(i) + "]", &problem).str("name");
      if (!name) continue;
      sysvol = sysvol || equals_ci(*name, "SYSVOL");
      netlogon = netlogon || equals_ci(*name, "NETLOGON");
    }
  }
  if (mark_problem(f, {kSysvol, kNetlogon}, d, problem, "shares")) return;
  for (auto [path, present] : {std::pair{kSysvol, sysvol}, std::pair{kNetlogon, netlogon}}) {
    if (!present && p.truncated) {
      f.set_unavailable(path, FactStatus::missing, src("shares.items"), "the share list was truncated");
    } else {
      f.set(path, present, src("shares.items"));
    }
  }
}

// ---- name resolution ------------------------------------------------------------------------------------

void name_resolution_facts(Facts& f, const Doc& d) {
  constexpr std::string_view kFqdn = "network.fqdn", kAddresses = "network.fqdn_addresses",
                             kOwn = "network.fqdn_own_addresses",
                             kSeveral = "network.fqdn_resolves_to_several_own_addresses";
  const Part p = read_part(d, "name_resolution");
  if (p.obj == nullptr) return mark_part(f, {kFqdn, kAddresses, kOwn, kSeveral}, p, "name_resolution");
  std::string problem;
  Reader r(*p.obj, "name_resolution", &problem);
  const auto fqdn = r.str("fqdn");
  const Value* addresses = r.array("addresses");
  std::vector<std::string> list;
  if (addresses != nullptr) {
    for (rapidjson::SizeType i = 0; i < addresses->Size() && list.size() < kMaxAddresses; ++i) {
      if ((*addresses)[i].IsString()) list.push_back(cut((*addresses)[i]));
      else if (problem.empty()) problem = "name_resolution.addresses[" + std::to_string(i) + "] is not a string";
    }
  }
  if (mark_problem(f, {kFqdn, kAddresses, kOwn, kSeveral}, d, problem, "name_resolution")) return;
  auto& alloc = f.allocator();
  f.set(kFqdn, json_optional(fqdn, alloc), src("name_resolution.fqdn"));
  f.set(kAddresses, json_strings(list, alloc), src("name_resolution.addresses"));
  // This server's own IPv4 addresses: every adapter's (api.network, else ipconfig /all).
  const Value* adapters = present_value(f, "network.adapters");
  if (adapters == nullptr || !adapters->IsArray()) {
    inherit_unavailable(f, kOwn, "network.adapters");
    return inherit_unavailable(f, kSeveral, "network.adapters");
  }
  std::vector<std::string> own;
  for (const auto& address : list) {
    bool mine = false;
    for (const auto& a : adapters->GetArray()) {
      if (!a.IsObject() || !a.HasMember("ipv4") || !a["ipv4"].IsArray()) continue;
      for (const auto& ip : a["ipv4"].GetArray()) {
        mine = mine || (ip.IsString() && address == ip.GetString());
      }
    }
    if (mine && std::find(own.begin(), own.end(), address) == own.end()) own.push_back(address);
  }
  const std::string source =
      src("name_resolution.addresses") + " + " + (*f.find("network.adapters"))["source"].GetString();
  f.set(kOwn, json_strings(own, alloc), source);
  f.set(kSeveral, own.size() > 1, source);
}

// ---- Exchange --------------------------------------------------------------------------------------------

// "Version 6.5 (Build 7638.2: Service Pack 2)": version, build, revision, service pack (0 when none is named).
void exchange_server_fields(Value& o, const std::optional<std::string>& serial, Alloc& alloc) {
  static const RE2 kSerial(R"(Version\s+(\d{1,3}\.\d{1,3})\s*\(Build\s+(\d{1,6})(?:\.(\d{1,6}))?(?::\s*Service Pack\s+(\d{1,2}))?\s*\))");
  std::string version, sp;
  int build = 0;
  std::string revision;
  if (serial && RE2::PartialMatch(*serial, kSerial, &version, &build, &revision, &sp)) {
    o.AddMember("version", json_string(version, alloc), alloc);
    o.AddMember("build", build, alloc);
    o.AddMember("build_text", json_string(std::to_string(build) + (revision.empty() ? "" : "." + revision), alloc), alloc);
    o.AddMember("service_pack", sp.empty() ? 0 : std::stoi(sp), alloc);
  } else {
    o.AddMember("version", Value(), alloc);
    o.AddMember("build", Value(), alloc);
    o.AddMember("build_text", Value(), alloc);
    o.AddMember("service_pack", Value(), alloc);
  }
}

// The file size of one database file: {path, size_bytes, size_error} or null.
DirectoryStore::File read_file(const Reader& r, const char* key, std::string* problem, const std::string& prefix) {
  DirectoryStore::File file;
  const Value* o = r.object(key);
  if (o == nullptr) return file;
  Reader fr(*o, prefix + "." + key, problem);
  file.configured = true;
  file.path = fr.str("path");
  file.size_bytes = fr.uinteger("size_bytes");
  file.size_error = fr.str("size_error");
  return file;
}

void exchange_facts_from_directory(Facts& f, const Doc& d, const std::string& computer) {
  constexpr std::string_view kMixed = "exchange.mixed_mode", kOrgs = "exchange.organizations",
                             kServers = "exchange.servers";
  const Part p = read_part(d, "exchange");
  DirectoryStores stores;
  if (p.obj == nullptr) {
    mark_part(f, {kMixed, kOrgs, kServers}, p, "exchange");
    stores.status = p.status;
    stores.reason = p.reason;
    stores.source = src("exchange");
    return exchange_store_size_facts(f, stores);
  }
  std::string problem;
  Reader r(*p.obj, "exchange", &problem);
  const auto present = r.boolean("present");
  const Value* orgs = r.array("organizations");
  const Value* servers = r.array("servers");
  const Value* store_list = r.array("stores");
  auto& alloc = f.allocator();
  Value org_list(rapidjson::kArrayType), server_list(rapidjson::kArrayType);
  bool any_mixed = false, any_unknown = false;
  if (orgs != nullptr) {
    for (rapidjson::SizeType i = 0; i < orgs->Size() && i < kMaxDirectoryObjects; ++i) {
      Reader o((*orgs)[i], "exchange.organizations[" + std::to_string(i) + "]", &problem);
      const auto mixed = o.boolean("mixed_mode");
      any_mixed = any_mixed || mixed == std::optional<bool>(true);
      any_unknown = any_unknown || !mixed;
      Value v(rapidjson::kObjectType);
      v.AddMember("name", json_optional(o.str("name"), alloc), alloc);
      v.AddMember("mixed_mode", mixed ? Value(*mixed) : Value(), alloc);
      org_list.PushBack(v, alloc);
    }
  }
  if (servers != nullptr) {
    for (rapidjson::SizeType i = 0; i < servers->Size() && i < kMaxDirectoryObjects; ++i) {
      Reader s((*servers)[i], "exchange.servers[" + std::to_string(i) + "]", &problem);
      const auto name = s.str("name");
      const auto serial = s.str("serial_number");
      Value v(rapidjson::kObjectType);
      v.AddMember("name", json_optional(name, alloc), alloc);
      v.AddMember("serial_number", json_optional(serial, alloc), alloc);
      exchange_server_fields(v, serial, alloc);
      const auto this_server = s.boolean("this_server");
      v.AddMember("this_server", this_server.value_or(name && equals_ci(*name, computer)), alloc);
      server_list.PushBack(v, alloc);
    }
  }
  if (store_list != nullptr) {
    for (rapidjson::SizeType i = 0; i < store_list->Size() && stores.stores.size() < kMaxStores; ++i) {
      const std::string prefix = "exchange.stores[" + std::to_string(i) + "]";
      Reader s((*store_list)[i], prefix, &problem);
      DirectoryStore st;
      st.name = s.str("name");
      st.dn = s.str("dn");
      st.kind = s.str("kind").value_or("");
      st.server = s.str("server");
      st.storage_group = s.str("storage_group");
      st.circular_logging = s.integer("circular_logging");
      st.mailbox_count = s.integer("mailbox_count");
      st.mailbox_count_truncated = s.boolean("mailbox_count_truncated").value_or(false);
      st.edb = read_file(s, "edb", &problem, prefix);
      st.stm = read_file(s, "stm", &problem, prefix);
      stores.stores.push_back(std::move(st));
    }
  }
  if (mark_problem(f, {kMixed, kOrgs, kServers}, d, problem, "exchange")) {
    stores.status = FactStatus::parse_failed;
    stores.reason = d.where + ": " + problem;
    stores.source = src("exchange");
    return exchange_store_size_facts(f, stores);
  }
  const std::string truncated = p.truncated ? " (truncated)" : "";
  const rapidjson::SizeType org_count = org_list.Size();
  f.set(kOrgs, std::move(org_list), src("exchange.organizations" + truncated));
  f.set(kServers, std::move(server_list), src("exchange.servers" + truncated));
  // msExchMixedMode on the organization object: true while Exchange 5.5 servers may still join.
  if (present != std::optional<bool>(true) || org_count == 0) {
    f.set_null(kMixed, src("exchange.organizations"));
  } else if (any_mixed) {
    f.set(kMixed, true, src("exchange.organizations.mixed_mode"));
  } else if (any_unknown) {
    f.set_unavailable(kMixed, FactStatus::missing, src("exchange.organizations.mixed_mode"), "msExchMixedMode not read");
  } else {
    f.set(kMixed, false, src("exchange.organizations.mixed_mode"));
  }
  stores.usable = true;
  stores.truncated = p.truncated;
  stores.source = src("exchange.stores" + truncated);
  exchange_store_size_facts(f, stores);
}

std::string computer_name(const Facts& f) {
  const Value* v = present_value(f, "host.computer_name");
  return v != nullptr && v->IsString() ? std::string(v->GetString()) : std::string();
}

}  // namespace

// Active Directory from the SYSTEM hive (registry-evidence §1, §13): ProductType LanmanNT marks a domain
// controller (KB102987); NTDS\Parameters holds the database paths and the schema version.
void ad_registry_facts(Facts& f, const LoadedHive& sys) {
  const auto ccs = control_set_or_mark(f, sys, {"ad.is_domain_controller", "ad.schema_version", "ad.schema_version_name",
                                                "ad.database_path", "ad.log_path"});
  if (!ccs) return;
  const std::string options = *ccs + "\\Control\\ProductOptions";
  const std::string params = *ccs + "\\Services\\NTDS\\Parameters";
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
  const json::Value* version = f.find("ad.schema_version");
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

void directory_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  static constexpr std::string_view kAll[] = {
      "directory.domain_functional_level", "directory.forest_functional_level", "directory.schema_version",
      "directory.fsmo", "directory.fsmo_not_on_this_server", "directory.fsmo_owners_elsewhere",
      "directory.domain_controllers",
      "directory.dcs_older_than_2003", "directory.dcs_os_unknown", "directory.dns_domain_name",
      "directory.single_label_domain", "directory.forest_root_domain", "directory.mybusiness_ou_present", "directory.pre_windows_2000_members",
      "directory.enabled_users", "directory.enabled_user_count", "directory.enabled_computers", "directory.enabled_computer_count",
      "directory.trusts",
      "directory.delegation_accounts", "directory.administrators_trusted_for_delegation",
      "directory.sysvol_share_present", "directory.netlogon_share_present", "network.fqdn", "network.fqdn_addresses",
      "network.fqdn_own_addresses", "network.fqdn_resolves_to_several_own_addresses", "exchange.mixed_mode",
      "exchange.organizations", "exchange.servers"};
  auto mark_everything = [&](FactStatus status, const std::string& reason) {
    for (auto p : kAll) f.set_unavailable(p, status, kId, reason);
    DirectoryStores stores;
    stores.status = status;
    stores.reason = reason;
    stores.source = std::string(kId);
    exchange_store_size_facts(f, stores);
  };
  ApiDoc read = read_api_doc(b, kId, kSchema, diags);
  if (!read.doc) {
    if (b.artifact(kId) == nullptr && b.manifest.format_version == "1.0") {
      read.reason += "; bundle format 1.0 has no api.directory";
    }
    return mark_everything(read.status, read.reason);
  }
  Doc d;
  d.where = b.artifact(kId)->path.value_or(std::string(kId));
  d.root = &*read.doc;
  const Part connection = read_part(d, "connection");
  if (connection.obj == nullptr) d.connection_error = connection.reason;

  const std::string computer = computer_name(f);
  const Part root_dse = read_part(d, "root_dse");
  const Part domain = read_part(d, "domain");
  const Part forest = read_part(d, "forest");
  level_fact(f, d, "directory.domain_functional_level", domain, "domain", root_dse, "domain_functionality", true);
  level_fact(f, d, "directory.forest_functional_level", forest, "forest", root_dse, "forest_functionality", false);
  schema_fact(f, d);
  fsmo_facts(f, d, computer);
  domain_controller_facts(f, d);
  fsmo_owner_facts(f, d);
  dns_domain_facts(f, d, domain, root_dse);
  forest_root_fact(f, d, root_dse);
  mybusiness_fact(f, d);
  pre2000_fact(f, d);
  enabled_account_facts(f, d, computer);
  trust_facts(f, d);
  delegation_facts(f, d);
  share_facts(f, d);
  name_resolution_facts(f, d);
  exchange_facts_from_directory(f, d, computer);
}

}  // namespace migready::facts::detail
