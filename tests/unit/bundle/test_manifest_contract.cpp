// The contract between the two programs, tested across them: what the collector's serializer writes, the
// analyzer's reader (schema validation included) reads back as the same model, field for field.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "bundle/bundle.hpp"
#include "contract/artifacts.hpp"
#include "core/manifest.hpp"  // collector/core: the collector's serializer

using namespace migready;

namespace {

contract::Manifest full_manifest() {
  contract::Manifest m;
  m.format_version = std::string(contract::kFormatVersion);
  m.collector = {"migready-collect", "0.1.0", contract::Arch::x86, "migready-collect.exe --out C:\\m", std::nullopt};
  m.complete = false;
  m.incomplete_reason = "interrupted by Ctrl-C; not collected: command.ipconfig_all";
  m.host.computer_name = "SBS01";
  m.host.dns_domain = "contoso.local";
  m.host.netbios_domain = std::nullopt;
  m.host.os = {5, 2, 3790, "Service Pack 2", 2, 0, 2, 0x31, contract::Arch::x86};
  m.host.ansi_code_page = 1252;
  m.host.oem_code_page = 850;
  m.collection = {"2026-11-25T14:30:05.123Z", "2026-11-25T14:31:12Z", "2026-11-25T15:30:05.123",
                  "2026-11-25T15:31:12",
                  {-60, "Mitteleurop\xC3\xA4ische Zeit", 0, "Mitteleurop\xC3\xA4ische Sommerzeit", -60,
                   contract::TimeZoneState::standard}};
  m.user = {"CONTOSO\\Administrator", "S-1-5-21-1-2-3-500",
            {{"S-1-5-21-1-2-3-512", "CONTOSO\\Domain Admins", true}, {"S-1-5-5-0-999", std::nullopt, false}}};
  contract::ArtifactRecord hive;
  hive.id = "registry.system";
  hive.path = "registry/SYSTEM.reg";
  hive.kind = contract::Kind::registry;
  hive.format = contract::Format::reg;
  hive.encoding = contract::Encoding::utf16le;
  hive.source_type = contract::SourceType::registry;
  hive.source_what = "HKEY_LOCAL_MACHINE\\SYSTEM";
  hive.status = contract::Status::ok;
  hive.started_utc = "2026-11-25T14:30:06Z";
  hive.duration_ms = 2100;
  hive.size = 106576;
  hive.sha256 = std::string(64, 'a');
  hive.error = "RegSaveKeyW wrote a file that is not a regf hive; exported as REGEDIT5 text";
  contract::ArtifactRecord missing;
  missing.id = "command.netdiag";
  missing.kind = contract::Kind::command;
  missing.format = contract::Format::text;
  missing.encoding = contract::Encoding::oem;
  missing.source_type = contract::SourceType::command;
  missing.source_what = "netdiag /v";
  missing.searched = {"C:\\WINDOWS\\system32\\netdiag.exe", "C:\\Program Files\\Support Tools\\netdiag.exe"};
  missing.status = contract::Status::missing;
  missing.exit_code = std::nullopt;
  missing.started_utc = "2026-11-25T14:30:09Z";
  missing.error = "not found";
  contract::ArtifactRecord failed = missing;
  failed.id = "command.ipconfig_all";
  failed.searched.clear();
  failed.status = contract::Status::timeout;
  failed.exit_code = -1;
  failed.path = "commands/ipconfig_all.txt";
  failed.size = 0;
  failed.sha256 = std::string(64, '0');
  m.artifacts = {hive, missing, failed};
  contract::LocaleInfo locale;
  locale.system_lcid = 0x0407;
  locale.user_lcid = 0x10407;  // German with the phone-book sort (sort id 1)
  locale.system_ui_language = 0x0407;
  locale.user_ui_language = 0x0407;
  locale.user = {"dd.MM.yyyy", "dddd, d. MMMM yyyy", "HH:mm:ss", ".", ":", "", "", ",", ".", 0};
  m.locale = locale;
  m.collector.wow64 = contract::Wow64Info{true, true, ""};  // the i686 exe on x64 Windows, reading the native system
  return m;
}

}  // namespace

TEST_CASE("collector-written manifests read back as the same model", "[bundle][contract]") {
  const contract::Manifest written = full_manifest();
  const std::string json = collector::serialize_manifest(written);
  auto read = bundle::parse_manifest(json, "manifest.json");
  INFO(json);
  REQUIRE(read);
  CHECK(read->collector == written.collector);
  CHECK(read->host == written.host);
  CHECK(read->collection == written.collection);
  CHECK(read->user == written.user);
  CHECK(read->locale == written.locale);
  REQUIRE(read->artifacts.size() == written.artifacts.size());
  for (std::size_t i = 0; i < written.artifacts.size(); ++i) {
    INFO("artifact " << written.artifacts[i].id);
    CHECK(read->artifacts[i] == written.artifacts[i]);
  }
  CHECK(*read == written);
}

TEST_CASE("every enumeration name round-trips through the contract's tables", "[bundle][contract]") {
  for (auto s : contract::kStatusNames) CHECK(contract::status_name(*contract::parse_status(s)) == s);
  for (auto s : contract::kFormatNames) CHECK(contract::format_name(*contract::parse_format(s)) == s);
  for (auto s : contract::kKindNames) CHECK(contract::kind_name(*contract::parse_kind(s)) == s);
  CHECK_FALSE(contract::parse_status("fine").has_value());
  CHECK(contract::suite_names(0x31) == std::vector<std::string>{"small_business", "terminal", "small_business_restricted"});
  CHECK(contract::suite_is_sbs(0x20));
  CHECK_FALSE(contract::suite_is_sbs(0x12));
  CHECK(contract::parse_product_type(contract::product_type_name(2)) == 2);
}

namespace {
void replace_once(std::string& text, std::string_view from, std::string_view to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
}
}  // namespace

TEST_CASE("manifests of format 1.0 to 1.4 all read, a locale from 1.2, wow64 from 1.3", "[bundle][contract]") {
  contract::Manifest older = full_manifest();
  older.locale.reset();
  older.collector.wow64.reset();
  for (const char* version : {"1.0", "1.1"}) {
    std::string json = collector::serialize_manifest(older);
    replace_once(json, "\"format_version\": \"1.4\"", std::string("\"format_version\": \"") + version + "\"");
    auto read = bundle::parse_manifest(json, "manifest.json");
    INFO(version);
    REQUIRE(read);
    CHECK(read->format_version == version);
    CHECK_FALSE(read->locale.has_value());
    CHECK_FALSE(read->collector.wow64.has_value());
  }
  contract::Manifest one_two = full_manifest();
  one_two.collector.wow64.reset();
  std::string json = collector::serialize_manifest(one_two);
  replace_once(json, "\"format_version\": \"1.4\"", "\"format_version\": \"1.2\"");
  auto read_1_2 = bundle::parse_manifest(json, "manifest.json");
  REQUIRE(read_1_2);
  CHECK(read_1_2->locale.has_value());
  CHECK_FALSE(read_1_2->collector.wow64.has_value());

  contract::Manifest current = full_manifest();
  current.locale->user = {"M/d/yyyy", "dddd, MMMM dd, yyyy", "h:mm:ss tt", "/", ":", "AM", "PM", ".", ",",
                          std::nullopt};  // a failed IFIRSTDAYOFWEEK lookup
  current.collector.wow64 = contract::Wow64Info{std::nullopt, false, "IsWow64Process: Access is denied."};
  auto read = bundle::parse_manifest(collector::serialize_manifest(current), "manifest.json");
  REQUIRE(read);
  CHECK(read->format_version == "1.4");
  REQUIRE(read->collector.wow64);
  CHECK_FALSE(read->collector.wow64->active.has_value());
  CHECK(read->collector.wow64->error == "IsWow64Process: Access is denied.");
  REQUIRE(read->locale);
  CHECK(read->locale->user_lcid == 0x10407);
  CHECK(read->locale->user.time_format == "h:mm:ss tt");
  CHECK_FALSE(read->locale->user.first_day_of_week.has_value());
}

TEST_CASE("the schema bounds the locale and wow64", "[bundle][contract]") {
  const std::string good = collector::serialize_manifest(full_manifest());
  struct Case {
    std::string_view from;
    std::string to;
    std::string_view where;
  };
  const Case cases[] = {
      {"\"user_lcid\": 66567", "\"user_lcid\": 1048576", "#/locale/user_lcid"},      // beyond 20 bits
      {"\"system_ui_language\": 1031", "\"system_ui_language\": 65536", "#/locale/system_ui_language"},
      {"\"system_lcid\": 1031", "\"system_lcid\": -1", "#/locale/system_lcid"},
      {"\"short_date\": \"dd.MM.yyyy\"", "\"short_date\": \"" + std::string(80, 'd') + "\"",
       "#/locale/user/short_date"},
      {"\"decimal\": \",\"", "\"decimal\": \",,,,\"", "#/locale/user/decimal"},
      {"\"first_day_of_week\": 0", "\"first_day_of_week\": 7", "#/locale/user/first_day_of_week"},
      {"\"first_day_of_week\": 0", "\"first_day_of_week\": \"0\"", "#/locale/user/first_day_of_week"},
      {"\"am\": \"\",", "", "#/locale/user"},  // a required field missing
      {"\"active\": true", "\"active\": \"yes\"", "#/collector/wow64/active"},
      {"\"redirection_disabled\": true", "\"redirection_disabled\": null", "#/collector/wow64/redirection_disabled"},
      {"\"active\": true,", "", "#/collector/wow64"},  // a required field missing
  };
  for (const auto& c : cases) {
    std::string json = good;
    replace_once(json, c.from, c.to);
    auto read = bundle::parse_manifest(json, "manifest.json");
    INFO(c.to);
    REQUIRE_FALSE(read);
    CHECK(read.error().where == "manifest.json" + std::string(c.where));
  }
}

TEST_CASE("format 1.4: a partial run, a merged bundle's inputs and each artifact's provenance read back",
          "[bundle][contract]") {
  contract::Manifest m = full_manifest();
  m.partial = contract::PartialInfo{{"time", "api.services"}, {"command.w32tm_tz", "api.services", "api.time"}};
  m.merged_from = {{"migready-SBS01-20261125T143005Z.zip", std::string(64, 'a'), "2026-11-25T14:30:05Z", "0.1.0", "1.3",
                    std::nullopt, 20},
                   {"migready-SBS01-20261126T090000Z.zip", std::string(64, 'b'), "2026-11-26T09:00:00Z", "0.2.0", "1.4",
                    contract::PartialInfo{{"time"}, {"api.time"}}, 1}};
  m.artifacts.front().provenance = contract::Provenance{"migready-SBS01-20261126T090000Z.zip", std::string(64, 'b'),
                                                        "2026-11-26T09:00:00Z", "0.2.0", "1.4"};
  const std::string json = collector::serialize_manifest(m);
  auto read = bundle::parse_manifest(json, "manifest.json");
  INFO(json);
  REQUIRE(read);
  CHECK(read->partial == m.partial);
  CHECK(read->merged_from == m.merged_from);
  CHECK(read->artifacts.front().provenance == m.artifacts.front().provenance);
  CHECK(*read == m);

  // The schema bounds them: a requested word must look like an id, a provenance needs its hash.
  std::string bad = json;
  replace_once(bad, "\"requested\": [\n      \"time\"", "\"requested\": [\n      \"Time Zone\"");
  CHECK_FALSE(bundle::parse_manifest(bad, "manifest.json"));
  std::string no_hash = json;
  replace_once(no_hash, "\"bundle_sha256\": \"" + std::string(64, 'b') + "\",", "");
  CHECK_FALSE(bundle::parse_manifest(no_hash, "manifest.json"));
}
