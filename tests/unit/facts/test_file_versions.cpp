// Facts the hives cannot show (bundle format 1.1): file versions (versions.cpp), the live reading
// of the pending-restart markers (restart.cpp); and DCOM, ISA, R2 (os.cpp, network.cpp), the LAN
// adapter's prefix (network.cpp), FRS journal wrap (events.cpp).
#include "facts_test_util.hpp"

using namespace migready;
using namespace migready::test::facts_util;

namespace {

const std::string kExchange = kSw + "Microsoft\\Exchange\\Setup]\n\"ServicePackNumber\"=dword:00000001\n\n";
const std::string kWss = kSw + "Microsoft\\Shared Tools\\Web Server Extensions\\6.0]\n\"SharePoint\"=\"Installed\"\n\n";

std::string file_entry(const std::string& id, const std::string& file, const std::string& version,
                       bool present = true, const std::string& error = "") {
  const std::string path = "C:\\\\WINDOWS\\\\system32\\\\" + file;
  return R"({"id":")" + id + R"(","file":")" + file + R"(","searched":[")" + path + R"("],"present":)" +
         (present ? "true" : "false") + R"(,"path":)" + (present ? "\"" + path + "\"" : "null") +
         R"(,"file_version":)" + (version.empty() ? "null" : "\"" + version + "\"") +
         R"(,"product_version":null,"size_bytes":null,"last_write_utc":null,"error":)" +
         (error.empty() ? "null" : "\"" + error + "\"") + "}";
}

std::string file_versions(const std::vector<std::string>& entries) {
  std::string out = R"({"schema":"migready-api-file-versions/1","complete":true,"error":null,"files":[)";
  for (std::size_t i = 0; i < entries.size(); ++i) out += (i ? "," : "") + entries[i];
  return out + "]}";
}

void add_file_versions(test::BundleBuilder& b, const std::string& doc) {
  add(b, "api.file_versions", "system/file-versions.json", "api", "json", doc);
}

const std::string kRebootKey =
    "HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\WindowsUpdate\\\\Auto Update\\\\RebootRequired";
const std::string kUpdatesKey = "HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Microsoft\\\\Updates";

std::string volatile_doc(const std::string& reboot_entry_tail, const std::string& updates_entry_tail) {
  return R"({"schema":"migready-api-volatile-registry/1","complete":true,"error":null,"registry":[{"key":")" +
         kRebootKey + "\"," + reboot_entry_tail + R"(},{"key":")" + kUpdatesKey + "\"," + updates_entry_tail + "}]}";
}

void add_volatile(test::BundleBuilder& b, const std::string& doc) {
  add(b, "api.volatile_registry", "system/volatile-registry.json", "api", "json", doc);
}

const std::string kSession = kSys + "Control\\Session Manager]\n\"ProtectionMode\"=dword:00000001\n";

}  // namespace

TEST_CASE("WSS 2.0 SP3's package among the installed programs or updates", "[facts]") {
  const std::string owssvr = file_versions({file_entry("owssvr", "OWSSVR.DLL", "11.0.7969.0")});
  SECTION("an Uninstall entry naming SharePoint Services' Service Pack 3") {
    test::BundleBuilder b;
    add_software(b, kWss + kSw + "Microsoft\\Windows\\CurrentVersion\\Uninstall\\WSS2SP3]\n"
                               "\"DisplayName\"=\"Windows SharePoint Services 2.0 Service Pack 3 (SP3)\"\n\n");
    add_file_versions(b, owssvr);
    auto f = build(b);
    CHECK(value(f, "wss.v2_service_pack").GetInt64() == 2);
    CHECK(str(value(f, "wss.v2_sp3_package")) == "Windows SharePoint Services 2.0 Service Pack 3 (SP3)");
    CHECK(source(f, "wss.v2_sp3_package") ==
          "registry.software:Microsoft\\Windows\\CurrentVersion\\Uninstall\\WSS2SP3");
  }
  SECTION("its KB among the installed updates") {
    test::BundleBuilder b;
    add_software(b, kWss + kSw + "Microsoft\\Windows NT\\CurrentVersion\\HotFix\\KB923643]\n\n");
    add_file_versions(b, owssvr);
    auto f = build(b);
    CHECK(str(value(f, "wss.v2_sp3_package")) == "KB923643");
  }
  SECTION("neither: null; WSS 2.0 itself and other updates are not its service pack") {
    test::BundleBuilder b;
    add_software(b, kWss + kSw + "Microsoft\\Windows\\CurrentVersion\\Uninstall\\WSS2]\n"
                               "\"DisplayName\"=\"Microsoft Windows SharePoint Services 2.0\"\n\n" +
                               kSw + "Microsoft\\Windows NT\\CurrentVersion\\HotFix\\KB887624]\n\n");
    add_file_versions(b, owssvr);
    auto f = build(b);
    CHECK(value(f, "wss.v2_sp3_package").IsNull());
  }
  SECTION("no WSS 2.0: null; no SOFTWARE hive: unknown") {
    test::BundleBuilder b;
    add_software(b, kSw + "Microsoft]\n");
    CHECK(value(build(b), "wss.v2_sp3_package").IsNull());
    test::BundleBuilder none;
    CHECK(status(build(none), "wss.v2_sp3_package") == "collection_failed");
  }
}

TEST_CASE("file versions: MSXML 6, the Windows Update Agent, Windows Installer, WSS 2.0 and Exchange", "[facts]") {
  test::BundleBuilder b;
  add_software(b, kExchange + kWss);
  add_file_versions(b, file_versions({file_entry("msxml6", "msxml6.dll", "6.0.3883.0"),
                                      file_entry("wuaueng", "wuaueng.dll", "7.2.6001.788"),
                                      file_entry("msi", "msi.dll", "3.1.4000.2435"),
                                      file_entry("owssvr", "OWSSVR.DLL", "11.0.7969.0"),
                                      file_entry("exchange_store", "store.exe", "6.5.7226.0"),
                                      file_entry("exchange_cdoex", "cdoex.dll", "6.5.7226.0")}));
  auto f = build(b);
  CHECK(str(value(f, "msxml6.version")) == "6.0.3883.0");
  CHECK(source(f, "msxml6.version") == "api.file_versions:C:\\WINDOWS\\system32\\msxml6.dll");
  CHECK_FALSE(value(f, "msxml6.sp1_or_later").GetBool());
  CHECK(str(value(f, "windows_update_agent.version")) == "7.2.6001.788");
  CHECK(str(value(f, "windows_installer.version")) == "3.1.4000.2435");
  CHECK(str(value(f, "wss.v2_version")) == "11.0.7969.0");
  CHECK(value(f, "wss.v2_service_pack").GetInt64() == 2);
  CHECK(str(value(f, "exchange.store_version")) == "6.5.7226.0");
  CHECK(value(f, "exchange.build").GetInt64() == 7226);
  CHECK(value(f, "exchange.build_service_pack").GetInt64() == 1);
  CHECK(value(f, "file_versions.files").Size() == 6);

  SECTION("SP1 and later builds") {
    test::BundleBuilder b2;
    add_software(b2, kExchange + kWss);
    add_file_versions(b2, file_versions({file_entry("msxml6", "msxml6.dll", "6.10.1129.0"),
                                         file_entry("owssvr", "OWSSVR.DLL", "11.0.8173.0"),
                                         file_entry("exchange_store", "store.exe", "6.5.7654.4")}));
    auto g = build(b2);
    CHECK(value(g, "msxml6.sp1_or_later").GetBool());
    CHECK(value(g, "wss.v2_service_pack").GetInt64() == 3);
    CHECK(value(g, "exchange.build").GetInt64() == 7654);
    CHECK(value(g, "exchange.build_service_pack").GetInt64() == 2);
    // Entries the document does not have are not guessed.
    CHECK(status(g, "windows_update_agent.version") == "collection_failed");
  }
}

TEST_CASE("file versions: files that are not there, unreadable versions, hostile documents", "[facts]") {
  SECTION("not there: null; MSXML 6 absent is not SP1; Exchange installed without store.exe is missing") {
    test::BundleBuilder b;
    add_software(b, kExchange + kWss);
    add_file_versions(b, file_versions({file_entry("msxml6", "msxml6.dll", "", false),
                                        file_entry("wuaueng", "wuaueng.dll", "", false),
                                        file_entry("owssvr", "OWSSVR.DLL", "", false),
                                        file_entry("exchange_store", "store.exe", "", false)}));
    auto f = build(b);
    CHECK(value(f, "msxml6.version").IsNull());
    CHECK_FALSE(value(f, "msxml6.sp1_or_later").GetBool());
    CHECK(value(f, "windows_update_agent.version").IsNull());
    CHECK(value(f, "wss.v2_version").IsNull());
    CHECK(status(f, "wss.v2_service_pack") == "missing");
    CHECK(status(f, "exchange.build") == "missing");
    CHECK_THAT(reason(f, "exchange.build"), Catch::Contains("store.exe"));
  }
  SECTION("a file without a readable version, and a version that is no a.b.c.d") {
    test::BundleBuilder b;
    add_software(b, kExchange);
    add_file_versions(b, file_versions({file_entry("msxml6", "msxml6.dll", "", true, "GetFileVersionInfoW: denied"),
                                        file_entry("msi", "msi.dll", "3.1.99999.0"),
                                        file_entry("exchange_store", "store.exe", "8.0.685.24")}));
    auto f = build(b);
    CHECK(status(f, "msxml6.version") == "collection_failed");
    CHECK_THAT(reason(f, "msxml6.version"), Catch::Contains("denied"));
    CHECK(status(f, "msxml6.sp1_or_later") == "collection_failed");
    CHECK(status(f, "windows_installer.version") == "parse_failed");
    CHECK(status(f, "exchange.build") == "missing");  // not Exchange 2003
  }
  SECTION("no Exchange, no WSS: null, whatever the files say") {
    test::BundleBuilder b;
    add_software(b, kSw + "Microsoft\\Windows NT\\CurrentVersion]\n");
    add_file_versions(b, file_versions({file_entry("exchange_store", "store.exe", "6.5.7638.1"),
                                        file_entry("owssvr", "OWSSVR.DLL", "11.0.8173.0")}));
    auto f = build(b);
    CHECK(value(f, "exchange.build").IsNull());
    CHECK(value(f, "exchange.store_version").IsNull());
    CHECK(value(f, "wss.v2_version").IsNull());
  }
  SECTION("wrong schema, or no files[]: parse_failed for the facts only the files give") {
    for (const std::string& doc : {std::string(R"({"schema":"migready-api-volumes/1","files":[]})"),
                                  std::string(R"({"schema":"migready-api-file-versions/1","files":{}})"),
                                  std::string("[1,2")}) {
      test::BundleBuilder b;
      add_software(b, kExchange);
      add_file_versions(b, doc);
      Diagnostics diags;
      auto f = build(b, diags);
      INFO(doc);
      CHECK(status(f, "windows_update_agent.version") == "parse_failed");
      CHECK(status(f, "exchange.build") == "parse_failed");
      CHECK_FALSE(diags.empty());
    }
  }
  SECTION("a 1.0 bundle: collection_failed naming the file; the MSXML stand-in stays") {
    test::BundleBuilder b;
    add_software(b, kExchange + kSw + "Microsoft\\Windows\\CurrentVersion\\Uninstall\\{M}]\n"
                                      "\"DisplayName\"=\"MSXML 6.0 Parser\"\n\"DisplayVersion\"=\"6.0.3883.0\"\n");
    auto f = build(b);
    CHECK(status(f, "windows_update_agent.version") == "collection_failed");
    CHECK_THAT(reason(f, "windows_update_agent.version"), Catch::Contains("wuaueng.dll"));
    CHECK(status(f, "exchange.build") == "collection_failed");
    CHECK_FALSE(value(f, "msxml6.sp1_or_later").GetBool());
  }
}

TEST_CASE("pending restart: the live reading of the volatile markers beats the hive", "[facts]") {
  SECTION("both read live: RebootRequired present and UpdateExeVolatile 1") {
    test::BundleBuilder b;
    add_system(b, kSession);
    add_software(b, kSw + "Microsoft\\Windows NT\\CurrentVersion]\n");
    add_volatile(b, volatile_doc(R"("present":true,"values":{},"error":null)",
                                 R"("present":true,"values":{"UpdateExeVolatile":{"type":"REG_DWORD","size":4,"data":1}},"error":null)"));
    auto f = build(b);
    CHECK(value(f, "system.pending_restart").GetBool());
    const auto& reasons = value(f, "system.pending_restart_reasons");
    REQUIRE(reasons.Size() == 2);
    CHECK(str(reasons[0]["kind"]) == "windows_update_reboot_required");
    CHECK_THAT(str(reasons[0]["source"]), Catch::StartsWith("api.volatile_registry:"));
    CHECK(str(reasons[1]["kind"]) == "update_exe_volatile");
    CHECK_THAT(str(reasons[1]["detail"]), Catch::Contains("UpdateExeVolatile = 1"));
    CHECK(value(f, "system.pending_restart_volatile_keys_readable").GetBool());
  }
  SECTION("live says no although the (stale) hive has the key; a failed live entry falls back to the hive") {
    test::BundleBuilder b;
    add_system(b, kSession);
    add_software(b, kSw + "Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired]\n\n" + kSw +
                        "Microsoft\\Updates]\n\"UpdateExeVolatile\"=dword:00000002\n");
    add_volatile(b, volatile_doc(R"("present":false,"values":{},"error":null)",
                                 R"J("present":false,"values":{},"error":"RegOpenKeyExW: Access is denied. (Win32 error 5)")J"));
    auto f = build(b);
    const auto& reasons = value(f, "system.pending_restart_reasons");
    REQUIRE(reasons.Size() == 1);
    CHECK(str(reasons[0]["kind"]) == "update_exe_volatile");
    CHECK(str(reasons[0]["source"]) == "registry.software:Microsoft\\Updates\\UpdateExeVolatile");
    // One marker unknown live; the .reg export still holds volatile keys.
    CHECK(value(f, "system.pending_restart_volatile_keys_readable").GetBool());
  }
  SECTION("nothing pending, read live, over a regf-like hive") {
    test::BundleBuilder b;
    add_system(b, kSession);
    add_volatile(b, volatile_doc(R"("present":false,"values":{},"error":null)", R"("present":true,"values":{},"error":null)"));
    auto f = build(b);
    CHECK_FALSE(value(f, "system.pending_restart").GetBool());
    CHECK(value(f, "system.pending_restart_volatile_keys_readable").GetBool());
  }
}

TEST_CASE("DCOM, ISA Server and R2 from the hives", "[facts]") {
  SECTION("EnableDCOM N, ISA's Firewall service, R2") {
    test::BundleBuilder b;
    add_software(b, kSw + "Microsoft\\Ole]\n\"EnableDCOM\"=\"n\"\n\n" + kSw +
                        "Microsoft\\Windows NT\\CurrentVersion]\n\"ProductName\"=\"Microsoft Windows Server 2003 R2\"\n");
    add_system(b, kSys + "Services\\FwSrv]\n\"Start\"=dword:00000002\n");
    auto f = build(b);
    CHECK_FALSE(value(f, "system.dcom_enabled").GetBool());
    CHECK(value(f, "isa.installed").GetBool());
    CHECK(source(f, "isa.installed") == "registry.system:ControlSet001\\Services\\FwSrv");
    CHECK(value(f, "isa.firewall_service_present").GetBool());
    CHECK(value(f, "os.is_r2").GetBool());
  }
  SECTION("defaults: EnableDCOM absent is enabled; no ISA; not R2") {
    test::BundleBuilder b;
    add_software(b, kSw + "Microsoft\\Windows NT\\CurrentVersion]\n\"ProductName\"=\"Microsoft Windows Server 2003\"\n");
    add_system(b, kSys + "Services\\W32Time]\n");
    auto f = build(b);
    CHECK(value(f, "system.dcom_enabled").GetBool());
    CHECK_FALSE(value(f, "isa.installed").GetBool());
    CHECK_FALSE(value(f, "os.is_r2").GetBool());
  }
  SECTION("EnableDCOM of another text or type is parse_failed") {
    test::BundleBuilder b;
    add_software(b, kSw + "Microsoft\\Ole]\n\"EnableDCOM\"=dword:00000001\n");
    auto f = build(b);
    CHECK(status(f, "system.dcom_enabled") == "parse_failed");
  }
}

namespace {

void put32(std::string& b, std::size_t at, std::uint32_t v) {
  for (std::size_t i = 0; i < 4; ++i) b[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}
void add_utf16z(std::string& b, const std::string& ascii) {
  for (char c : ascii) {
    b.push_back(c);
    b.push_back('\0');
  }
  b.append(2, '\0');
}

// A minimal .evt (docs in analyzer/parsers/evt.hpp): header, NtFrs records, EOF record.
std::string frs_log(const std::vector<std::pair<std::uint16_t, std::uint32_t>>& events) {
  std::string recs;
  std::uint32_t n = 0;
  for (const auto& [id, time] : events) {
    std::string r(0x38, '\0');
    put32(r, 0x04, 0x654c664c);
    put32(r, 0x08, ++n);
    put32(r, 0x0C, time);
    put32(r, 0x10, time);
    put32(r, 0x14, 0xC0000000u | id);
    r[0x18] = static_cast<char>(id == 13568 ? 1 : 4);
    r[0x1A] = 1;
    add_utf16z(r, "NtFrs");
    add_utf16z(r, "SBS01");
    while (r.size() % 4) r.push_back('\0');
    put32(r, 0x24, static_cast<std::uint32_t>(r.size()));
    add_utf16z(r, "DOMAIN SYSTEM VOLUME (SYSVOL SHARE)");
    while (r.size() % 4) r.push_back('\0');
    r.append(4, '\0');
    put32(r, r.size() - 4, static_cast<std::uint32_t>(r.size()));
    put32(r, 0, static_cast<std::uint32_t>(r.size()));
    recs += r;
  }
  std::string b(0x30, '\0');
  b += recs;
  const auto end = static_cast<std::uint32_t>(b.size());
  for (std::uint32_t v : {0x28u, 0x11111111u, 0x22222222u, 0x33333333u, 0x44444444u, 0x30u, end, n + 1, 1u, 0x28u}) {
    b.append(4, '\0');
    put32(b, b.size() - 4, v);
  }
  for (auto [at, v] : std::vector<std::pair<std::size_t, std::uint32_t>>{
           {0x00, 0x30}, {0x04, 0x654c664c}, {0x08, 1}, {0x0C, 1}, {0x10, 0x30}, {0x14, end}, {0x18, n + 1},
           {0x1C, 1}, {0x20, static_cast<std::uint32_t>(b.size())}, {0x24, 0}, {0x28, 604800}, {0x2C, 0x30}}) {
    put32(b, at, v);
  }
  return b;
}

}  // namespace

TEST_CASE("FRS journal wrap: NtFrs 13568 anywhere in the log, 13516 afterwards clears it", "[facts]") {
  const std::uint32_t t0 = 1793000000;  // 2026-10-26
  SECTION("two wraps, no recovery") {
    test::BundleBuilder b;
    add(b, "eventlog.file_replication_service", "eventlogs/File_Replication_Service.evt", "event_log", "evt",
        frs_log({{13516, t0}, {13568, t0 + 100}, {13508, t0 + 200}, {13568, t0 + 300}}), "File Replication Service");
    auto f = build(b);
    const auto& wrap = value(f, "frs.journal_wrap");
    CHECK(wrap["present"].GetBool());
    CHECK(wrap["count"].GetInt64() == 2);
    CHECK(str(wrap["replica_set"]) == "DOMAIN SYSTEM VOLUME (SYSVOL SHARE)");
    CHECK(wrap["later_13516_utc"].IsNull());
    CHECK_FALSE(wrap["cleared"].GetBool());
  }
  SECTION("13516 after the last wrap") {
    test::BundleBuilder b;
    add(b, "eventlog.file_replication_service", "eventlogs/File_Replication_Service.evt", "event_log", "evt",
        frs_log({{13568, t0}, {13516, t0 + 100}}), "File Replication Service");
    auto f = build(b);
    CHECK(value(f, "frs.journal_wrap")["cleared"].GetBool());
  }
  SECTION("no wrap; no log") {
    test::BundleBuilder b;
    add(b, "eventlog.file_replication_service", "eventlogs/File_Replication_Service.evt", "event_log", "evt",
        frs_log({{13516, t0}}), "File Replication Service");
    auto f = build(b);
    CHECK_FALSE(value(f, "frs.journal_wrap")["present"].GetBool());
    test::BundleBuilder none;
    add_software(none, kSw + "Microsoft\\Windows NT\\CurrentVersion]\n");
    auto g = build(none);
    CHECK(status(g, "frs.journal_wrap") == "collection_failed");
  }
}

TEST_CASE("network: the LAN adapter's prefix length", "[facts]") {
  auto ipconfig = [](const std::string& mask, const std::string& public_gateway) {
    return "\r\nWindows IP Configuration\r\n\r\n   Host Name . . . . . . . . . . . . : SBS01\r\n\r\n"
           "Ethernet adapter WAN:\r\n\r\n"
           "   Description . . . . . . . . . . . : NIC B\r\n"
           "   IP Address. . . . . . . . . . . . : 203.0.113.10\r\n"
           "   Subnet Mask . . . . . . . . . . . : 255.255.255.248\r\n"
           "   Default Gateway . . . . . . . . . : " + public_gateway + "\r\n\r\n"
           "Ethernet adapter LAN:\r\n\r\n"
           "   Description . . . . . . . . . . . : NIC A\r\n"
           "   IP Address. . . . . . . . . . . . : 192.168.16.2\r\n"
           "   Subnet Mask . . . . . . . . . . . : " + mask + "\r\n"
           "   Default Gateway . . . . . . . . . : 192.168.16.1\r\n";
  };
  auto facts_for = [](const std::string& text) {
    test::BundleBuilder b;
    add(b, "command.ipconfig_all", "commands/ipconfig_all.txt", "command", "text", text);
    return build(b);
  };
  auto f = facts_for(ipconfig("255.255.0.0", "203.0.113.9"));
  CHECK(str(value(f, "network.lan_adapter")["name"]) == "LAN");
  CHECK(value(f, "network.lan_prefix_length").GetInt64() == 16);
  CHECK_FALSE(value(f, "network.lan_subnet_is_24").GetBool());
  auto g = facts_for(ipconfig("255.255.255.0", ""));
  CHECK(value(g, "network.lan_prefix_length").GetInt64() == 24);
  CHECK(value(g, "network.lan_subnet_is_24").GetBool());
  auto h = facts_for(ipconfig("255.0.255.0", ""));
  CHECK(status(h, "network.lan_prefix_length") == "parse_failed");
}
