#include <catch2/catch.hpp>

#include <string>

#include "core/manifest.hpp"

using namespace migready::collector;

namespace {

Manifest sample() {
  Manifest m;
  m.collector.version = "0.1.0";
  m.collector.arch = Arch::x86;
  m.collector.command_line = "migready-collect.exe --out C:\\x";
  m.host.computer_name = "SBS01";
  m.host.netbios_domain = "CONTOSO";
  m.host.os = OsInfo{5, 2, 3790, "Service Pack 2", 2, 0, 2, 0x0201, Arch::x86};
  m.host.ansi_code_page = 1252;
  m.host.oem_code_page = 850;
  m.collection = {"2026-11-25T14:30:05.000Z", "2026-11-25T14:31:05.000Z", "2026-11-25T15:30:05.000",
                  "2026-11-25T15:31:05.000",
                  TimeZoneInfo{-60, "W. Europe Standard Time", 0, "W. Europe Daylight Time", -60,
                               TimeZoneState::standard}};
  m.user = {"CONTOSO\\Administrator", "S-1-5-21-1-2-3-500",
            {{"S-1-1-0", "Everyone", true}, {"S-1-5-5-0-1", std::nullopt, false}}};
  ArtifactRecord ok;
  ok.id = "registry.system";
  ok.path = "registry/SYSTEM.hiv";
  ok.kind = Kind::registry;
  ok.format = Format::regf;
  ok.source_type = SourceType::registry;
  ok.source_what = "HKEY_LOCAL_MACHINE\\SYSTEM";
  ok.status = Status::ok;
  ok.started_utc = "2026-11-25T14:30:05.100Z";
  ok.duration_ms = 1200;
  ok.size = 4096;
  ok.sha256 = std::string(64, 'a');
  m.artifacts.push_back(ok);
  ArtifactRecord missing;
  missing.id = "command.dcdiag";
  missing.kind = Kind::command;
  missing.encoding = Encoding::oem;
  missing.source_what = "dcdiag /v";
  missing.searched = {"C:\\WINDOWS\\system32\\dcdiag.exe"};
  missing.status = Status::missing;
  missing.started_utc = "2026-11-25T14:30:06.000Z";
  missing.error = "program not found: dcdiag";
  m.artifacts.push_back(missing);
  return m;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("manifest: suites and product types", "[collector][manifest]") {
  CHECK(suite_names(0x0001) == std::vector<std::string>{"small_business"});
  CHECK(suite_names(0x0210) == std::vector<std::string>{"terminal", "personal"});
  CHECK(suite_names(0x8000) == std::vector<std::string>{"home_server"});
  CHECK(suite_names(0x10000).empty());
  CHECK(suite_names(0xFFFF).size() == 16);
  CHECK(suite_is_sbs(0x20));
  CHECK(suite_is_sbs(0x1));
  CHECK_FALSE(suite_is_sbs(0x10));
  CHECK(product_type_name(1) == "workstation");
  CHECK(product_type_name(2) == "domain_controller");
  CHECK(product_type_name(3) == "server");
  CHECK(product_type_name(0) == "unknown");
}

TEST_CASE("manifest: serialization", "[collector][manifest]") {
  const std::string json = serialize_manifest(sample());
  CHECK(json.starts_with("{\n  \"format\": \"migready-bundle\",\n  \"format_version\": \"1.4\","));
  CHECK(contains(json, "\"name\": \"migready-collect\""));
  CHECK(contains(json, "\"arch\": \"x86\""));
  CHECK(contains(json, "\"complete\": true"));
  CHECK_FALSE(contains(json, "incomplete_reason"));
  CHECK(contains(json, "\"dns_domain\": null"));
  CHECK(contains(json, "\"netbios_domain\": \"CONTOSO\""));
  CHECK(contains(json, "\"product_type\": \"domain_controller\""));
  CHECK(contains(json, "\"suite_mask\": 513"));
  CHECK(contains(json, "\"suites\": [\n        \"small_business\",\n        \"personal\"\n      ]"));
  CHECK(contains(json, "\"is_sbs\": true"));
  CHECK(contains(json, "\"bias_minutes\": -60"));
  CHECK(contains(json, "\"state\": \"standard\""));
  CHECK(contains(json, "\"name\": \"CONTOSO\\\\Administrator\""));
  CHECK(contains(json, "\"name\": null,\n        \"enabled\": false"));
  // A stored artifact: no encoding for regf, exit_code/error null.
  CHECK(contains(json, "\"format\": \"regf\",\n      \"source\""));
  CHECK(contains(json, "\"exit_code\": null"));
  CHECK(contains(json, "\"size\": 4096"));
  // A missing artifact: path/size/sha256 null, searched listed.
  CHECK(contains(json, "\"path\": null"));
  CHECK(contains(json, "\"searched\": [\n          \"C:\\\\WINDOWS\\\\system32\\\\dcdiag.exe\"\n        ]"));
  CHECK(contains(json, "\"sha256\": null"));
  CHECK(contains(json, "\"encoding\": \"oem\""));
  CHECK_FALSE(contains(json, "\"locale\""));  // not set: not written
  CHECK_FALSE(contains(json, "\"wow64\""));
  CHECK(json.back() == '\n');
}

TEST_CASE("manifest: locale", "[collector][manifest]") {
  Manifest m = sample();
  LocaleInfo l;
  l.system_lcid = 0x0407;
  l.user_lcid = 0x0407;
  l.system_ui_language = 0x0409;
  l.user_ui_language = 0x0407;
  l.user = {"dd.MM.yyyy", "dddd, d. MMMM yyyy", "HH:mm:ss", ".", ":", "", "", ",", ".", 0};
  m.locale = l;
  std::string json = serialize_manifest(m);
  // After the user, before the artifacts, every field written, "" kept as "".
  CHECK(contains(json, "  },\n  \"locale\": {\n    \"system_lcid\": 1031,\n    \"user_lcid\": 1031,\n"
                       "    \"system_ui_language\": 1033,\n    \"user_ui_language\": 1031,\n    \"user\": {\n"
                       "      \"short_date\": \"dd.MM.yyyy\",\n      \"long_date\": \"dddd, d. MMMM yyyy\",\n"
                       "      \"time_format\": \"HH:mm:ss\",\n      \"date_separator\": \".\",\n"
                       "      \"time_separator\": \":\",\n      \"am\": \"\",\n      \"pm\": \"\",\n"
                       "      \"decimal\": \",\",\n      \"thousands\": \".\",\n      \"first_day_of_week\": 0\n"
                       "    }\n  },\n  \"artifacts\": ["));
  // A failed lookup stays empty; out-of-range values are clamped to what the schema allows.
  l.user = {};
  l.user.first_day_of_week = 9;
  l.user.short_date = std::string(200, 'd');
  l.user.am = std::string(20, 'A');
  l.user.decimal = "\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0";
  l.system_lcid = 0x12345678;
  m.locale = l;
  json = serialize_manifest(m);
  CHECK(contains(json, "\"system_lcid\": 0,"));
  CHECK(contains(json, "\"short_date\": \"" + std::string(79, 'd') + "\","));
  CHECK(contains(json, "\"am\": \"" + std::string(14, 'A') + "\","));
  CHECK(contains(json, "\"decimal\": \"\xc2\xa0\xc2\xa0\xc2\xa0\","));
  CHECK(contains(json, "\"time_format\": \"\","));
  CHECK(contains(json, "\"first_day_of_week\": null"));
}

TEST_CASE("manifest: wow64", "[collector][manifest]") {
  Manifest m = sample();
  m.collector.wow64 = Wow64Info{true, true, ""};
  std::string json = serialize_manifest(m);
  // Inside the collector object, after the command line; no error key when there is none.
  CHECK(contains(json, "\",\n    \"wow64\": {\n      \"active\": true,\n      \"redirection_disabled\": true\n    }\n  },\n"
                       "  \"complete\""));
  m.collector.wow64 = Wow64Info{std::nullopt, false, std::string(600, 'e')};
  json = serialize_manifest(m);
  CHECK(contains(json, "\"active\": null,\n      \"redirection_disabled\": false,\n      \"error\": \"" +
                           std::string(512, 'e') + "\"\n"));
}

TEST_CASE("manifest: incomplete and clamped", "[collector][manifest]") {
  Manifest m = sample();
  m.complete = false;
  m.incomplete_reason = "interrupted by Ctrl-C; not collected: command.ipconfig_all";
  m.collection.time_zone.bias_minutes = 5000;
  m.collection.time_zone.standard_name = std::string(100, 'z');
  m.artifacts[0].duration_ms = 999999999;
  m.artifacts[0].exit_code = 0xC000013Au;
  const std::string json = serialize_manifest(m);
  CHECK(contains(json, "\"complete\": false,\n  \"incomplete_reason\": \"interrupted by Ctrl-C; not collected: command.ipconfig_all\""));
  CHECK(contains(json, "\"bias_minutes\": 1440"));
  CHECK(contains(json, "\"standard_name\": \"" + std::string(64, 'z') + "\""));
  CHECK(contains(json, "\"duration_ms\": 86400000"));
  CHECK(contains(json, "\"exit_code\": 3221225786"));
}

TEST_CASE("manifest: clamp_code_points", "[collector][manifest]") {
  CHECK(clamp_code_points("abc", 2) == "ab");
  CHECK(clamp_code_points("\xc3\xbc\xc3\xbc", 1) == "\xc3\xbc");
  CHECK(clamp_code_points("ab", 5) == "ab");
}
