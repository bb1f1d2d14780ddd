#include <catch2/catch.hpp>

#include <filesystem>

#include "core/text.hpp"
#include "parsers/systeminfo.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;
using migready::test::read_file;

namespace {
std::string fixture(const std::string& name) { return read_file(MIGREADY_FIXTURES_DIR "/systeminfo/" + name); }
std::string real(const std::string& name) {
  return read_file(MIGREADY_SHARED_DIR "/real-outputs/systeminfo/" + name);
}
}  // namespace

TEST_CASE("systeminfo: SBS 2003 on VMware", "[parsers][systeminfo]") {
  Diagnostics diags;
  auto r = parsers::parse_systeminfo(fixture("sbs2003-vmware.txt"), "systeminfo.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  CHECK(r->host_name == "SBS01");
  CHECK(r->os_name == "Microsoft(R) Windows(R) Server 2003 for Small Business Server");
  CHECK(r->os_version_number == "5.2.3790");
  CHECK(r->os_build == std::optional<int>(3790));
  CHECK(r->service_pack == std::optional<int>(2));
  CHECK(r->os_configuration == "Primary Domain Controller");
  CHECK(r->up_time == "12 Days, 3 Hours, 41 Minutes, 7 Seconds");
  CHECK(r->boot_time.empty());
  CHECK(r->system_manufacturer == "VMware, Inc.");
  CHECK(r->system_model == "VMware Virtual Platform");
  CHECK(r->hypervisor == "VMware");
  CHECK(r->bios_version == "INTEL  - 6040000");
  CHECK(r->time_zone == "(GMT+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna");
  CHECK(r->total_physical_memory_mb == std::optional<std::int64_t>(4095));
  CHECK(r->available_physical_memory_mb == std::optional<std::int64_t>(2113));
  CHECK(r->domain == "contoso.local");
  CHECK(r->logon_server == "\\\\SBS01");
  CHECK(r->hotfix_count == std::optional<int>(7));
  CHECK(r->hotfixes == std::vector<std::string>{"File 1", "Q147222", "KB925398", "KB893803v2", "KB2570947",
                                                "KB968930", "KB914961"});
  REQUIRE(r->network_cards.size() == 2);
  CHECK(r->network_cards[0].description == "Intel(R) PRO/1000 MT Network Connection");
  CHECK(r->network_cards[0].connection_name == "Server Local Area Connection");
  CHECK(r->network_cards[0].dhcp_enabled == std::optional<bool>(false));
  CHECK(r->network_cards[0].ip_addresses == std::vector<std::string>{"192.168.16.2"});
  CHECK(r->network_cards[1].ip_addresses == std::vector<std::string>{"203.0.113.10"});
}

TEST_CASE("systeminfo: XP-era spellings, odd spacing, disconnected card", "[parsers][systeminfo]") {
  Diagnostics diags;
  auto r = parsers::parse_systeminfo(fixture("sbs2003-physical-odd-spacing.txt"), "x.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  CHECK(r->host_name == "FS01");
  CHECK(r->service_pack == std::optional<int>(1));
  CHECK(r->system_type == "X86-based PC");
  CHECK(r->hypervisor.empty());
  CHECK(r->total_physical_memory_mb == std::optional<std::int64_t>(2047));
  CHECK(r->time_zone == "(GMT) Greenwich Mean Time : Dublin, Edinburgh, Lisbon, London");
  CHECK(r->logon_server == "N/A");
  CHECK(r->hotfixes == std::vector<std::string>{"Q147222", "KB921503"});
  REQUIRE(r->network_cards.size() == 2);
  CHECK(r->network_cards[0].dhcp_enabled == std::optional<bool>(true));
  CHECK(r->network_cards[0].dhcp_server == "192.168.16.2");
  CHECK(r->network_cards[0].ip_addresses == std::vector<std::string>{"192.168.16.20", "192.168.16.21"});
  CHECK(r->network_cards[1].status == "Media disconnected");
  CHECK(r->network_cards[1].ip_addresses.empty());
}

TEST_CASE("systeminfo: German labels (OEM 850)", "[parsers][systeminfo]") {
  Diagnostics diags;
  const auto utf8 = text::decode_code_page(fixture("german-2008r2.txt"), 850).utf8;
  auto r = parsers::parse_systeminfo(utf8, "de.txt", diags);
  REQUIRE(r);
  for (const auto& d : diags.entries()) FAIL_CHECK(d.where << ": " << d.message);
  CHECK(r->host_name == "SBS2011");
  CHECK(r->os_configuration == "Primärer Domänencontroller");
  CHECK(r->service_pack == std::optional<int>(1));
  CHECK(r->boot_time == "24.11.2026, 06:12:45");
  CHECK(r->hypervisor == "Microsoft Hyper-V / Virtual PC");
  CHECK(r->total_physical_memory_mb == std::optional<std::int64_t>(16383));
  CHECK(r->available_physical_memory_mb == std::optional<std::int64_t>(3201));
  CHECK(r->domain == "contoso.local");
  CHECK(r->logon_server == "\\\\SBS2011");
  CHECK(r->hotfix_count == std::optional<int>(3));
  CHECK(r->hotfixes.size() == 3);
  REQUIRE(r->network_cards.size() == 1);
  CHECK(r->network_cards[0].connection_name == "LAN-Verbindung");
  CHECK(r->network_cards[0].dhcp_enabled == std::optional<bool>(false));
  CHECK(r->network_cards[0].ip_addresses == std::vector<std::string>{"192.168.16.5", "fe80::8d4c:3a1f:b2e0:71c5"});
}

TEST_CASE("systeminfo: failures and damage", "[parsers][systeminfo]") {
  Diagnostics diags;
  SECTION("command not found") {
    auto r = parsers::parse_systeminfo(fixture("not-found.txt"), "x.txt", diags);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("not found"));
  }
  SECTION("systeminfo's own error") {
    auto r = parsers::parse_systeminfo(fixture("rpc-error.txt"), "x.txt", diags);
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "systeminfo failed: The RPC server is unavailable.");
  }
  SECTION("empty") {
    auto r = parsers::parse_systeminfo("", "x.txt", diags);
    REQUIRE_FALSE(r);
    CHECK(r.error().where == "x.txt:1");
  }
  SECTION("truncated output keeps what was read") {
    auto r = parsers::parse_systeminfo(fixture("truncated.txt"), "x.txt", diags);
    REQUIRE(r);
    CHECK(r->hotfix_count == std::optional<int>(123));
    CHECK(r->hotfixes == std::vector<std::string>{"File 1", "Q147222", "KB925398"});  // not the cut "KB9"
    CHECK(r->network_cards.empty());
    REQUIRE(diags.entries().size() == 1);
    CHECK(diags.entries()[0].where == "x.txt:37");
  }
  SECTION("unknown lines are warnings with line numbers; an unreadable size is a warning") {
    auto r = parsers::parse_systeminfo(
        "Host Name:                 SBS01\r\n@@@ garbage @@@\r\nTotal Physical Memory:     lots MB\r\n", "x.txt", diags);
    REQUIRE(r);
    REQUIRE(diags.entries().size() == 2);
    CHECK(diags.entries()[0].where == "x.txt:2");
    CHECK(diags.entries()[1].where == "x.txt:3");
    CHECK_FALSE(r->total_physical_memory_mb);
  }
  SECTION("memory with other thousands separators") {
    auto r = parsers::parse_systeminfo(
        "Host Name: A\nTotal Physical Memory: 2\xC2\xA0" "047 MB\nAvailable Physical Memory: 1'024 MB\n", "x.txt", diags);
    REQUIRE(r);
    CHECK(diags.empty());
    CHECK(r->total_physical_memory_mb == std::optional<std::int64_t>(2047));
    CHECK(r->available_physical_memory_mb == std::optional<std::int64_t>(1024));
  }
}

// Real outputs from other Windows versions (../shared/real-outputs): each parses without a warning.
TEST_CASE("systeminfo: real outputs of 7, 10, 2012 R2", "[parsers][systeminfo][real]") {
  const std::filesystem::path dir = MIGREADY_SHARED_DIR "/real-outputs/systeminfo";
  REQUIRE(std::filesystem::is_directory(dir));
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    ++files;
    Diagnostics diags;
    INFO(entry.path().filename().string());
    auto r = parsers::parse_systeminfo(read_file(entry.path().string()), entry.path().filename().string(), diags);
    REQUIRE(r);
    for (const auto& d : diags.entries()) FAIL_CHECK(d.where << ": " << d.message);
    CHECK_FALSE(r->host_name.empty());
    CHECK(r->os_build);
    CHECK(r->total_physical_memory_mb);
    CHECK_FALSE(r->hotfixes.empty());
    CHECK_FALSE(r->network_cards.empty());
  }
  CHECK(files >= 4);
  Diagnostics diags;
  SECTION("Windows 10 on VMware") {
    auto r = parsers::parse_systeminfo(real("jc_windows-10_systeminfo.txt"), "w10", diags);
    REQUIRE(r);
    CHECK(r->host_name == "DESKTOP-WIN01");
    CHECK(r->os_version_number == "10.0.19042");
    CHECK(r->service_pack == std::optional<int>(0));
    CHECK(r->boot_time == "3/19/2021, 9:25:03 AM");
    CHECK(r->hypervisor == "VMware");
    CHECK(r->total_physical_memory_mb == std::optional<std::int64_t>(2047));
    CHECK(r->logon_server == "\\\\WIN-AA1A1A11AAA");
    CHECK(r->hotfix_count == std::optional<int>(6));
    CHECK(r->hotfixes.size() == 6);
    REQUIRE(r->network_cards.size() == 1);
    CHECK(r->network_cards[0].connection_name == "Ethernet0");
    CHECK(r->network_cards[0].dhcp_server == "192.168.133.250");
    CHECK(r->network_cards[0].ip_addresses == std::vector<std::string>{"192.168.133.3", "fe80::192:eb64:1fcf:86eb"});
  }
  SECTION("Windows 7: a hotfix list systeminfo cut short") {
    auto r = parsers::parse_systeminfo(real("jc_windows-7_systeminfo.txt"), "w7", diags);
    REQUIRE(r);
    CHECK(r->service_pack == std::optional<int>(1));
    CHECK(r->hotfix_count == std::optional<int>(302));
    CHECK(r->hotfixes.size() == 245);
    REQUIRE(r->network_cards.size() == 5);
    CHECK(r->network_cards[0].status == "Media disconnected");
    CHECK(r->network_cards[2].ip_addresses == std::vector<std::string>{"192.168.2.2"});
  }
  SECTION("Windows 10 laptop: Hyper-V requirement lines, six cards") {
    auto r = parsers::parse_systeminfo(real("jc_windows-10_systeminfo_hyperv.txt"), "hv", diags);
    REQUIRE(r);
    CHECK(r->hypervisor.empty());
    CHECK(r->network_cards.size() == 6);
    CHECK(r->network_cards[3].status == "Hardware not present");
  }
  SECTION("Server 2012 R2 on Hyper-V") {
    auto r = parsers::parse_systeminfo(real("jc_windows-2012r2_systeminfo.txt"), "2012", diags);
    REQUIRE(r);
    CHECK(r->hypervisor == "Microsoft Hyper-V / Virtual PC");
    CHECK(r->domain == "WORKGROUP");
  }
}

// Real localized outputs (tests/fixtures/systeminfo/SOURCES.md): the first label names the language.
TEST_CASE("systeminfo: localized outputs are read in their first label's language", "[parsers][systeminfo][language]") {
  Diagnostics diags;
  SECTION("French 10: Nom de l’hôte, 'version' before the build, memory in Mo, Oui") {
    auto r = parsers::parse_systeminfo(fixture("fr-win10.txt"), "fr.txt", diags);
    REQUIRE(r);
    CHECK(diags.empty());
    CHECK(r->language == parsers::Language::fr);
    CHECK(r->host_name == "PC");
    CHECK(r->os_build == std::optional<int>(19042));
    CHECK(r->total_physical_memory_mb == std::optional<std::int64_t>(16349));
    CHECK(r->hotfix_count == std::optional<int>(11));
    REQUIRE(r->network_cards.size() == 1);
    CHECK(r->network_cards[0].dhcp_enabled == std::optional<bool>(true));
    CHECK(r->network_cards[0].ip_addresses.size() == 4);
  }
  SECTION("Spanish 11: Compilación, Sí, VirtualBox") {
    auto r = parsers::parse_systeminfo(fixture("es-win11.txt"), "es.txt", diags);
    REQUIRE(r);
    CHECK(diags.empty());
    CHECK(r->os_build == std::optional<int>(22631));
    CHECK(r->hypervisor == "VirtualBox");
    CHECK(r->hotfixes.size() == 7);
    CHECK(r->network_cards[1].connection_name == "Npcap Loopback Adapter");
  }
  SECTION("Portuguese 11: compilação, Mídia desconectada, the virtualization-based security block") {
    auto r = parsers::parse_systeminfo(fixture("pt-win11.txt"), "pt.txt", diags);
    REQUIRE(r);
    CHECK(diags.empty());
    CHECK(r->os_build == std::optional<int>(26100));
    CHECK(r->network_cards[0].status == "Media disconnected");
    CHECK(r->network_cards[1].dhcp_enabled == std::optional<bool>(true));
  }
  SECTION("Japanese 7 (trimmed by its poster): ビルド, はい, tab-separated card lines") {
    auto r = parsers::parse_systeminfo(fixture("ja-win7-trimmed.txt"), "ja.txt", diags);
    REQUIRE(r);
    CHECK(r->service_pack == std::optional<int>(1));
    CHECK(r->os_build == std::optional<int>(7601));
    CHECK(r->hotfix_count == std::optional<int>(294));
    CHECK(r->network_cards[0].connection_name == "ローカル エリア接続");
    CHECK(r->network_cards[0].dhcp_enabled == std::optional<bool>(true));
    CHECK(diags.entries().size() == 2);  // the poster's "....." and the cut "[24"
  }
}

// The one real German output found: three lines of a Windows 10 20H2 systeminfo between its poster's "...".
// Without the host name line only the expected language can say it is German.
TEST_CASE("systeminfo: a real German excerpt, read when German is expected", "[parsers][systeminfo][language]") {
  Diagnostics diags;
  const std::string text = fixture("de-win10-excerpt.txt");
  SECTION("German expected: the labels and 'Nicht zutreffend' are Windows 10's") {
    auto r = parsers::parse_systeminfo(text, "de.txt", diags, parsers::Language::de);
    REQUIRE(r);
    CHECK(r->language == parsers::Language::de);
    CHECK(r->os_name == "Microsoft Windows 10 Pro");
    CHECK(r->os_version == "10.0.19042 Nicht zutreffend Build 19042");
    CHECK(r->os_version_number == "10.0.19042");
    CHECK(r->os_build == std::optional<int>(19042));
    CHECK(r->service_pack == std::optional<int>(0));
    CHECK(r->host_name.empty());
    REQUIRE(diags.entries().size() == 2);  // the poster's two "..." lines
    CHECK(diags.entries()[0].where == "de.txt:2");
    CHECK(diags.entries()[1].where == "de.txt:6");
  }
  SECTION("no language expected: English is assumed, nothing is read") {
    auto r = parsers::parse_systeminfo(text, "de.txt", diags);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("no 'Host Name' or 'OS Name' line"));
  }
}

TEST_CASE("systeminfo: the expected language must be the first label's", "[parsers][systeminfo][language]") {
  Diagnostics diags;
  SECTION("agreeing") {
    CHECK(parsers::parse_systeminfo(fixture("fr-win10.txt"), "fr.txt", diags, parsers::Language::fr));
  }
  SECTION("French where Spanish was expected: both named") {
    auto r = parsers::parse_systeminfo(fixture("fr-win10.txt"), "fr.txt", diags, parsers::Language::es);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("French") && Catch::Contains("Spanish"));
    CHECK(r.error().where == "fr.txt:2");
  }
  SECTION("Italian and Dutch have no table: said, not guessed") {
    auto r = parsers::parse_systeminfo(fixture("sbs2003-vmware.txt"), "x.txt", diags, parsers::Language::it);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("English") && Catch::Contains("Italian"));
    auto headless = parsers::parse_systeminfo("                  [01]: KB1\r\n", "h.txt", diags, parsers::Language::nl);
    REQUIRE_FALSE(headless);
    CHECK_THAT(headless.error().message, Catch::Contains("Dutch") && Catch::Contains("no label table"));
  }
}
