#include "core/directory.hpp"

#include <algorithm>
#include <utility>

#include "contract/ascii.hpp"
#include "contract/ldap_dn.hpp"
#include "core/json_writer.hpp"

namespace migready::collector::directory {
namespace {

using contract::equals_ci;
using contract::starts_with_ci;
using contract::ldap::ntds_server_name;
using contract::ldap::ntds_site_name;
using contract::ldap::parent_dn;
using contract::ldap::rdn_value;

// ---- part status -------------------------------------------------------------------------------------

int severity(PartStatus s) {
  switch (s) {
    case PartStatus::ok: return 0;
    case PartStatus::truncated: return 1;
    case PartStatus::skipped: return 2;
    case PartStatus::denied: return 3;
    case PartStatus::failed: return 4;
  }
  return 4;
}

bool is_refusal(int code) { return code == 48 || code == 49 || code == 50; }

void mark_truncated(PartState& part) {
  if (part.status == PartStatus::ok) part.status = PartStatus::truncated;
}

// Folds `other` into `into`: the worse status wins (its code and error with it).
void worsen(PartState& into, const PartState& other) {
  if (severity(other.status) > severity(into.status)) into = other;
}

std::string ldap_error_text(const LdapStatus& s, std::string_view target) {
  std::string out = s.call.empty() ? std::string("ldap_search_ext_sW") : s.call;
  out += " on ";
  out += target.empty() ? std::string_view("rootDSE") : target;
  out += ": ";
  out += s.message.empty() ? std::string_view("(no message)") : std::string_view(s.message);
  out += " (LDAP error " + std::to_string(s.code) + ")";
  return out;
}

PartState state_from(const LdapStatus& s, std::string_view target) {
  PartState part;
  part.status = is_refusal(s.code) ? PartStatus::denied : PartStatus::failed;
  part.code = s.code;
  part.error = ldap_error_text(s, target);
  return part;
}

PartState skipped(std::string why) { return {PartStatus::skipped, std::nullopt, std::move(why)}; }

// ---- a search, cut to the caps -----------------------------------------------------------------------

struct Values {
  std::vector<std::string> values;
  bool more = false;  // values were dropped: by the max_values cap or by the server's range
};

struct Object {
  std::string dn;
  std::vector<std::pair<std::string, Values>> attributes;  // base name (no ";range=") -> values

  const Values* get(std::string_view name) const {
    for (const auto& [base, values] : attributes) {
      if (equals_ci(base, name)) return &values;
    }
    return nullptr;
  }
  std::optional<std::string> first(std::string_view name) const {
    const Values* v = get(name);
    if (v == nullptr || v->values.empty()) return std::nullopt;
    return v->values.front();
  }
  std::optional<std::int64_t> integer(std::string_view name) const {
    const auto text = first(name);
    return text ? parse_integer(*text) : std::nullopt;
  }
};

struct Found {
  bool ok = false;      // the search answered (entries may be empty)
  bool absent = false;  // the base object does not exist (noSuchObject, where absence is data)
  std::vector<Object> objects;
};

class Reader {
 public:
  Reader(Directory& directory, const Limits& limits) : m_directory(directory), m_limits(limits) {}

  // Runs one search; failures go into `part` (worsening it), cap hits mark it truncated. With
  // `absent_is_data`, noSuchObject on the base is an answer ("absent"), not an error.
  Found search(PartState& part, const std::string& base, Scope scope, const std::string& filter,
               const std::vector<std::string>& attributes, bool absent_is_data = false) {
    Found found;
    SearchResult result = m_directory.search(base, scope, filter, attributes);
    const int code = result.status.code;
    if (code == kLdapNoSuchObject && absent_is_data) {
      found.ok = true;
      found.absent = true;
      return found;
    }
    if (code != kLdapSuccess && code != kLdapSizeLimitExceeded) {
      worsen(part, state_from(result.status, base));
      return found;
    }
    found.ok = true;
    if (code == kLdapSizeLimitExceeded || result.entries.size() > m_limits.max_objects) mark_truncated(part);
    const std::size_t n = std::min(result.entries.size(), m_limits.max_objects);
    found.objects.reserve(n);
    for (std::size_t e = 0; e < n; ++e) {
      Entry& entry = result.entries[e];
      Object object;
      object.dn = cut(part, entry.dn);
      for (Attribute& attribute : entry.attributes) {
        const AttributeName name = split_attribute_name(attribute.name);
        Values values;
        values.more = name.more || attribute.values.size() > m_limits.max_values;
        if (values.more) mark_truncated(part);
        const std::size_t kept = std::min(attribute.values.size(), m_limits.max_values);
        values.values.reserve(kept);
        for (std::size_t v = 0; v < kept; ++v) values.values.push_back(cut(part, attribute.values[v]));
        object.attributes.emplace_back(name.base, std::move(values));
      }
      found.objects.push_back(std::move(object));
    }
    return found;
  }

  std::string cut(PartState& part, std::string_view text) const {
    if (text.size() <= m_limits.max_value_bytes) return std::string(text);
    mark_truncated(part);
    return cut_utf8(text, m_limits.max_value_bytes);
  }

  const Limits& limits() const { return m_limits; }

 private:
  Directory& m_directory;
  const Limits& m_limits;
};

// ---- the document model --------------------------------------------------------------------------------

struct RootDse {
  PartState state;
  std::optional<std::string> default_nc, configuration_nc, schema_nc, root_domain_nc;
  std::vector<std::string> naming_contexts;
  std::optional<std::int64_t> dc_functionality, domain_functionality, forest_functionality;
  std::optional<std::string> dns_host_name, server_name;
};

struct VersionedObject {  // domain, forest, schema
  PartState state;
  std::optional<std::string> dn;
  std::optional<std::int64_t> version;  // msDS-Behavior-Version / objectVersion
  std::optional<std::int64_t> nt_mixed_domain;  // the domain only
};

struct FsmoRole {
  std::string_view role;
  std::optional<std::string> object;
  PartState state;
  std::optional<std::string> owner, server;
};

struct Fsmo {
  PartState state;
  std::vector<FsmoRole> roles;
};

struct DomainController {
  std::optional<std::string> name, server_dn, site;
  std::optional<bool> global_catalog;
  std::optional<std::string> dns_host_name, computer_dn;
  std::optional<std::string> operating_system, operating_system_version, operating_system_service_pack;
  std::optional<std::string> error;
};

struct DomainControllers {
  PartState state;
  std::vector<DomainController> items;
};

struct Presence {  // mybusiness_ou, pre_windows_2000_compatible_access
  PartState state;
  bool present = false;
  std::optional<std::string> dn;
  std::vector<std::string> members;
};

struct Organization {
  std::optional<std::string> name;
  std::string dn;
  std::optional<bool> mixed_mode;
};

struct ExchangeServer {
  std::optional<std::string> name;
  std::string dn;
  std::optional<std::string> serial_number;
  bool this_server = false;
};

struct DatabaseFile {
  std::string path;
  std::optional<std::uint64_t> size_bytes;
  std::optional<std::string> size_error;
};

struct Store {
  std::optional<std::string> name;
  std::string dn;
  bool mailbox = true;
  std::optional<std::string> server, storage_group;
  std::optional<std::int64_t> circular_logging;
  std::optional<std::int64_t> mailbox_count;
  bool mailbox_count_truncated = false;
  std::optional<DatabaseFile> edb, stm;
};

struct Exchange {
  PartState state;
  bool present = false;
  std::vector<Organization> organizations;
  std::vector<ExchangeServer> servers;
  std::vector<Store> stores;
};

// Enabled accounts (userAccountControl bit 0x2 ACCOUNTDISABLE clear, MS-ADTS 2.2.16), as the directory
// holds them: no judgement here of which ones a product counts.
struct Account {
  std::optional<std::string> name;  // sAMAccountName
  std::optional<std::int64_t> user_account_control;
  std::optional<std::string> operating_system;  // computers only
};

struct Accounts {
  PartState state;
  std::vector<Account> users, computers;
};

// A trustedDomain object under CN=System of the domain (MS-ADTS 6.1.6.7): one trust of this domain.
struct Trust {
  std::string dn;
  std::optional<std::string> partner, flat_name;           // trustPartner, flatName
  std::optional<std::int64_t> direction, type, attributes;  // trustDirection, trustType, trustAttributes
};

struct Trusts {
  PartState state;
  std::vector<Trust> items;
};

struct Document {
  PartState connection;
  RootDse root_dse;
  VersionedObject domain, forest, schema;
  Fsmo fsmo;
  DomainControllers domain_controllers;
  Presence mybusiness_ou, pre2000;
  Accounts accounts;
  Trusts trusts;
  Exchange exchange;
};

// ---- the reads -----------------------------------------------------------------------------------------

void read_root_dse(Reader& r, RootDse& out) {
  const Found f = r.search(out.state, "", Scope::base, "(objectClass=*)",
                           {"defaultNamingContext", "configurationNamingContext", "schemaNamingContext",
                            "rootDomainNamingContext", "namingContexts", "domainControllerFunctionality",
                            "domainFunctionality", "forestFunctionality", "dnsHostName", "serverName"});
  if (!f.ok) return;
  if (f.objects.empty()) {
    out.state = {PartStatus::failed, std::nullopt, std::string("the rootDSE search returned no entry")};
    return;
  }
  const Object& o = f.objects.front();
  out.default_nc = o.first("defaultNamingContext");
  out.configuration_nc = o.first("configurationNamingContext");
  out.schema_nc = o.first("schemaNamingContext");
  out.root_domain_nc = o.first("rootDomainNamingContext");
  if (const Values* v = o.get("namingContexts")) out.naming_contexts = v->values;
  out.dc_functionality = o.integer("domainControllerFunctionality");
  out.domain_functionality = o.integer("domainFunctionality");
  out.forest_functionality = o.integer("forestFunctionality");
  out.dns_host_name = o.first("dnsHostName");
  out.server_name = o.first("serverName");
}

void read_versioned(Reader& r, VersionedObject& out, const std::string& dn, const char* attribute,
                    bool domain) {
  std::vector<std::string> attributes{attribute};
  if (domain) attributes.emplace_back("nTMixedDomain");
  const Found f = r.search(out.state, dn, Scope::base, "(objectClass=*)", attributes);
  if (!f.ok) return;
  out.dn = dn;
  if (f.objects.empty()) return;
  out.version = f.objects.front().integer(attribute);
  if (domain) out.nt_mixed_domain = f.objects.front().integer("nTMixedDomain");
}

void read_fsmo(Reader& r, Fsmo& out, const RootDse& dse) {
  const auto in = [](const std::optional<std::string>& nc, const char* prefix) -> std::optional<std::string> {
    if (!nc) return std::nullopt;
    return std::string(prefix) + *nc;
  };
  out.roles = {
      {"schema_master", dse.schema_nc, {}, {}, {}},
      {"domain_naming_master", in(dse.configuration_nc, "CN=Partitions,"), {}, {}, {}},
      {"pdc_emulator", dse.default_nc, {}, {}, {}},
      {"rid_master", in(dse.default_nc, "CN=RID Manager$,CN=System,"), {}, {}, {}},
      {"infrastructure_master", in(dse.default_nc, "CN=Infrastructure,"), {}, {}, {}},
  };
  for (FsmoRole& role : out.roles) {
    if (!role.object) {
      role.state = skipped("the rootDSE names no naming context for it");
    } else {
      const Found f = r.search(role.state, *role.object, Scope::base, "(objectClass=*)", {"fSMORoleOwner"});
      if (f.ok && !f.objects.empty()) {
        role.owner = f.objects.front().first("fSMORoleOwner");
        if (role.owner) role.server = ntds_server_name(*role.owner);
      }
    }
    worsen(out.state, role.state);
  }
}

void read_domain_controllers(Reader& r, DomainControllers& out, const std::string& config_nc) {
  const Found f =
      r.search(out.state, "CN=Sites," + config_nc, Scope::subtree, "(objectClass=nTDSDSA)", {"options"});
  if (!f.ok) return;
  for (const Object& ntds : f.objects) {
    DomainController dc;
    dc.server_dn = parent_dn(ntds.dn);
    dc.name = ntds_server_name(ntds.dn);
    dc.site = ntds_site_name(ntds.dn);
    if (const Values* options = ntds.get("options"); options == nullptr || options->values.empty()) {
      dc.global_catalog = false;  // AD leaves a zero `options` out
    } else if (const auto bits = parse_integer(options->values.front())) {
      dc.global_catalog = (*bits & 1) != 0;
    }
    if (!dc.server_dn) {
      dc.error = "the NTDS Settings DN does not parse: " + ntds.dn;
      out.items.push_back(std::move(dc));
      continue;
    }
    // Item errors stay in the item: another domain's computer object may well be out of reach.
    PartState item;
    const Found server = r.search(item, *dc.server_dn, Scope::base, "(objectClass=*)", {"dNSHostName", "serverReference"});
    if (server.ok && !server.objects.empty()) {
      dc.dns_host_name = server.objects.front().first("dNSHostName");
      dc.computer_dn = server.objects.front().first("serverReference");
    }
    if (dc.computer_dn) {
      const Found computer = r.search(item, *dc.computer_dn, Scope::base, "(objectClass=*)",
                                      {"operatingSystem", "operatingSystemVersion", "operatingSystemServicePack"});
      if (computer.ok && !computer.objects.empty()) {
        const Object& c = computer.objects.front();
        dc.operating_system = c.first("operatingSystem");
        dc.operating_system_version = c.first("operatingSystemVersion");
        dc.operating_system_service_pack = c.first("operatingSystemServicePack");
      } else if (computer.ok) {
        item.error = "the computer object " + *dc.computer_dn + " returned no entry";
      }
    } else if (server.ok && item.status != PartStatus::failed && item.status != PartStatus::denied) {
      item.error = "the server object has no serverReference";
    }
    if (item.status == PartStatus::truncated) mark_truncated(out.state);
    dc.error = item.error;
    out.items.push_back(std::move(dc));
  }
}

void read_mybusiness(Reader& r, Presence& out, const std::string& domain_nc) {
  const Found f = r.search(out.state, domain_nc, Scope::one_level,
                           "(&(objectClass=organizationalUnit)(ou=MyBusiness))", {"ou"});
  if (!f.ok || f.objects.empty()) return;
  out.present = true;
  out.dn = f.objects.front().dn;
}

void read_pre2000(Reader& r, Presence& out, const std::string& domain_nc) {
  const std::string dn = "CN=Pre-Windows 2000 Compatible Access,CN=Builtin," + domain_nc;
  const Found f = r.search(out.state, dn, Scope::base, "(objectClass=*)", {"member"}, true);
  if (!f.ok || f.absent || f.objects.empty()) return;
  out.present = true;
  out.dn = f.objects.front().dn.empty() ? dn : f.objects.front().dn;
  if (const Values* v = f.objects.front().get("member")) out.members = v->values;
}

// LDAP_MATCHING_RULE_BIT_AND (1.2.840.113556.1.4.803) on ACCOUNTDISABLE (0x2): the server leaves disabled
// accounts out. objectCategory=person with objectClass=user is a user, not a contact (objectClass=user alone
// also matches computers).
constexpr const char* kEnabledUsers =
    "(&(objectCategory=person)(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))";
constexpr const char* kEnabledComputers = "(&(objectCategory=computer)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))";

void read_accounts(Reader& r, Accounts& out, const std::string& domain_nc) {
  const Found users = r.search(out.state, domain_nc, Scope::subtree, kEnabledUsers, {"sAMAccountName", "userAccountControl"});
  for (const Object& o : users.objects) out.users.push_back({o.first("sAMAccountName"), o.integer("userAccountControl"), std::nullopt});
  const Found computers = r.search(out.state, domain_nc, Scope::subtree, kEnabledComputers,
                                   {"sAMAccountName", "userAccountControl", "operatingSystem"});
  for (const Object& o : computers.objects) {
    out.computers.push_back({o.first("sAMAccountName"), o.integer("userAccountControl"), o.first("operatingSystem")});
  }
}

// No CN=System (noSuchObject) is no trust, as absence is elsewhere.
void read_trusts(Reader& r, Trusts& out, const std::string& domain_nc) {
  const Found f = r.search(out.state, "CN=System," + domain_nc, Scope::one_level, "(objectClass=trustedDomain)",
                           {"trustPartner", "flatName", "trustDirection", "trustType", "trustAttributes"}, true);
  for (const Object& o : f.objects) {
    out.items.push_back({o.dn, o.first("trustPartner"), o.first("flatName"), o.integer("trustDirection"),
                         o.integer("trustType"), o.integer("trustAttributes")});
  }
}

std::optional<DatabaseFile> database_file(const Object& store, const char* attribute,
                                          const std::optional<std::string>& server, const Inputs& inputs) {
  const auto path = store.first(attribute);
  if (!path) return std::nullopt;
  DatabaseFile file;
  file.path = *path;
  if (!server) {
    file.size_error = "no msExchOwningServer; not measured";
  } else if (inputs.computer_name.empty() || !equals_ci(*server, inputs.computer_name)) {
    file.size_error = "on another server";
  } else if (!is_local_file_path(file.path)) {
    file.size_error = "not a local drive-letter path; not measured";
  } else if (!inputs.file_size) {
    file.size_error = "not measured";
  } else {
    const FileSize size = inputs.file_size(file.path);
    file.size_bytes = size.size_bytes;
    file.size_error = size.error;
  }
  return file;
}

void read_exchange(Reader& r, Exchange& out, const std::string& config_nc, const Inputs& inputs) {
  const std::string root = "CN=Microsoft Exchange,CN=Services," + config_nc;
  const Found container = r.search(out.state, root, Scope::base, "(objectClass=*)", {"cn"}, true);
  if (!container.ok || container.absent || container.objects.empty()) return;
  out.present = true;

  const Found orgs = r.search(out.state, root, Scope::one_level, "(objectClass=msExchOrganizationContainer)",
                              {"msExchMixedMode"});
  for (const Object& o : orgs.objects) {
    const auto mixed = o.first("msExchMixedMode");
    out.organizations.push_back({rdn_value(o.dn), o.dn, mixed ? parse_boolean(*mixed) : std::nullopt});
  }

  const Found servers =
      r.search(out.state, root, Scope::subtree, "(objectClass=msExchExchangeServer)", {"serialNumber"});
  for (const Object& s : servers.objects) {
    ExchangeServer server{rdn_value(s.dn), s.dn, s.first("serialNumber"), false};
    server.this_server = server.name && !inputs.computer_name.empty() && equals_ci(*server.name, inputs.computer_name);
    out.servers.push_back(std::move(server));
  }

  const Found groups = r.search(out.state, root, Scope::subtree, "(objectClass=msExchStorageGroup)",
                                {"msExchESEParamCircularLog"});
  const Found stores = r.search(
      out.state, root, Scope::subtree, "(|(objectClass=msExchPrivateMDB)(objectClass=msExchPublicMDB))",
      {"objectClass", "msExchOwningServer", "msExchEDBFile", "msExchSLVFile", "homeMDBBL"});
  for (const Object& s : stores.objects) {
    Store store;
    store.name = rdn_value(s.dn);
    store.dn = s.dn;
    if (const Values* classes = s.get("objectClass")) {
      store.mailbox = std::none_of(classes->values.begin(), classes->values.end(),
                                   [](const std::string& c) { return equals_ci(c, "msExchPublicMDB"); });
    }
    if (const auto owner = s.first("msExchOwningServer")) store.server = rdn_value(*owner);
    const auto parent = parent_dn(s.dn);
    if (parent) {
      store.storage_group = rdn_value(*parent);
      for (const Object& g : groups.objects) {
        if (equals_ci(g.dn, *parent)) {
          store.circular_logging = g.integer("msExchESEParamCircularLog");
          break;
        }
      }
    }
    if (store.mailbox) {
      const Values* mailboxes = s.get("homeMDBBL");
      store.mailbox_count = mailboxes != nullptr ? static_cast<std::int64_t>(mailboxes->values.size()) : 0;
      store.mailbox_count_truncated = mailboxes != nullptr && mailboxes->more;
    }
    store.edb = database_file(s, "msExchEDBFile", store.server, inputs);
    store.stm = database_file(s, "msExchSLVFile", store.server, inputs);
    out.stores.push_back(std::move(store));
  }
}

// The non-LDAP parts: their lists and strings are capped like the LDAP ones.
void cap_inputs(const Reader& r, Inputs& in) {
  const Limits& lim = r.limits();
  const auto cap_list = [&](auto& list, PartState& state) {
    if (list.size() > lim.max_objects) {
      list.resize(lim.max_objects);
      mark_truncated(state);
    }
  };
  cap_list(in.delegation.accounts, in.delegation.state);
  for (DelegationAccount& a : in.delegation.accounts) {
    a.sid = r.cut(in.delegation.state, a.sid);
    if (a.name) a.name = r.cut(in.delegation.state, *a.name);
  }
  cap_list(in.shares.items, in.shares.state);
  for (Share& s : in.shares.items) {
    s.name = r.cut(in.shares.state, s.name);
    if (s.path) s.path = r.cut(in.shares.state, *s.path);
    s.remark = r.cut(in.shares.state, s.remark);
  }
  cap_list(in.name_resolution.addresses, in.name_resolution.state);
  if (in.name_resolution.fqdn) in.name_resolution.fqdn = r.cut(in.name_resolution.state, *in.name_resolution.fqdn);
}

// ---- the JSON ------------------------------------------------------------------------------------------

template <typename T>
void opt(JsonWriter& w, std::string_view key, const std::optional<T>& v) {
  w.key(key).value_or_null(v);
}

void strings(JsonWriter& w, std::string_view key, const std::vector<std::string>& list) {
  w.key(key).begin_array();
  for (const std::string& s : list) w.value(s);
  w.end_array();
}

void state_fields(JsonWriter& w, const PartState& s) {
  w.key("status").value(part_status_name(s.status));
  opt(w, "ldap_error", s.code);
  opt(w, "error", s.error);
}

void write_file(JsonWriter& w, std::string_view key, const std::optional<DatabaseFile>& f) {
  w.key(key);
  if (!f) {
    w.null();
    return;
  }
  w.begin_object();
  w.key("path").value(f->path);
  opt(w, "size_bytes", f->size_bytes);
  opt(w, "size_error", f->size_error);
  w.end_object();
}

void write_document(JsonWriter& w, const Document& d, const Inputs& in, const Limits& lim) {
  w.key("limits").begin_object();
  w.key("max_objects").value(static_cast<std::uint64_t>(lim.max_objects));
  w.key("max_values").value(static_cast<std::uint64_t>(lim.max_values));
  w.key("max_value_bytes").value(static_cast<std::uint64_t>(lim.max_value_bytes));
  w.end_object();

  w.key("connection").begin_object();
  opt(w, "host", in.host);
  w.key("port").value(in.port);
  w.key("bind").value(in.simple_bind ? "simple" : "negotiate");
  opt(w, "bind_dn", in.bind_dn);
  state_fields(w, d.connection);
  w.end_object();

  const RootDse& dse = d.root_dse;
  w.key("root_dse").begin_object();
  state_fields(w, dse.state);
  opt(w, "default_naming_context", dse.default_nc);
  opt(w, "configuration_naming_context", dse.configuration_nc);
  opt(w, "schema_naming_context", dse.schema_nc);
  opt(w, "root_domain_naming_context", dse.root_domain_nc);
  strings(w, "naming_contexts", dse.naming_contexts);
  opt(w, "domain_controller_functionality", dse.dc_functionality);
  opt(w, "domain_functionality", dse.domain_functionality);
  opt(w, "forest_functionality", dse.forest_functionality);
  opt(w, "dns_host_name", dse.dns_host_name);
  opt(w, "server_name", dse.server_name);
  w.end_object();

  w.key("domain").begin_object();
  state_fields(w, d.domain.state);
  opt(w, "dn", d.domain.dn);
  opt(w, "msds_behavior_version", d.domain.version);
  opt(w, "nt_mixed_domain", d.domain.nt_mixed_domain);
  w.end_object();

  w.key("forest").begin_object();
  state_fields(w, d.forest.state);
  opt(w, "dn", d.forest.dn);
  opt(w, "msds_behavior_version", d.forest.version);
  w.end_object();

  w.key("schema_container").begin_object();
  state_fields(w, d.schema.state);
  opt(w, "dn", d.schema.dn);
  opt(w, "object_version", d.schema.version);
  w.end_object();

  w.key("fsmo").begin_object();
  state_fields(w, d.fsmo.state);
  w.key("roles").begin_array();
  for (const FsmoRole& role : d.fsmo.roles) {
    w.begin_object();
    w.key("role").value(role.role);
    opt(w, "object", role.object);
    state_fields(w, role.state);
    opt(w, "owner", role.owner);
    opt(w, "server", role.server);
    w.end_object();
  }
  w.end_array();
  w.end_object();

  w.key("domain_controllers").begin_object();
  state_fields(w, d.domain_controllers.state);
  w.key("items").begin_array();
  for (const DomainController& dc : d.domain_controllers.items) {
    w.begin_object();
    opt(w, "name", dc.name);
    opt(w, "server_dn", dc.server_dn);
    opt(w, "site", dc.site);
    opt(w, "global_catalog", dc.global_catalog);
    opt(w, "dns_host_name", dc.dns_host_name);
    opt(w, "computer_dn", dc.computer_dn);
    opt(w, "operating_system", dc.operating_system);
    opt(w, "operating_system_version", dc.operating_system_version);
    opt(w, "operating_system_service_pack", dc.operating_system_service_pack);
    opt(w, "error", dc.error);
    w.end_object();
  }
  w.end_array();
  w.end_object();

  w.key("mybusiness_ou").begin_object();
  state_fields(w, d.mybusiness_ou.state);
  w.key("present").value(d.mybusiness_ou.present);
  opt(w, "dn", d.mybusiness_ou.dn);
  w.end_object();

  w.key("pre_windows_2000_compatible_access").begin_object();
  state_fields(w, d.pre2000.state);
  w.key("present").value(d.pre2000.present);
  opt(w, "dn", d.pre2000.dn);
  strings(w, "members", d.pre2000.members);
  w.end_object();

  w.key("enabled_accounts").begin_object();
  state_fields(w, d.accounts.state);
  for (const auto& [key, list] : {std::pair<const char*, const std::vector<Account>*>{"users", &d.accounts.users},
                                  {"computers", &d.accounts.computers}}) {
    const bool computers = list == &d.accounts.computers;
    w.key(key).begin_array();
    for (const Account& a : *list) {
      w.begin_object();
      opt(w, "name", a.name);
      opt(w, "user_account_control", a.user_account_control);
      if (computers) opt(w, "operating_system", a.operating_system);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();

  w.key("trusts").begin_object();
  state_fields(w, d.trusts.state);
  w.key("items").begin_array();
  for (const Trust& t : d.trusts.items) {
    w.begin_object();
    w.key("dn").value(t.dn);
    opt(w, "partner", t.partner);
    opt(w, "flat_name", t.flat_name);
    opt(w, "direction", t.direction);
    opt(w, "type", t.type);
    opt(w, "attributes", t.attributes);
    w.end_object();
  }
  w.end_array();
  w.end_object();

  const Exchange& x = d.exchange;
  w.key("exchange").begin_object();
  state_fields(w, x.state);
  w.key("present").value(x.present);
  w.key("organizations").begin_array();
  for (const Organization& o : x.organizations) {
    w.begin_object();
    opt(w, "name", o.name);
    w.key("dn").value(o.dn);
    opt(w, "mixed_mode", o.mixed_mode);
    w.end_object();
  }
  w.end_array();
  w.key("servers").begin_array();
  for (const ExchangeServer& s : x.servers) {
    w.begin_object();
    opt(w, "name", s.name);
    w.key("dn").value(s.dn);
    opt(w, "serial_number", s.serial_number);
    w.key("this_server").value(s.this_server);
    w.end_object();
  }
  w.end_array();
  w.key("stores").begin_array();
  for (const Store& s : x.stores) {
    w.begin_object();
    opt(w, "name", s.name);
    w.key("dn").value(s.dn);
    w.key("kind").value(s.mailbox ? "mailbox" : "public");
    opt(w, "server", s.server);
    opt(w, "storage_group", s.storage_group);
    opt(w, "circular_logging", s.circular_logging);
    opt(w, "mailbox_count", s.mailbox_count);
    w.key("mailbox_count_truncated").value(s.mailbox_count_truncated);
    write_file(w, "edb", s.edb);
    write_file(w, "stm", s.stm);
    w.end_object();
  }
  w.end_array();
  w.end_object();

  w.key("delegation_privilege").begin_object();
  state_fields(w, in.delegation.state);
  w.key("privilege").value("SeEnableDelegationPrivilege");
  w.key("accounts").begin_array();
  for (const DelegationAccount& a : in.delegation.accounts) {
    w.begin_object();
    w.key("sid").value(a.sid);
    opt(w, "name", a.name);
    w.end_object();
  }
  w.end_array();
  w.end_object();

  w.key("shares").begin_object();
  state_fields(w, in.shares.state);
  w.key("level").value(in.shares.level);
  w.key("items").begin_array();
  for (const Share& s : in.shares.items) {
    w.begin_object();
    w.key("name").value(s.name);
    opt(w, "path", s.path);
    w.key("type").value(s.type);
    w.key("remark").value(s.remark);
    w.end_object();
  }
  w.end_array();
  w.end_object();

  w.key("name_resolution").begin_object();
  state_fields(w, in.name_resolution.state);
  opt(w, "fqdn", in.name_resolution.fqdn);
  strings(w, "addresses", in.name_resolution.addresses);
  w.end_object();
}

}  // namespace

std::string_view part_status_name(PartStatus status) {
  switch (status) {
    case PartStatus::ok: return "ok";
    case PartStatus::truncated: return "truncated";
    case PartStatus::denied: return "denied";
    case PartStatus::failed: return "failed";
    case PartStatus::skipped: return "skipped";
  }
  return "failed";
}

Collected collect(Directory& directory, const Inputs& inputs_in, const Limits& limits) {
  Inputs inputs = inputs_in;
  Reader reader(directory, limits);
  Document d;

  const LdapStatus connected = directory.connect();
  const std::string target = (inputs.host ? *inputs.host : std::string("the DC locator's choice")) + ":" +
                             std::to_string(inputs.port);
  if (connected.code != kLdapSuccess) d.connection = state_from(connected, target);

  const auto skip_all = [&](const std::string& why) {
    for (PartState* s : {&d.root_dse.state, &d.domain.state, &d.forest.state, &d.schema.state, &d.fsmo.state,
                         &d.domain_controllers.state, &d.mybusiness_ou.state, &d.pre2000.state, &d.accounts.state, &d.trusts.state,
                         &d.exchange.state}) {
      *s = skipped(why);
    }
  };
  if (d.connection.status != PartStatus::ok) {
    skip_all("no connection");
  } else {
    read_root_dse(reader, d.root_dse);
    if (d.root_dse.state.status != PartStatus::ok && d.root_dse.state.status != PartStatus::truncated) {
      const PartState dse = d.root_dse.state;
      skip_all("no rootDSE");
      d.root_dse.state = dse;
    } else {
      const RootDse& dse = d.root_dse;
      const auto need = [](const char* name) { return skipped(std::string("the rootDSE has no ") + name); };
      if (dse.default_nc) {
        read_versioned(reader, d.domain, *dse.default_nc, "msDS-Behavior-Version", true);
      } else {
        d.domain.state = need("defaultNamingContext");
      }
      if (dse.configuration_nc) {
        read_versioned(reader, d.forest, "CN=Partitions," + *dse.configuration_nc, "msDS-Behavior-Version", false);
      } else {
        d.forest.state = need("configurationNamingContext");
      }
      if (dse.schema_nc) {
        read_versioned(reader, d.schema, *dse.schema_nc, "objectVersion", false);
      } else {
        d.schema.state = need("schemaNamingContext");
      }
      read_fsmo(reader, d.fsmo, dse);
      if (dse.configuration_nc) {
        read_domain_controllers(reader, d.domain_controllers, *dse.configuration_nc);
      } else {
        d.domain_controllers.state = need("configurationNamingContext");
      }
      if (dse.default_nc) {
        read_mybusiness(reader, d.mybusiness_ou, *dse.default_nc);
        read_pre2000(reader, d.pre2000, *dse.default_nc);
        read_accounts(reader, d.accounts, *dse.default_nc);
        read_trusts(reader, d.trusts, *dse.default_nc);
      } else {
        d.mybusiness_ou.state = need("defaultNamingContext");
        d.pre2000.state = need("defaultNamingContext");
        d.accounts.state = need("defaultNamingContext");
        d.trusts.state = need("defaultNamingContext");
      }
      if (dse.configuration_nc) {
        read_exchange(reader, d.exchange, *dse.configuration_nc, inputs);
      } else {
        d.exchange.state = need("configurationNamingContext");
      }
    }
  }
  cap_inputs(reader, inputs);

  // The document's verdict: complete when the connection and every part is ok or truncated.
  const std::pair<const char*, const PartState*> parts[] = {
      {"connection", &d.connection},
      {"root_dse", &d.root_dse.state},
      {"domain", &d.domain.state},
      {"forest", &d.forest.state},
      {"schema_container", &d.schema.state},
      {"fsmo", &d.fsmo.state},
      {"domain_controllers", &d.domain_controllers.state},
      {"mybusiness_ou", &d.mybusiness_ou.state},
      {"pre_windows_2000_compatible_access", &d.pre2000.state},
      {"enabled_accounts", &d.accounts.state},
      {"trusts", &d.trusts.state},
      {"exchange", &d.exchange.state},
      {"delegation_privilege", &inputs.delegation.state},
      {"shares", &inputs.shares.state},
      {"name_resolution", &inputs.name_resolution.state},
  };
  Collected out;
  bool complete = true;
  bool any_truncated = false;
  bool any_failed = false;
  std::string error;
  std::string skipped_parts;
  for (const auto& [name, state] : parts) {
    if (state->status == PartStatus::ok) continue;
    if (state->status == PartStatus::truncated) {
      any_truncated = true;
      continue;
    }
    complete = false;
    if (state->status == PartStatus::skipped) {
      skipped_parts += skipped_parts.empty() ? "" : ", ";
      skipped_parts += name;
      continue;
    }
    if (state->status == PartStatus::failed) any_failed = true;
    if (!out.exit_code) out.exit_code = state->code;
    if (!error.empty()) error += "; ";
    error += std::string(name) + " " + std::string(part_status_name(state->status)) + ": " +
             state->error.value_or("(no message)");
  }
  if (!skipped_parts.empty()) {
    if (!error.empty()) error += "; ";
    error += "skipped: " + skipped_parts;
  }
  if (complete) {
    out.outcome = any_truncated ? Outcome::truncated : Outcome::ok;
  } else {
    // denied only when every failure was a refusal: a part skipped for a missing naming context (with the
    // connection and rootDSE fine) is a failure of its own.
    const bool skipped_on_its_own = !skipped_parts.empty() && d.connection.status == PartStatus::ok &&
                                    (d.root_dse.state.status == PartStatus::ok ||
                                     d.root_dse.state.status == PartStatus::truncated);
    out.outcome = (any_failed || skipped_on_its_own || !out.exit_code) ? Outcome::failed : Outcome::denied;
    out.error = error;
  }

  JsonWriter w;
  w.begin_object();
  w.key("schema").value(kSchema);
  w.key("complete").value(complete);
  opt(w, "error", out.error);
  write_document(w, d, inputs, limits);
  w.end_object();
  out.json = w.str();
  return out;
}

// ---- decoding helpers ----------------------------------------------------------------------------------

std::optional<std::int64_t> parse_integer(std::string_view text) {
  bool negative = false;
  if (!text.empty() && text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::uint64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  constexpr std::uint64_t kMax = 9223372036854775807ull;
  if (value > kMax + (negative ? 1 : 0)) return std::nullopt;
  if (negative) return value == kMax + 1 ? INT64_MIN : -static_cast<std::int64_t>(value);
  return static_cast<std::int64_t>(value);
}

std::optional<bool> parse_boolean(std::string_view text) {
  if (text == "TRUE") return true;
  if (text == "FALSE") return false;
  return std::nullopt;
}

AttributeName split_attribute_name(std::string_view name) {
  AttributeName out;
  const std::size_t semi = name.find(';');
  out.base = std::string(name.substr(0, semi));
  std::string_view options = semi == std::string_view::npos ? std::string_view() : name.substr(semi + 1);
  while (!options.empty()) {
    const std::size_t next = options.find(';');
    const std::string_view option = options.substr(0, next);
    options = next == std::string_view::npos ? std::string_view() : options.substr(next + 1);
    if (!starts_with_ci(option, "range=")) continue;
    const std::size_t dash = option.find('-');
    if (dash == std::string_view::npos || option.substr(dash + 1) != "*") out.more = true;
  }
  return out;
}

bool is_local_file_path(std::string_view path) {
  if (path.size() < 4) return false;
  const char d = path[0];
  if (!((d >= 'A' && d <= 'Z') || (d >= 'a' && d <= 'z')) || path[1] != ':' || (path[2] != '\\' && path[2] != '/')) {
    return false;
  }
  return std::none_of(path.begin(), path.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

std::string cut_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

}  // namespace migready::collector::directory
