// The facts from every collected artifact (every topic file of analyzer/facts): each source present,
// not collected (collection_failed) and unreadable (parse_failed).
#include <catch2/catch.hpp>

#include "core/json.hpp"
#include "facts/facts.hpp"
#include "facts_test_util.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;
using namespace migready::test::facts_util;

namespace {

const std::string kFixtures = MIGREADY_FIXTURES_DIR;

std::string fixture(const std::string& rel) { return test::read_file(kFixtures + "/" + rel); }

void set_encoding(test::BundleBuilder& b, json::Value& entry, const char* encoding) {
  entry.AddMember("encoding", rapidjson::StringRef(encoding), b.manifest().GetAllocator());
}


const std::string kSoftwareReg =
    "Windows Registry Editor Version 5.00\n\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Updates\\Windows Server 2003\\SP3\\KB925398]\n"
    "\"Description\"=\"Security Update\"\n\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Updates\\Windows Server 2003\\SP3\\KB961118-v2]\n\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Updates\\Windows Server 2003\\SP3\\Not an update]\n\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\HotFix\\Q147222]\n"
    "\"Fix Description\"=\"old\"\n\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Shared Tools\\Web Server Extensions\\6.0]\n"
    "\"SharePoint\"=\"Installed\"\n\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup]\n"
    "\"VersionString\"=\"3.2.7600.226\"\n\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\PowerShell\\1\\PowerShellEngine]\n"
    "\"PowerShellVersion\"=\"2.0\"\n\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v2.0.50727]\n"
    "\"Install\"=dword:00000001\n\"SP\"=dword:00000002\n\"Version\"=\"2.2.30729\"\n\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v3.0\\Setup]\n"
    "\"InstallSuccess\"=dword:00000001\n\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Microsoft SQL Server]\n"
    "\"InstalledInstances\"=" + multi_sz({"SBSMONITORING", "SHAREPOINT"}) + "\n\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{MBCA}]\n"
    "\"DisplayName\"=\"Microsoft Baseline Configuration Analyzer 2.0\"\n\"DisplayVersion\"=\"2.0.0\"\n\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\LOB]\n"
    "\"DisplayName\"=\"Contoso Accounting\"\n\"DisplayVersion\"=\"7.1\"\n\"Publisher\"=\"Contoso\"\n"
    "\"InstallDate\"=\"20091231\"\n\"InstallLocation\"=\"D:\\\\Apps\\\\Accounting\"\n\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\NoName]\n"
    "\"UninstallString\"=\"x\"\n\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Exchange\\Setup]\n"
    "\"Services Version\"=dword:00000041\n";

const std::string kSystemReg =
    "Windows Registry Editor Version 5.00\n\n"
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n\"Current\"=dword:00000001\n\n"
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\RemoteAccess]\n\"Start\"=dword:00000004\n\n"
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\DHCPServer]\n\"Start\"=dword:00000002\n";

}  // namespace

TEST_CASE("updates: the union of wmic qfe, systeminfo and the SOFTWARE hive, each with its sources", "[facts]") {
  test::BundleBuilder builder;
  add(builder, "command.wmic_qfe", "commands/wmic_qfe.txt", "command", "text", fixture("wmic_qfe/sbs2003.txt"));
  add(builder, "command.systeminfo", "commands/systeminfo.txt", "command", "text",
      fixture("systeminfo/sbs2003-vmware.txt"));
  add(builder, "registry.software", "registry/SOFTWARE.reg", "registry", "reg", utf16(kSoftwareReg),
      "HKEY_LOCAL_MACHINE\\SOFTWARE");
  Diagnostics diags;
  auto f = build(builder, diags);
  const auto& list = value(f, "updates.installed");
  // wmic: KB923561 (a "File 1" row), Q147222, KB925398, KB2570947, KB968930; systeminfo adds KB893803
  // ("KB893803v2") and KB914961; the hive adds KB961118 ("KB961118-v2").
  CHECK(value(f, "updates.count").GetInt64() == 8);
  REQUIRE(list.Size() == 8);
  CHECK(str(list[0]["id"]) == "KB2570947");  // sorted by id as text
  const auto* kb925398 = find_by(list, "id", "KB925398");
  REQUIRE(kb925398 != nullptr);
  const auto& sources = (*kb925398)["sources"];
  REQUIRE(sources.Size() == 3);
  CHECK(str(sources[0]) == "command.wmic_qfe");
  CHECK(str(sources[1]) == "command.systeminfo");
  CHECK(str(sources[2]) == "registry.software:Microsoft\\Updates\\Windows Server 2003\\SP3\\KB925398");
  const auto* q = find_by(list, "id", "Q147222");
  REQUIRE(q != nullptr);
  CHECK((*q)["sources"].Size() == 3);  // wmic, systeminfo and the legacy HotFix key
  CHECK(find_by(list, "id", "KB893803") != nullptr);
  CHECK(find_by(list, "id", "KB961118") != nullptr);
  CHECK(value(f, "updates.unavailable_sources").Size() == 0);
  CHECK(str(value(f, "hardware.virtual_machine_hint")) == "VMware");
}

TEST_CASE("updates: one readable source is enough, the others are named, none is a failure", "[facts]") {
  SECTION("only wmic, systeminfo unreadable") {
    test::BundleBuilder builder;
    add(builder, "command.wmic_qfe", "commands/wmic_qfe.txt", "command", "text", fixture("wmic_qfe/sbs2003.txt"));
    add(builder, "command.systeminfo", "commands/systeminfo.txt", "command", "text", fixture("systeminfo/empty.txt"));
    Diagnostics diags;
    auto f = build(builder, diags);
    CHECK(value(f, "updates.count").GetInt64() == 5);
    const auto& missing = value(f, "updates.unavailable_sources");
    REQUIRE(missing.Size() == 2);
    CHECK(str(missing[0]["source"]) == "command.systeminfo");
    CHECK(str(missing[0]["status"]) == "parse_failed");
    CHECK(str(missing[1]["status"]) == "collection_failed");
    CHECK(status(f, "hardware.virtual_machine_hint") == "parse_failed");
  }
  SECTION("nothing readable") {
    test::BundleBuilder builder;
    add(builder, "command.wmic_qfe", "commands/wmic_qfe.txt", "command", "text",
        fixture("wmic_qfe/wmi-access-denied.txt"));
    Diagnostics diags;
    auto f = build(builder, diags);
    CHECK(status(f, "updates.installed") == "parse_failed");
    CHECK(status(f, "updates.count") == "parse_failed");
    CHECK(reason(f, "updates.installed").find("command.systeminfo: not in this bundle") != std::string::npos);
  }
}

TEST_CASE("software versions and programs from the SOFTWARE hive, RRAS and DHCP from SYSTEM", "[facts]") {
  test::BundleBuilder builder;
  add(builder, "registry.software", "registry/SOFTWARE.reg", "registry", "reg", utf16(kSoftwareReg),
      "HKEY_LOCAL_MACHINE\\SOFTWARE");
  add(builder, "registry.system", "registry/SYSTEM.reg", "registry", "reg", utf16(kSystemReg),
      "HKEY_LOCAL_MACHINE\\SYSTEM");
  Diagnostics diags;
  auto f = build(builder, diags);
  CHECK(value(f, "wss.v2_installed").GetBool());
  CHECK_FALSE(value(f, "wss.v3_installed").GetBool());
  CHECK(value(f, "wsus.installed").GetBool());
  CHECK(str(value(f, "wsus.version")) == "3.2.7600.226");
  CHECK(str(value(f, "powershell.version")) == "2.0");
  CHECK(value(f, "dotnet.v2_0.installed").GetBool());
  CHECK(value(f, "dotnet.v2_0.service_pack").GetInt64() == 2);
  CHECK(str(value(f, "dotnet.v2_0.version")) == "2.2.30729");
  CHECK(value(f, "dotnet.v3_0.installed").GetBool());
  CHECK_FALSE(value(f, "dotnet.v1_1.installed").GetBool());
  CHECK(value(f, "dotnet.v1_1.service_pack").IsNull());
  const auto& sql = value(f, "sql.instances");
  REQUIRE(sql.Size() == 2);
  CHECK(str(sql[1]) == "SHAREPOINT");
  const auto& programs = value(f, "programs.installed");
  REQUIRE(programs.Size() == 2);  // the entry without a DisplayName is not a listed program
  CHECK(value(f, "programs.count").GetInt64() == 2);
  CHECK(str(programs[0]["display_name"]) == "Contoso Accounting");
  CHECK(str(programs[0]["publisher"]) == "Contoso");
  CHECK(str(programs[0]["install_date"]) == "20091231");
  CHECK(str(programs[0]["install_location"]) == "D:\\Apps\\Accounting");
  CHECK(value(f, "mbca.installed").GetBool());
  CHECK(value(f, "exchange.version").GetInt64() == 65);
  CHECK(value(f, "rras.start").GetInt64() == 4);
  CHECK(value(f, "dhcp_server.installed").GetBool());
  CHECK(str((*f.find("rras.start"))["source"]) == "registry.system:ControlSet001\\Services\\RemoteAccess\\Start");
}

TEST_CASE("hive facts share the hive's status when it cannot be read", "[facts]") {
  test::BundleBuilder builder;
  add(builder, "registry.software", "registry/SOFTWARE.hiv", "registry", "regf", "not a hive");
  Diagnostics diags;
  auto f = build(builder, diags);
  CHECK(status(f, "programs.installed") == "parse_failed");
  CHECK(status(f, "dotnet.v3_5.installed") == "parse_failed");
  CHECK(status(f, "exchange.version") == "parse_failed");
  CHECK(status(f, "rras.start") == "collection_failed");
  CHECK(status(f, "dhcp_server.installed") == "collection_failed");
}

TEST_CASE("health tools: dcdiag, netdiag and repadmin failures, w32tm, DHCP scopes", "[facts]") {
  test::BundleBuilder builder;
  add(builder, "command.dcdiag", "commands/dcdiag.txt", "command", "text", fixture("dcdiag/sbs2003-frs-warning.txt"));
  add(builder, "command.netdiag", "commands/netdiag.txt", "command", "text",
      fixture("netdiag/sbs2003-dns-failed.txt"));
  add(builder, "command.repadmin_showrepl", "commands/repadmin_showrepl.txt", "command", "text",
      fixture("repadmin_showrepl/two-dcs-rpc-failure.txt"));
  make_missing(add(builder, "command.repadmin_replsummary", "commands/repadmin_replsummary.txt", "command", "text",
                   ""));
  add(builder, "command.w32tm_monitor", "commands/w32tm_monitor.txt", "command", "text",
      fixture("w32tm_monitor/sbs2003-two-dcs.txt"));
  add(builder, "command.w32tm_tz", "commands/w32tm_tz.txt", "command", "text", fixture("w32tm_tz/w-europe-standard.txt"));
  add(builder, "command.netsh_dhcp", "commands/netsh_dhcp.txt", "command", "text",
      fixture("netsh_dhcp/two-scopes-inactive.txt"));
  Diagnostics diags;
  auto f = build(builder, diags);

  CHECK(value(f, "dcdiag.ran").GetBool());
  const auto& dc = value(f, "dcdiag.failed_tests");
  REQUIRE(dc.Size() == 2);
  CHECK(str(dc[0]["name"]) == "frsevent");
  CHECK(str(dc[0]["subject"]) == "SBS01");
  CHECK(dc[0]["messages"].Size() > 0);

  CHECK(value(f, "netdiag.ran").GetBool());
  const auto& nd = value(f, "netdiag.failed_tests");
  REQUIRE(nd.Size() == 1);
  CHECK(str(nd[0]["name"]) == "DNS test");
  CHECK(nd[0]["fatals"].Size() == 1);

  CHECK(value(f, "repadmin.ran").GetBool());
  const auto& repl = value(f, "repadmin.failures");
  REQUIRE(repl.Size() == 3);
  CHECK(str(repl[0]["source"]) == "Default-First-Site-Name\\DC2");
  CHECK(repl[0]["result_code"].GetInt64() == 1722);
  CHECK(repl[0]["consecutive_failures"].GetInt() == 12);
  CHECK(str(repl[0]["last_success"]) == "2026-10-01T08:00:00");

  // One partner per source DC, whatever the naming contexts. DC2: two contexts failing since 2026-10-01 08:00
  // server time (07:00 UTC at bias -60), one successful on 2026-11-24, one never attempted; the age is the
  // oldest known success, UTC to UTC: 55 whole days before 2026-11-25T14:30:05Z.
  const auto& partners = value(f, "repadmin.partners");
  REQUIRE(partners.Size() == 2);
  CHECK(str(partners[0]["name"]) == "Default-First-Site-Name\\DC2");
  CHECK(partners[0]["naming_contexts"].Size() == 4);
  CHECK(partners[0]["failing"].GetBool());
  CHECK(partners[0]["consecutive_failures"].GetInt() == 12);
  CHECK(partners[0]["result_code"].GetInt64() == 1722);
  CHECK(str(partners[0]["last_success"]) == "2026-10-01T08:00:00");
  CHECK(str(partners[0]["last_success_text"]) == "2026-10-01 08:00:00");
  CHECK(partners[0]["days_since_success"].GetInt64() == 55);
  // The deleted DSA's context: "17:12.09" (the older time format), 512.9 days before the collection.
  CHECK(partners[1]["naming_contexts"].Size() == 1);
  CHECK(partners[1]["days_since_success"].GetInt64() == 512);

  const auto& missing = value(f, "support_tools.missing");
  REQUIRE(missing.Size() == 1);
  CHECK(str(missing[0]) == "command.repadmin_replsummary");

  const auto& servers = value(f, "time.w32tm_monitor.servers");
  REQUIRE(servers.Size() == 2);
  CHECK(servers[0]["is_pdc"].GetBool());
  CHECK(servers[0]["offset_seconds"].GetDouble() == 0.0);
  CHECK(servers[1]["offset_seconds"].IsNull());
  CHECK(str(servers[1]["ntp_error"]).find("ERROR_TIMEOUT") == 0);
  CHECK(value(f, "time.w32tm_monitor.max_abs_offset_seconds").GetDouble() == 0.0);
  CHECK(value(f, "time.w32tm_monitor.error").IsNull());

  const auto& tz = value(f, "time.tz_w32tm");
  CHECK(tz["bias_minutes"].GetInt() == -60);
  CHECK(str(tz["standard"]["name"]) == "W. Europe Standard Time");
  CHECK(tz["daylight"]["month"].GetInt() == 3);

  const auto& scopes = value(f, "dhcp_server.scopes");
  REQUIRE(scopes.Size() == 2);
  CHECK(str(scopes[0]["network"]) == "10.1.0.0");
  CHECK(scopes[1]["active"].IsFalse());
  CHECK(str(scopes[1]["router"]) == "10.2.0.1");
  const auto& routers = value(f, "dhcp_server.scope_routers");
  REQUIRE(routers.Size() == 1);  // the inactive scope's router is not handed out
  CHECK(str(routers[0]) == "10.1.0.1");
}

TEST_CASE("health tools not installed or not collected", "[facts]") {
  test::BundleBuilder builder;
  add(builder, "command.dcdiag", "commands/dcdiag.txt", "command", "text", fixture("dcdiag/not-installed.txt"));
  make_missing(add(builder, "command.netdiag", "commands/netdiag.txt", "command", "text", ""));
  make_missing(add(builder, "command.netsh_dhcp", "commands/netsh_dhcp.txt", "command", "text", ""));
  add(builder, "command.w32tm_tz", "commands/w32tm_tz.txt", "command", "text", fixture("w32tm_tz/access-denied.txt"));
  Diagnostics diags;
  auto f = build(builder, diags);
  CHECK_FALSE(value(f, "dcdiag.ran").GetBool());
  CHECK(status(f, "dcdiag.failed_tests") == "parse_failed");
  CHECK_FALSE(value(f, "netdiag.ran").GetBool());
  CHECK(status(f, "netdiag.failed_tests") == "collection_failed");
  CHECK(reason(f, "netdiag.failed_tests").rfind("collection missing", 0) == 0);
  CHECK(status(f, "repadmin.ran") == "collection_failed");  // not attempted: unknown, not "did not run"
  const auto& missing = value(f, "support_tools.missing");
  REQUIRE(missing.Size() == 2);
  CHECK(str(missing[0]) == "command.netdiag");
  CHECK(str(missing[1]) == "command.dcdiag");  // ran through cmd.exe: "not recognized"
  CHECK(status(f, "dhcp_server.scopes") == "collection_failed");
  CHECK(status(f, "time.tz_w32tm") == "parse_failed");
  CHECK(status(f, "time.w32tm_monitor.servers") == "collection_failed");
}

TEST_CASE("services, volumes and hardware from the API documents", "[facts]") {
  test::BundleBuilder builder;
  add(builder, "api.services", "system/services.json", "api", "json",
      complete_services(R"({"schema":"migready-api-services/1","complete":true,"error":null,"count":3,"services":[
        {"name":"MSExchangeIS","display_name":"Microsoft Exchange Information Store","type":"win32_own_process",
         "state":"running","start_type":"auto","account":"LocalSystem"},
        {"name":"W3SVC","display_name":"World Wide Web Publishing","type":"win32_share_process",
         "state":"stopped","start_type":"disabled","account":"LocalSystem"},
        {"name":"Tcpip","display_name":"TCP/IP","type":"kernel_driver","state":"running","start_type":null,
         "account":null}]})"));
  add(builder, "api.volumes", "system/volumes.json", "api", "json",
      R"({"schema":"migready-api-volumes/1","complete":true,"error":null,"volumes":[
        {"root":"A:\\","drive_type":"removable","drive_type_code":2,"file_system":null,"label":null,
         "serial_number":null,"max_component_length":null,"file_system_flags":null,"total_bytes":null,
         "free_bytes":null,"available_bytes":null,"error":"GetVolumeInformationW: Win32 error 21"},
        {"root":"C:\\","drive_type":"fixed","drive_type_code":3,"file_system":"NTFS","label":"","serial_number":1,
         "max_component_length":255,"file_system_flags":459007,"total_bytes":10000,"free_bytes":1234,
         "available_bytes":1234,"error":null},
        {"root":"D:\\","drive_type":"fixed","drive_type_code":3,"file_system":"NTFS","label":"Data","serial_number":2,
         "max_component_length":255,"file_system_flags":459007,"total_bytes":20000,"free_bytes":500,
         "available_bytes":500,"error":null}]})");
  add(builder, "api.hardware", "system/hardware.json", "api", "json",
      R"({"schema":"migready-api-hardware/1","complete":true,"error":null,"registry":[
        {"key":"HKEY_LOCAL_MACHINE\\HARDWARE\\DESCRIPTION\\System","present":true,"error":null,"values":{
          "SystemBiosVersion":{"type":"REG_MULTI_SZ","size":20,"data":["VBOX   - 1"]}}},
        {"key":"HKEY_LOCAL_MACHINE\\HARDWARE\\DESCRIPTION\\System\\BIOS","present":false,"error":null,"values":{}}],
        "processors":null,"memory":null})");
  Diagnostics diags;
  auto f = build(builder, diags);
  const auto& list = value(f, "services.list");
  REQUIRE(list.Size() == 3);
  CHECK(str(list[0]["display_name"]) == "Microsoft Exchange Information Store");
  CHECK(str(list[1]["start_type"]) == "disabled");
  CHECK(list[2]["account"].IsNull());
  const auto& running = value(f, "services.running");
  REQUIRE(running.Size() == 2);
  CHECK(str(running[0]) == "MSExchangeIS");
  CHECK(value(f, "services.count").GetInt64() == 3);
  CHECK(value(f, "services.complete").GetBool());

  const auto& volumes = value(f, "disks.volumes");
  REQUIRE(volumes.Size() == 3);
  CHECK(volumes[0]["free_percent"].IsNull());
  CHECK(volumes[1]["free_percent"].GetDouble() == Approx(12.3));
  CHECK(value(f, "disks.min_free_percent").GetDouble() == Approx(2.5));
  CHECK(str((*f.find("disks.min_free_percent"))["source"]) == "api.volumes:D:\\");

  CHECK(value(f, "hardware.manufacturer").IsNull());
  CHECK(value(f, "hardware.model").IsNull());
  CHECK(str(value(f, "hardware.bios")[0]) == "VBOX   - 1");
  // No systeminfo: the hint comes from HARDWARE's BIOS text.
  CHECK(str(value(f, "hardware.virtual_machine_hint")) == "VirtualBox");

  // A service without a name is no document the collector writes: refused whole, naming the entry.
  test::BundleBuilder nameless;
  add(nameless, "api.services", "system/services.json", "api", "json",
      R"({"schema":"migready-api-services/1","complete":true,"error":null,"count":1,"services":[
        {"display_name":"no name","type":"win32_own_process","type_code":16,"interactive":false,"state":"stopped",
         "state_code":1,"pid":0,"win32_exit_code":0,"service_exit_code":0,"start_type":"demand","start_type_code":3,
         "error_control":1,"account":null,"binary_path":null,"load_order_group":null,"dependencies":[],"error":null}]})");
  auto g = build(nameless);
  CHECK(status(g, "services.list") == "parse_failed");
  CHECK(reason(g, "services.list").find("system/services.json#/services/0") != std::string::npos);
  CHECK(reason(g, "services.list").find("\"name\"") != std::string::npos);
}

namespace {

// api.hardware with an `smbios` part (`smbios` is the part's JSON, or "" for a document from a collector that
// did not write one) and an absent BIOS key, as on 2003.
std::string hardware_doc(const std::string& smbios) {
  return R"({"schema":"migready-api-hardware/1","complete":true,"error":null,"registry":[
        {"key":"HKEY_LOCAL_MACHINE\\HARDWARE\\DESCRIPTION\\System","present":true,"error":null,"values":{
          "SystemBiosVersion":{"type":"REG_MULTI_SZ","size":20,"data":["DELL   - 1"]}}},
        {"key":"HKEY_LOCAL_MACHINE\\HARDWARE\\DESCRIPTION\\System\\BIOS","present":false,"error":null,"values":{}}],
        "processors":null,"memory":null)" +
         (smbios.empty() ? std::string() : ",\"smbios\":" + smbios) + "}";
}

std::string smbios_part(const char* manufacturer, const char* product) {
  auto q = [](const char* s) { return s == nullptr ? std::string("null") : "\"" + std::string(s) + "\""; };
  return R"({"status":"ok","win32_error":null,"error":null,"version":"2.4","dmi_revision":0,"table_bytes":1234,
             "structures":40,"end_of_table":true,"bios":{"vendor":"Dell Inc.","version":"A07","release_date":"05/12/2008"},
             "system":{"manufacturer":)" + q(manufacturer) + R"(,"product_name":)" + q(product) + R"(,"version":null}})";
}

}  // namespace

TEST_CASE("hardware: SMBIOS type 1 decides maker, model and the hint, systeminfo is the fallback", "[facts]") {
  auto bundle = [](const std::string& smbios, const char* systeminfo) {
    test::BundleBuilder builder;
    add(builder, "api.hardware", "system/hardware.json", "api", "json", hardware_doc(smbios));
    if (systeminfo != nullptr) {
      add(builder, "command.systeminfo", "commands/systeminfo.txt", "command", "text", fixture(systeminfo));
    }
    return build(builder);
  };
  SECTION("the API wins over systeminfo's text") {
    auto f = bundle(smbios_part("Dell Inc.", "PowerEdge 840"), "systeminfo/sbs2003-vmware.txt");
    CHECK(str(value(f, "hardware.manufacturer")) == "Dell Inc.");
    CHECK(str(value(f, "hardware.model")) == "PowerEdge 840");
    CHECK(str((*f.find("hardware.model"))["source"]) == "api.hardware:smbios.system");
    CHECK(status(f, "hardware.virtual_machine_hint") == "present");
    CHECK(value(f, "hardware.virtual_machine_hint").IsNull());  // no virtual platform named
    CHECK(str((*f.find("hardware.virtual_machine_hint"))["source"]) == "api.hardware:smbios.system");
    CHECK(str(value(f, "hardware.bios")[0]) == "DELL   - 1");  // still 2003's SystemBiosVersion
  }
  SECTION("a virtual platform's maker is the hint, with systeminfo's names") {
    auto f = bundle(smbios_part("VMware, Inc.", "VMware Virtual Platform"), nullptr);
    CHECK(str(value(f, "hardware.virtual_machine_hint")) == "VMware");
    auto g = bundle(smbios_part("Microsoft Corporation", "Virtual Machine      "), nullptr);
    CHECK(str(value(g, "hardware.virtual_machine_hint")) == "Microsoft Hyper-V / Virtual PC");
    auto h = bundle(smbios_part(nullptr, "VirtualBox"), nullptr);  // a model alone is enough
    CHECK(str(value(h, "hardware.virtual_machine_hint")) == "VirtualBox");
    CHECK(value(h, "hardware.manufacturer").IsNull());
  }
  SECTION("no smbios part (an older collector): systeminfo decides") {
    auto f = bundle("", "systeminfo/sbs2003-vmware.txt");
    CHECK(str(value(f, "hardware.virtual_machine_hint")) == "VMware");
    CHECK(str((*f.find("hardware.virtual_machine_hint"))["source"]) == "command.systeminfo");
    CHECK(value(f, "hardware.manufacturer").IsNull());
    CHECK(str((*f.find("hardware.manufacturer"))["source"]) == "api.hardware:System\\BIOS");
  }
  SECTION("a table without names (Wine without DMI data) decides nothing") {
    auto f = bundle(smbios_part(nullptr, "  "), "systeminfo/sbs2003-vmware.txt");
    CHECK(str(value(f, "hardware.virtual_machine_hint")) == "VMware");
    CHECK(str((*f.find("hardware.virtual_machine_hint"))["source"]) == "command.systeminfo");
  }
  SECTION("neither readable: not checked, never null") {
    const std::string unavailable =
        R"({"status":"unavailable","win32_error":127,"error":"GetProcAddress GetSystemFirmwareTable: not found",
            "version":null,"dmi_revision":null,"table_bytes":null,"structures":null,"end_of_table":null,
            "bios":null,"system":null})";
    auto f = bundle(unavailable, "systeminfo/empty.txt");
    CHECK(status(f, "hardware.virtual_machine_hint") == "parse_failed");
    CHECK(value(f, "hardware.manufacturer").IsNull());
    auto g = bundle(unavailable, nullptr);
    CHECK(status(g, "hardware.virtual_machine_hint") != "present");
  }
}

TEST_CASE("API documents that are not what they claim are parse_failed", "[facts]") {
  test::BundleBuilder builder;
  add(builder, "api.services", "system/services.json", "api", "json", R"({"schema":"migready-api-volumes/1"})");
  add(builder, "api.volumes", "system/volumes.json", "api", "json", "{not json");
  auto& hw = add(builder, "api.hardware", "system/hardware.json", "api", "json", "x");
  hw["status"] = "denied";
  hw["path"].SetNull();
  hw["size"].SetNull();
  hw["sha256"].SetNull();
  Diagnostics diags;
  auto f = build(builder, diags);
  CHECK(status(f, "services.list") == "parse_failed");
  CHECK(status(f, "services.running") == "parse_failed");
  CHECK(status(f, "disks.volumes") == "parse_failed");
  CHECK(status(f, "disks.min_free_percent") == "parse_failed");
  CHECK(status(f, "hardware.manufacturer") == "collection_failed");
  CHECK(reason(f, "hardware.manufacturer").rfind("collection denied", 0) == 0);
  CHECK(status(f, "hardware.virtual_machine_hint") == "collection_failed");
}

// SOFTWARE as on an SBS: Windows in C:\WINDOWS, Exchange installed (the parts a full backup must hold).
const std::string kBackupSoftware = kSw + "Microsoft\\Windows NT\\CurrentVersion]\n\"SystemRoot\"=\"C:\\\\WINDOWS\"\n\n" +
                                    kSw + "Microsoft\\Exchange\\Setup]\n\"ServicePackNumber\"=dword:00000002\n\n";

TEST_CASE("backup runs from NTBackup logs, the latest successful Normal backup", "[facts]") {
  test::BundleBuilder builder;
  add_software(builder, kBackupSoftware);
  add(builder, "file.ntbackup_logs.administrator.backup01_log", "files/ntbackup/Administrator/backup01.log", "file",
      "text", utf16(fixture("ntbackup_log/sbs-full-skipped.txt"), false),
      "C:\\Documents and Settings\\Administrator\\Local Settings\\Application Data\\Microsoft\\Windows NT\\NTBackup\\data\\backup01.log");
  set_encoding(builder,
               add(builder, "file.ntbackup_logs.administrator.backup02_log", "files/ntbackup/Administrator/backup02.log",
                   "file", "text", fixture("ntbackup_log/incremental-utf16.txt")),
               "utf-16le");
  add(builder, "file.ntbackup_logs.administrator.backup03_log", "files/ntbackup/Administrator/backup03.log", "file",
      "text", fixture("ntbackup_log/verify-failure.txt"));
  add(builder, "file.ntbackup_logs.administrator.backup04_log", "files/ntbackup/Administrator/backup04.log", "file",
      "text", fixture("ntbackup_log/not-a-log.txt"));
  Diagnostics diags;
  auto f = build(builder, diags);
  CHECK(value(f, "backup.any_log").GetBool());
  const auto& runs = value(f, "backup.runs");
  REQUIRE(runs.Size() == 3);
  CHECK(str(runs[0]["outcome"]) == "completed_with_warnings");
  CHECK(str(runs[0]["type"]) == "Normal");
  CHECK(str(runs[0]["started"]) == "2026-11-20T23:02:00");
  CHECK(str(runs[0]["completed"]) == "2026-11-21T00:31:00");
  CHECK(runs[0]["bytes"].GetUint64() == 12345678901ull + 716892341ull + 21474836480ull);
  CHECK(str(runs[0]["file"]).find("backup01.log") != std::string::npos);
  CHECK(str(runs[1]["type"]) == "Incremental");
  CHECK(str(runs[2]["outcome"]) == "failed");
  REQUIRE(runs[0]["covers"].Size() == 3);
  CHECK(str(runs[0]["covers"][2]) == "SBS01\\Microsoft Information Store\\First Storage Group");
  // C: of 19 Nov failed its verify, and the incremental (22 Nov) is no full backup: 20 Nov's sets hold every
  // part; the whole is as old as its oldest part (C:, completed 23:41).
  CHECK(runs[2]["covers"].Size() == 0);
  CHECK(str(value(f, "backup.last_successful_full")) == "2026-11-20T23:41:00");
  CHECK(str((*f.find("backup.last_successful_full"))["source"]) == "file.ntbackup_logs.administrator.backup01_log");
  CHECK(value(f, "backup.full_missing").Size() == 0);
  const auto& parts = value(f, "backup.full_parts");
  REQUIRE(parts.Size() == 3);
  CHECK(str(parts[0]["name"]) == "System State");
  CHECK(str(parts[0]["last_full"]) == "2026-11-20T23:49:00");
  CHECK(str(parts[1]["name"]) == "C: (the system volume)");
  CHECK(str(parts[2]["name"]) == "Exchange Information Store");
  CHECK(str(parts[2]["last_full"]) == "2026-11-21T00:31:00");
  CHECK(value(f, "backup.other_products").Size() == 0);
  const auto& unreadable = value(f, "backup.unreadable_logs");
  REQUIRE(unreadable.Size() == 1);
  CHECK(str(unreadable[0]["status"]) == "parse_failed");
}

namespace {
// One NTBackup log of Normal backup sets, each `what` completed at the given time (US form).
std::string ntbackup_log(const std::vector<std::pair<std::string, std::string>>& sets, const std::string& type = "Normal") {
  std::string out = "Backup Status\nOperation: Backup\nActive backup destination: File\nMedia name: \"m\"\n\n";
  int n = 0;
  for (const auto& [what, completed] : sets) {
    out += "Backup of \"" + what + "\"\nBackup set #" + std::to_string(++n) + " on media #1\n";
    out += "Backup Type: " + type + "\n\nBackup started on " + completed + ".\nBackup completed on " + completed + ".\n";
    out += "Directories: 1\nFiles: 1\nBytes: 1\nTime:  1 minute and 0 seconds\n----------------------\n\n";
  }
  return out;
}
}  // namespace

namespace {
// The manifest of a format 1.2 collector on a server whose user writes dates as `short_date`, `time_format`.
// The user's conventions and LCIDs; the UI language is `ui_language`, by default the LCID's (0).
void set_locale(test::BundleBuilder& b, const char* short_date, const char* time_format, const char* am,
                const char* pm, unsigned lcid, unsigned ui_language = 0) {
  if (ui_language == 0) ui_language = lcid;
  auto& m = b.manifest();
  auto& alloc = m.GetAllocator();
  m["format_version"] = "1.2";
  json::Value user(rapidjson::kObjectType);
  const std::pair<const char*, const char*> fields[] = {
      {"short_date", short_date}, {"long_date", ""}, {"time_format", time_format}, {"date_separator", ""},
      {"time_separator", ":"},    {"am", am},        {"pm", pm},                   {"decimal", "."},
      {"thousands", ","}};
  for (const auto& [key, text] : fields) {
    user.AddMember(rapidjson::StringRef(key), rapidjson::StringRef(text), alloc);
  }
  user.AddMember("first_day_of_week", 0, alloc);
  json::Value locale(rapidjson::kObjectType);
  locale.AddMember("system_lcid", lcid, alloc);
  locale.AddMember("user_lcid", lcid, alloc);
  locale.AddMember("system_ui_language", ui_language, alloc);
  locale.AddMember("user_ui_language", ui_language, alloc);
  locale.AddMember("user", user, alloc);
  m.AddMember("locale", locale, alloc);
}
void set_us_locale(test::BundleBuilder& b) { set_locale(b, "M/d/yyyy", "h:mm:ss tt", "AM", "PM", 1033); }
}  // namespace

TEST_CASE("collection.locale: the manifest's locale, or why there is none", "[facts]") {
  test::BundleBuilder old;  // format 1.0
  auto f = build(old);
  CHECK(status(f, "collection.locale") == "missing");
  CHECK_THAT(reason(f, "collection.locale"), Catch::Contains("format 1.0") && Catch::Contains("unambiguous"));
  test::BundleBuilder german;
  set_locale(german, "dd.MM.yyyy", "HH:mm:ss", "", "", 1031);
  f = build(german);
  const auto& l = value(f, "collection.locale");
  CHECK(l["user_lcid"].GetUint() == 1031);
  CHECK(l["user_ui_language"].GetUint() == 1031);
  CHECK(str(l["short_date"]) == "dd.MM.yyyy");
  CHECK(str(l["am"]) == "");
  CHECK(l["first_day_of_week"].GetUint() == 0);
  CHECK(source(f, "collection.locale") == "manifest:locale");
}

TEST_CASE("backup times: read with the manifest's locale, without one only when unambiguous, else not checked",
          "[facts]") {
  // Every part fully backed up, completed 1 and 2 December: "12/1/2026" is 1 December only in the US form.
  const std::string log = ntbackup_log({{"C: System", "12/1/2026 at 11:31 PM"},
                                        {"System State", "12/2/2026 at 12:51 AM"},
                                        {"SBS01\\Microsoft Information Store\\First Storage Group",
                                         "12/2/2026 at 1:15 AM"}});
  SECTION("a 1.0 bundle: the dates are ambiguous; the parts are held, since when is not known") {
    test::BundleBuilder builder;
    add_software(builder, kBackupSoftware);
    add(builder, "file.ntbackup_logs.a.backup01_log", "files/ntbackup/a/backup01.log", "file", "text", log);
    auto f = build(builder);
    CHECK(status(f, "backup.last_successful_full") == "parse_failed");  // not checked, never "no backup"
    CHECK_THAT(reason(f, "backup.last_successful_full"),
               Catch::StartsWith("System State: the time of a full backup set could not be read: \"12/2/2026 at "
                                 "12:51 AM\": ambiguous"));
    CHECK(value(f, "backup.full_missing").Size() == 0);
    const auto& parts = value(f, "backup.full_parts");
    REQUIRE(parts.Size() == 3);
    CHECK(parts[0]["last_full"].IsNull());
    CHECK_THAT(str(parts[0]["unread_time"]), Catch::EndsWith("(file.ntbackup_logs.a.backup01_log)"));
    const auto& run = value(f, "backup.runs")[0];
    CHECK(run["started"].IsNull());
    CHECK(run["completed"].IsNull());
    CHECK_THAT(str(run["unread_time"]), Catch::StartsWith("\"12/1/2026 at 11:31 PM\": ambiguous"));
  }
  SECTION("a 1.2 bundle of an en-US server: the US form") {
    test::BundleBuilder builder;
    set_us_locale(builder);
    add_software(builder, kBackupSoftware);
    add(builder, "file.ntbackup_logs.a.backup01_log", "files/ntbackup/a/backup01.log", "file", "text", log);
    auto f = build(builder);
    CHECK(str(value(f, "backup.last_successful_full")) == "2026-12-01T23:31:00");
    CHECK(value(f, "backup.full_parts")[0]["unread_time"].IsNull());
    CHECK(value(f, "backup.runs")[0]["unread_time"].IsNull());
    CHECK(str(value(f, "backup.runs")[0]["completed"]) == "2026-12-02T01:15:00");
  }
  SECTION("a 1.2 bundle of an en-GB server: the same text is day first") {
    test::BundleBuilder builder;
    set_locale(builder, "dd/MM/yyyy", "HH:mm:ss", "AM", "PM", 2057);
    add_software(builder, kBackupSoftware);
    add(builder, "file.ntbackup_logs.a.backup01_log", "files/ntbackup/a/backup01.log", "file", "text", log);
    auto f = build(builder);
    CHECK(str(value(f, "backup.last_successful_full")) == "2026-01-12T23:31:00");
  }
  // An English Windows with German regional settings: NTBackup writes English, the dates in the user's form.
  const std::string german_dates =
      ntbackup_log({{"C: System", "01.12.2026 at 23:31"}, {"System State", "02.12.2026 at 00:51"},
                    {"SBS01\\Microsoft Information Store\\First Storage Group", "02.12.2026 at 01:15"}});
  SECTION("German regional settings on an English Windows: the short date, NTBackup's English \"at\", 24 hours") {
    test::BundleBuilder builder;
    set_locale(builder, "dd.MM.yyyy", "HH:mm:ss", "", "", 1031, 1033);
    add_software(builder, kBackupSoftware);
    add(builder, "file.ntbackup_logs.a.backup01_log", "files/ntbackup/a/backup01.log", "file", "text", german_dates);
    auto f = build(builder);
    CHECK(str(value(f, "backup.last_successful_full")) == "2026-12-01T23:31:00");
    CHECK(str(value(f, "backup.runs")[0]["started"]) == "2026-12-01T23:31:00");
  }
  SECTION("a German Windows: an English log is not its NTBackup's, so the backup is not checked") {
    test::BundleBuilder builder;
    set_locale(builder, "dd.MM.yyyy", "HH:mm:ss", "", "", 1031);
    add_software(builder, kBackupSoftware);
    add(builder, "file.ntbackup_logs.a.backup01_log", "files/ntbackup/a/backup01.log", "file", "text", german_dates);
    auto f = build(builder);
    CHECK(status(f, "backup.last_successful_full") == "parse_failed");
    CHECK_THAT(reason(f, "backup.last_successful_full"), Catch::Contains("but German (de) was expected"));
  }
  SECTION("a part with no full backup at all is still missing, whatever times are unread") {
    test::BundleBuilder builder;
    add_software(builder, kBackupSoftware);
    add(builder, "file.ntbackup_logs.a.backup01_log", "files/ntbackup/a/backup01.log", "file", "text",
        ntbackup_log({{"C: System", "12/1/2026 at 11:31 PM"}, {"System State", "12/2/2026 at 12:51 AM"}}));
    auto f = build(builder);
    CHECK(value(f, "backup.last_successful_full").IsNull());
    REQUIRE(value(f, "backup.full_missing").Size() == 1);
    CHECK(str(value(f, "backup.full_missing")[0]) == "Exchange Information Store");
  }
}

TEST_CASE("a full backup must hold System State, the system volume and (with Exchange) the Information Store", "[facts]") {
  SECTION("a Normal backup of D: alone: every part is missing") {
    test::BundleBuilder builder;
    set_us_locale(builder);
    add_software(builder, kBackupSoftware);
    add(builder, "file.ntbackup_logs.a.backup01_log", "files/ntbackup/a/backup01.log", "file", "text",
        ntbackup_log({{"D: ", "12/1/2026 at 11:31 PM"}}));
    auto f = build(builder);
    CHECK(value(f, "backup.last_successful_full").IsNull());
    const auto& missing = value(f, "backup.full_missing");
    REQUIRE(missing.Size() == 3);
    CHECK(str(missing[0]) == "System State");
    CHECK(str(missing[1]) == "C: (the system volume)");
    CHECK(str(missing[2]) == "Exchange Information Store");
    CHECK(str(value(f, "backup.runs")[0]["covers"][0]) == "D:");
  }
  SECTION("parts from two logs, one part only in an Incremental: the Information Store is missing") {
    test::BundleBuilder builder;
    set_us_locale(builder);
    add_software(builder, kBackupSoftware);
    add(builder, "file.ntbackup_logs.a.backup01_log", "files/ntbackup/a/backup01.log", "file", "text",
        ntbackup_log({{"C: System", "12/1/2026 at 11:31 PM"}, {"System State", "12/2/2026 at 12:51 AM"}}));
    add(builder, "file.ntbackup_logs.a.backup02_log", "files/ntbackup/a/backup02.log", "file", "text",
        ntbackup_log({{"SBS01\\Microsoft Information Store\\First Storage Group", "12/2/2026 at 1:15 AM"}}, "Incremental"));
    auto f = build(builder);
    CHECK(value(f, "backup.last_successful_full").IsNull());
    const auto& missing = value(f, "backup.full_missing");
    REQUIRE(missing.Size() == 1);
    CHECK(str(missing[0]) == "Exchange Information Store");
    // "C: System": the volume C: with its label. "CD:" or "C:\\Data" would not be the volume.
    CHECK(str(value(f, "backup.full_parts")[1]["last_full"]) == "2026-12-01T23:31:00");
  }
  SECTION("no Exchange: System State and C: suffice; a Copy backup is a full one; the oldest part dates it") {
    test::BundleBuilder builder;
    add_software(builder, kSw + "Microsoft\\Windows NT\\CurrentVersion]\n\"SystemRoot\"=\"D:\\\\WINNT\"\n\n");
    add(builder, "file.ntbackup_logs.a.backup01_log", "files/ntbackup/a/backup01.log", "file", "text",
        ntbackup_log({{"D: ", "11/20/2026 at 11:00 PM"}, {"System State", "11/20/2026 at 11:30 PM"}}, "Copy"));
    add(builder, "file.ntbackup_logs.a.backup02_log", "files/ntbackup/a/backup02.log", "file", "text",
        ntbackup_log({{"D: ", "11/27/2026 at 11:00 PM"}}));
    auto f = build(builder);
    CHECK(value(f, "backup.full_parts").Size() == 2);
    CHECK(str(value(f, "backup.full_parts")[1]["name"]) == "D: (the system volume)");
    CHECK(str(value(f, "backup.last_successful_full")) == "2026-11-20T23:30:00");
  }
  SECTION("no SOFTWARE hive: which parts are needed is unknown, as SystemRoot is") {
    test::BundleBuilder builder;
    add(builder, "file.ntbackup_logs.a.backup01_log", "files/ntbackup/a/backup01.log", "file", "text",
        ntbackup_log({{"C: ", "11/20/2026 at 11:00 PM"}, {"System State", "11/20/2026 at 11:30 PM"}}));
    auto f = build(builder);
    CHECK(status(f, "os.system_root") == "collection_failed");
    CHECK(status(f, "backup.last_successful_full") == "collection_failed");
    CHECK(status(f, "backup.full_missing") == "collection_failed");
    CHECK(reason(f, "backup.full_parts") == reason(f, "os.system_root"));
  }
  SECTION("SystemRoot without a drive letter: missing, saying why") {
    test::BundleBuilder builder;
    add_software(builder, kSw + "Microsoft\\Windows NT\\CurrentVersion]\n\"SystemRoot\"=\"\\\\WINDOWS\"\n\n");
    add(builder, "file.ntbackup_logs.a.backup01_log", "files/ntbackup/a/backup01.log", "file", "text",
        ntbackup_log({{"C: ", "11/20/2026 at 11:00 PM"}}));
    auto f = build(builder);
    CHECK(status(f, "backup.full_missing") == "missing");
    CHECK(reason(f, "backup.full_missing").find("names no drive") != std::string::npos);
  }
  SECTION("no completed full set at all: no complete backup, whatever the parts") {
    test::BundleBuilder builder;
    add(builder, "file.ntbackup_logs.a.backup01_log", "files/ntbackup/a/backup01.log", "file", "text",
        ntbackup_log({{"C: ", "11/20/2026 at 11:00 PM"}}, "Incremental"));
    auto f = build(builder);
    CHECK(value(f, "backup.last_successful_full").IsNull());
    CHECK(status(f, "backup.full_missing") == "collection_failed");
  }
}

TEST_CASE("other backup products: brand names in Add or Remove Programs and services", "[facts]") {
  test::BundleBuilder builder;
  add_software(builder, kSw + "Microsoft\\Windows\\CurrentVersion\\Uninstall\\{BE}]\n"
                              "\"DisplayName\"=\"Symantec Backup Exec 12.5 for Windows Servers\"\n\n" +
                              kSw + "Microsoft\\Windows\\CurrentVersion\\Uninstall\\QB]\n\"DisplayName\"=\"QuickBooks\"\n\n");
  add(builder, "api.services", "system/services.json", "api", "json",
      complete_services(R"({"schema":"migready-api-services/1","complete":true,"error":null,"services":[
        {"name":"BackupExecJobEngine","display_name":"Backup Exec Job Engine","state":"running","start_type":"auto","type":"win32_own_process"},
        {"name":"ShadowProtectSvc","display_name":"ShadowProtect Service","state":"stopped","start_type":"demand","type":"win32_own_process"},
        {"name":"NtmsSvc","display_name":"Removable Storage","state":"running","start_type":"demand","type":"win32_share_process"}]})"));
  auto f = build(builder);
  const auto& products = value(f, "backup.other_products");
  REQUIRE(products.Size() == 3);
  CHECK(str(products[0]["name"]) == "Symantec Backup Exec 12.5 for Windows Servers");
  CHECK(str(products[0]["evidence"]).rfind("Add or Remove Programs: ", 0) == 0);
  CHECK(str(products[1]["name"]) == "Backup Exec Job Engine");
  CHECK(str(products[1]["evidence"]) == "service BackupExecJobEngine (running)");
  CHECK(str(products[2]["name"]) == "ShadowProtect Service");

  test::BundleBuilder none;
  CHECK(status(build(none), "backup.other_products") == "collection_failed");
}

TEST_CASE("disks.critical_volumes: Windows, Active Directory's database and logs", "[facts]") {
  test::BundleBuilder builder;
  add_software(builder, kSw + "Microsoft\\Windows NT\\CurrentVersion]\n\"SystemRoot\"=\"c:\\\\WINDOWS\"\n\n");
  add_system(builder, kSys + "Services\\NTDS\\Parameters]\n\"DSA Database file\"=\"E:\\\\NTDS\\\\ntds.dit\"\n"
                             "\"Database log files path\"=\"%SystemRoot%\\\\NTDS\"\n\n");
  auto f = build(builder);
  const auto& vols = value(f, "disks.critical_volumes");
  REQUIRE(vols.Size() == 2);
  CHECK(str(vols[0]["root"]) == "C:\\");
  CHECK(str(vols[0]["name"]) == "C:\\ (Windows (c:\\WINDOWS), Active Directory's logs)");
  CHECK(str(vols[1]["root"]) == "E:\\");
  CHECK(str(vols[1]["holds"][0]) == "the Active Directory database");

  test::BundleBuilder none;
  CHECK(status(build(none), "disks.critical_volumes") == "collection_failed");
}

TEST_CASE("backup and migration logs: none found is an answer, not searched is not", "[facts]") {
  SECTION("the search rows found nothing") {
    test::BundleBuilder builder;
    make_missing(add(builder, "file.ntbackup_logs", "files/ntbackup", "file", "text", ""));
    make_missing(add(builder, "file.migration_logs", "files/migration", "file", "text", ""));
    Diagnostics diags;
    auto f = build(builder, diags);
    CHECK_FALSE(value(f, "backup.any_log").GetBool());
    CHECK(value(f, "backup.runs").Size() == 0);
    CHECK(value(f, "backup.last_successful_full").IsNull());
    CHECK(value(f, "migration_prep.logs").Size() == 0);
    CHECK_FALSE(value(f, "adprep.failed").GetBool());
  }
  SECTION("not in the bundle") {
    test::BundleBuilder builder;
    Diagnostics diags;
    auto f = build(builder, diags);
    CHECK(status(f, "backup.any_log") == "collection_failed");
    CHECK(status(f, "backup.last_successful_full") == "collection_failed");
    CHECK(status(f, "adprep.failed") == "collection_failed");
  }
  SECTION("the only log is unreadable") {
    test::BundleBuilder builder;
    add(builder, "file.ntbackup_logs.x.backup01_log", "files/ntbackup/x/backup01.log", "file", "text",
        fixture("ntbackup_log/not-a-log.txt"));
    Diagnostics diags;
    auto f = build(builder, diags);
    CHECK(value(f, "backup.any_log").GetBool());
    CHECK(status(f, "backup.runs") == "parse_failed");
    CHECK(status(f, "backup.last_successful_full") == "parse_failed");
  }
}

TEST_CASE("migration logs and ADPrep: the latest run decides", "[facts]") {
  const std::string failed =
      "Adprep was unable to complete because the call back function failed.\r\n"
      "[Status/Consequence]\r\nThe error is 0x80070005\r\n";
  const std::string ok = "Adprep successfully updated the forest-wide information.\r\n";
  SECTION("an old failure, then a success") {
    test::BundleBuilder builder;
    add(builder, "file.migration_logs.adprep.20261101120000.adprep_log",
        "files/migration/adprep/20261101120000/ADPrep.log", "file", "text", failed,
        "C:\\WINDOWS\\debug\\adprep\\logs\\20261101120000\\ADPrep.log");
    add(builder, "file.migration_logs.adprep.20261120230000.adprep_log",
        "files/migration/adprep/20261120230000/ADPrep.log", "file", "text", ok,
        "C:\\WINDOWS\\debug\\adprep\\logs\\20261120230000\\ADPrep.log");
    add(builder, "file.migration_logs.program_files.sourcetool.sourcetool_log",
        "files/migration/program_files/SourceTool/SourceTool.log", "file", "text", "log\r\n");
    Diagnostics diags;
    auto f = build(builder, diags);
    const auto& logs = value(f, "migration_prep.logs");
    REQUIRE(logs.Size() == 3);
    CHECK(str(logs[2]["path"]) == "files/migration/program_files/SourceTool/SourceTool.log");
    const auto& runs = value(f, "adprep.runs");
    REQUIRE(runs.Size() == 2);
    CHECK(str(runs[0]["run"]) == "20261101120000");
    CHECK(runs[0]["failed"].GetBool());
    CHECK_FALSE(value(f, "adprep.failed").GetBool());
  }
  SECTION("the latest run failed") {
    test::BundleBuilder builder;
    add(builder, "file.migration_logs.adprep.20261120230000.adprep_log",
        "files/migration/adprep/20261120230000/ADPrep.log", "file", "text", failed);
    Diagnostics diags;
    auto f = build(builder, diags);
    CHECK(value(f, "adprep.failed").GetBool());
    CHECK(str((*f.find("adprep.failed"))["source"]) == "file.migration_logs.adprep.20261120230000.adprep_log");
  }
}

TEST_CASE("event logs: errors of the 30 days before the collection, by source and id", "[facts]") {
  test::BundleBuilder builder;
  add(builder, "eventlog.system", "eventlogs/System.evt", "event_log", "evt", fixture("evt/wrapped-system.evt"),
      "System");
  add(builder, "eventlog.application", "eventlogs/Application.evt", "event_log", "evt", "not an evt", "Application");
  make_missing(add(builder, "eventlog.dns_server", "eventlogs/DNS_Server.evt", "event_log", "evt", "", "DNS Server"));
  Diagnostics diags;
  auto f = build(builder, diags);
  const auto& sys = value(f, "events.system.errors_last_30_days");
  CHECK(sys["total"].GetInt64() == 1);
  REQUIRE(sys["groups"].Size() == 1);
  CHECK(str(sys["groups"][0]["source"]) == "Service Control Manager");
  CHECK(sys["groups"][0]["event_id"].GetUint() == 7000);
  CHECK(sys["groups"][0]["count"].GetInt64() == 1);
  CHECK(str(sys["groups"][0]["last_utc"]) == "2026-11-20T23:02:00Z");
  CHECK(str(sys["from_utc"]) == "2026-10-26T14:30:05Z");
  CHECK(status(f, "events.application.errors_last_30_days") == "parse_failed");
  CHECK(status(f, "events.dns_server.errors_last_30_days") == "collection_failed");
  CHECK(status(f, "events.directory_service.errors_last_30_days") == "collection_failed");

  SECTION("older than 30 days does not count") {
    builder.manifest()["collection"]["started_utc"] = "2027-01-10T00:00:00Z";
    Diagnostics d2;
    auto later = build(builder, d2);
    CHECK(value(later, "events.system.errors_last_30_days")["total"].GetInt64() == 0);
  }
}

namespace {

facts::Facts build_hives(const std::string& software_reg, const std::string& system_reg) {
  test::BundleBuilder builder;
  if (!software_reg.empty()) {
    add(builder, "registry.software", "registry/SOFTWARE.reg", "registry", "reg",
        utf16("Windows Registry Editor Version 5.00\n\n" + software_reg), "HKEY_LOCAL_MACHINE\\SOFTWARE");
  }
  if (!system_reg.empty()) {
    add(builder, "registry.system", "registry/SYSTEM.reg", "registry", "reg",
        utf16("Windows Registry Editor Version 5.00\n\n" + system_reg), "HKEY_LOCAL_MACHINE\\SYSTEM");
  }
  Diagnostics diags;
  return build(builder, diags);
}

}  // namespace

TEST_CASE("Active Directory from the SYSTEM hive: DC, schema version, database paths", "[facts]") {
  SECTION("a Windows Server 2003 R2 schema, control set 2") {
    auto f = build_hives("",
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n\"Current\"=dword:00000002\n\n"
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\ProductOptions]\n\"ProductType\"=\"ServerNT\"\n\n"
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Control\\ProductOptions]\n\"ProductType\"=\"LanmanNT\"\n\n"
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Services\\NTDS\\Parameters]\n"
        "\"Schema Version\"=dword:0000001f\n"
        "\"DSA Database file\"=\"C:\\\\WINDOWS\\\\NTDS\\\\ntds.dit\"\n"
        "\"Database log files path\"=\"C:\\\\WINDOWS\\\\NTDS\"\n");
    CHECK(value(f, "ad.is_domain_controller").GetBool());
    CHECK(source(f, "ad.is_domain_controller") ==
          "registry.system:ControlSet002\\Control\\ProductOptions\\ProductType");
    CHECK(value(f, "ad.schema_version").GetInt64() == 31);
    CHECK(str(value(f, "ad.schema_version_name")) == "Windows Server 2003 R2");
    CHECK(source(f, "ad.schema_version") ==
          "registry.system:ControlSet002\\Services\\NTDS\\Parameters\\Schema Version");
    CHECK(str(value(f, "ad.database_path")) == "C:\\WINDOWS\\NTDS\\ntds.dit");
    CHECK(str(value(f, "ad.log_path")) == "C:\\WINDOWS\\NTDS");
  }
  SECTION("a member server: no NTDS values are null, not unknown") {
    auto f = build_hives("",
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n\"Current\"=dword:00000001\n\n"
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\ProductOptions]\n\"ProductType\"=\"ServerNT\"\n");
    CHECK_FALSE(value(f, "ad.is_domain_controller").GetBool());
    CHECK(value(f, "ad.schema_version").IsNull());
    CHECK(value(f, "ad.schema_version_name").IsNull());
    CHECK(value(f, "ad.database_path").IsNull());
    CHECK(value(f, "ad.log_path").IsNull());
  }
  SECTION("no ProductType: the NTDS database path decides; an unknown schema number; a wrong type") {
    auto f = build_hives("",
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n\"Current\"=dword:00000001\n\n"
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\NTDS\\Parameters]\n"
        "\"Schema Version\"=dword:00000063\n"
        "\"DSA Database file\"=\"D:\\\\NTDS\\\\ntds.dit\"\n"
        "\"Database log files path\"=dword:00000001\n");
    CHECK(value(f, "ad.is_domain_controller").GetBool());
    CHECK(source(f, "ad.is_domain_controller") ==
          "registry.system:ControlSet001\\Services\\NTDS\\Parameters\\DSA Database file");
    CHECK(value(f, "ad.schema_version").GetInt64() == 99);
    CHECK(str(value(f, "ad.schema_version_name")) == "unknown");
    CHECK(status(f, "ad.log_path") == "parse_failed");
  }
  SECTION("neither ProductType nor NTDS: not a DC") {
    auto f = build_hives("", "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n\"Current\"=dword:00000001\n\n"
                             "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\Tcpip]\n");
    CHECK_FALSE(value(f, "ad.is_domain_controller").GetBool());
  }
  SECTION("Select names a control set the hive does not have: unknown, never an empty set") {
    auto f = build_hives("", "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n\"Current\"=dword:000003e7\n\n"
                             "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\ProductOptions]\n"
                             "\"ProductType\"=\"LanmanNT\"\n");
    for (const char* path : {"ad.is_domain_controller", "ad.database_path", "dhcp_server.installed", "rras.start",
                             "os.product_suite", "system.pending_file_rename_operations"}) {
      INFO(path);
      CHECK(status(f, path) == "collection_failed");
      CHECK(reason(f, path).find("Select\\Current names ControlSet999, which the SYSTEM hive does not have") !=
            std::string::npos);
    }
  }
  SECTION("Schema Version of the wrong type makes the name unknown too") {
    auto f = build_hives("",
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n\"Current\"=dword:00000001\n\n"
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\NTDS\\Parameters]\n\"Schema Version\"=\"30\"\n");
    CHECK(status(f, "ad.schema_version") == "parse_failed");
    CHECK(status(f, "ad.schema_version_name") == "parse_failed");
  }
  SECTION("no Select key: the control set is unknown") {
    auto f = build_hives("", "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\ProductOptions]\n"
                             "\"ProductType\"=\"LanmanNT\"\n");
    CHECK(status(f, "ad.is_domain_controller") == "collection_failed");
    CHECK(status(f, "ad.database_path") == "collection_failed");
  }
  SECTION("Select\\Current of the wrong type: the control set cannot be parsed") {
    auto f = build_hives("", "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n\"Current\"=\"1\"\n\n"
                             "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\ProductOptions]\n");
    CHECK(status(f, "ad.is_domain_controller") == "parse_failed");
  }
  SECTION("no SYSTEM hive") {
    auto f = build_hives("[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft]\n", "");
    CHECK(status(f, "ad.is_domain_controller") == "collection_failed");
    CHECK(status(f, "ad.schema_version_name") == "collection_failed");
  }
}

TEST_CASE("component versions: MSXML 6 from Uninstall, file versions the bundle lacks are not guessed", "[facts]") {
  const std::string uninstall = "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\";
  SECTION("RTM and SP1 entries: the highest version") {
    auto f = build_hives(uninstall + "{AEB9948B-4FF2-47C9-990E-47014492A0FE}]\n"
                                     "\"DisplayName\"=\"MSXML 6.0 Parser\"\n\"DisplayVersion\"=\"6.0.3883.0\"\n\n" +
                             uninstall + "{596ABBEE-5DA5-4C3D-8AD4-A5DA6E4FA2DE}]\n"
                                         "\"DisplayName\"=\"MSXML 6.0 Parser (KB933579)\"\n"
                                         "\"DisplayVersion\"=\"6.10.1129.0\"\n\n" +
                             uninstall + "{X}]\n\"DisplayName\"=\"MSXML 4.0 SP2 Parser and SDK\"\n"
                                         "\"DisplayVersion\"=\"4.20.9818.0\"\n\n"
                                         "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Exchange\\Setup]\n"
                                         "\"ServicePackNumber\"=dword:00000002\n",
                         "");
    CHECK(str(value(f, "msxml6.version")) == "6.10.1129.0");
    CHECK(source(f, "msxml6.version") == "registry.software:Microsoft\\Windows\\CurrentVersion\\Uninstall\\"
                                         "{596ABBEE-5DA5-4C3D-8AD4-A5DA6E4FA2DE}\\DisplayVersion");
    CHECK(status(f, "exchange.build") == "collection_failed");
    CHECK_THAT(reason(f, "exchange.build"), Catch::Contains("store.exe"));
    CHECK(status(f, "windows_update_agent.version") == "collection_failed");
    CHECK_THAT(reason(f, "windows_update_agent.version"), Catch::Contains("wuaueng.dll"));
    CHECK(status(f, "windows_installer.version") == "collection_failed");
    CHECK_THAT(reason(f, "windows_installer.version"), Catch::Contains("msi.dll"));
  }
  SECTION("MSXML 6 service pack entry name") {
    auto f = build_hives(uninstall + "{S}]\n\"DisplayName\"=\"MSXML 6 Service Pack 2 (KB954459)\"\n"
                                     "\"DisplayVersion\"=\"6.20.1099.0\"\n",
                         "");
    CHECK(str(value(f, "msxml6.version")) == "6.20.1099.0");
  }
  SECTION("no entry, or one without a version: missing (the DLL may still be there); no Exchange: null build") {
    auto f = build_hives(uninstall + "{AEB9948B-4FF2-47C9-990E-47014492A0FE}]\n\"DisplayName\"=\"MSXML 6.0 Parser\"\n",
                         "");
    CHECK(status(f, "msxml6.version") == "missing");
    CHECK_THAT(reason(f, "msxml6.version"), Catch::Contains("msxml6.dll"));
    CHECK(value(f, "exchange.build").IsNull());
  }
  SECTION("unreadable SOFTWARE hive") {
    test::BundleBuilder builder;
    add(builder, "registry.software", "registry/SOFTWARE.hiv", "registry", "regf", "not a hive");
    Diagnostics diags;
    auto f = build(builder, diags);
    CHECK(status(f, "msxml6.version") == "parse_failed");
    CHECK(status(f, "exchange.build") == "parse_failed");
    CHECK(status(f, "isa.installed") == "parse_failed");
    CHECK(status(f, "sbs.edition") == "parse_failed");
    CHECK(status(f, "windows_installer.version") == "collection_failed");  // not from the hive at all
  }
}

TEST_CASE("SBS edition hint: ISA or a SQL instance SBS Standard does not install means Premium", "[facts]") {
  const std::string sbs = "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SmallBusinessServer]\n\"x\"=dword:00000001\n\n";
  const std::string sql = "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Microsoft SQL Server]\n\"InstalledInstances\"=";
  SECTION("only the instances SBS and WSUS bring: Standard") {
    auto f = build_hives(sbs + sql + multi_sz({"SBSMONITORING", "SHAREPOINT", "MICROSOFT##SSEE"}) + "\n", "");
    CHECK(str(value(f, "sbs.edition")) == "Standard");
    CHECK_FALSE(value(f, "isa.installed").GetBool());
  }
  SECTION("a default SQL Server instance: Premium") {
    auto f = build_hives(sbs + sql + multi_sz({"SBSMONITORING", "MSSQLSERVER"}) + "\n", "");
    CHECK(str(value(f, "sbs.edition")) == "Premium");
    CHECK(source(f, "sbs.edition") == "registry.software:Microsoft\\Microsoft SQL Server\\InstalledInstances");
  }
  SECTION("ISA Server: Premium") {
    auto f = build_hives(sbs + "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Fpc]\n"
                               "\"InstallDirectory\"=\"C:\\\\Program Files\\\\Microsoft ISA Server\\\\\"\n",
                         "");
    CHECK(value(f, "isa.installed").GetBool());
    CHECK(str(value(f, "sbs.edition")) == "Premium");
    CHECK(source(f, "sbs.edition") == "registry.software:Microsoft\\Fpc");
  }
  SECTION("no SQL key at all: Standard") {
    auto f = build_hives(sbs, "");
    CHECK(str(value(f, "sbs.edition")) == "Standard");
  }
  SECTION("InstalledInstances of the wrong type: unknown") {
    auto f = build_hives(sbs + sql + "\"MSSQLSERVER\"\n", "");
    CHECK(status(f, "sbs.edition") == "parse_failed");
  }
  SECTION("not SBS: no edition") {
    auto f = build_hives(sql + multi_sz({"MSSQLSERVER"}) + "\n", "");
    CHECK(value(f, "sbs.edition").IsNull());
  }
}

TEST_CASE("repadmin.partners: the age is counted UTC to UTC, as the rules show it", "[facts]") {
  // The format of tests/fixtures/repadmin_showrepl/two-dcs-rpc-failure.txt. The manifest: 2026-11-25T14:30:05Z,
  // bias -60 (UTC = local - 1 h). 2026-11-24 14:45 server time is 13:45 UTC: 1 day and 45 minutes before the
  // collection, although the wall-clock figures are less than a day apart (the "0 days" of a local-vs-UTC count).
  const std::string text =
      "Default-First-Site-Name\\SBS01\r\nDC Options: IS_GC \r\nSite Options: (none)\r\n"
      "DC object GUID: 0f6d2c51-8a3e-4b7d-9c21-5e4f3a2b1c0d\r\nDC invocationID: 0f6d2c51-8a3e-4b7d-9c21-5e4f3a2b1c0d\r\n\r\n"
      "==== INBOUND NEIGHBORS ======================================\r\n\r\n"
      "DC=contoso,DC=local\r\n    Default-First-Site-Name\\DC2 via RPC\r\n"
      "        DC object GUID: 5a8e1f3c-2d4b-4c6a-9e7f-1b2c3d4e5f60\r\n"
      "        Last attempt @ 2026-11-24 14:45:00 was successful.\r\n\r\n"
      "CN=Configuration,DC=contoso,DC=local\r\n    Default-First-Site-Name\\DC2 via RPC\r\n"
      "        DC object GUID: 5a8e1f3c-2d4b-4c6a-9e7f-1b2c3d4e5f60\r\n"
      "        Last attempt @ 2026-11-25 15:10:00 was successful.\r\n";
  test::BundleBuilder builder;
  add(builder, "command.repadmin_showrepl", "commands/repadmin_showrepl.txt", "command", "text", text);
  Diagnostics diags;
  auto f = build(builder, diags);
  const auto& partners = value(f, "repadmin.partners");
  REQUIRE(partners.Size() == 1);
  CHECK_FALSE(partners[0]["failing"].GetBool());
  CHECK(partners[0]["naming_contexts"].Size() == 2);
  CHECK(str(partners[0]["last_success"]) == "2026-11-24T14:45:00");  // the older context's successful attempt
  CHECK(partners[0]["days_since_success"].GetInt64() == 1);
  CHECK(partners[0]["result_code"].IsNull());
  CHECK(partners[0]["consecutive_failures"].GetInt() == 0);
  CHECK(value(f, "repadmin.failures").Empty());
}

TEST_CASE("dcdiag's failed tests: which server, which stopped services", "[facts]") {
  test::BundleBuilder builder;  // the manifest's computer is SBS01
  add(builder, "command.dcdiag", "commands/dcdiag.txt", "command", "text", fixture("dcdiag/two-dcs-dc2-down.txt"));
  Diagnostics diags;
  auto f = build(builder, diags);
  const auto& tests = value(f, "dcdiag.failed_tests");
  const auto* connectivity = find_by(tests, "name", "Connectivity");
  const auto* services = find_by(tests, "name", "Services");
  const auto* replications = find_by(tests, "name", "Replications");
  REQUIRE(connectivity != nullptr);
  REQUIRE(services != nullptr);
  REQUIRE(replications != nullptr);
  CHECK(str((*connectivity)["subject"]) == "DC2");
  CHECK_FALSE((*connectivity)["this_server"].GetBool());
  CHECK((*replications)["this_server"].GetBool());
  // "IsmServ Service is stopped on [SBS01]": the name, in lower case; other tests name no services.
  REQUIRE((*services)["services"].Size() == 1);
  CHECK(str((*services)["services"][0]) == "ismserv");
  CHECK((*replications)["services"].Empty());
}

TEST_CASE("FSMO role holders from dcdiag's KnowsOfRoleHolders", "[facts]") {
  auto with_dcdiag = [](const std::string& fixture_name) {
    test::BundleBuilder builder;
    add(builder, "command.dcdiag", "commands/dcdiag.txt", "command", "text", fixture("dcdiag/" + fixture_name));
    Diagnostics diags;
    return build(builder, diags);
  };
  SECTION("all roles on the SBS") {
    auto f = with_dcdiag("sbs2003-frs-warning.txt");
    const auto& fsmo = value(f, "ad.fsmo");
    for (const char* role : {"schema", "domain_naming", "pdc", "rid", "infrastructure"}) {
      INFO(role);
      REQUIRE(fsmo[role].IsObject());
      CHECK(str(fsmo[role]["server"]) == "SBS01");
      CHECK_FALSE(fsmo[role]["deleted"].GetBool());
    }
    CHECK(fsmo["schema"]["line"].GetInt() == 47);
    CHECK(str(fsmo["reported_by"]) == "SBS01");
  }
  SECTION("roles on another DC and on a deleted one, as the local DC sees them") {
    auto f = with_dcdiag("fsmo-deleted-owner.txt");
    const auto& fsmo = value(f, "ad.fsmo");
    CHECK(str(fsmo["pdc"]["server"]) == "SBS01");
    CHECK(str(fsmo["rid"]["server"]) == "DC3");
    CHECK(str(fsmo["infrastructure"]["server"]) == "DC2");
    CHECK(fsmo["infrastructure"]["deleted"].GetBool());
    CHECK(str(fsmo["infrastructure"]["dn"]).rfind("CN=NTDS Settings\\0ADEL:", 0) == 0);
    CHECK(fsmo["infrastructure"]["line"].GetInt() == 35);  // SBS01's block, not DC3's
    CHECK(str(fsmo["reported_by"]) == "SBS01");
  }
  SECTION("an owner moved to Deleted Objects, or not an NTDS Settings DN: no server; a role not listed: null") {
    const std::string text =
        "Domain Controller Diagnosis\n\nDoing primary tests\n   Testing server: S\\SBS01\n"
        "      Starting test: KnowsOfRoleHolders\n"
        "         Role Schema Owner = CN=NTDS Settings\\0ADEL:5b1a,CN=Deleted Objects,CN=Configuration,DC=c,DC=l\n"
        "         Role PDC Owner = CN=SBS01,OU=Domain Controllers,DC=c,DC=l\n"
        "         ......................... SBS01 passed test KnowsOfRoleHolders\n";
    test::BundleBuilder builder;
    add(builder, "command.dcdiag", "commands/dcdiag.txt", "command", "text", text);
    Diagnostics diags;
    auto f = build(builder, diags);
    const auto& fsmo = value(f, "ad.fsmo");
    CHECK(fsmo["schema"]["server"].IsNull());
    CHECK(fsmo["schema"]["deleted"].GetBool());
    CHECK(fsmo["pdc"]["server"].IsNull());
    CHECK(fsmo["rid"].IsNull());
  }
  SECTION("an owner's DN is read by contract::ldap: escapes decode, \\2C as ',' like '\\,'; a malformed DN names no server") {
    const std::string sites = ",CN=Servers,CN=Default-First-Site-Name,CN=Sites,CN=Configuration,DC=c,DC=l\n";
    const std::string text =
        "Domain Controller Diagnosis\n\nDoing primary tests\n   Testing server: S\\SBS01\n"
        "      Starting test: KnowsOfRoleHolders\n"
        "         Role Schema Owner = CN=NTDS Settings,CN=SRV\\2C01" + sites +
        "         Role PDC Owner = CN=NTDS Settings,CN=SRV\\,02" + sites +
        "         Role Rid Owner = CN=NTDS Settings,CN=SRV\\zz" + sites +
        "         ......................... SBS01 passed test KnowsOfRoleHolders\n";
    test::BundleBuilder builder;
    add(builder, "command.dcdiag", "commands/dcdiag.txt", "command", "text", text);
    Diagnostics diags;
    auto f = build(builder, diags);
    const auto& fsmo = value(f, "ad.fsmo");
    CHECK(str(fsmo["schema"]["server"]) == "SRV,01");
    CHECK(str(fsmo["pdc"]["server"]) == "SRV,02");
    CHECK(fsmo["rid"]["server"].IsNull());
    CHECK(str(fsmo["rid"]["dn"]).rfind("CN=NTDS Settings,CN=SRV\\zz,", 0) == 0);
  }
  SECTION("dcdiag without role lines: missing") {
    auto f = with_dcdiag("sbs2003-healthy.txt");
    CHECK(status(f, "ad.fsmo") == "missing");
    CHECK_THAT(reason(f, "ad.fsmo"), Catch::Contains("KnowsOfRoleHolders"));
  }
  SECTION("dcdiag not installed; not collected") {
    auto f = with_dcdiag("not-installed.txt");
    CHECK(status(f, "ad.fsmo") == "parse_failed");
    test::BundleBuilder builder;
    Diagnostics diags;
    auto g = build(builder, diags);
    CHECK(status(g, "ad.fsmo") == "collection_failed");
  }
}

TEST_CASE("RRAS: configured for remote access, running", "[facts][rras]") {
  const std::string service = kSys + "Services\\RemoteAccess]\n\"Start\"=dword:00000003\n\n";
  const std::string params = kSys + "Services\\RemoteAccess\\Parameters]\n\"ServiceDll\"=\"mprdim.dll\"\n";
  SECTION("the SBS wizard's VPN configuration: ConfigurationFlags 1, RouterType 7") {
    test::BundleBuilder b;
    add_system(b, service + params + "\"ConfigurationFlags\"=dword:00000001\n\"RouterType\"=dword:00000007\n");
    auto f = build(b);
    CHECK(value(f, "rras.configuration_flags").GetInt64() == 1);
    CHECK(value(f, "rras.router_type").GetInt64() == 7);
    CHECK(value(f, "rras.remote_access_configured").GetBool());
  }
  SECTION("configured as a LAN router only (RouterType 2): no remote access") {
    test::BundleBuilder b;
    add_system(b, service + params + "\"ConfigurationFlags\"=dword:00000001\n\"RouterType\"=dword:00000002\n");
    CHECK_FALSE(value(build(b), "rras.remote_access_configured").GetBool());
  }
  SECTION("never configured (no ConfigurationFlags), or disabled again (0)") {
    test::BundleBuilder b;
    add_system(b, service + params);
    auto f = build(b);
    CHECK(value(f, "rras.configuration_flags").GetInt64() == 0);
    CHECK(value(f, "rras.router_type").IsNull());
    CHECK_FALSE(value(f, "rras.remote_access_configured").GetBool());
    test::BundleBuilder zero;
    add_system(zero, service + params + "\"ConfigurationFlags\"=dword:00000000\n\"RouterType\"=dword:00000007\n");
    CHECK_FALSE(value(build(zero), "rras.remote_access_configured").GetBool());
  }
  SECTION("ConfigurationFlags of the wrong type: not known") {
    test::BundleBuilder b;
    add_system(b, service + params + "\"ConfigurationFlags\"=\"1\"\n");
    auto f = build(b);
    CHECK(status(f, "rras.configuration_flags") == "parse_failed");
    CHECK(status(f, "rras.remote_access_configured") == "parse_failed");
  }
  SECTION("rras.running from the service list") {
    auto services = [](const std::string& state, bool complete, bool listed) {
      test::BundleBuilder b;
      const std::string entry = R"({"name":"RemoteAccess","display_name":"Routing and Remote Access",)"
                                R"("type":"win32_share_process","state":")" + state + R"(","start_type":"demand"})";
      add(b, "api.services", "system/services.json", "api", "json",
          complete_services(std::string(R"({"schema":"migready-api-services/1","complete":)") + (complete ? "true" : "false") +
              R"(,"error":null,"count":1,"services":[)" +
              (listed ? entry : R"({"name":"W32Time","display_name":"Windows Time","type":"win32_share_process","state":"running","start_type":"auto"})") +
              "]}"));
      return build(b);
    };
    CHECK(value(services("running", true, true), "rras.running").GetBool());
    CHECK_FALSE(value(services("stopped", true, true), "rras.running").GetBool());
    CHECK_FALSE(value(services("running", true, false), "rras.running").GetBool());  // not installed
    CHECK(status(services("running", false, false), "rras.running") == "missing");  // not reached
    test::BundleBuilder none;
    CHECK(status(build(none), "rras.running") == "collection_failed");
  }
}

TEST_CASE("DHCP: a scope without option 003 inherits the server's", "[facts][dhcp]") {
  const std::string head =
      "Dhcp Server \\\\SBSSERVER set optionvalue 3 IPADDRESS \"192.168.16.1\"\n"
      "Dhcp Server \\\\SBSSERVER add scope 192.168.16.0 255.255.255.0 \"SmallBusinessServer\" \"\"\n"
      "Dhcp Server \\\\SBSSERVER Scope 192.168.16.0 set state 1\n"
      "Dhcp Server \\\\SBSSERVER add scope 10.2.0.0 255.255.0.0 \"Branch\" \"\"\n"
      "Dhcp Server \\\\SBSSERVER Scope 10.2.0.0 set state 1\n"
      "Dhcp Server \\\\SBSSERVER Scope 10.2.0.0 set optionvalue 3 IPADDRESS \"10.2.0.1\"\n";
  test::BundleBuilder b;
  add(b, "command.netsh_dhcp", "commands/netsh_dhcp.txt", "command", "text", head);
  auto f = build(b);
  const auto& scopes = value(f, "dhcp_server.scopes");
  REQUIRE(scopes.Size() == 2);
  CHECK(str(scopes[0]["router"]) == "192.168.16.1");
  CHECK(str(scopes[0]["router_level"]) == "server");
  CHECK(str(scopes[1]["router"]) == "10.2.0.1");  // the scope's own option overrides the server's
  CHECK(str(scopes[1]["router_level"]) == "scope");
  const auto& routers = value(f, "dhcp_server.scope_routers");
  REQUIRE(routers.Size() == 2);
  CHECK(str(routers[0]) == "192.168.16.1");
  SECTION("no option 003 anywhere: router null") {
    test::BundleBuilder none;
    add(none, "command.netsh_dhcp", "commands/netsh_dhcp.txt", "command", "text", head.substr(head.find('\n') + 1));
    auto g = build(none);
    CHECK(value(g, "dhcp_server.scopes")[0]["router"].IsNull());
    CHECK(value(g, "dhcp_server.scopes")[0]["router_level"].IsNull());
  }
}

TEST_CASE("netdiag: the Default gateway test failed per adapter and globally is one entry", "[facts][netdiag]") {
  test::BundleBuilder b;
  add(b, "command.netdiag", "commands/netdiag.txt", "command", "text", fixture("netdiag/gateway-unreachable.txt"));
  auto f = build(b);
  const auto& failed = value(f, "netdiag.failed_tests");
  REQUIRE(failed.Size() == 1);
  CHECK(str(failed[0]["name"]) == "Default gateway test");
  CHECK(str(failed[0]["adapter"]) == "Server Local Area Connection");
  REQUIRE(failed[0]["fatals"].Size() == 1);  // the global test's line is the same, kept once
  CHECK(str(failed[0]["fatals"][0]) == "NO GATEWAYS ARE REACHABLE.");
}

namespace {

// A .reg file as regedit writes it (UTF-16LE with a BOM, CRLF) from UTF-16 text, for names beyond ASCII.
std::string utf16_reg(std::u16string_view text) {
  std::string out = "\xFF\xFE";
  auto unit = [&](char16_t c) {
    out += static_cast<char>(c & 0xFF);
    out += static_cast<char>(c >> 8);
  };
  for (char16_t c : text) {
    if (c == u'\n') unit(u'\r');
    unit(c);
  }
  return out;
}

// W. Europe Standard Time's TZI: bias -60, standard bias 0, daylight bias -60, October / March, 5th Sunday.
constexpr std::u16string_view kWEuropeTzi =
    u"\"TZI\"=hex:c4,ff,ff,ff,00,00,00,00,c4,ff,ff,ff,00,00,0a,00,00,00,05,00,03,00,00,00,00,00,00,00,00,00,03,00,"
    u"00,00,05,00,02,00,00,00,00,00,00,00\n";

void german_time_zone(test::BundleBuilder& b) {
  auto& tz = b.manifest()["collection"]["time_zone"];
  tz["standard_name"].SetString("Westeurop\xC3\xA4ische Normalzeit", b.manifest().GetAllocator());
  tz["daylight_name"].SetString("Westeurop\xC3\xA4ische Sommerzeit", b.manifest().GetAllocator());
}

void add_time_zones(test::BundleBuilder& b, std::u16string_view keys) {
  std::u16string reg = u"Windows Registry Editor Version 5.00\n\n";
  reg += keys;
  add(b, "registry.software", "registry/SOFTWARE.reg", "registry", "reg", utf16_reg(reg), "HKEY_LOCAL_MACHINE\\SOFTWARE");
}

constexpr std::u16string_view kZones = u"HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Time Zones\\";

}  // namespace

TEST_CASE("time.zone.id: the Time Zones key whose localized names and bias are the manifest's", "[facts][time]") {
  test::BundleBuilder b;
  german_time_zone(b);
  std::u16string keys;
  // Same names, another bias: not this zone.
  keys += u"[" + std::u16string(kZones) + u"Elsewhere]\n\"Std\"=\"Westeurop\u00e4ische Normalzeit\"\n"
          u"\"Dlt\"=\"Westeurop\u00e4ische Sommerzeit\"\n\"TZI\"=hex:00,00,00,00\n\n";
  keys += u"[" + std::u16string(kZones) + u"Romance Standard Time]\n\"Std\"=\"Romanische Normalzeit\"\n"
          u"\"Dlt\"=\"Romanische Sommerzeit\"\n" + std::u16string(kWEuropeTzi) + u"\n";
  keys += u"[" + std::u16string(kZones) + u"W. Europe Standard Time]\n\"Std\"=\"Westeurop\u00e4ische Normalzeit\"\n"
          u"\"Dlt\"=\"Westeurop\u00e4ische Sommerzeit\"\n" + std::u16string(kWEuropeTzi);
  add_time_zones(b, keys);
  auto f = build(b);
  CHECK(str(value(f, "time.zone.standard_name")) == "Westeurop\xC3\xA4ische Normalzeit");
  CHECK(str(value(f, "time.zone.id")) == "W. Europe Standard Time");
  CHECK(source(f, "time.zone.id") ==
        "registry.software:Microsoft\\Windows NT\\CurrentVersion\\Time Zones\\W. Europe Standard Time\\Std");

  SECTION("two keys with the same names and bias: which one is unknown, null") {
    test::BundleBuilder twice;
    german_time_zone(twice);
    add_time_zones(twice, keys + u"\n[" + std::u16string(kZones) + u"Copy]\n\"Std\"=\"Westeurop\u00e4ische Normalzeit\"\n"
                              u"\"Dlt\"=\"Westeurop\u00e4ische Sommerzeit\"\n");
    auto g = build(twice);
    CHECK(status(g, "time.zone.id") == "present");
    CHECK(value(g, "time.zone.id").IsNull());
  }
  SECTION("no key with the manifest's names (here the English ones): null") {
    test::BundleBuilder english;
    add_time_zones(english, keys);
    auto g = build(english);
    CHECK(value(g, "time.zone.id").IsNull());
  }
  SECTION("no Time Zones key: null") {
    test::BundleBuilder none;
    german_time_zone(none);
    add_software(none, "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Exchange\\Setup]\n");
    auto g = build(none);
    CHECK(value(g, "time.zone.id").IsNull());
  }
  SECTION("an unreadable SOFTWARE hive: not known") {
    test::BundleBuilder bad;
    add(bad, "registry.software", "registry/SOFTWARE.hiv", "registry", "regf", "not a hive");
    auto g = build(bad);
    CHECK(status(g, "time.zone.id") == "parse_failed");
  }
}

TEST_CASE("Uninstall strings are capped, and only the kept programs' strings are read", "[facts][bounds]") {
  // 600 programs (over the 500 cap) whose DisplayName is 17,000 characters (over the 16,383 cap).
  std::string body;
  const std::string tail(17'000 - 4, 'A');
  for (int i = 0; i < 600; ++i) {
    std::string n = std::to_string(i);
    n.insert(0, 4 - n.size(), '0');  // "0042": four digits, as the tail's length assumes
    body += "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\App" + n + "]\n";
    body += "\"DisplayName\"=\"" + n + tail + "\"\n\"Publisher\"=\"Contoso\"\n\n";
  }
  test::BundleBuilder builder;
  add_software(builder, body);
  Diagnostics diags;
  auto f = build(builder, diags);
  CHECK(value(f, "programs.count").GetInt64() == 600);
  const auto& programs = value(f, "programs.installed");
  REQUIRE(programs.Size() == 500);
  const std::string first = str(programs[0]["display_name"]);
  const std::string mark = " [... truncated: the value is longer than 16383 characters]";
  CHECK(first.size() == 16'383 + mark.size());
  CHECK(first.substr(0, 4) == "0000");
  CHECK(first.substr(16'383) == mark);
  CHECK(str(programs[499]["display_name"]).substr(0, 4) == "0499");  // the first 500 by name
  CHECK(str(programs[499]["publisher"]) == "Contoso");
  CHECK(value(f, "lob.count").GetInt64() == 600);
  const auto& apps = value(f, "lob.applications");
  REQUIRE(apps.Size() == 500);
  CHECK(str(apps[499]["application"]).substr(0, 4) == "0499");
  CHECK(str(apps[0]["application"]).size() == 16'383 + mark.size());
}
