// Facts from api.directory (directory.cpp) and the Exchange stores joined to them (exchange.cpp), on the
// document of directory_doc.hpp. What the built-in rules make of them: tests/unit/rules/test_rules_directory.cpp.
#include "core/json.hpp"
#include "directory_doc.hpp"
#include "facts_test_util.hpp"

using namespace migready;
using namespace migready::test::directory_doc;
using namespace migready::test::facts_util;

TEST_CASE("directory: an SBS 2003 domain with a Windows 2000 DC, every part read", "[facts][directory]") {
  auto f = build_doc(base_doc());
  const auto& domain = value(f, "directory.domain_functional_level");
  CHECK(domain["code"].GetInt64() == 0);
  CHECK(str(domain["name"]) == "Windows 2000 native");
  CHECK_FALSE(domain["mixed_mode"].GetBool());
  CHECK(source(f, "directory.domain_functional_level") == "api.directory:domain.msds_behavior_version");
  CHECK(str(value(f, "directory.forest_functional_level")["name"]) == "Windows 2000");
  CHECK(value(f, "directory.schema_version")["object_version"].GetInt64() == 30);
  CHECK(str(value(f, "directory.schema_version")["name"]) == "Windows Server 2003");

  const auto& fsmo = value(f, "directory.fsmo");
  CHECK(str(fsmo["pdc_emulator"]) == "SBS01");
  CHECK(str(fsmo["schema_master"]) == "SBS01");
  CHECK(value(f, "directory.fsmo_not_on_this_server").Empty());
  CHECK(value(f, "directory.fsmo_owners_elsewhere").Empty());

  const auto& dcs = value(f, "directory.domain_controllers");
  REQUIRE(dcs.Size() == 2);
  CHECK(str(dcs[1]["name"]) == "OLDSRV");
  CHECK(dcs[1]["older_than_2003"].GetBool());
  CHECK_FALSE(dcs[0]["older_than_2003"].GetBool());
  CHECK(dcs[0]["global_catalog"].GetBool());
  REQUIRE(value(f, "directory.dcs_older_than_2003").Size() == 1);
  CHECK(str(value(f, "directory.dcs_older_than_2003")[0]) == "OLDSRV");
  CHECK(value(f, "directory.dcs_os_unknown").Empty());

  CHECK(str(value(f, "directory.dns_domain_name")) == "contoso.local");
  CHECK_FALSE(value(f, "directory.single_label_domain").GetBool());
  CHECK(value(f, "directory.forest_root_domain").GetBool());
  CHECK(source(f, "directory.forest_root_domain") == "api.directory:root_dse.root_domain_naming_context");
  CHECK(value(f, "directory.mybusiness_ou_present").GetBool());
  const auto& pre2000 = value(f, "directory.pre_windows_2000_members");
  REQUIRE(pre2000.Size() == 3);
  CHECK(str(pre2000[0]["name"]) == "Everyone (S-1-1-0)");
  CHECK(str(pre2000[1]["name"]) == "Anonymous Logon (S-1-5-7)");
  REQUIRE(value(f, "directory.delegation_accounts").Size() == 1);
  CHECK(str(value(f, "directory.delegation_accounts")[0]["name"]) == "CONTOSO\\Domain Admins");
  CHECK_FALSE(value(f, "directory.administrators_trusted_for_delegation").GetBool());
  CHECK(value(f, "directory.sysvol_share_present").GetBool());
  CHECK(value(f, "directory.netlogon_share_present").GetBool());

  CHECK(str(value(f, "network.fqdn")) == "SBS01.contoso.local");
  CHECK(value(f, "network.fqdn_own_addresses").Size() == 2);
  CHECK(value(f, "network.fqdn_resolves_to_several_own_addresses").GetBool());

  CHECK(value(f, "exchange.mixed_mode").GetBool());
  const auto& servers = value(f, "exchange.servers");
  REQUIRE(servers.Size() == 1);
  CHECK(servers[0]["build"].GetInt64() == 7226);
  CHECK(str(servers[0]["build_text"]) == "7226.6");
  CHECK(servers[0]["service_pack"].GetInt64() == 1);
  CHECK(servers[0]["this_server"].GetBool());

  // The registry's stores joined to the directory's: SBS means Standard, SP1 means 16 GB fixed.
  CHECK(str(value(f, "exchange.edition")) == "Standard");
  CHECK(value(f, "exchange.stores_measured").GetBool());
  REQUIRE(value(f, "exchange.stores").Size() == 2);
  const auto& mailbox = store_named(f, "Mailbox Store (SBS01)");
  CHECK(str(mailbox["guid"]) == "5C3A0E8B-7D1F-4A2E-9B6C-0D4E8F1A2B3C");  // the registry's field kept
  CHECK(str(mailbox["kind"]) == "mailbox");
  CHECK(mailbox["size_bytes"].GetUint64() == 14495514624ULL + 1879048192ULL);
  CHECK(mailbox["limit_gb"].GetInt64() == 16);
  CHECK(mailbox["percent_of_limit"].GetDouble() == Approx(95.3));
  CHECK(mailbox["circular_logging"].GetBool());
  CHECK(mailbox["mailbox_count"].GetInt64() == 23);
  CHECK(str(mailbox["storage_group"]) == "First Storage Group");
  const auto& pub = store_named(f, "Public Folder Store (SBS01)");
  CHECK(pub["mailbox_count"].IsNull());
  CHECK(pub["percent_of_limit"].GetDouble() == Approx(2.5));
}

TEST_CASE("directory: member names are DNs read by contract::ldap, hex pair 2C decoded as ','", "[facts][directory]") {
  auto d = base_doc();
  auto& alloc = d.GetAllocator();
  auto& members = d["pre_windows_2000_compatible_access"]["members"];
  members.Clear();
  members.PushBack("CN=Smith\\2C John,CN=Users,DC=contoso,DC=local", alloc);
  members.PushBack("CN=Doe\\, Jane,CN=Users,DC=contoso,DC=local", alloc);
  members.PushBack("CN=caf\\C3\\A9,CN=Users,DC=contoso,DC=local", alloc);
  members.PushBack("CN=bad\\zz,CN=Users,DC=contoso,DC=local", alloc);
  auto f = build_doc(d);
  const auto& pre2000 = value(f, "directory.pre_windows_2000_members");
  REQUIRE(pre2000.Size() == 4);
  CHECK(str(pre2000[0]["name"]) == "Smith, John");
  CHECK(str(pre2000[1]["name"]) == "Doe, Jane");
  CHECK(str(pre2000[2]["name"]) == "caf\xC3\xA9");
  // A DN that does not parse is shown as written rather than guessed at.
  CHECK(str(pre2000[3]["name"]) == "CN=bad\\zz,CN=Users,DC=contoso,DC=local");
  CHECK(str(pre2000[0]["dn"]) == "CN=Smith\\2C John,CN=Users,DC=contoso,DC=local");
}

TEST_CASE("directory: the Exchange store limit by edition, service pack and registry", "[facts][directory]") {
  SECTION("SP2 Standard: 18 GB by default, the registry's limit when set (75 at most)") {
    const std::string software = kSw + "Microsoft\\SmallBusinessServer]\n\"Dummy\"=dword:00000001\n\n" + kSw +
                                 "Microsoft\\Exchange\\Setup]\n\"ServicePackNumber\"=dword:00000002\n";
    const std::string system =
        kSys + "Services\\MSExchangeIS\\SBS01\\Private-5C3A0E8B-7D1F-4A2E-9B6C-0D4E8F1A2B3C]\n"
               "\"Database Size Limit in Gb\"=dword:00000064\n\n" +
        kSys + "Services\\MSExchangeIS\\SBS01\\Public-9E1D4F7A-2C5B-4E8D-A1F3-6B7C8D9E0F12]\n\"X\"=dword:00000000\n";
    auto f = build(dir_bundle(dump(base_doc()), software, system));
    const auto& mailbox = store_named(f, "Mailbox Store (SBS01)");
    CHECK(mailbox["size_limit_gb"].GetInt64() == 100);
    CHECK(mailbox["limit_gb"].GetInt64() == 75);
    CHECK(store_named(f, "Public Folder Store (SBS01)")["limit_gb"].GetInt64() == 18);
  }
  SECTION("SP2 Standard, stores not joined to registry keys: the default unless the server sets a limit") {
    const std::string software = kSw + "Microsoft\\SmallBusinessServer]\n\"Dummy\"=dword:00000001\n\n" + kSw +
                                 "Microsoft\\Exchange\\Setup]\n\"ServicePackNumber\"=dword:00000002\n";
    // SYSTEM read, no store key of SBS01 at all: nothing sets a limit, so both stores have the 18 GB default.
    auto f = build(dir_bundle(dump(base_doc()), software, kSys + "Services\\Tcpip]\n\"X\"=dword:00000000\n"));
    CHECK(store_named(f, "Mailbox Store (SBS01)")["limit_gb"].GetInt64() == 18);
    CHECK(store_named(f, "Public Folder Store (SBS01)")["limit_gb"].GetInt64() == 18);
    // Two mailbox stores (no join) while a store key of SBS01 sets a limit: which store it is cannot be told.
    auto d = base_doc();
    json::Value copy(d["exchange"]["stores"][0], d.GetAllocator());
    copy["name"] = "Second Mailbox Store";
    d["exchange"]["stores"].PushBack(copy, d.GetAllocator());
    const std::string system =
        kSys + "Services\\MSExchangeIS\\SBS01\\Private-5C3A0E8B-7D1F-4A2E-9B6C-0D4E8F1A2B3C]\n"
               "\"Database Size Limit in Gb\"=dword:00000014\n";
    auto g = build(dir_bundle(dump(d), software, system));
    CHECK(store_named(g, "Second Mailbox Store")["limit_gb"].IsNull());
  }
  SECTION("not SBS: the edition is unknown, so is the limit unless the registry sets one") {
    const std::string software = kSw + "Microsoft\\Exchange\\Setup]\n\"ServicePackNumber\"=dword:00000002\n";
    const std::string system =
        kSys + "Services\\MSExchangeIS\\SBS01\\Private-5C3A0E8B-7D1F-4A2E-9B6C-0D4E8F1A2B3C]\n"
               "\"Database Size Limit in Gb\"=dword:00000014\n\n" +
        kSys + "Services\\MSExchangeIS\\SBS01\\Public-9E1D4F7A-2C5B-4E8D-A1F3-6B7C8D9E0F12]\n\"X\"=dword:00000000\n";
    auto f = build(dir_bundle(dump(base_doc()), software, system));
    CHECK(status(f, "exchange.edition") == "missing");
    CHECK(store_named(f, "Mailbox Store (SBS01)")["limit_gb"].GetInt64() == 20);
    const auto& pub = store_named(f, "Public Folder Store (SBS01)");
    CHECK(pub["limit_gb"].IsNull());
    CHECK(pub["percent_of_limit"].IsNull());
  }
  SECTION("two mailbox stores on one server: the registry's keys cannot be joined, both lists are kept") {
    auto d = base_doc();
    json::Value copy(d["exchange"]["stores"][0], d.GetAllocator());
    copy["name"] = "Second Mailbox Store";
    d["exchange"]["stores"].PushBack(copy, d.GetAllocator());
    auto f = build_doc(d);
    // 2 registry stores (mailbox not joined: two directory mailbox stores) + 2 directory mailbox stores.
    REQUIRE(value(f, "exchange.stores").Size() == 4);
    const auto* reg_only = find_by(value(f, "exchange.stores"), "name", "Private-5C3A0E8B-7D1F-4A2E-9B6C-0D4E8F1A2B3C");
    REQUIRE(reg_only != nullptr);
    CHECK((*reg_only)["size_bytes"].IsNull());
    CHECK(str((*reg_only)["size_error"]) == "not in the directory's store list");
    CHECK(status(f, "exchange.stores_measured") == "missing");
  }
  SECTION("a database file not measured: the store has no size, stores_measured says which") {
    auto d = base_doc();
    auto& stm = d["exchange"]["stores"][0]["stm"];
    stm["size_bytes"].SetNull();
    stm["size_error"] = "GetFileAttributesExW: Access is denied. (Win32 error 5)";
    auto f = build_doc(d);
    CHECK(store_named(f, "Mailbox Store (SBS01)")["size_bytes"].IsNull());
    CHECK(status(f, "exchange.stores_measured") == "missing");
    CHECK(reason(f, "exchange.stores_measured").find("Access is denied") != std::string::npos);
  }
}

TEST_CASE("directory: absent, failed, skipped and denied parts are named, never guessed", "[facts][directory]") {
  SECTION("a 1.0 bundle has no api.directory: collection_failed; the registry's stores stay, unmeasured") {
    test::BundleBuilder b;
    add_software(b, kSoftware);
    add_system(b, kSystem);
    b.manifest()["format_version"] = "1.0";
    auto f = build(b);
    for (const char* path : {"directory.domain_functional_level", "directory.fsmo", "directory.mybusiness_ou_present",
                             "network.fqdn_resolves_to_several_own_addresses", "exchange.mixed_mode",
                             "exchange.stores_measured", "exchange.storage_groups"}) {
      INFO(path);
      CHECK(status(f, path) == "collection_failed");
      CHECK(reason(f, path).find("1.0") != std::string::npos);
    }
    REQUIRE(value(f, "exchange.stores").Size() == 2);
    CHECK(value(f, "exchange.stores")[0]["size_bytes"].IsNull());
  }
  SECTION("no connection: every LDAP part skipped, its reason carries the connection's error") {
    auto d = base_doc();
    auto& alloc = d.GetAllocator();
    d["connection"]["status"] = "failed";
    d["connection"]["ldap_error"] = 81;
    d["connection"]["error"] = "ldap_connect on the DC locator's choice:389: Server Down (LDAP error 81)";
    for (const char* part : {"root_dse", "domain", "forest", "schema_container", "fsmo", "domain_controllers",
                             "mybusiness_ou", "pre_windows_2000_compatible_access", "exchange"}) {
      d[part]["status"] = "skipped";
      d[part]["error"].SetString("no connection", alloc);
    }
    auto f = build_doc(d);
    CHECK(status(f, "directory.domain_functional_level") == "collection_failed");
    const std::string why = reason(f, "directory.domain_functional_level");
    CHECK(why.find("domain skipped") != std::string::npos);
    CHECK(why.find("Server Down") != std::string::npos);
    CHECK(status(f, "directory.fsmo") == "collection_failed");
    CHECK(status(f, "exchange.mixed_mode") == "collection_failed");
    CHECK(status(f, "exchange.stores_measured") == "collection_failed");
    // The non-LDAP parts were still read.
    CHECK(value(f, "directory.sysvol_share_present").GetBool());
    CHECK_FALSE(value(f, "directory.administrators_trusted_for_delegation").GetBool());
  }
  SECTION("the domain object denied: the level comes from rootDSE, and says so") {
    auto d = base_doc();
    d["domain"]["status"] = "denied";
    d["domain"]["ldap_error"] = 50;
    d["root_dse"]["domain_functionality"] = 2;
    auto f = build_doc(d);
    const auto& level = value(f, "directory.domain_functional_level");
    CHECK(level["code"].GetInt64() == 2);
    CHECK(level["mixed_mode"].IsNull());
    CHECK(str(level["basis"]).find("rootDSE domain_functionality") == 0);
    CHECK(source(f, "directory.domain_functional_level") == "api.directory:root_dse.domain_functionality");
    // The DNS name falls back to rootDSE's default naming context too.
    CHECK(str(value(f, "directory.dns_domain_name")) == "contoso.local");
  }
  SECTION("one FSMO role not read: the map has null there, 'not on this server' is unknown") {
    auto d = base_doc();
    d["fsmo"]["status"] = "failed";
    d["fsmo"]["roles"][3]["status"] = "failed";
    d["fsmo"]["roles"][3]["server"].SetNull();
    d["fsmo"]["roles"][3]["error"] = "ldap_search_ext_sW on CN=RID Manager$: Busy (LDAP error 51)";
    auto f = build_doc(d);
    CHECK(value(f, "directory.fsmo")["rid_master"].IsNull());
    CHECK(status(f, "directory.fsmo_not_on_this_server") == "collection_failed");
    CHECK(reason(f, "directory.fsmo_not_on_this_server").find("RID master") != std::string::npos);
    CHECK(status(f, "directory.fsmo_owners_elsewhere") == "collection_failed");
  }
  SECTION("a role held by a deleted server, another by OLDSRV") {
    auto d = base_doc();
    d["fsmo"]["roles"][4]["server"] = "OLDSRV\nDEL:3b1c0a52-6f2e-4c7a-9a51-2f8e0d4c6b11";
    d["fsmo"]["roles"][2]["server"] = "oldsrv";
    auto f = build_doc(d);
    CHECK(str(value(f, "directory.fsmo")["infrastructure_master"]) == "OLDSRV (deleted object)");
    const auto& elsewhere = value(f, "directory.fsmo_not_on_this_server");
    REQUIRE(elsewhere.Size() == 2);
    CHECK(str(elsewhere[0]["name"]) == "PDC emulator: oldsrv");
    CHECK(str(elsewhere[1]["role"]) == "infrastructure_master");
  }
  SECTION("owners elsewhere: a deleted one and a live DC, one entry per owner") {
    auto d = base_doc();
    auto& roles = d["fsmo"]["roles"];
    const std::string sites = ",CN=Servers,CN=Default-First-Site-Name,CN=Sites,CN=Configuration,DC=contoso,DC=local";
    auto& alloc = d.GetAllocator();
    // RID and infrastructure master on a deleted server (fSMORoleOwner with the \0ADEL: mangling)
    for (rapidjson::SizeType i : {3u, 4u}) {
      roles[i]["server"] = "DC2\nDEL:3b1c0a52-6f2e-4c7a-9a51-2f8e0d4c6b11";
      roles[i]["owner"].SetString(("CN=NTDS Settings\\0ADEL:6a1f0c2e-1b3d-4f5a-8c7e-9d0b1a2c3e4f,CN=DC2\\0ADEL:3b1c0a52-6f2e-4c7a-9a51-2f8e0d4c6b11" + sites).c_str(), alloc);
    }
    // the PDC emulator on OLDSRV, which the DC list holds
    roles[2]["server"] = "OLDSRV";
    roles[2]["owner"].SetString(("CN=NTDS Settings,CN=OLDSRV" + sites).c_str(), alloc);
    auto f = build_doc(d);
    const auto& owners = value(f, "directory.fsmo_owners_elsewhere");
    REQUIRE(owners.Size() == 2);
    CHECK(str(owners[0]["name"]) == "OLDSRV");
    CHECK(owners[0]["live_dc"].GetBool());
    CHECK_FALSE(owners[0]["gone"].GetBool());
    CHECK_FALSE(owners[0]["deleted"].GetBool());
    REQUIRE(owners[0]["roles"].Size() == 1);
    CHECK(str(owners[0]["roles"][0]) == "PDC emulator");
    CHECK(str(owners[1]["name"]) == "DC2 (deleted object)");
    CHECK(owners[1]["deleted"].GetBool());
    CHECK(owners[1]["gone"].GetBool());
    REQUIRE(owners[1]["role_ids"].Size() == 2);
    CHECK(str(owners[1]["role_ids"][0]) == "rid_master");
    CHECK(str(owners[1]["needed_for"][0]).find("RID pool") != std::string::npos);
    CHECK(str(owners[1]["needed_for"][1]).find("adprep /domainprep") != std::string::npos);
  }
  SECTION("an owner the DC list does not hold is gone; with a truncated list it is unknown") {
    auto d = base_doc();
    auto& alloc = d.GetAllocator();
    d["fsmo"]["roles"][0]["server"] = "DC9";
    d["fsmo"]["roles"][0]["owner"] =
        "CN=NTDS Settings,CN=DC9,CN=Servers,CN=Default-First-Site-Name,CN=Sites,CN=Configuration,DC=contoso,DC=local";
    {
      auto f = build_doc(d);
      const auto& owners = value(f, "directory.fsmo_owners_elsewhere");
      REQUIRE(owners.Size() == 1);
      CHECK_FALSE(owners[0]["deleted"].GetBool());
      CHECK_FALSE(owners[0]["live_dc"].GetBool());
      CHECK(owners[0]["gone"].GetBool());
      CHECK(str(owners[0]["needed_for"][0]).find("adprep /forestprep") != std::string::npos);
    }
    d["domain_controllers"]["status"].SetString("truncated", alloc);
    auto f = build_doc(d);
    const auto& owners = value(f, "directory.fsmo_owners_elsewhere");
    REQUIRE(owners.Size() == 1);
    CHECK(owners[0]["live_dc"].IsNull());
    CHECK(owners[0]["gone"].IsNull());
  }
  SECTION("an owner moved to Deleted Objects is gone even without the name's mangling") {
    auto d = base_doc();
    d["fsmo"]["roles"][3]["server"] = "Deleted Objects";
    d["fsmo"]["roles"][3]["owner"] = "CN=NTDS Settings\\0ADEL:5b1a,CN=Deleted Objects,CN=Configuration,DC=contoso,DC=local";
    auto f = build_doc(d);
    const auto& owners = value(f, "directory.fsmo_owners_elsewhere");
    REQUIRE(owners.Size() == 1);
    CHECK(owners[0]["deleted"].GetBool());
    CHECK(owners[0]["gone"].GetBool());
  }
  SECTION("a truncated share list without SYSVOL is not 'no SYSVOL'") {
    auto d = base_doc();
    d["shares"]["status"] = "truncated";
    auto& items = d["shares"]["items"];
    items.Erase(items.End() - 1);  // SYSVOL is last
    auto f = build_doc(d);
    CHECK(status(f, "directory.sysvol_share_present") == "missing");
    CHECK(value(f, "directory.netlogon_share_present").GetBool());
  }
  SECTION("no Exchange container: no organization, mixed mode null, the registry's stores unjoined") {
    auto d = base_doc();
    auto& x = d["exchange"];
    x["present"] = false;
    x["organizations"].Clear();
    x["servers"].Clear();
    x["stores"].Clear();
    auto f = build_doc(d);
    CHECK(value(f, "exchange.mixed_mode").IsNull());
    CHECK(value(f, "exchange.servers").Empty());
    REQUIRE(value(f, "exchange.stores").Size() == 2);
    CHECK(status(f, "exchange.stores_measured") == "missing");  // this server's registry stores, unmeasured
  }
  SECTION("ipconfig not collected: the FQDN's own addresses are as unknown") {
    test::BundleBuilder b;
    add_software(b, kSoftware);
    add_system(b, kSystem);
    add(b, "api.directory", "system/directory.json", "api", "json", dump(base_doc()));
    auto f = build(b);
    CHECK(value(f, "network.fqdn_addresses").Size() == 2);
    CHECK(status(f, "network.fqdn_resolves_to_several_own_addresses") == "collection_failed");
  }
}

TEST_CASE("directory: hostile documents", "[facts][directory]") {
  SECTION("not JSON, or not this schema: parse_failed everywhere") {
    for (const std::string& text : {std::string("{\"schema\": \"migready-api-directory/1\", "),
                                   std::string("{\"schema\": \"migready-api-time/1\"}"), std::string("[]")}) {
      INFO(text);
      Diagnostics diags;
      auto f = build(dir_bundle(text), diags);
      CHECK(status(f, "directory.domain_functional_level") == "parse_failed");
      CHECK(status(f, "exchange.stores_measured") == "parse_failed");
      CHECK(reason(f, "exchange.mixed_mode").find("system/directory.json") != std::string::npos);
      CHECK(value(f, "exchange.stores").Size() == 2);  // the registry's stores stay
    }
  }
  SECTION("invalid UTF-8 (the collector never writes it): parse_failed with the line, nothing copied through") {
    std::string text = dump(base_doc());
    const auto at = text.find("OLDSRV");
    REQUIRE(at != std::string::npos);
    text.replace(at, 1, "\xC3\x28");  // a lead byte without its continuation
    Diagnostics diags;
    auto f = build(dir_bundle(text), diags);
    CHECK(status(f, "directory.dcs_older_than_2003") == "parse_failed");
    CHECK(reason(f, "directory.dcs_older_than_2003").find("Invalid encoding") != std::string::npos);
    CHECK(reason(f, "directory.dcs_older_than_2003").find("system/directory.json:1") != std::string::npos);
  }
  SECTION("a document that breaks its schema is refused whole, naming the member and what was expected") {
    // contract/api/directory.schema.json is checked before any reading (facts/read.cpp): a wrong type, an
    // unknown part status or a part that is no object is no partial document to read as far as it goes.
    struct Break {
      const char* what;
      void (*apply)(json::Document&);
      const char* pointer;
      const char* expected;
    };
    const Break breaks[] = {
        {"a string for an integer", [](json::Document& d) { d["domain"]["msds_behavior_version"] = "2"; },
         "#/domain/msds_behavior_version", "expected type [\"integer\",\"null\"]"},
        {"a string for a list", [](json::Document& d) { d["domain_controllers"]["items"] = "OLDSRV"; },
         "#/domain_controllers/items", "'type'"},
        {"a negative size", [](json::Document& d) { d["exchange"]["stores"][0]["edb"]["size_bytes"] = -5; },
         "#/exchange/stores/0/edb/size_bytes", "minimum"},
        {"an unknown part status", [](json::Document& d) { d["mybusiness_ou"]["status"] = "fine"; },
         "#/mybusiness_ou/status", "'enum'"},
        {"a part that is no object", [](json::Document& d) { d["forest"].SetArray(); }, "#/forest", "'type'"},
    };
    for (const auto& br : breaks) {
      INFO(br.what);
      auto d = base_doc();
      br.apply(d);
      auto f = build_doc(d);
      for (const char* path : {"directory.domain_functional_level", "directory.forest_functional_level",
                               "directory.dcs_older_than_2003", "directory.mybusiness_ou_present", "exchange.servers"}) {
        INFO(path);
        CHECK(status(f, path) == "parse_failed");
        const std::string why = reason(f, path);
        CHECK(why.find(std::string("system/directory.json") + br.pointer) != std::string::npos);
        CHECK(why.find(br.expected) != std::string::npos);
      }
      CHECK(value(f, "exchange.stores").Size() == 2);  // the registry's stores stay
    }
  }
  SECTION("lists up to the contract's cap are read, longer ones refused; long strings cut") {
    auto d = base_doc();
    auto& alloc = d.GetAllocator();
    auto& items = d["domain_controllers"]["items"];
    const std::string long_name(5000, 'x');
    items[0]["name"].SetString(long_name.c_str(), static_cast<rapidjson::SizeType>(long_name.size()), alloc);
    while (items.Size() < 1000) {
      json::Value copy(items[1], alloc);
      items.PushBack(copy, alloc);
    }
    auto f = build_doc(d);
    const auto& dcs = value(f, "directory.domain_controllers");
    CHECK(dcs.Size() == 1000);
    CHECK(dcs[0]["name"].GetStringLength() == 1024);
    // The collector caps every list at 1000 (collector/core/directory.hpp, Limits): more is no document of it.
    json::Value copy(items[1], alloc);
    items.PushBack(copy, alloc);
    auto g = build_doc(d);
    CHECK(status(g, "directory.domain_controllers") == "parse_failed");
    CHECK(reason(g, "directory.domain_controllers").find("#/domain_controllers/items") != std::string::npos);
    CHECK(reason(g, "directory.domain_controllers").find("maxItems 1000") != std::string::npos);
  }
  SECTION("a child domain is not the forest root; naming contexts not read leave it unknown") {
    auto d = base_doc();
    d["root_dse"]["default_naming_context"] = "DC=sales,DC=contoso,DC=local";
    CHECK_FALSE(value(build_doc(d), "directory.forest_root_domain").GetBool());
    d["root_dse"]["default_naming_context"] = "dc=CONTOSO,dc=LOCAL";  // DNs compare without case
    CHECK(value(build_doc(d), "directory.forest_root_domain").GetBool());
    d["root_dse"]["root_domain_naming_context"].SetNull();
    auto g = build_doc(d);
    CHECK(status(g, "directory.forest_root_domain") == "missing");
    d["root_dse"]["root_domain_naming_context"] = 7;
    CHECK(status(build_doc(d), "directory.forest_root_domain") == "parse_failed");
  }
  SECTION("odd domain DNs and operating systems") {
    auto d = base_doc();
    d["domain"]["dn"] = "DC=con\\2ctoso";
    auto& items = d["domain_controllers"]["items"];
    items[0]["operating_system"] = "Samba";
    items[0]["operating_system_version"] = "4.17.12-Debian";
    items[1]["operating_system"] = "Windows NT";
    items[1]["operating_system_version"].SetNull();
    auto f = build_doc(d);
    CHECK(str(value(f, "directory.dns_domain_name")) == "con,toso");
    CHECK(value(f, "directory.single_label_domain").GetBool());
    const auto& dcs = value(f, "directory.domain_controllers");
    CHECK_FALSE(dcs[0]["older_than_2003"].GetBool());
    CHECK(dcs[1]["older_than_2003"].GetBool());

    d["domain"]["dn"] = "OU=Sales,DC=contoso,DC=local";
    auto g = build_doc(d);
    CHECK(status(g, "directory.dns_domain_name") == "parse_failed");
  }
  SECTION("a DC whose computer object could not be read is 'OS unknown', not old") {
    auto d = base_doc();
    auto& dc = d["domain_controllers"]["items"][1];
    dc["operating_system"].SetNull();
    dc["operating_system_version"].SetNull();
    dc["error"] = "ldap_search_ext_sW on CN=OLDSRV,OU=Domain Controllers,DC=contoso,DC=local: Insufficient Rights (LDAP error 50)";
    auto f = build_doc(d);
    CHECK(value(f, "directory.dcs_older_than_2003").Empty());
    REQUIRE(value(f, "directory.dcs_os_unknown").Size() == 1);
    CHECK(value(f, "directory.domain_controllers")[1]["older_than_2003"].IsNull());
  }
}


TEST_CASE("directory: the Information Store's size events joined to its stores", "[facts][directory]") {
  auto f = build(size_events_bundle());

  const auto& events = value(f, "exchange.store_size_events");
  REQUIRE(events.Size() == 7);  // per database and ID: mailbox 1221, 9688, 9689, 9690; OTHER 1112; public 1221, 9688
  CHECK(source(f, "exchange.store_size_events") == "eventlog.application");

  const auto& m = store_named(f, "Mailbox Store (SBS01)");
  CHECK(str(m["limit_applies_to"]) == "physical");  // SP1
  CHECK(str(m["limit_check"]).find("1112") != std::string::npos);
  REQUIRE(m["limit_events"].Size() == 3);
  const auto* old9689 = find_by(m["limit_events"], "last_utc", "2026-11-15T05:00:12Z");
  REQUIRE(old9689 != nullptr);
  CHECK_FALSE((*old9689)["current"].GetBool());  // 1221 on the 24th, more than a day later
  CHECK(str((*old9689)["name"]) == "9689 x1, last 2026-11-15T05:00:12Z (a later check passed)");
  CHECK(m["over_limit_event"].GetUint() == 9690);
  CHECK(str(m["over_limit_event_utc"]) == "2026-11-25T05:00:12Z");
  CHECK(str(m["near_limit_event_utc"]) == "2026-11-23T05:00:11Z");  // 1221 came 20 hours later: no check passed
  CHECK(m["free_mb"].GetDouble() == Approx(7350));
  CHECK(str(m["free_utc"]) == "2026-11-24T01:00:01Z");
  CHECK(m["logical_size_gb"].GetDouble() == Approx(8.1));

  const auto& pub = store_named(f, "Public Folder Store (SBS01)");
  CHECK(pub["over_limit_event"].IsNull());
  CHECK(str(pub["near_limit_event_utc"]) == "2026-11-25T05:00:12Z");  // a warning-type 9688 counts too
  CHECK(pub["free_mb"].IsNull());                                      // "1,240": no guess
  CHECK(str(pub["free_utc"]) == "2026-11-24T01:00:01Z");

  // A store only the log names: listed, not counted as unmeasured.
  const auto& other = store_named(f, "Mailbox Store (OTHER)");
  CHECK(other["this_server"].GetBool());
  CHECK(other["over_limit_event"].GetUint() == 1112);
  CHECK(str(other["size_error"]) == "named only by the Application log's size events");
  CHECK(value(f, "exchange.stores_measured").GetBool());

  // Circular logging: one storage group holding both stores.
  const auto& groups = value(f, "exchange.storage_groups");
  REQUIRE(groups.Size() == 1);
  CHECK(str(groups[0]["name"]) == "First Storage Group");
  CHECK(groups[0]["circular_logging"].GetBool());
  CHECK(groups[0]["stores"].Size() == 2);

  SECTION("no Application log: the events are unknown, the stores still listed") {
    auto f2 = build(dir_bundle(dump(base_doc())));
    CHECK(status(f2, "exchange.store_size_events") == "collection_failed");
    CHECK(store_named(f2, "Mailbox Store (SBS01)")["over_limit_event"].IsNull());
  }
}

TEST_CASE("directory: enabled users and computers, what is counted and what is not", "[facts][directory]") {
  SECTION("the demo: 27 users; its own account left out of 32 computers, another DC counted") {
    auto f = build_doc(base_doc());
    CHECK(value(f, "directory.enabled_user_count").GetInt64() == 27);
    CHECK(value(f, "directory.enabled_users").Size() == 27);
    CHECK(str(value(f, "directory.enabled_users")[0]) == "Administrator");
    CHECK(source(f, "directory.enabled_user_count") == "api.directory:enabled_accounts.users");
    CHECK(value(f, "directory.enabled_computer_count").GetInt64() == 31);
    const auto& computers = value(f, "directory.enabled_computers");
    CHECK(find_by(computers, "name", "SBS01$") == nullptr);
    const auto* old = find_by(computers, "name", "OLDSRV$");
    REQUIRE(old != nullptr);
    CHECK((*old)["domain_controller"].GetBool());
    CHECK(str((*old)["os"]) == "Windows 2000 Server");
  }
  SECTION("an interdomain trust account is not a user; a user without a UAC value is") {
    auto d = base_doc();
    auto& alloc = d.GetAllocator();
    auto& users = d["enabled_accounts"]["users"];
    users.Clear();
    json::Value trust(rapidjson::kObjectType);
    trust.AddMember("name", "FABRIKAM$", alloc);
    trust.AddMember("user_account_control", 2080, alloc);  // 0x820: trust account, no password required
    users.PushBack(trust, alloc);
    json::Value person(rapidjson::kObjectType);
    person.AddMember("name", "jsmith", alloc);
    person.AddMember("user_account_control", json::Value(), alloc);
    users.PushBack(person, alloc);
    auto f = build_doc(d);
    CHECK(value(f, "directory.enabled_user_count").GetInt64() == 1);
    CHECK(str(value(f, "directory.enabled_users")[0]) == "jsmith");
  }
  SECTION("a document from a collector before the part: not collected, never zero") {
    auto d = base_doc();
    d.RemoveMember("enabled_accounts");
    auto f = build_doc(d);
    for (const char* path : {"directory.enabled_user_count", "directory.enabled_users", "directory.enabled_computer_count",
                             "directory.enabled_computers"}) {
      INFO(path);
      CHECK(status(f, path) == "collection_failed");
      CHECK(reason(f, path).find("collect again") != std::string::npos);
    }
    // The other parts are unaffected.
    CHECK(value(f, "directory.mybusiness_ou_present").GetBool());
  }
  SECTION("truncated: a count of 50 or fewer is a lower bound and is not given; over 50 it is") {
    auto d = base_doc();
    d["enabled_accounts"]["status"] = "truncated";
    auto f = build_doc(d);
    CHECK(status(f, "directory.enabled_user_count") == "collection_failed");
    CHECK(reason(f, "directory.enabled_user_count").find("cut at 27") != std::string::npos);
    CHECK(value(f, "directory.enabled_users").Size() == 27);
    auto& alloc = d.GetAllocator();
    auto& users = d["enabled_accounts"]["users"];
    for (int i = 0; i < 30; ++i) {
      json::Value u(rapidjson::kObjectType);
      u.AddMember("name", json::Value(("extra" + std::to_string(i)).c_str(), alloc), alloc);
      u.AddMember("user_account_control", 512, alloc);
      users.PushBack(u, alloc);
    }
    auto g = build_doc(d);
    CHECK(value(g, "directory.enabled_user_count").GetInt64() == 57);
    CHECK(source(g, "directory.enabled_user_count") == "api.directory:enabled_accounts.users (truncated)");
  }
  SECTION("denied, and a wrong type: the reason names the part or the field") {
    auto d = base_doc();
    d["enabled_accounts"]["status"] = "denied";
    d["enabled_accounts"]["ldap_error"] = 50;
    auto f = build_doc(d);
    CHECK(status(f, "directory.enabled_computer_count") == "collection_failed");
    CHECK(reason(f, "directory.enabled_computer_count").find("enabled_accounts denied") != std::string::npos);
    auto e = base_doc();
    e["enabled_accounts"]["computers"][1]["user_account_control"] = "4096";
    auto g = build_doc(e);
    CHECK(status(g, "directory.enabled_computer_count") == "parse_failed");
    // The schema refuses the document before any part is read; the reason names the field.
    CHECK(reason(g, "directory.enabled_computer_count").find("user_account_control") != std::string::npos);
  }
}

TEST_CASE("directory: trusts, named and decoded from trustedDomain objects", "[facts][directory]") {
  SECTION("none in the demo: an empty list, which is an answer") {
    auto f = build_doc(base_doc());
    CHECK(value(f, "directory.trusts").Empty());
    CHECK(source(f, "directory.trusts") == "api.directory:trusts.items");
  }
  SECTION("an external two-way trust, a forest's child and an unreadable one") {
    auto d = base_doc();
    json::Document items;
    items.Parse(R"([
      {"dn": "CN=fabrikam.local,CN=System,DC=contoso,DC=local", "partner": "fabrikam.local", "flat_name": "FABRIKAM",
       "direction": 3, "type": 2, "attributes": 4},
      {"dn": "CN=branch.contoso.local,CN=System,DC=contoso,DC=local", "partner": "branch.contoso.local",
       "flat_name": "BRANCH", "direction": 3, "type": 2, "attributes": 32},
      {"dn": "CN=OLDNT,CN=System,DC=contoso,DC=local", "partner": null, "flat_name": null, "direction": 7,
       "type": null, "attributes": null}])");
    d["trusts"]["items"].CopyFrom(items, d.GetAllocator());
    auto f = build_doc(d);
    const auto& t = value(f, "directory.trusts");
    REQUIRE(t.Size() == 3);
    CHECK(str(t[0]["name"]) == "fabrikam.local");
    CHECK(str(t[0]["direction"]) == "two-way");
    CHECK(str(t[0]["type"]) == "Active Directory domain");
    CHECK(str(t[0]["kind"]) == "external");
    CHECK(str(t[1]["kind"]) == "within the forest (parent-child or tree root)");
    CHECK(str(t[2]["name"]) == "OLDNT");  // from the RDN, escapes undone
    CHECK(str(t[2]["direction"]) == "unknown (7)");
    CHECK(str(t[2]["type"]) == "not read");
    CHECK(t[2]["flat_name"].IsNull());
  }
  SECTION("a collector before the part; a failed search; a wrong type") {
    auto d = base_doc();
    d.RemoveMember("trusts");
    auto f = build_doc(d);
    CHECK(status(f, "directory.trusts") == "collection_failed");
    CHECK(reason(f, "directory.trusts").find("collect again") != std::string::npos);
    auto e = base_doc();
    e["trusts"]["status"] = "failed";
    e["trusts"]["ldap_error"] = 1;
    auto g = build_doc(e);
    CHECK(status(g, "directory.trusts") == "collection_failed");
    CHECK(reason(g, "directory.trusts").find("trusts failed") != std::string::npos);
    auto h = base_doc();
    h["trusts"]["items"] = "none";
    CHECK(status(build_doc(h), "directory.trusts") == "parse_failed");
  }
}
