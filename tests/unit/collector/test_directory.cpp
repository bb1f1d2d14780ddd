#include <catch2/catch.hpp>
#include <rapidjson/document.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "contract/ascii.hpp"
#include "contract/ldap_dn.hpp"
#include "core/directory.hpp"
#include "support/api_documents.hpp"

namespace dir = migready::collector::directory;
namespace ldap = migready::contract::ldap;

namespace {

using migready::contract::ascii_lower;

using Attrs = std::vector<std::pair<std::string, std::vector<std::string>>>;

// An in-memory directory: objects by DN, the few filter forms the collector sends, injectable failures.
// Records every search so a test can prove what was (not) asked.
class MemoryDirectory : public dir::Directory {
 public:
  void add(const std::string& dn, Attrs attrs) { m_objects.push_back({dn, std::move(attrs)}); }
  void remove_attribute(const std::string& dn, const std::string& name) {
    for (auto& [odn, attrs] : m_objects) {
      if (ascii_lower(odn) != ascii_lower(dn)) continue;
      attrs.erase(std::remove_if(attrs.begin(), attrs.end(), [&](const auto& a) { return ascii_lower(a.first) == ascii_lower(name); }),
                  attrs.end());
    }
  }
  void set(const std::string& dn, const std::string& name, std::vector<std::string> values) {
    remove_attribute(dn, name);
    for (auto& [odn, attrs] : m_objects) {
      if (ascii_lower(odn) == ascii_lower(dn)) attrs.emplace_back(name, values);
    }
  }
  void fail_base(const std::string& base, int code, std::string message) { m_failures[ascii_lower(base)] = {code, std::move(message)}; }

  dir::LdapStatus connect_status;
  std::vector<std::string> searched;  // "base|scope|filter"
  bool connected = false;

  dir::LdapStatus connect() override {
    connected = true;
    return connect_status;
  }

  dir::SearchResult search(const std::string& base, dir::Scope scope, const std::string& filter,
                           const std::vector<std::string>& attributes) override {
    REQUIRE(connected);
    REQUIRE_FALSE(attributes.empty());
    searched.push_back(base + "|" + std::to_string(static_cast<int>(scope)) + "|" + filter);
    dir::SearchResult result;
    result.status.call = "ldap_search_ext_sW";
    if (const auto f = m_failures.find(ascii_lower(base)); f != m_failures.end()) {
      result.status.code = f->second.first;
      result.status.message = f->second.second;
      return result;
    }
    const std::string lbase = ascii_lower(base);
    const bool base_exists =
        base.empty() || std::any_of(m_objects.begin(), m_objects.end(), [&](const auto& o) { return ascii_lower(o.first) == lbase; });
    if (!base_exists) {
      result.status.code = dir::kLdapNoSuchObject;
      result.status.message = "No Such Object";
      return result;
    }
    for (const auto& [dn, attrs] : m_objects) {
      const std::string ldn = ascii_lower(dn);
      bool in_scope = false;
      if (scope == dir::Scope::base) {
        in_scope = ldn == lbase;
      } else {
        const auto parent = ldap::parent_dn(dn);
        if (scope == dir::Scope::one_level) {
          in_scope = parent && ascii_lower(*parent) == lbase;
        } else {
          in_scope = ldn == lbase || (ldn.size() > lbase.size() && ldn.compare(ldn.size() - lbase.size(), lbase.size(), lbase) == 0 &&
                                      ldn[ldn.size() - lbase.size() - 1] == ',');
        }
      }
      if (!in_scope || !matches(filter, attrs)) continue;
      dir::Entry entry;
      entry.dn = dn;
      for (const auto& [name, values] : attrs) {
        const std::string base_name = ascii_lower(name.substr(0, name.find(';')));
        for (const std::string& wanted : attributes) {
          if (ascii_lower(wanted) == base_name) entry.attributes.push_back({name, values});
        }
      }
      result.entries.push_back(std::move(entry));
    }
    return result;
  }

 private:
  static bool has_value(const Attrs& attrs, const std::string& name, const std::string& value) {
    for (const auto& [n, values] : attrs) {
      if (ascii_lower(n) != ascii_lower(name)) continue;
      if (value == "*") return true;
      for (const std::string& v : values) {
        if (ascii_lower(v) == ascii_lower(value)) return true;
      }
    }
    return false;
  }
  // The bitwise-AND matching rule (1.2.840.113556.1.4.803): some value, as an integer, has every bit of `bits`.
  static bool has_bits(const Attrs& attrs, const std::string& name, std::int64_t bits) {
    for (const auto& [n, values] : attrs) {
      if (ascii_lower(n) != ascii_lower(name)) continue;
      for (const std::string& v : values) {
        if ((std::stoll(v) & bits) == bits) return true;
      }
    }
    return false;
  }
  // (a=b), (a=*), (a:1.2.840.113556.1.4.803:=N), (!(..)), (&(..)(..)), (|(..)(..)); enough for what the
  // collector sends.
  static bool matches(std::string_view filter, const Attrs& attrs) {
    REQUIRE(filter.size() >= 2);
    REQUIRE(filter.front() == '(');
    REQUIRE(filter.back() == ')');
    const std::string_view inner = filter.substr(1, filter.size() - 2);
    if (inner.front() == '!') return !matches(inner.substr(1), attrs);
    if (inner.front() == '&' || inner.front() == '|') {
      std::vector<bool> results;
      int depth = 0;
      std::size_t start = 1;
      for (std::size_t i = 1; i < inner.size(); ++i) {
        if (inner[i] == '(' && depth++ == 0) start = i;
        if (inner[i] == ')' && --depth == 0) results.push_back(matches(inner.substr(start, i - start + 1), attrs));
      }
      if (inner.front() == '&') return std::all_of(results.begin(), results.end(), [](bool b) { return b; });
      return std::any_of(results.begin(), results.end(), [](bool b) { return b; });
    }
    if (const std::size_t rule = inner.find(":1.2.840.113556.1.4.803:="); rule != std::string_view::npos) {
      return has_bits(attrs, std::string(inner.substr(0, rule)), std::stoll(std::string(inner.substr(rule + 25))));
    }
    const std::size_t eq = inner.find('=');
    REQUIRE(eq != std::string_view::npos);
    const std::string name(inner.substr(0, eq));
    const std::string value(inner.substr(eq + 1));
    if (ascii_lower(name) == "objectclass" && value == "*") return true;
    return has_value(attrs, name, value);
  }

  std::vector<std::pair<std::string, Attrs>> m_objects;
  std::map<std::string, std::pair<int, std::string>> m_failures;
};

const std::string kDomain = "DC=contoso,DC=local";
const std::string kConfig = "CN=Configuration," + kDomain;
const std::string kSchemaNc = "CN=Schema," + kConfig;
const std::string kNtds = "CN=NTDS Settings,CN=SBS01,CN=Servers,CN=Default-First-Site-Name,CN=Sites," + kConfig;
const std::string kExchange = "CN=Microsoft Exchange,CN=Services," + kConfig;
const std::string kOrg = "CN=Contoso,CN=Microsoft Exchange,CN=Services," + kConfig;
const std::string kExServer = "CN=SBS01,CN=Servers,CN=First Administrative Group,CN=Administrative Groups," + kOrg;
const std::string kSg = "CN=First Storage Group,CN=InformationStore," + kExServer;
const std::string kPriv = "CN=Mailbox Store (SBS01)," + kSg;
const std::string kPub = "CN=Public Folder Store (SBS01)," + kSg;
const std::string kPre2000 = "CN=Pre-Windows 2000 Compatible Access,CN=Builtin," + kDomain;

// An SBS 2003 domain: one DC (SBS01, global catalog) holding every role, OU=MyBusiness, Exchange 2003 SP2.
void add_sbs(MemoryDirectory& d) {
  d.add("", {{"defaultNamingContext", {kDomain}},
             {"configurationNamingContext", {kConfig}},
             {"schemaNamingContext", {kSchemaNc}},
             {"rootDomainNamingContext", {kDomain}},
             {"namingContexts", {kDomain, kConfig, kSchemaNc, "DC=DomainDnsZones," + kDomain}},
             {"domainControllerFunctionality", {"2"}},
             {"domainFunctionality", {"2"}},
             {"forestFunctionality", {"2"}},
             {"dnsHostName", {"sbs01.contoso.local"}},
             {"serverName", {"CN=SBS01,CN=Servers,CN=Default-First-Site-Name,CN=Sites," + kConfig}}});
  d.add(kDomain, {{"msDS-Behavior-Version", {"2"}}, {"nTMixedDomain", {"0"}}, {"fSMORoleOwner", {kNtds}}});
  d.add("CN=Partitions," + kConfig, {{"msDS-Behavior-Version", {"2"}}, {"fSMORoleOwner", {kNtds}}});
  d.add(kSchemaNc, {{"objectVersion", {"31"}}, {"fSMORoleOwner", {kNtds}}});
  d.add("CN=System," + kDomain, {});
  d.add("CN=RID Manager$,CN=System," + kDomain, {{"fSMORoleOwner", {kNtds}}});
  d.add("CN=Infrastructure," + kDomain, {{"fSMORoleOwner", {kNtds}}});
  d.add("CN=Sites," + kConfig, {});
  d.add("CN=Default-First-Site-Name,CN=Sites," + kConfig, {});
  d.add("CN=Servers,CN=Default-First-Site-Name,CN=Sites," + kConfig, {});
  d.add("CN=SBS01,CN=Servers,CN=Default-First-Site-Name,CN=Sites," + kConfig,
        {{"objectClass", {"top", "server"}},
         {"dNSHostName", {"sbs01.contoso.local"}},
         {"serverReference", {"CN=SBS01,OU=Domain Controllers," + kDomain}}});
  d.add(kNtds, {{"objectClass", {"top", "applicationSettings", "nTDSDSA"}}, {"options", {"1"}}});
  d.add("CN=SBS01,OU=Domain Controllers," + kDomain,
        {{"operatingSystem", {"Windows Server 2003"}},
         {"operatingSystemVersion", {"5.2 (3790)"}},
         {"operatingSystemServicePack", {"Service Pack 2"}}});
  d.add("OU=MyBusiness," + kDomain, {{"objectClass", {"top", "organizationalUnit"}}, {"ou", {"MyBusiness"}}});
  d.add("OU=Domain Controllers," + kDomain, {{"objectClass", {"top", "organizationalUnit"}}, {"ou", {"Domain Controllers"}}});
  // Enabled and disabled accounts as Windows SBS 2003 leaves them (krbtgt and Guest disabled), a contact
  // (objectClass=user is not enough) and a workstation.
  const Attrs person = {{"objectCategory", {"person"}}, {"objectClass", {"top", "person", "organizationalPerson", "user"}}};
  const auto user = [&](const std::string& dn, const std::string& name, const std::string& uac) {
    Attrs a = person;
    a.push_back({"sAMAccountName", {name}});
    a.push_back({"userAccountControl", {uac}});
    d.add(dn, a);
  };
  user("CN=Administrator,CN=Users," + kDomain, "Administrator", "66048");
  user("CN=Guest,CN=Users," + kDomain, "Guest", "66082");
  user("CN=krbtgt,CN=Users," + kDomain, "krbtgt", "514");
  user("CN=Smith\\, John,OU=SBSUsers,OU=Users,OU=MyBusiness," + kDomain, "jsmith", "512");
  d.add("CN=Supplier,OU=Contacts,OU=MyBusiness," + kDomain,
        {{"objectCategory", {"person"}}, {"objectClass", {"top", "person", "organizationalPerson", "contact"}}});
  d.set("CN=SBS01,OU=Domain Controllers," + kDomain, "objectCategory", {"computer"});
  d.set("CN=SBS01,OU=Domain Controllers," + kDomain, "sAMAccountName", {"SBS01$"});
  d.set("CN=SBS01,OU=Domain Controllers," + kDomain, "userAccountControl", {"532480"});
  d.add("CN=PC01,OU=SBSComputers,OU=Computers,OU=MyBusiness," + kDomain,
        {{"objectCategory", {"computer"}}, {"objectClass", {"top", "person", "organizationalPerson", "user", "computer"}},
         {"sAMAccountName", {"PC01$"}}, {"userAccountControl", {"4096"}}, {"operatingSystem", {"Windows XP Professional"}}});
  // An external trust (two-way, quarantined) and the disabled leftover of an old Windows NT 4.0 one.
  d.add("CN=fabrikam.local,CN=System," + kDomain,
        {{"objectClass", {"top", "leaf", "trustedDomain"}}, {"trustPartner", {"fabrikam.local"}}, {"flatName", {"FABRIKAM"}},
         {"trustDirection", {"3"}}, {"trustType", {"2"}}, {"trustAttributes", {"4"}}});
  d.add("CN=OLDNT,CN=System," + kDomain,
        {{"objectClass", {"top", "leaf", "trustedDomain"}}, {"trustPartner", {"OLDNT"}}, {"trustDirection", {"0"}},
         {"trustType", {"1"}}});
  d.add(kPre2000, {{"member", {"CN=S-1-1-0,CN=ForeignSecurityPrincipals," + kDomain,
                               "CN=S-1-5-7,CN=ForeignSecurityPrincipals," + kDomain}}});
  d.add(kExchange, {{"cn", {"Microsoft Exchange"}}});
  d.add(kOrg, {{"objectClass", {"top", "container", "msExchOrganizationContainer"}}, {"msExchMixedMode", {"TRUE"}}});
  d.add(kExServer, {{"objectClass", {"top", "server", "msExchExchangeServer"}},
                    {"serialNumber", {"Version 6.5 (Build 7638.2: Service Pack 2)"}}});
  d.add(kSg, {{"objectClass", {"top", "container", "msExchStorageGroup"}}, {"msExchESEParamCircularLog", {"0"}}});
  d.add(kPriv, {{"objectClass", {"top", "msExchMDB", "msExchPrivateMDB"}},
                {"msExchOwningServer", {kExServer}},
                {"msExchEDBFile", {"C:\\Program Files\\Exchsrvr\\mdbdata\\priv1.edb"}},
                {"msExchSLVFile", {"C:\\Program Files\\Exchsrvr\\mdbdata\\priv1.stm"}},
                {"homeMDBBL", {"CN=Administrator,CN=Users," + kDomain, "CN=Smith\\, John,OU=SBSUsers," + kDomain}}});
  d.add(kPub, {{"objectClass", {"top", "msExchMDB", "msExchPublicMDB"}},
               {"msExchOwningServer", {kExServer}},
               {"msExchEDBFile", {"C:\\Program Files\\Exchsrvr\\mdbdata\\pub1.edb"}}});
}

dir::Inputs sbs_inputs(int* size_calls = nullptr) {
  dir::Inputs in;
  in.computer_name = "sbs01";
  in.file_size = [size_calls](const std::string& path) {
    if (size_calls != nullptr) ++*size_calls;
    dir::FileSize size;
    if (path.ends_with("priv1.edb")) {
      size.size_bytes = 17179869184ull;  // 16 GiB
    } else {
      size.error = "GetFileAttributesExW: The system cannot find the file specified. (Win32 error 2)";
    }
    return size;
  };
  in.delegation.accounts = {{"S-1-5-32-544", "BUILTIN\\Administrators"}};
  in.shares.items = {{"SYSVOL", "C:\\WINDOWS\\SYSVOL\\sysvol", 0, "Logon server share "},
                     {"NETLOGON", "C:\\WINDOWS\\SYSVOL\\sysvol\\contoso.local\\SCRIPTS", 0, "Logon server share "},
                     {"ADMIN$", "C:\\WINDOWS", 0x80000000u, "Remote Admin"}};
  in.name_resolution.fqdn = "sbs01.contoso.local";
  in.name_resolution.addresses = {"192.168.16.2"};
  return in;
}

rapidjson::Document parse(const std::string& json) {
  rapidjson::Document d;
  d.Parse<rapidjson::kParseValidateEncodingFlag>(json.c_str(), json.size());
  REQUIRE_FALSE(d.HasParseError());
  REQUIRE(d.IsObject());
  return d;
}

std::string str(const rapidjson::Value& v) {
  REQUIRE(v.IsString());
  return std::string(v.GetString(), v.GetStringLength());
}

std::string status(const rapidjson::Document& d, const char* part) { return str(d[part]["status"]); }

const char* const kLdapParts[] = {"root_dse", "domain", "forest", "schema_container", "fsmo", "domain_controllers",
                                  "mybusiness_ou", "pre_windows_2000_compatible_access", "enabled_accounts", "trusts",
                                  "exchange"};

}  // namespace

TEST_CASE("directory: an SBS 2003 domain, every part read and decoded", "[collector][directory]") {
  MemoryDirectory d;
  add_sbs(d);
  int size_calls = 0;
  const dir::Collected c = dir::collect(d, sbs_inputs(&size_calls));
  CHECK(migready::test::api_document_problem(c.json) == "");
  CHECK(c.outcome == dir::Outcome::ok);
  CHECK_FALSE(c.error);
  CHECK_FALSE(c.exit_code);
  const auto j = parse(c.json);
  CHECK(str(j["schema"]) == "migready-api-directory/1");
  CHECK(j["complete"].GetBool());
  CHECK(j["error"].IsNull());
  CHECK(j["limits"]["max_objects"].GetUint() == 1000);
  CHECK(j["limits"]["max_value_bytes"].GetUint() == 4096);
  CHECK(j["connection"]["host"].IsNull());
  CHECK(j["connection"]["port"].GetUint() == 389);
  CHECK(str(j["connection"]["bind"]) == "negotiate");
  CHECK(status(j, "connection") == "ok");
  for (const char* part : kLdapParts) {
    INFO(part);
    CHECK(status(j, part) == "ok");
    CHECK(j[part]["ldap_error"].IsNull());
    CHECK(j[part]["error"].IsNull());
  }

  const auto& dse = j["root_dse"];
  CHECK(str(dse["default_naming_context"]) == kDomain);
  CHECK(str(dse["configuration_naming_context"]) == kConfig);
  CHECK(str(dse["schema_naming_context"]) == kSchemaNc);
  CHECK(dse["naming_contexts"].Size() == 4);
  CHECK(dse["domain_controller_functionality"].GetInt64() == 2);
  CHECK(dse["forest_functionality"].GetInt64() == 2);
  CHECK(str(dse["dns_host_name"]) == "sbs01.contoso.local");
  CHECK(j["domain"]["msds_behavior_version"].GetInt64() == 2);
  CHECK(j["domain"]["nt_mixed_domain"].GetInt64() == 0);
  CHECK(str(j["domain"]["dn"]) == kDomain);
  CHECK(str(j["forest"]["dn"]) == "CN=Partitions," + kConfig);
  CHECK(j["forest"]["msds_behavior_version"].GetInt64() == 2);
  CHECK(j["schema_container"]["object_version"].GetInt64() == 31);

  const auto& roles = j["fsmo"]["roles"];
  REQUIRE(roles.Size() == 5);
  const char* const names[] = {"schema_master", "domain_naming_master", "pdc_emulator", "rid_master",
                               "infrastructure_master"};
  const std::string objects[] = {kSchemaNc, "CN=Partitions," + kConfig, kDomain, "CN=RID Manager$,CN=System," + kDomain,
                                 "CN=Infrastructure," + kDomain};
  for (unsigned i = 0; i < 5; ++i) {
    CHECK(str(roles[i]["role"]) == names[i]);
    CHECK(str(roles[i]["object"]) == objects[i]);
    CHECK(str(roles[i]["status"]) == "ok");
    CHECK(str(roles[i]["owner"]) == kNtds);
    CHECK(str(roles[i]["server"]) == "SBS01");
  }

  const auto& dcs = j["domain_controllers"]["items"];
  REQUIRE(dcs.Size() == 1);
  CHECK(str(dcs[0]["name"]) == "SBS01");
  CHECK(str(dcs[0]["site"]) == "Default-First-Site-Name");
  CHECK(str(dcs[0]["server_dn"]) == "CN=SBS01,CN=Servers,CN=Default-First-Site-Name,CN=Sites," + kConfig);
  CHECK(dcs[0]["global_catalog"].GetBool());
  CHECK(str(dcs[0]["dns_host_name"]) == "sbs01.contoso.local");
  CHECK(str(dcs[0]["computer_dn"]) == "CN=SBS01,OU=Domain Controllers," + kDomain);
  CHECK(str(dcs[0]["operating_system"]) == "Windows Server 2003");
  CHECK(str(dcs[0]["operating_system_version"]) == "5.2 (3790)");
  CHECK(str(dcs[0]["operating_system_service_pack"]) == "Service Pack 2");
  CHECK(dcs[0]["error"].IsNull());

  CHECK(j["mybusiness_ou"]["present"].GetBool());
  CHECK(str(j["mybusiness_ou"]["dn"]) == "OU=MyBusiness," + kDomain);
  const auto& pre = j["pre_windows_2000_compatible_access"];
  CHECK(pre["present"].GetBool());
  CHECK(str(pre["dn"]) == kPre2000);
  REQUIRE(pre["members"].Size() == 2);
  CHECK(str(pre["members"][0]) == "CN=S-1-1-0,CN=ForeignSecurityPrincipals," + kDomain);

  // Disabled accounts (Guest, krbtgt) and the contact are left out by the filters themselves.
  const auto& users = j["enabled_accounts"]["users"];
  REQUIRE(users.Size() == 2);
  CHECK(str(users[0]["name"]) == "Administrator");
  CHECK(users[0]["user_account_control"].GetInt64() == 66048);
  CHECK(str(users[1]["name"]) == "jsmith");
  CHECK_FALSE(users[1].HasMember("operating_system"));
  const auto& computers = j["enabled_accounts"]["computers"];
  REQUIRE(computers.Size() == 2);
  CHECK(str(computers[0]["name"]) == "SBS01$");
  CHECK(computers[0]["user_account_control"].GetInt64() == 532480);
  CHECK(str(computers[0]["operating_system"]) == "Windows Server 2003");
  CHECK(str(computers[1]["name"]) == "PC01$");
  CHECK(str(computers[1]["operating_system"]) == "Windows XP Professional");

  const auto& trusts = j["trusts"]["items"];
  REQUIRE(trusts.Size() == 2);
  CHECK(str(trusts[0]["dn"]) == "CN=fabrikam.local,CN=System," + kDomain);
  CHECK(str(trusts[0]["partner"]) == "fabrikam.local");
  CHECK(str(trusts[0]["flat_name"]) == "FABRIKAM");
  CHECK(trusts[0]["direction"].GetInt64() == 3);
  CHECK(trusts[0]["type"].GetInt64() == 2);
  CHECK(trusts[0]["attributes"].GetInt64() == 4);
  CHECK(trusts[1]["flat_name"].IsNull());
  CHECK(trusts[1]["attributes"].IsNull());
  CHECK(trusts[1]["direction"].GetInt64() == 0);

  const auto& x = j["exchange"];
  CHECK(x["present"].GetBool());
  REQUIRE(x["organizations"].Size() == 1);
  CHECK(str(x["organizations"][0]["name"]) == "Contoso");
  CHECK(x["organizations"][0]["mixed_mode"].GetBool());
  REQUIRE(x["servers"].Size() == 1);
  CHECK(str(x["servers"][0]["name"]) == "SBS01");
  CHECK(str(x["servers"][0]["serial_number"]) == "Version 6.5 (Build 7638.2: Service Pack 2)");
  CHECK(x["servers"][0]["this_server"].GetBool());  // "sbs01" matches case-insensitively
  REQUIRE(x["stores"].Size() == 2);
  const auto& priv = x["stores"][0];
  CHECK(str(priv["name"]) == "Mailbox Store (SBS01)");
  CHECK(str(priv["kind"]) == "mailbox");
  CHECK(str(priv["server"]) == "SBS01");
  CHECK(str(priv["storage_group"]) == "First Storage Group");
  CHECK(priv["circular_logging"].GetInt64() == 0);
  CHECK(priv["mailbox_count"].GetInt64() == 2);
  CHECK_FALSE(priv["mailbox_count_truncated"].GetBool());
  CHECK(str(priv["edb"]["path"]) == "C:\\Program Files\\Exchsrvr\\mdbdata\\priv1.edb");
  CHECK(priv["edb"]["size_bytes"].GetUint64() == 17179869184ull);
  CHECK(priv["edb"]["size_error"].IsNull());
  CHECK(priv["stm"]["size_bytes"].IsNull());
  CHECK(str(priv["stm"]["size_error"]).starts_with("GetFileAttributesExW: "));
  const auto& pub = x["stores"][1];
  CHECK(str(pub["kind"]) == "public");
  CHECK(pub["mailbox_count"].IsNull());
  CHECK(pub["stm"].IsNull());  // no msExchSLVFile
  CHECK(size_calls == 3);

  CHECK(status(j, "delegation_privilege") == "ok");
  CHECK(str(j["delegation_privilege"]["privilege"]) == "SeEnableDelegationPrivilege");
  CHECK(str(j["delegation_privilege"]["accounts"][0]["name"]) == "BUILTIN\\Administrators");
  CHECK(j["shares"]["level"].GetUint() == 2);
  CHECK(j["shares"]["items"].Size() == 3);
  CHECK(j["shares"]["items"][2]["type"].GetUint() == 0x80000000u);
  CHECK(str(j["name_resolution"]["fqdn"]) == "sbs01.contoso.local");
  CHECK(str(j["name_resolution"]["addresses"][0]) == "192.168.16.2");

  // The contract's order, searches only.
  REQUIRE(d.searched.size() >= 14);
  CHECK(d.searched[0] == "|0|(objectClass=*)");
  CHECK(d.searched[1] == kDomain + "|0|(objectClass=*)");
  CHECK(d.searched[2] == "CN=Partitions," + kConfig + "|0|(objectClass=*)");
  CHECK(d.searched[3] == kSchemaNc + "|0|(objectClass=*)");
}

TEST_CASE("directory: a Windows 2000 domain controller has no functionality attributes", "[collector][directory]") {
  MemoryDirectory d;
  add_sbs(d);
  d.remove_attribute("", "domainControllerFunctionality");
  d.remove_attribute("", "domainFunctionality");
  d.remove_attribute("", "forestFunctionality");
  d.remove_attribute(kDomain, "msDS-Behavior-Version");
  d.remove_attribute("CN=Partitions," + kConfig, "msDS-Behavior-Version");
  d.set(kDomain, "nTMixedDomain", {"1"});
  d.set(kSchemaNc, "objectVersion", {"13"});
  const auto c = dir::collect(d, sbs_inputs());
  CHECK(migready::test::api_document_problem(c.json) == "");
  CHECK(c.outcome == dir::Outcome::ok);
  const auto j = parse(c.json);
  CHECK(j["complete"].GetBool());
  CHECK(status(j, "root_dse") == "ok");
  CHECK(j["root_dse"]["domain_controller_functionality"].IsNull());
  CHECK(j["root_dse"]["domain_functionality"].IsNull());
  CHECK(j["root_dse"]["forest_functionality"].IsNull());
  CHECK(j["domain"]["msds_behavior_version"].IsNull());
  CHECK(j["domain"]["nt_mixed_domain"].GetInt64() == 1);
  CHECK(j["forest"]["msds_behavior_version"].IsNull());
  CHECK(j["schema_container"]["object_version"].GetInt64() == 13);
}

TEST_CASE("directory: a refused bind skips every LDAP part and searches nothing", "[collector][directory]") {
  MemoryDirectory d;
  add_sbs(d);
  d.connect_status = {49, "ldap_bind_sW", "Invalid Credentials"};
  dir::Inputs in = sbs_inputs();
  in.host = "127.0.0.2";
  in.simple_bind = true;
  in.bind_dn = "CN=Administrator,CN=Users," + kDomain;
  const auto c = dir::collect(d, in);
  CHECK(migready::test::api_document_problem(c.json) == "");
  CHECK(d.searched.empty());
  CHECK(c.outcome == dir::Outcome::denied);
  CHECK(c.exit_code == 49);
  REQUIRE(c.error);
  CHECK(c.error->find("connection denied: ldap_bind_sW on 127.0.0.2:389: Invalid Credentials (LDAP error 49)") !=
        std::string::npos);
  CHECK(c.error->find("skipped: root_dse, domain") != std::string::npos);
  const auto j = parse(c.json);
  CHECK_FALSE(j["complete"].GetBool());
  CHECK(str(j["connection"]["bind"]) == "simple");
  CHECK(str(j["connection"]["host"]) == "127.0.0.2");
  CHECK(str(j["connection"]["bind_dn"]) == in.bind_dn);
  CHECK(status(j, "connection") == "denied");
  CHECK(j["connection"]["ldap_error"].GetInt() == 49);
  for (const char* part : kLdapParts) {
    INFO(part);
    CHECK(status(j, part) == "skipped");
    CHECK(j[part]["ldap_error"].IsNull());
    CHECK(str(j[part]["error"]) == "no connection");
  }
  CHECK(j["fsmo"]["roles"].Size() == 0);
  CHECK(j["exchange"]["present"].IsFalse());
  // The non-LDAP parts do not depend on the directory.
  CHECK(status(j, "shares") == "ok");
  CHECK(j["shares"]["items"].Size() == 3);

  MemoryDirectory down;
  down.connect_status = {81, "ldap_connect", "Server Down"};
  const auto c2 = dir::collect(down, sbs_inputs());
  CHECK(migready::test::api_document_problem(c2.json) == "");
  CHECK(c2.outcome == dir::Outcome::failed);
  CHECK(parse(c2.json)["connection"]["status"] == "failed");
  CHECK(c2.error->find("ldap_connect on the DC locator's choice:389: Server Down (LDAP error 81)") != std::string::npos);
}

TEST_CASE("directory: an unreadable rootDSE skips the rest", "[collector][directory]") {
  MemoryDirectory d;
  add_sbs(d);
  d.fail_base("", 52, "Unavailable");
  const auto c = dir::collect(d, sbs_inputs());
  CHECK(migready::test::api_document_problem(c.json) == "");
  CHECK(d.searched.size() == 1);
  CHECK(c.outcome == dir::Outcome::failed);
  const auto j = parse(c.json);
  CHECK(status(j, "root_dse") == "failed");
  CHECK(str(j["root_dse"]["error"]) == "ldap_search_ext_sW on rootDSE: Unavailable (LDAP error 52)");
  CHECK(status(j, "domain") == "skipped");
  CHECK(str(j["exchange"]["error"]) == "no rootDSE");
}

TEST_CASE("directory: a denied search is that part's, the others stay ok", "[collector][directory]") {
  MemoryDirectory d;
  add_sbs(d);
  d.fail_base(kPre2000, 50, "Insufficient Rights");
  auto c = dir::collect(d, sbs_inputs());
  CHECK(migready::test::api_document_problem(c.json) == "");
  CHECK(c.outcome == dir::Outcome::denied);
  CHECK(c.exit_code == 50);
  CHECK(*c.error == "pre_windows_2000_compatible_access denied: ldap_search_ext_sW on " + kPre2000 +
                        ": Insufficient Rights (LDAP error 50)");
  auto j = parse(c.json);
  CHECK_FALSE(j["complete"].GetBool());
  CHECK(status(j, "pre_windows_2000_compatible_access") == "denied");
  CHECK(j["pre_windows_2000_compatible_access"]["ldap_error"].GetInt() == 50);
  CHECK(j["pre_windows_2000_compatible_access"]["present"].IsFalse());
  CHECK(status(j, "mybusiness_ou") == "ok");
  CHECK(status(j, "exchange") == "ok");

  // One FSMO role object refused: that role denied, the part the worst of the five; with another part
  // failing (not a refusal) the document is failed.
  d.fail_base("CN=RID Manager$,CN=System," + kDomain, 50, "Insufficient Rights");
  dir::Inputs in = sbs_inputs();
  in.delegation.state = {dir::PartStatus::failed, 0xC00000BB,  // STATUS_NOT_SUPPORTED
                         "LsaEnumerateAccountsWithUserRight: The request is not supported. (Win32 error 50)"};
  c = dir::collect(d, in);
  CHECK(migready::test::api_document_problem(c.json) == "");
  CHECK(c.outcome == dir::Outcome::failed);
  j = parse(c.json);
  CHECK(status(j, "fsmo") == "denied");
  CHECK(str(j["fsmo"]["roles"][3]["status"]) == "denied");
  CHECK(str(j["fsmo"]["roles"][2]["status"]) == "ok");
  CHECK(j["fsmo"]["roles"][3]["owner"].IsNull());
  CHECK(status(j, "delegation_privilege") == "failed");
  CHECK(j["delegation_privilege"]["ldap_error"].GetInt64() == 0xC00000BB);
}

TEST_CASE("directory: caps cut objects, values and bytes and mark the part truncated", "[collector][directory]") {
  MemoryDirectory d;
  add_sbs(d);
  // Three more domain controllers (the cap is 2), five Pre-2000 members (cap 3), a long serial number
  // (cap 48 bytes, cut before a 2-byte character), a ranged homeMDBBL.
  for (const char* name : {"DC2", "DC3", "DC4"}) {
    const std::string server = std::string("CN=") + name + ",CN=Servers,CN=Default-First-Site-Name,CN=Sites," + kConfig;
    d.add(server, {{"dNSHostName", {std::string(name) + ".contoso.local"}}});
    d.add("CN=NTDS Settings," + server, {{"objectClass", {"nTDSDSA"}}});
  }
  d.set(kPre2000, "member", {"CN=a", "CN=b", "CN=c", "CN=d", "CN=e"});
  d.set(kExServer, "serialNumber", {std::string(47, 'v') + "\xC3\xA9 (Build 7638.2)"});  // 'é' at bytes 48..49
  d.remove_attribute(kPriv, "homeMDBBL");
  d.set(kPriv, "homeMDBBL;range=0-1", {"CN=u1", "CN=u2"});
  const dir::Limits limits{2, 3, 48};
  const auto c = dir::collect(d, sbs_inputs(), limits);
  CHECK(migready::test::api_document_problem(c.json) == "");
  CHECK(c.outcome == dir::Outcome::truncated);
  CHECK_FALSE(c.error);
  const auto j = parse(c.json);
  CHECK(j["complete"].GetBool());
  CHECK(j["limits"]["max_objects"].GetUint() == 2);
  CHECK(status(j, "domain_controllers") == "truncated");
  CHECK(j["domain_controllers"]["items"].Size() == 2);
  CHECK(status(j, "pre_windows_2000_compatible_access") == "truncated");
  CHECK(j["pre_windows_2000_compatible_access"]["members"].Size() == 3);
  CHECK(status(j, "exchange") == "truncated");
  CHECK(str(j["exchange"]["servers"][0]["serial_number"]) == std::string(47, 'v'));
  CHECK(j["exchange"]["stores"][0]["mailbox_count"].GetInt64() == 2);
  CHECK(j["exchange"]["stores"][0]["mailbox_count_truncated"].GetBool());
  // Long DNs are cut too, so everything in the document stays within max_value_bytes.
  CHECK(status(j, "root_dse") == "truncated");
  CHECK(j["root_dse"]["naming_contexts"].Size() == 3);
  CHECK(str(j["root_dse"]["server_name"]).size() == 48);
  CHECK(str(j["fsmo"]["roles"][0]["owner"]).size() == 48);

  // The server's own size limit (LDAP 4, partial results) is a truncation too.
  class SizeLimited : public MemoryDirectory {
   public:
    dir::SearchResult search(const std::string& base, dir::Scope scope, const std::string& filter,
                             const std::vector<std::string>& attributes) override {
      dir::SearchResult r = MemoryDirectory::search(base, scope, filter, attributes);
      if (scope == dir::Scope::subtree && filter == "(objectClass=nTDSDSA)") r.status = {4, "ldap_search_ext_sW", "Size Limit Exceeded"};
      return r;
    }
  } limited;
  add_sbs(limited);
  const auto c2 = dir::collect(limited, sbs_inputs());
  CHECK(migready::test::api_document_problem(c2.json) == "");
  CHECK(c2.outcome == dir::Outcome::truncated);
  const auto j2 = parse(c2.json);
  CHECK(status(j2, "domain_controllers") == "truncated");
  CHECK(j2["domain_controllers"]["items"].Size() == 1);

  // The non-LDAP lists are capped the same way.
  dir::Inputs in = sbs_inputs();
  in.shares.items.resize(3);
  MemoryDirectory plain;
  add_sbs(plain);
  const auto c3 = dir::collect(plain, in, dir::Limits{2, 1000, 4096});
  CHECK(migready::test::api_document_problem(c3.json) == "");
  CHECK(status(parse(c3.json), "shares") == "truncated");
}

TEST_CASE("directory: hostile DNs and values give nulls, never a crash or a guess", "[collector][directory]") {
  MemoryDirectory d;
  add_sbs(d);
  // A DC whose name needs escapes; one whose NTDS DN is junk below CN=Sites; a deleted FSMO owner.
  const std::string odd_server = "CN=Smith\\, John\\2B,CN=Servers,CN=Branch\\#1,CN=Sites," + kConfig;
  d.add(odd_server, {{"serverReference", {"CN=missing," + kDomain}}});
  d.add("CN=NTDS Settings," + odd_server, {{"objectClass", {"nTDSDSA"}}, {"options", {"0x1"}}});
  d.add("CN=Broken\\,CN=Sites," + kConfig, {{"objectClass", {"nTDSDSA"}}});  // not an NTDS Settings DN
  const std::string deleted = "CN=NTDS Settings\\0ADEL:6f1a6a5e-0000-0000-0000-000000000000,CN=OLDDC,CN=Servers,"
                              "CN=Default-First-Site-Name,CN=Sites," + kConfig;
  d.set("CN=Infrastructure," + kDomain, "fSMORoleOwner", {deleted});
  d.set("CN=RID Manager$,CN=System," + kDomain, "fSMORoleOwner", {"junk without equals"});
  // Junk numbers and booleans; an overlong value; missing attributes; a UNC database path.
  d.set(kDomain, "msDS-Behavior-Version", {"2x"});
  d.set(kDomain, "nTMixedDomain", {"99999999999999999999"});
  d.set("", "domainFunctionality", {""});
  d.set(kSchemaNc, "objectVersion", {"-"});
  d.set(kOrg, "msExchMixedMode", {"true"});
  d.set(kExServer, "serialNumber", {std::string(100000, 'A')});
  d.remove_attribute(kPub, "msExchOwningServer");
  d.set(kPriv, "msExchEDBFile", {"\\\\attacker\\share\\priv1.edb"});
  d.set(kPriv, "msExchSLVFile", {"mdbdata\\priv1.stm"});
  int size_calls = 0;
  const auto c = dir::collect(d, sbs_inputs(&size_calls));
  CHECK(migready::test::api_document_problem(c.json) == "");
  const auto j = parse(c.json);
  CHECK(j["domain"]["msds_behavior_version"].IsNull());
  CHECK(j["domain"]["nt_mixed_domain"].IsNull());
  CHECK(j["root_dse"]["domain_functionality"].IsNull());
  CHECK(j["schema_container"]["object_version"].IsNull());
  CHECK(j["exchange"]["organizations"][0]["mixed_mode"].IsNull());
  CHECK(str(j["exchange"]["servers"][0]["serial_number"]).size() == 4096);
  CHECK(status(j, "exchange") == "truncated");
  CHECK(str(j["fsmo"]["roles"][4]["server"]) == "OLDDC");
  CHECK(str(j["fsmo"]["roles"][4]["owner"]) == deleted);
  CHECK(j["fsmo"]["roles"][3]["server"].IsNull());
  CHECK(str(j["fsmo"]["roles"][3]["owner"]) == "junk without equals");

  const auto& dcs = j["domain_controllers"]["items"];
  REQUIRE(dcs.Size() == 3);
  bool saw_odd = false;
  bool saw_broken = false;
  for (const auto& dc : dcs.GetArray()) {
    if (dc["name"].IsString() && str(dc["name"]) == "Smith, John+") {
      saw_odd = true;
      CHECK(str(dc["site"]) == "Branch#1");
      CHECK(dc["global_catalog"].IsNull());  // "0x1" is not a decimal integer
      CHECK(str(dc["server_dn"]) == odd_server);
      CHECK(dc["operating_system"].IsNull());
      CHECK(str(dc["error"]).find("(LDAP error 32)") != std::string::npos);
    }
    if (dc["name"].IsNull()) {
      saw_broken = true;
      CHECK(dc["site"].IsNull());
    }
  }
  CHECK(saw_odd);
  CHECK(saw_broken);
  CHECK(status(j, "domain_controllers") == "ok");  // item errors stay in the items

  const auto& priv = j["exchange"]["stores"][0];
  CHECK(priv["edb"]["size_bytes"].IsNull());
  CHECK(str(priv["edb"]["size_error"]).starts_with("not a local"));
  CHECK(str(priv["stm"]["size_error"]).starts_with("not a local"));
  const auto& pub = j["exchange"]["stores"][1];
  CHECK(pub["server"].IsNull());
  CHECK(str(pub["edb"]["size_error"]) == "no msExchOwningServer; not measured");
  CHECK(size_calls == 0);
}

TEST_CASE("directory: no Exchange, no MyBusiness, no Pre-2000 group: absence is data", "[collector][directory]") {
  MemoryDirectory d;
  d.add("", {{"defaultNamingContext", {kDomain}}, {"configurationNamingContext", {kConfig}}, {"schemaNamingContext", {kSchemaNc}}});
  d.add(kDomain, {{"msDS-Behavior-Version", {"0"}}});
  d.add("CN=Partitions," + kConfig, {});
  d.add(kSchemaNc, {{"objectVersion", {"30"}}});
  d.add("CN=RID Manager$,CN=System," + kDomain, {});
  d.add("CN=Infrastructure," + kDomain, {});
  d.add("CN=Sites," + kConfig, {});
  const auto c = dir::collect(d, sbs_inputs());
  CHECK(migready::test::api_document_problem(c.json) == "");
  CHECK(c.outcome == dir::Outcome::ok);
  const auto j = parse(c.json);
  CHECK(status(j, "exchange") == "ok");
  CHECK(j["exchange"]["present"].IsFalse());
  CHECK(j["exchange"]["organizations"].Size() == 0);
  CHECK(j["exchange"]["stores"].Size() == 0);
  CHECK(j["mybusiness_ou"]["present"].IsFalse());
  CHECK(j["mybusiness_ou"]["dn"].IsNull());
  CHECK(status(j, "pre_windows_2000_compatible_access") == "ok");
  CHECK(j["pre_windows_2000_compatible_access"]["present"].IsFalse());
  CHECK(j["domain_controllers"]["items"].Size() == 0);
  CHECK(status(j, "trusts") == "ok");
  CHECK(j["trusts"]["items"].Size() == 0);
  CHECK(status(j, "enabled_accounts") == "ok");
  CHECK(j["enabled_accounts"]["users"].Size() == 0);
  CHECK(j["fsmo"]["roles"][0]["owner"].IsNull());
  CHECK(j["root_dse"]["naming_contexts"].Size() == 0);

  // A rootDSE without a configuration NC: the parts that need it are skipped, and that is a failure.
  MemoryDirectory partial;
  partial.add("", {{"defaultNamingContext", {kDomain}}});
  partial.add(kDomain, {});
  const auto c2 = dir::collect(partial, sbs_inputs());
  CHECK(migready::test::api_document_problem(c2.json) == "");
  CHECK(c2.outcome == dir::Outcome::failed);
  const auto j2 = parse(c2.json);
  CHECK(status(j2, "exchange") == "skipped");
  CHECK(str(j2["exchange"]["error"]) == "the rootDSE has no configurationNamingContext");
  CHECK(status(j2, "domain") == "ok");
  CHECK(str(j2["fsmo"]["roles"][1]["status"]) == "skipped");
}


TEST_CASE("directory: value decoding", "[collector][directory]") {
  CHECK(dir::parse_integer("47") == 47);
  CHECK(dir::parse_integer("-1") == -1);
  CHECK(dir::parse_integer("9223372036854775807") == INT64_MAX);
  CHECK(dir::parse_integer("-9223372036854775808") == INT64_MIN);
  CHECK_FALSE(dir::parse_integer("9223372036854775808"));
  CHECK_FALSE(dir::parse_integer(""));
  CHECK_FALSE(dir::parse_integer("-"));
  CHECK_FALSE(dir::parse_integer("+1"));
  CHECK_FALSE(dir::parse_integer(" 1"));
  CHECK_FALSE(dir::parse_integer("1e3"));
  CHECK(dir::parse_boolean("TRUE") == true);
  CHECK(dir::parse_boolean("FALSE") == false);
  CHECK_FALSE(dir::parse_boolean("True"));
  CHECK_FALSE(dir::parse_boolean("1"));

  auto n = dir::split_attribute_name("homeMDBBL;range=0-1499");
  CHECK(n.base == "homeMDBBL");
  CHECK(n.more);
  n = dir::split_attribute_name("homeMDBBL;Range=1500-*");
  CHECK(n.base == "homeMDBBL");
  CHECK_FALSE(n.more);
  n = dir::split_attribute_name("member");
  CHECK(n.base == "member");
  CHECK_FALSE(n.more);
  CHECK(dir::split_attribute_name("member;binary").base == "member");

  CHECK(dir::is_local_file_path("C:\\Program Files\\Exchsrvr\\mdbdata\\priv1.edb"));
  CHECK(dir::is_local_file_path("e:/mdbdata/priv1.edb"));
  CHECK_FALSE(dir::is_local_file_path("\\\\server\\share\\priv1.edb"));
  CHECK_FALSE(dir::is_local_file_path("\\\\?\\C:\\priv1.edb"));
  CHECK_FALSE(dir::is_local_file_path("mdbdata\\priv1.edb"));
  CHECK_FALSE(dir::is_local_file_path("C:priv1.edb"));
  CHECK_FALSE(dir::is_local_file_path(std::string("C:\\a\nb", 6)));

  CHECK(dir::cut_utf8("abc", 5) == "abc");
  CHECK(dir::cut_utf8("ab\xC3\xA9", 3) == "ab");
  CHECK(dir::cut_utf8("ab\xE2\x82\xAC", 4) == "ab");
  CHECK(dir::cut_utf8("ab\xE2\x82\xAC", 5) == "ab\xE2\x82\xAC");
  CHECK(dir::part_status_name(dir::PartStatus::skipped) == "skipped");
}
