#include <catch2/catch.hpp>

#include "parsers/w32tm_status.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;
using migready::test::read_file;

namespace {
std::string fixture(const std::string& name) { return read_file(MIGREADY_FIXTURES_DIR "/w32tm_status/" + name); }
}  // namespace

TEST_CASE("w32tm /query /status: a domain member synchronized from its DC", "[parsers][w32tm_status]") {
  Diagnostics diags;
  auto r = parsers::parse_w32tm_status(fixture("domain-member-synced.txt"), "s.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  CHECK(r->leap_indicator == std::optional<int>(0));
  CHECK(r->leap_text == "no warning");
  CHECK(r->stratum == std::optional<int>(4));
  CHECK(r->precision == std::optional<int>(-23));
  CHECK(r->root_dispersion_seconds == std::optional<double>(14.8991085));
  CHECK(r->reference_id == "0xC0A803E3");
  CHECK(r->reference == "source IP:  192.168.3.227");
  CHECK(r->last_sync_text == "7/15/2019 1:21:37 PM");
  CHECK(r->source == "DC1.domain.local");
  CHECK(r->poll_interval == std::optional<int>(10));
  CHECK(r->poll_interval_seconds == std::optional<int>(1024));
  CHECK_FALSE(r->state_machine);  // not /verbose
  CHECK(r->error.empty());
}

TEST_CASE("w32tm /query /status: never synchronized, and /verbose", "[parsers][w32tm_status]") {
  Diagnostics diags;
  auto never = parsers::parse_w32tm_status(fixture("ws2022-never-synced.txt"), "s.txt", diags);
  REQUIRE(never);
  CHECK(never->leap_indicator == std::optional<int>(3));
  CHECK(never->leap_text == "not synchronized");
  CHECK(never->stratum == std::optional<int>(0));
  CHECK(never->last_sync_text == "unspecified");
  CHECK(never->source == "Local CMOS Clock");
  CHECK(never->reference == "unspecified");
  auto verbose = parsers::parse_w32tm_status(fixture("verbose-stale.txt"), "s.txt", diags);
  REQUIRE(verbose);
  CHECK(diags.empty());  // ClockRate, Time Source Flags, Server Role: known, not kept, no warning
  CHECK(verbose->phase_offset_seconds == std::optional<double>(-0.0038147));
  CHECK(verbose->state_machine == std::optional<int>(1));
  CHECK(verbose->state_machine_text == "Hold");
  CHECK(verbose->last_sync_error == std::optional<int>(2));
  CHECK(verbose->seconds_since_last_good_sync == std::optional<double>(2820.1997480));
}

TEST_CASE("w32tm /query /status: empty, truncated, failed", "[parsers][w32tm_status]") {
  Diagnostics diags;
  SECTION("empty") {
    auto r = parsers::parse_w32tm_status("", "s.txt", diags);
    REQUIRE_FALSE(r);
    CHECK(r.error().where == "s.txt:1");
  }
  SECTION("truncated: the cut last line is a warning and is not read") {
    auto r = parsers::parse_w32tm_status(fixture("truncated.txt"), "s.txt", diags);
    REQUIRE(r);
    CHECK(r->stratum == std::optional<int>(4));
    CHECK(r->last_sync_text.empty());
    REQUIRE(diags.entries().size() == 1);
    CHECK(diags.entries()[0].where == "s.txt:7");
  }
  // The text w32tm prints when the Windows Time service is stopped (quoted verbatim in many public
  // troubleshooting notes and in monitoring projects' tests): a fact, not a parse failure.
  SECTION("the service not started") {
    auto r = parsers::parse_w32tm_status(
        "The following error occurred: The service has not been started. (0x80070426)\r\n", "s.txt", diags);
    REQUIRE(r);
    CHECK(r->error == "The service has not been started.");
    CHECK(r->error_code == "0x80070426");
    CHECK_FALSE(r->stratum);
  }
  SECTION("access denied is a command failure") {
    auto r = parsers::parse_w32tm_status("The following error occurred: Access is denied. (0x80070005)\r\n",
                                         "s.txt", diags);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("access was denied"));
  }
  SECTION("other text") {
    auto r = parsers::parse_w32tm_status("Current time at \\\\SBS01 is 11/25/2026 3:30:05 PM\r\n", "s.txt", diags);
    REQUIRE_FALSE(r);
  }
  SECTION("a bad value is a warning with its line") {
    auto r = parsers::parse_w32tm_status("Leap Indicator: 0(no warning)\r\nStratum: four\r\n", "s.txt", diags);
    REQUIRE(r);
    REQUIRE(diags.entries().size() == 1);
    CHECK(diags.entries()[0].where == "s.txt:2");
  }
}

// Real localized outputs (tests/fixtures/w32tm_status/SOURCES.md): the leap indicator's label names the language.
TEST_CASE("w32tm /query /status: German, French and Japanese outputs", "[parsers][w32tm_status][language]") {
  Diagnostics diags;
  SECTION("German, synchronized from time.windows.com") {
    auto r = parsers::parse_w32tm_status(fixture("de-time-windows-com.txt"), "de.txt", diags);
    REQUIRE(r);
    CHECK(diags.empty());
    CHECK(r->language == parsers::Language::de);
    CHECK(r->leap_indicator == std::optional<int>(0));
    CHECK(r->leap_text == "keine Warnung");
    CHECK(r->stratum == std::optional<int>(4));
    CHECK(r->precision == std::optional<int>(-23));
    CHECK(r->root_delay_seconds == std::optional<double>(0.0168694));
    CHECK(r->root_dispersion_seconds == std::optional<double>(7.7960610));
    CHECK(r->reference_id == "0x0D5F41FB");
    CHECK(r->reference == "Quell-IP:  13.95.65.251");
    CHECK(r->last_sync_text == "20.09.2024 10:43:13");
    CHECK(r->source == "time.windows.com,0x9");
    CHECK(r->poll_interval_seconds == std::optional<int>(1024));
  }
  SECTION("German, two manual peers: the reference of an IPv6 peer") {
    auto r = parsers::parse_w32tm_status(fixture("de-manual-peers.txt"), "de.txt", diags);
    REQUIRE(r);
    CHECK(diags.empty());
    CHECK(r->stratum == std::optional<int>(2));
    CHECK(r->reference_id == "0x7CD8A40E");
    CHECK(r->reference == "MD5-Hashbruchteil der IPv6-Adresse: ");
    CHECK(r->source == "ptbtime2.ptb.de,ptbtime4.ptb.de");
  }
  SECTION("German, a domain member polling its DC every 16384 s") {
    auto r = parsers::parse_w32tm_status(fixture("de-domain-member.txt"), "de.txt", diags, parsers::Language::de);
    REQUIRE(r);
    CHECK(diags.empty());
    CHECK(r->source == "X000SV08.stl.leipzig.de");
    CHECK(r->poll_interval == std::optional<int>(14));
    CHECK(r->poll_interval_seconds == std::optional<int>(16384));
    CHECK(r->last_sync_text == "22.04.2022 09:37:17");
  }
  SECTION("French, Windows Server 2025: a space before every colon") {
    auto r = parsers::parse_w32tm_status(fixture("fr-ws2025.txt"), "fr.txt", diags, parsers::Language::fr);
    REQUIRE(r);
    CHECK(diags.empty());
    CHECK(r->language == parsers::Language::fr);
    CHECK(r->leap_text == "Aucun avertissement");
    CHECK(r->stratum == std::optional<int>(3));
    CHECK(r->root_delay_seconds == std::optional<double>(0.0359817));
    CHECK(r->reference == "IP de la source :  82.67.232.20");
    CHECK(r->last_sync_text == "09/09/2026 10:47:11");
    CHECK(r->source == "0.fr.pool.ntp.org");
    CHECK(r->poll_interval == std::optional<int>(6));
    CHECK(r->poll_interval_seconds == std::optional<int>(64));
  }
  SECTION("Japanese, Windows Server 2019 with a manual peer") {
    auto r = parsers::parse_w32tm_status(fixture("ja-ws2019.txt"), "ja.txt", diags, parsers::Language::ja);
    REQUIRE(r);
    CHECK(diags.empty());
    CHECK(r->language == parsers::Language::ja);
    CHECK(r->leap_indicator == std::optional<int>(0));
    CHECK(r->leap_text == "警告なし");
    CHECK(r->stratum == std::optional<int>(3));
    CHECK(r->root_delay_seconds == std::optional<double>(0.0216253));
    CHECK(r->reference_id == "0x0A000003");
    CHECK(r->reference == "ソース IP:  10.30.0.3");
    CHECK(r->last_sync_text == "2022/01/10 1:45:54");
    CHECK(r->source == "10.30.0.3,8");
    CHECK(r->poll_interval_seconds == std::optional<int>(1024));
  }
}

// Checkmk's tests for its w32time_status plugin (cmk/plugins/windows, GPL-2.0) hold real /verbose outputs split
// at single spaces (an empty word is a double space), the German one with its CP850 bytes. These lines are
// those words joined back with single spaces, the CP850 bytes as the letters they are.
TEST_CASE("w32tm /query /status /verbose: German and French labels", "[parsers][w32tm_status][language]") {
  Diagnostics diags;
  SECTION("German: Statuscomputer, Synchronierungsfehler (sic), a value wrapped onto the next line") {
    const std::string text =
        "Sprungindikator: 0(keine Warnung)\r\n"
        "Quelle: de.pool.ntp.org\r\n"
        "Phasendifferenz: -0.0003717s\r\n"
        "Taktfrequenz: 0.0156249s\r\n"
        "Statuscomputer: 2 (Sync)\r\n"
        "Zeitquellenkennzeichen: 0 (Keine)\r\n"
        "Serverrolle: 0 (Keine)\r\n"
        "Letzter Synchronierungsfehler: 2 (Der Computer wurde nicht synchronisiert, da nur veraltete Zeitdaten\r\n"
        "verf\xC3\xBCgbar waren.)\r\n"
        "Zeit seit der letzten erfolgr. Synchronisierungszeit: 4812.7981071s\r\n";
    auto r = parsers::parse_w32tm_status(text, "de.txt", diags, parsers::Language::de);
    REQUIRE(r);
    CHECK(r->phase_offset_seconds == std::optional<double>(-0.0003717));
    CHECK(r->state_machine == std::optional<int>(2));
    CHECK(r->state_machine_text == "Sync");
    CHECK(r->seconds_since_last_good_sync == std::optional<double>(4812.7981071));
    // the wrapped error text: its first part does not close its parenthesis, so the number is not read
    CHECK_FALSE(r->last_sync_error);
    REQUIRE(diags.entries().size() == 2);
    CHECK(diags.entries()[0].where == "de.txt:8");
    CHECK(diags.entries()[1].where == "de.txt:9");
  }
  SECTION("French: U+2019 in the labels of Windows 10/11") {
    const std::string text =
        "Indicateur de d\xC3\xA9rive : 0(Aucun avertissement)\r\n"
        "Intervalle d\xE2\x80\x99interrogation : 6 (64s)\r\n"
        "D\xC3\xA9" "calage de phase : 0.0015321s\r\n"
        "Ordinateur d\xE2\x80\x99\xC3\xA9tat : 1 (Attente)\r\n"
        "Erreur lors de la derni\xC3\xA8re synchronisation : 0 (La commande s\xE2\x80\x99" "est termin\xC3\xA9" "e "
        "correctement.)\r\n"
        "Dur\xC3\xA9" "e \xC3\xA9" "coul\xC3\xA9" "e depuis l\xE2\x80\x99heure de la derni\xC3\xA8re synchronisation "
        "r\xC3\xA9ussie : 22.0930147s\r\n";
    auto r = parsers::parse_w32tm_status(text, "fr.txt", diags);
    REQUIRE(r);
    CHECK(diags.empty());
    CHECK(r->language == parsers::Language::fr);
    CHECK(r->poll_interval_seconds == std::optional<int>(64));
    CHECK(r->phase_offset_seconds == std::optional<double>(0.0015321));
    CHECK(r->state_machine == std::optional<int>(1));
    CHECK(r->state_machine_text == "Attente");
    CHECK(r->last_sync_error == std::optional<int>(0));
    CHECK(r->seconds_since_last_good_sync == std::optional<double>(22.0930147));
  }
}

TEST_CASE("w32tm /query /status: the expected language must be the output's", "[parsers][w32tm_status][language]") {
  Diagnostics diags;
  SECTION("German output where English was expected: both named") {
    auto r = parsers::parse_w32tm_status(fixture("de-time-windows-com.txt"), "de.txt", diags, parsers::Language::en);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("German (de)") && Catch::Contains("English (en)"));
  }
  SECTION("English output where French was expected") {
    auto r = parsers::parse_w32tm_status(fixture("domain-member-synced.txt"), "s.txt", diags, parsers::Language::fr);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("French (fr)"));
  }
  SECTION("a language without a real sample is unsupported, not guessed") {
    auto r = parsers::parse_w32tm_status(fixture("de-time-windows-com.txt"), "de.txt", diags, parsers::Language::it);
    REQUIRE_FALSE(r);  // German found, Italian expected
    auto it = parsers::parse_w32tm_status("Stratum: 3\r\n", "it.txt", diags, parsers::Language::it);
    REQUIRE_FALSE(it);
    CHECK(it.error().code == Errc::unsupported);
  }
  SECTION("German expected, no leap line: the German table reads what is there") {
    auto r = parsers::parse_w32tm_status("Quelle: time.windows.com,0x9\r\n", "de.txt", diags, parsers::Language::de);
    REQUIRE(r);
    CHECK(r->source == "time.windows.com,0x9");
  }
}
