#include <catch2/catch.hpp>

#include <filesystem>

#include "parsers/ipconfig.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;
using migready::test::read_file;

namespace {
std::string fixture(const std::string& name) { return read_file(MIGREADY_FIXTURES_DIR "/ipconfig/" + name); }
}  // namespace

TEST_CASE("ipconfig: SBS 2003 with two adapters, one public", "[parsers][ipconfig]") {
  Diagnostics diags;
  auto r = parsers::parse_ipconfig(fixture("sbs2003-two-nics.txt"), "ipconfig.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  CHECK(r->host_name == "SBS01");
  CHECK(r->primary_dns_suffix == "contoso.local");
  CHECK(r->ip_routing_enabled == std::optional<bool>(true));
  REQUIRE(r->adapters.size() == 2);
  const auto& lan = r->adapters[0];
  CHECK(lan.kind == "Ethernet");
  CHECK(lan.name == "Server Local Area Connection");
  CHECK(lan.description == "Intel(R) PRO/1000 MT Network Connection");
  CHECK(lan.dhcp_enabled == std::optional<bool>(false));
  CHECK(lan.ipv4 == std::vector<std::string>{"192.168.16.2"});
  CHECK(lan.gateways.empty());
  const auto& wan = r->adapters[1];
  CHECK(wan.ipv4 == std::vector<std::string>{"203.0.113.10"});
  CHECK(wan.gateways == std::vector<std::string>{"203.0.113.9"});
  CHECK(wan.dns_servers == std::vector<std::string>{"198.51.100.53", "198.51.100.54"});
}

TEST_CASE("ipconfig: IPv6 under 'IP Address', disconnected media, tunnel adapters", "[parsers][ipconfig]") {
  Diagnostics diags;
  auto r = parsers::parse_ipconfig(fixture("sbs2003-ipv6-disconnected.txt"), "x.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  CHECK(r->ip_routing_enabled == std::optional<bool>(false));
  CHECK(r->dns_suffix_search_list == std::vector<std::string>{"contoso.local", "corp.contoso.local"});
  REQUIRE(r->adapters.size() == 3);
  CHECK(r->adapters[0].ipv4 == std::vector<std::string>{"192.168.1.2"});
  CHECK(r->adapters[0].dns_servers == std::vector<std::string>{"192.168.1.2", "fec0:0:0:ffff::1%1"});
  CHECK(r->adapters[1].media_disconnected);
  CHECK(r->adapters[2].kind == "Tunnel");
  CHECK(r->adapters[2].ipv4.empty());
  // XP/2003 print IPv6 under "IP Address": kept apart from IPv4, zone included.
  CHECK(r->adapters[0].ipv6 == std::vector<std::string>{"fe80::216:35ff:feaa:1002%4"});
  CHECK(r->adapters[1].ipv6.empty());
  CHECK(r->adapters[2].ipv6 == std::vector<std::string>{"fe80::5445:5245:444f%5"});
}

TEST_CASE("ipconfig: Vista+ IPv6 labels, the (Preferred) status dropped, the zone kept", "[parsers][ipconfig][real]") {
  const std::string dir = MIGREADY_SHARED_DIR "/real-outputs/ipconfig/";
  Diagnostics diags;
  auto w11 = parsers::parse_ipconfig(read_file(dir + "jc_windows-11_ipconfig_all.txt"), "w11", diags);
  REQUIRE(w11);
  bool found = false;
  for (const auto& a : w11->adapters) {
    if (a.ipv6.size() != 3) continue;
    found = true;
    // IPv6 Address, Temporary IPv6 Address, Link-local IPv6 Address, in the order printed.
    CHECK(a.ipv6 == std::vector<std::string>{"fd63:cc9c:65eb:3f95:57c2:aa:10d8:db08",
                                             "fd63:cc9c:65eb:3f95:8928:348e:d692:b7ef",
                                             "fe80::4fae:1380:5a1b:8b6b%11"});
    for (const auto& v4 : a.ipv4) CHECK(v4.find(':') == std::string::npos);
  }
  CHECK(found);
  auto w2008 = parsers::parse_ipconfig(read_file(dir + "jc_windows-2008_ipconfig_all.txt"), "w2008", diags);
  REQUIRE(w2008);
  REQUIRE_FALSE(w2008->adapters.empty());
  CHECK(w2008->adapters[0].ipv6 == std::vector<std::string>{"fe80::9595:e8d9:b190:ecac%11"});
  auto xp = parsers::parse_ipconfig(read_file(dir + "jc_windows-xp_ipconfig_all.txt"), "xp", diags);
  REQUIRE(xp);
  CHECK(xp->adapters[0].ipv6.empty());  // no IPv6 stack installed
}

TEST_CASE("ipconfig: Wine's 'IPv6 address' lines", "[parsers][ipconfig]") {
  Diagnostics diags;
  auto r = parsers::parse_ipconfig(fixture("wine8.txt"), "wine8.txt", diags);
  REQUIRE(r);
  CHECK(r->adapters[0].ipv6 == std::vector<std::string>{"::1"});
  bool found = false;
  for (const auto& a : r->adapters) {
    if (a.ipv6 == std::vector<std::string>{"fd00::2", "fe80::fc:ff:fe00:1%4"}) found = true;
  }
  CHECK(found);
}

// Wine 8's ipconfig /all, as the collector captured it in the Wine test (tests/integration).
TEST_CASE("ipconfig: Wine's spelling (no header, other label case, no colon after the adapter)", "[parsers][ipconfig]") {
  Diagnostics diags;
  auto r = parsers::parse_ipconfig(fixture("wine8.txt"), "wine8.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  CHECK(r->host_name == "vm");
  CHECK(r->ip_routing_enabled == std::optional<bool>(false));
  REQUIRE(r->adapters.size() >= 2);
  CHECK(r->adapters[0].name == "lo");
  CHECK(r->adapters[0].ipv4 == std::vector<std::string>{"127.0.0.1"});
  CHECK(r->adapters[0].dhcp_enabled == std::optional<bool>(false));
}

TEST_CASE("ipconfig: failures and damage", "[parsers][ipconfig]") {
  Diagnostics diags;
  SECTION("command not found") {
    auto r = parsers::parse_ipconfig(fixture("not-found.txt"), "x.txt", diags);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("not found"));
  }
  SECTION("empty") {
    auto r = parsers::parse_ipconfig("", "x.txt", diags);
    REQUIRE_FALSE(r);
    CHECK(r.error().where == "x.txt:1");
  }
  SECTION("truncated output keeps what was read") {
    auto r = parsers::parse_ipconfig(fixture("truncated.txt"), "x.txt", diags);
    REQUIRE(r);
    REQUIRE(r->adapters.size() == 2);
    CHECK(r->adapters[0].ipv4 == std::vector<std::string>{"192.168.16.2"});
  }
  SECTION("garbage lines are warnings with line numbers") {
    auto r = parsers::parse_ipconfig("Windows IP Configuration\n\n@@@ garbage @@@\n", "x.txt", diags);
    REQUIRE(r);
    REQUIRE(diags.entries().size() == 1);
    CHECK(diags.entries()[0].where == "x.txt:3");
  }
}

// Real outputs from other Windows versions (../shared/real-outputs): each parses without a warning.
TEST_CASE("ipconfig: real outputs of XP, 7, 2008, 2016, 10, 11", "[parsers][ipconfig][real]") {
  const std::filesystem::path dir = MIGREADY_SHARED_DIR "/real-outputs/ipconfig";
  REQUIRE(std::filesystem::is_directory(dir));
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    ++files;
    Diagnostics diags;
    INFO(entry.path().filename().string());
    auto r = parsers::parse_ipconfig(read_file(entry.path().string()), entry.path().filename().string(), diags);
    REQUIRE(r);
    for (const auto& d : diags.entries()) FAIL_CHECK(d.where << ": " << d.message);
    CHECK_FALSE(r->host_name.empty());
    CHECK_FALSE(r->adapters.empty());
  }
  CHECK(files >= 7);
  Diagnostics diags;
  auto xp = parsers::parse_ipconfig(read_file((dir / "jc_windows-xp_ipconfig_all.txt").string()), "xp", diags);
  REQUIRE(xp);
  CHECK(xp->host_name == "DESKTOP-PC4");
  REQUIRE(xp->adapters.size() == 1);
  CHECK(xp->adapters[0].ipv4 == std::vector<std::string>{"192.168.22.135"});
  CHECK(xp->adapters[0].gateways == std::vector<std::string>{"192.168.22.1"});
  CHECK(xp->dns_suffix_search_list == std::vector<std::string>{"somecompany.corp", "somecompany.xyz"});
}

// Real localized outputs (tests/fixtures/ipconfig/SOURCES.md): the header names the language of the whole
// output; the golden files hold every value, these check what the tables map.
TEST_CASE("ipconfig: localized outputs are read in their header's language", "[parsers][ipconfig][language]") {
  Diagnostics diags;
  SECTION("German XP: Ja/Nein, PPP adapter, a description cut at 80 columns joined") {
    auto r = parsers::parse_ipconfig(fixture("de-xp-pppoe.txt"), "de.txt", diags);
    REQUIRE(r);
    CHECK(diags.empty());
    CHECK(r->language == parsers::Language::de);
    CHECK(r->ip_routing_enabled == std::optional<bool>(true));
    CHECK(r->node_type == "Unknown");
    REQUIRE(r->adapters.size() == 2);
    CHECK(r->adapters[0].description == "Realtek RTL8139-Familie-PCI-Fast Ethernet-NIC");
    CHECK(r->adapters[0].dhcp_enabled == std::optional<bool>(false));
    CHECK(r->adapters[1].kind == "PPP");
    CHECK(r->adapters[1].dns_servers == std::vector<std::string>{"62.109.123.197", "213.191.74.19"});
  }
  SECTION("German 7: (Bevorzugt) dropped, even when the console cut it; Medium getrennt") {
    auto r = parsers::parse_ipconfig(fixture("de-win7-tunnels.txt"), "de7.txt", diags);
    REQUIRE(r);
    CHECK(diags.empty());
    CHECK(r->adapters[0].media_disconnected);
    CHECK(r->adapters[1].ipv4 == std::vector<std::string>{"118.137.235.19"});
    CHECK(r->adapters[6].ipv6 ==
          std::vector<std::string>{"2001:0:4137:9e76:3023:2df3:8976:14ec", "fe80::3023:2df3:8976:14ec%16"});
  }
  SECTION("French XP: Média déconnecté, Oui") {
    auto r = parsers::parse_ipconfig(fixture("fr-xp-media-disconnected.txt"), "fr.txt", diags);
    REQUIRE(r);
    CHECK(r->language == parsers::Language::fr);
    CHECK(r->adapters[0].media_disconnected);
    CHECK(r->adapters[1].dhcp_enabled == std::optional<bool>(true));
    CHECK(r->adapters[1].gateways == std::vector<std::string>{"10.0.0.138"});
  }
  SECTION("Dutch XP: both spellings of 'DHCP ingeschakeld', descriptions on the next line") {
    auto r = parsers::parse_ipconfig(fixture("nl-xp-ipv6.txt"), "nl.txt", diags);
    REQUIRE(r);
    CHECK(diags.empty());
    CHECK(r->adapters[0].dhcp_enabled == std::optional<bool>(true));
    CHECK(r->adapters[2].dhcp_enabled == std::optional<bool>(false));
    CHECK(r->adapters[0].description == "3Com 3C900B-TPO Ethernet Adapter (Generic)");
    CHECK(r->adapters[1].media_disconnected);
    CHECK(r->adapters[2].kind == "Tunnel");
  }
  SECTION("Spanish, Italian, Portuguese, Japanese") {
    auto es = parsers::parse_ipconfig(fixture("es-xp.txt"), "es.txt", diags);
    REQUIRE(es);
    CHECK(es->language == parsers::Language::es);
    CHECK(es->adapters[0].name == "Conexión de área local");
    CHECK(es->adapters[0].gateways == std::vector<std::string>{"192.168.0.1"});
    auto it = parsers::parse_ipconfig(fixture("it-xp-ppp.txt"), "it.txt", diags);
    REQUIRE(it);
    CHECK(it->adapters[0].dhcp_enabled == std::optional<bool>(true));  // "Sì"
    auto pt = parsers::parse_ipconfig(fixture("pt-xp-ppp.txt"), "pt.txt", diags);
    REQUIRE(pt);
    CHECK(pt->adapters[0].ipv4 == std::vector<std::string>{"169.254.66.161"});  // "Endereço IP de config. automática"
    CHECK(pt->adapters[1].dhcp_enabled == std::optional<bool>(false));        // "Não"
    auto ja = parsers::parse_ipconfig(fixture("ja-win10.txt"), "ja.txt", diags);
    REQUIRE(ja);
    CHECK(ja->language == parsers::Language::ja);
    CHECK(ja->adapters[0].ipv4 == std::vector<std::string>{"10.161.204.246"});
    CHECK(ja->adapters[1].media_disconnected);
    CHECK(ja->adapters[1].dhcp_enabled == std::optional<bool>(true));  // "はい"
    CHECK(diags.empty());
  }
}

TEST_CASE("ipconfig: the expected language must be the header's", "[parsers][ipconfig][language]") {
  Diagnostics diags;
  SECTION("agreeing") {
    auto r = parsers::parse_ipconfig(fixture("de-xp-pppoe.txt"), "de.txt", diags, parsers::Language::de);
    REQUIRE(r);
    CHECK(r->adapters.size() == 2);
  }
  SECTION("a German header where French was expected is an error naming both") {
    auto r = parsers::parse_ipconfig(fixture("de-xp-pppoe.txt"), "de.txt", diags, parsers::Language::fr);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("German") && Catch::Contains("French"));
    CHECK(r.error().where == "de.txt:1");
  }
  SECTION("an English header where German was expected") {
    auto r = parsers::parse_ipconfig(fixture("sbs2003-two-nics.txt"), "en.txt", diags, parsers::Language::de);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("English") && Catch::Contains("German"));
  }
  SECTION("a Russian header names the language it has no table for, whatever was expected") {
    auto r = parsers::parse_ipconfig(fixture("ru-win10-unsupported.txt"), "ru.txt", diags);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("Russian"));
  }
  SECTION("no header: the expected language's labels, never a guess from the lines") {
    const std::string headless = "   Hostname. . . . . . . . . . . . . : henry\r\n"
                                 "   IP-Routing aktiviert. . . . . . . : Ja\r\n";
    auto de = parsers::parse_ipconfig(headless, "h.txt", diags, parsers::Language::de);
    REQUIRE(de);
    CHECK(de->ip_routing_enabled == std::optional<bool>(true));
    Diagnostics d2;
    auto en = parsers::parse_ipconfig(headless, "h.txt", d2);  // read as English: the German line is not understood
    REQUIRE(en);
    CHECK_FALSE(en->ip_routing_enabled.has_value());
  }
}

// Issue 19: 100,000 adapters took 17 s in the network facts, with no cap. The parser keeps the first
// kMaxIpconfigAdapters and says where it stopped.
TEST_CASE("ipconfig: more adapters than the limit are cut there, with the limit named", "[parsers][ipconfig][hostile]") {
  std::string text = "Windows IP Configuration\r\n\r\n   Host Name . . . . . . . . . . . . : SBS01\r\n\r\n";
  const std::size_t count = parsers::kMaxIpconfigAdapters + 500;
  for (std::size_t i = 0; i < count; ++i) {
    text += "Ethernet adapter LAN " + std::to_string(i) + ":\r\n\r\n";
    text += "   IP Address. . . . . . . . . . . . : 10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256) + "\r\n";
    text += "   DNS Servers . . . . . . . . . . . : 10.1.0.1\r\n\r\n";
  }
  Diagnostics diags;
  auto parsed = parsers::parse_ipconfig(text, "ipconfig.txt", diags);
  REQUIRE(parsed);
  CHECK(parsed->host_name == "SBS01");
  CHECK(parsed->adapters.size() == parsers::kMaxIpconfigAdapters);
  CHECK(parsed->adapters_truncated);
  CHECK(parsed->adapters.back().name == "LAN " + std::to_string(parsers::kMaxIpconfigAdapters - 1));
  bool named = false;
  for (const auto& d : diags.entries()) {
    named = named || d.message.find("input exceeds LIMIT (" + std::to_string(parsers::kMaxIpconfigAdapters) +
                                    " adapters)") != std::string::npos;
  }
  CHECK(named);
}
