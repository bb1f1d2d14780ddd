// Exchange for the email plan (exchange.cpp): OWA, RPC over HTTP, stores, the POP3 Connector.
#include "facts_test_util.hpp"

using namespace migready;
using namespace migready::test::facts_util;

namespace {

const std::string kExchangeSoftware =
    kSw + "Microsoft\\Exchange\\Setup]\n\"ServicePackNumber\"=dword:00000002\n\"Web Connector\"=\"\"\n\n" + kSw +
    "Microsoft\\Rpc\\RpcProxy]\n\"Enabled\"=dword:00000001\n"
    "\"ValidPorts\"=\"SBS01:6001-6002;SBS01:6004; remote.contoso.com : 6001-6002 ;REMOTE.contoso.com:6004;"
    "sbs01.contoso.local:6001-6004;half.contoso.com:6001-6002;bad:70000;bad:x;nocolon;:6001\"\n\n" +
    kSw + "Microsoft\\SmallBusinessServer\\Network\\POP3 Connector]\n\"ScheduleAccelerator\"=dword:00000003\n";

const std::string kExchangeSystem =
    kSys + "Services\\MSExchangeIS\\ParametersSystem]\n\"Rpc/HTTP Port\"=dword:00001771\n\n" + kSys +
    "Services\\MSExchangeSA\\Parameters]\n\"HTTP Port\"=dword:00001772\n\"Rpc/HTTP NSPI Port\"=dword:00001774\n\n" + kSys +
    "Services\\MSExchangeIS\\SBS01\\Private-3b7b1f4f-8c1f-4a9c-a6a6-6c3d6e8f0b8d]\n"
    "\"Database Size Limit in Gb\"=dword:0000004b\n\n" +
    kSys + "Services\\MSExchangeIS\\SBS01\\Public-0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9]\n\"Other\"=dword:00000001\n\n" +
    kSys + "Services\\MSExchangeIS\\SBS01\\Private-not-a-guid]\n\n" + kSys +
    "Services\\POP3Svc]\n\"ImagePath\"=\"\\\"C:\\\\Program Files\\\\Microsoft Windows Small Business "
    "Server\\\\Networking\\\\POP3\\\\pop3svc.exe\\\"\"\n\"Start\"=dword:00000002\n";

}  // namespace

TEST_CASE("exchange: OWA, RPC over HTTP ports per host, stores and the POP3 Connector", "[facts]") {
  test::BundleBuilder b;
  add_software(b, kExchangeSoftware);
  add_system(b, kExchangeSystem);
  auto f = build(b);
  CHECK(value(f, "exchange.owa_installed").GetBool());
  CHECK(value(f, "exchange.rpc_over_http.proxy_installed").GetBool());
  CHECK(value(f, "exchange.rpc_over_http.enabled").GetInt64() == 1);
  const auto& hosts = value(f, "exchange.rpc_over_http.valid_port_hosts");
  REQUIRE(hosts.Size() == 5);  // SBS01, remote.contoso.com (both spellings), sbs01.contoso.local, half, bad
  CHECK(str(hosts[0]["host"]) == "SBS01");
  REQUIRE(hosts[0]["ports"].Size() == 2);
  CHECK(str(hosts[0]["ports"][0]) == "6001-6002");
  CHECK(str(hosts[1]["host"]) == "remote.contoso.com");
  CHECK(hosts[1]["ports"].Size() == 2);
  const auto& ok = value(f, "exchange.rpcproxy_ports_ok_for");
  REQUIRE(ok.Size() == 3);  // a range 6001-6004 covers all three; half lacks 6004; bad has none valid
  CHECK(str(ok[0]) == "SBS01");
  CHECK(str(ok[1]) == "remote.contoso.com");
  CHECK(str(ok[2]) == "sbs01.contoso.local");
  CHECK(value(f, "exchange.rpcproxy_fqdn_ok").GetBool());
  CHECK(value(f, "exchange.rpc_over_http.store_port").GetInt64() == 6001);
  CHECK(value(f, "exchange.rpc_over_http.dsproxy_port").GetInt64() == 6002);
  CHECK(value(f, "exchange.rpc_over_http.nspi_port").GetInt64() == 6004);

  const auto& stores = value(f, "exchange.stores");
  REQUIRE(stores.Size() == 2);  // "Private-not-a-guid" is no store
  CHECK(str(stores[0]["kind"]) == "mailbox");
  CHECK(str(stores[0]["server"]) == "SBS01");
  CHECK(str(stores[0]["guid"]) == "3b7b1f4f-8c1f-4a9c-a6a6-6c3d6e8f0b8d");
  CHECK(stores[0]["size_limit_gb"].GetInt64() == 75);
  CHECK(str(stores[1]["kind"]) == "public");
  CHECK(stores[1]["size_limit_gb"].IsNull());  // the default
  CHECK(value(f, "exchange.public_folders_present").GetBool());
  CHECK(value(f, "exchange.mailbox_stores_present").GetBool());

  CHECK(value(f, "exchange.pop3_connector.installed").GetBool());
  const auto& pop3 = value(f, "exchange.pop3_connector.service");
  CHECK(str(pop3["name"]) == "POP3Svc");
  CHECK(pop3["start"].GetInt64() == 2);
  CHECK(value(f, "exchange.pop3_connector.in_use").GetBool());
  CHECK(source(f, "exchange.pop3_connector.in_use") == "registry.system:ControlSet001\\Services\\POP3Svc\\Start");
}

TEST_CASE("exchange: RPC over HTTP without the FQDN, POP3 Connector disabled, no Exchange", "[facts]") {
  SECTION("only the NetBIOS name has the ports; the connector's service is disabled (no mailbox)") {
    test::BundleBuilder b;
    add_software(b, kSw + "Microsoft\\Rpc\\RpcProxy]\n\"Enabled\"=dword:00000001\n"
                          "\"ValidPorts\"=\"SBS01:6001-6002;SBS01:6004;remote.contoso.com:6001-6002\"\n");
    add_system(b, kSys + "Services\\Pop3Connector]\n\"DisplayName\"=\"Microsoft Connector for POP3 Mailboxes\"\n"
                         "\"Start\"=dword:00000004\n");
    auto f = build(b);
    const auto& ok = value(f, "exchange.rpcproxy_ports_ok_for");
    REQUIRE(ok.Size() == 1);
    CHECK_FALSE(value(f, "exchange.rpcproxy_fqdn_ok").GetBool());
    CHECK(value(f, "exchange.pop3_connector.installed").GetBool());
    CHECK_FALSE(value(f, "exchange.pop3_connector.in_use").GetBool());
    CHECK_FALSE(value(f, "exchange.owa_installed").GetBool());
  }
  SECTION("no Exchange, no proxy: empty answers, not unknown ones") {
    test::BundleBuilder b;
    add_software(b, kSw + "Microsoft\\Windows NT\\CurrentVersion]\n");
    add_system(b, kSys + "Services\\Tcpip]\n");
    auto f = build(b);
    CHECK_FALSE(value(f, "exchange.owa_installed").GetBool());
    CHECK_FALSE(value(f, "exchange.rpc_over_http.proxy_installed").GetBool());
    CHECK(value(f, "exchange.rpc_over_http.enabled").IsNull());
    CHECK(value(f, "exchange.rpc_over_http.valid_ports").IsNull());
    // Derived from an absent ValidPorts: present and empty.
    CHECK(status(f, "exchange.rpcproxy_ports_ok_for") == "present");
    CHECK(value(f, "exchange.rpcproxy_ports_ok_for").Size() == 0);
    CHECK(value(f, "exchange.stores").Size() == 0);
    CHECK_FALSE(value(f, "exchange.public_folders_present").GetBool());
    CHECK(value(f, "exchange.pop3_connector.service").IsNull());
    CHECK_FALSE(value(f, "exchange.pop3_connector.installed").GetBool());
    CHECK(value(f, "exchange.rpc_over_http.store_port").IsNull());
  }
  SECTION("hostile values: ValidPorts of the wrong type, a size limit that is text") {
    test::BundleBuilder b;
    add_software(b, kSw + "Microsoft\\Rpc\\RpcProxy]\n\"ValidPorts\"=dword:00000001\n");
    add_system(b, kSys + "Services\\MSExchangeIS\\SBS01\\Private-3b7b1f4f-8c1f-4a9c-a6a6-6c3d6e8f0b8d]\n"
                         "\"Database Size Limit in Gb\"=\"75\"\n");
    Diagnostics diags;
    auto f = build(b, diags);
    CHECK(status(f, "exchange.rpc_over_http.valid_ports") == "parse_failed");
    CHECK(status(f, "exchange.rpc_over_http.valid_port_hosts") == "parse_failed");
    CHECK(status(f, "exchange.rpcproxy_fqdn_ok") == "parse_failed");
    const auto& stores = value(f, "exchange.stores");
    REQUIRE(stores.Size() == 1);
    CHECK(stores[0]["size_limit_gb"].IsNull());
    bool warned = false;
    for (const auto& d : diags.entries()) warned = warned || d.message.find("Database Size Limit") != std::string::npos;
    CHECK(warned);
  }
  SECTION("SYSTEM not collected: the SYSTEM facts are unknown, the POP3 key alone says installed") {
    test::BundleBuilder b;
    add_software(b, kSw + "Microsoft\\SmallBusinessServer\\Network\\POP3 Connector]\n");
    auto f = build(b);
    CHECK(status(f, "exchange.stores") == "collection_failed");
    CHECK(status(f, "exchange.pop3_connector.in_use") == "collection_failed");
    CHECK(value(f, "exchange.pop3_connector.installed").GetBool());
    test::BundleBuilder none;
    auto g = build(none);
    CHECK(status(g, "exchange.pop3_connector.installed") == "collection_failed");
    CHECK(status(g, "exchange.owa_installed") == "collection_failed");
  }
}

TEST_CASE("exchange: NSPI over HTTP from System Attendant's port or the Global Catalog's protocol sequences", "[facts]") {
  const std::string ntds = kSys + "Services\\NTDS\\Parameters]\n\"NSPI interface protocol sequences\"=";
  SECTION("SBS: NTDS sets ncacn_http:6004, System Attendant's port is unset") {
    test::BundleBuilder b;
    add_system(b, ntds + multi_sz({" NCACN_HTTP:6004 "}) + "\n");
    auto f = build(b);
    CHECK(value(f, "exchange.rpc_over_http.nspi_port").IsNull());
    REQUIRE(value(f, "exchange.rpc_over_http.gc_nspi_sequences").Size() == 1);
    CHECK(value(f, "exchange.rpc_over_http.nspi_port_ok").GetBool());
    CHECK(source(f, "exchange.rpc_over_http.nspi_port_ok") ==
          "registry.system:ControlSet001\\Services\\NTDS\\Parameters\\NSPI interface protocol sequences");
  }
  SECTION("System Attendant's port alone is enough") {
    test::BundleBuilder b;
    add_system(b, kExchangeSystem);
    auto f = build(b);
    CHECK(value(f, "exchange.rpc_over_http.gc_nspi_sequences").IsNull());
    CHECK(value(f, "exchange.rpc_over_http.nspi_port_ok").GetBool());
  }
  SECTION("a sequence for another port, or a REG_SZ by hand") {
    test::BundleBuilder b;
    add_system(b, ntds + multi_sz({"ncacn_http:6005"}) + "\n");
    auto f = build(b);
    CHECK_FALSE(value(f, "exchange.rpc_over_http.nspi_port_ok").GetBool());
    test::BundleBuilder c;
    add_system(c, ntds + "\"ncacn_http:6004\"\n");
    auto g = build(c);
    CHECK(value(g, "exchange.rpc_over_http.nspi_port_ok").GetBool());
  }
  SECTION("no SYSTEM hive: unknown") {
    test::BundleBuilder b;
    add_software(b, kExchangeSoftware);
    auto f = build(b);
    CHECK(status(f, "exchange.rpc_over_http.nspi_port_ok") == "collection_failed");
  }
}
