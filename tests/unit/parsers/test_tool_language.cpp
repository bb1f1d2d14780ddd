// The language a text parser reads its output in: the expected language (manifest or --lang) confirmed by the
// output's own phrases, a mismatch failing with both named, an unknown language failing as unsupported.
#include <catch2/catch.hpp>

#include "parsers/dcdiag.hpp"
#include "parsers/net_time.hpp"
#include "parsers/ntbackup_log.hpp"
#include "parsers/repadmin_showrepl.hpp"
#include "parsers/tool_language.hpp"
#include "parsers/w32tm_monitor.hpp"
#include "parsers/w32tm_tz.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;
using migready::test::read_file;
using parsers::Language;

namespace {
std::string fixture(const std::string& tool, const std::string& name) {
  return read_file(MIGREADY_FIXTURES_DIR "/" + tool + "/" + name);
}
bool has(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}
}  // namespace

TEST_CASE("net time: a French output is read with the French phrases", "[parsers][net_time][language]") {
  const std::string text = fixture("net_time", "fr-win2000-set.txt");
  for (const auto expected : {std::optional<Language>{}, std::optional<Language>{Language::fr}}) {
    Diagnostics diags;
    auto r = parsers::parse_net_time(text, "net_time.txt", diags, expected);
    REQUIRE(r);
    CHECK(diags.empty());
    CHECK(r->language == Language::fr);
    CHECK(r->server == "lilou2k");
    CHECK(r->time_text == "4/5/2001 12:52 AM");
    CHECK(r->completed);
    CHECK(r->error.empty());
  }
}

TEST_CASE("net time: an output in another language than expected fails naming both", "[parsers][net_time][language]") {
  Diagnostics diags;
  auto fr_as_en = parsers::parse_net_time(fixture("net_time", "fr-win2000-set.txt"), "x.txt", diags, Language::en);
  REQUIRE_FALSE(fr_as_en);
  CHECK(has(fr_as_en.error().message, "French (fr)"));
  CHECK(has(fr_as_en.error().message, "English (en)"));
  auto en_as_fr = parsers::parse_net_time(fixture("net_time", "domain-member.txt"), "x.txt", diags, Language::fr);
  REQUIRE_FALSE(en_as_fr);
  CHECK(en_as_fr.error().code == Errc::format);
  CHECK(has(en_as_fr.error().message, "is in English (en)"));
  CHECK(has(en_as_fr.error().message, "French (fr) was expected"));
  // English read as English, expected or not.
  auto en = parsers::parse_net_time(fixture("net_time", "domain-member.txt"), "x.txt", diags, Language::en);
  REQUIRE(en);
  CHECK(en->language == Language::en);
}

TEST_CASE("net time: a language without a phrase table is unsupported, not 'not net time'",
          "[parsers][net_time][language]") {
  Diagnostics diags;
  // Text in no known language; German has no table (no real German net time output was found).
  auto r = parsers::parse_net_time("Zeile eins\r\nZeile zwei\r\n", "net_time.txt", diags, Language::de);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::unsupported);
  CHECK(has(r.error().message, "net time output in German (de) is not supported"));
  // Without an expected language the same text is simply not net time output.
  auto plain = parsers::parse_net_time("Zeile eins\r\n", "net_time.txt", diags);
  REQUIRE_FALSE(plain);
  CHECK(plain.error().code == Errc::format);
  CHECK(has(plain.error().message, "not net time output"));
}

TEST_CASE("English-only parsers: English confirmed by a successful read, others refused", "[parsers][language]") {
  SECTION("w32tm /monitor in English, expected English or nothing") {
    for (const auto expected : {std::optional<Language>{}, std::optional<Language>{Language::en}}) {
      Diagnostics diags;
      auto r = parsers::parse_w32tm_monitor(fixture("w32tm_monitor", "sbs2003-two-dcs.txt"), "x.txt", diags, expected);
      REQUIRE(r);
      CHECK(r->language == Language::en);
    }
  }
  SECTION("an English output where German was expected") {
    Diagnostics diags;
    auto r = parsers::parse_w32tm_tz(fixture("w32tm_tz", "w-europe-standard.txt"), "w32tm_tz.txt", diags, Language::de);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::format);
    CHECK(has(r.error().message, "w32tm /tz output is in English (en)"));
    CHECK(has(r.error().message, "German (de) was expected"));
    CHECK(r.error().where == "w32tm_tz.txt:1");
  }
  SECTION("an unreadable output in a language without a table: unsupported, and the English warnings dropped") {
    Diagnostics diags;
    auto r = parsers::parse_ntbackup_log("Zeile eins\nZeile zwei\n", "backup01.log", diags, Language::it);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::unsupported);
    CHECK(has(r.error().message, "NTBackup log output in Italian (it) is not supported"));
    CHECK(diags.empty());
  }
  SECTION("an English log keeps its warnings when it is read") {
    Diagnostics expected_diags, diags;
    const std::string text = fixture("ntbackup_log", "truncated.txt");
    auto plain = parsers::parse_ntbackup_log(text, "x.log", expected_diags);
    auto r = parsers::parse_ntbackup_log(text, "x.log", diags, Language::en);
    REQUIRE(plain);
    REQUIRE(r);
    CHECK(diags.entries().size() == expected_diags.entries().size());
  }
}

TEST_CASE("dcdiag: a localized header is recognized and refused as unsupported", "[parsers][dcdiag][language]") {
  Diagnostics diags;
  // The header line check_ad.vbs matches in German dcdiag output (Windows Server 2008 and later).
  auto de = parsers::parse_dcdiag("\r\nVerzeichnisserverdiagnose\r\n\r\n", "dcdiag.txt", diags);
  REQUIRE_FALSE(de);
  CHECK(de.error().code == Errc::unsupported);
  CHECK(has(de.error().message, "dcdiag output in German (de) is not supported"));
  // The 2003 Support Tools print English on a German server: read as English when nothing is expected, a
  // mismatch when German is.
  auto en = parsers::parse_dcdiag(fixture("dcdiag", "sbs2003-healthy.txt"), "dcdiag.txt", diags);
  REQUIRE(en);
  CHECK(en->language == Language::en);
  auto en_as_de = parsers::parse_repadmin_showrepl(fixture("repadmin_showrepl", "sbs2003-single-dc.txt"), "r.txt",
                                                   diags, Language::de);
  REQUIRE_FALSE(en_as_de);
  CHECK(has(en_as_de.error().message, "repadmin /showrepl output is in English (en)"));
}

TEST_CASE("settle_language: the verdicts", "[parsers][language]") {
  static constexpr Language known[] = {Language::en, Language::fr};
  CHECK(parsers::settle_language("t", std::nullopt, Language::fr, known, "w").value() == Language::fr);
  CHECK(parsers::settle_language("t", Language::fr, Language::fr, known, "w").value() == Language::fr);
  CHECK_FALSE(parsers::settle_language("t", std::nullopt, std::nullopt, known, "w").value().has_value());
  CHECK_FALSE(parsers::settle_language("t", Language::en, std::nullopt, known, "w").value().has_value());
  auto unknown_found = parsers::settle_language("t", std::nullopt, Language::ja, known, "w");
  REQUIRE_FALSE(unknown_found);
  CHECK(unknown_found.error().code == Errc::unsupported);
  CHECK(has(unknown_found.error().message, "Japanese (ja)"));
  CHECK(parsers::language_label(Language::pt) == "Portuguese (pt)");
}
