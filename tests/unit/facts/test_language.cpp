// The bundle's text language (facts/language.cpp, collection.cpp's text_language_facts).
#include "facts_test_util.hpp"

using namespace migready;
using namespace migready::test::facts_util;

namespace {

// The facts of a bundle whose manifest has `locale` (nullopt: a 1.0/1.1 bundle). The locale is set on the opened
// bundle: what the manifest reader makes of manifest.json is bundle/'s to test.
facts::Facts build_with_locale(const test::BundleBuilder& builder, std::optional<contract::LocaleInfo> locale) {
  Diagnostics diags;
  auto b = bundle::open_bundle_memory(builder.zip(), "t.zip", {}, diags);
  REQUIRE(b);
  b->manifest.locale = std::move(locale);
  return facts::build_facts(*b, diags);
}

contract::LocaleInfo locale(std::uint16_t user_ui, std::uint16_t system_ui) {
  contract::LocaleInfo l;
  l.user_ui_language = user_ui;
  l.system_ui_language = system_ui;
  l.user_lcid = l.system_lcid = user_ui;
  return l;
}

}  // namespace

TEST_CASE("text language: from the manifest's UI language", "[facts][language]") {
  test::BundleBuilder b;
  SECTION("no locale (format 1.0/1.1): no expected language, the headers decide") {
    auto f = build_with_locale(b, std::nullopt);
    CHECK(status(f, "collection.text_language") == "missing");
    CHECK(reason(f, "collection.text_language").find("no locale") != std::string::npos);
    CHECK(status(f, "collection.ui_language_id") == "missing");
    CHECK(value(f, "collection.text_unread").Size() == 0);
  }
  SECTION("German user UI language") {
    auto f = build_with_locale(b, locale(0x0407, 0x0409));
    CHECK(str(value(f, "collection.text_language")) == "de");
    CHECK(value(f, "collection.ui_language_id").GetInt64() == 0x0407);
    CHECK(str(value(f, "collection.ui_language")) == "German (LANGID 0x0407)");
    CHECK(source(f, "collection.text_language") == "manifest:locale.user_ui_language");
    CHECK(value(f, "collection.text_unread").Size() == 0);
  }
  SECTION("Brazilian Portuguese reads as the parsers' Portuguese") {
    auto f = build_with_locale(b, locale(0x0416, 0x0416));
    CHECK(str(value(f, "collection.text_language")) == "pt");
  }
  SECTION("no user UI language: the system's") {
    auto f = build_with_locale(b, locale(0, 0x040c));
    CHECK(str(value(f, "collection.text_language")) == "fr");
    CHECK(source(f, "collection.text_language") == "manifest:locale.system_ui_language");
  }
  SECTION("a locale naming no UI language at all is no expected language") {
    auto f = build_with_locale(b, locale(0, 0));
    CHECK(status(f, "collection.text_language") == "missing");
    CHECK(reason(f, "collection.text_language").find("names no UI language") != std::string::npos);
  }
  SECTION("Russian: no parser's language; no localized output in the bundle, nothing left unread") {
    auto f = build_with_locale(b, locale(0x0419, 0x0419));
    CHECK(value(f, "collection.text_language").IsNull());
    CHECK(str(value(f, "collection.ui_language")) == "Russian (LANGID 0x0419)");
    CHECK(value(f, "collection.text_unread").Size() == 0);
  }
  SECTION("Russian: the localized outputs the bundle holds are listed, and named as the fact's source") {
    add(b, "command.ipconfig_all", "commands/ipconfig_all.txt", "command", "text", "x\r\n");
    auto f = build_with_locale(b, locale(0x0419, 0x0419));
    const auto& unread = value(f, "collection.text_unread");
    REQUIRE(unread.Size() == 1);
    CHECK(str(unread[0]) == "command.ipconfig_all");
    CHECK(source(f, "collection.text_unread") == "command.ipconfig_all");
  }
  SECTION("a primary language not in the name table is described by its LANGID") {
    auto f = build_with_locale(b, locale(0x0455, 0x0455));  // Burmese
    CHECK(str(value(f, "collection.ui_language")) == "LANGID 0x0455");
    CHECK(value(f, "collection.text_language").IsNull());
  }
}

TEST_CASE("text language: ipconfig read in the bundle's language", "[facts][language]") {
  const std::string german = test::read_file(MIGREADY_FIXTURES_DIR "/ipconfig/de-xp-pppoe.txt");
  test::BundleBuilder b;
  add(b, "command.ipconfig_all", "commands/ipconfig_all.txt", "command", "text", german)
      .AddMember("encoding", "utf-8", b.manifest().GetAllocator());
  SECTION("a 1.1 bundle (no locale): the German header decides") {
    auto f = build_with_locale(b, std::nullopt);
    CHECK(value(f, "network.adapters").Size() == 2);
    CHECK(value(f, "network.ip_routing_enabled").GetBool());
    CHECK(value(f, "network.default_gateways").Size() == 1);
  }
  SECTION("a German UI language and a German header") {
    auto f = build_with_locale(b, locale(0x0407, 0x0407));
    CHECK(value(f, "network.adapters").Size() == 2);
  }
  SECTION("a French UI language and a German header: not read, both named") {
    auto f = build_with_locale(b, locale(0x040c, 0x040c));
    CHECK(status(f, "network.adapters") == "parse_failed");
    CHECK_THAT(reason(f, "network.adapters"), Catch::Contains("German") && Catch::Contains("French"));
  }
  SECTION("a Russian UI language: not checked, the language named") {
    auto f = build_with_locale(b, locale(0x0419, 0x0419));
    for (const char* path : {"network.adapters", "network.active_adapter_count", "network.default_gateways",
                             "network.ip_routing_enabled"}) {
      INFO(path);
      CHECK(status(f, path) == "parse_failed");
      CHECK_THAT(reason(f, path), Catch::Contains("Russian (LANGID 0x0419)"));
    }
    CHECK(str(value(f, "collection.text_unread")[0]) == "command.ipconfig_all");
  }
}

TEST_CASE("text language: a language one parser lacks leaves that output unread", "[facts][language]") {
  test::BundleBuilder b;
  add(b, "command.systeminfo", "commands/systeminfo.txt", "command", "text",
      test::read_file(MIGREADY_FIXTURES_DIR "/systeminfo/sbs2003-vmware.txt"));
  add(b, "command.ipconfig_all", "commands/ipconfig_all.txt", "command", "text", "x\r\n");
  SECTION("Italian: ipconfig is read (and fails on its own terms), systeminfo is not checked") {
    auto f = build_with_locale(b, locale(0x0410, 0x0410));
    CHECK(str(value(f, "collection.text_language")) == "it");
    const auto& unread = value(f, "collection.text_unread");
    REQUIRE(unread.Size() == 1);
    CHECK(str(unread[0]) == "command.systeminfo");
    CHECK(status(f, "hardware.virtual_machine_hint") == "parse_failed");
    CHECK_THAT(reason(f, "hardware.virtual_machine_hint"),
               Catch::Contains("systeminfo") && Catch::Contains("Italian (LANGID 0x0410)"));
    CHECK_THAT(reason(f, "network.adapters"), !Catch::Contains("LANGID"));
  }
  SECTION("English: read") {
    auto f = build_with_locale(b, locale(0x0409, 0x0409));
    CHECK(str(value(f, "hardware.virtual_machine_hint")) == "VMware");
    CHECK(value(f, "collection.text_unread").Size() == 0);
  }
}
