// The facts from w32tm, NTBackup logs and the Support Tools read in the bundle's text language: an output in
// another language than the manifest's, or in one without a phrase table, is not checked with the reason.
#include "facts_test_util.hpp"

using namespace migready;
using namespace migready::test::facts_util;

namespace {

std::string fixture(const std::string& rel) { return test::read_file(MIGREADY_FIXTURES_DIR "/" + rel); }

facts::Facts build_with_ui(const test::BundleBuilder& builder, std::optional<std::uint16_t> ui) {
  Diagnostics diags;
  auto b = bundle::open_bundle_memory(builder.zip(), "t.zip", {}, diags);
  REQUIRE(b);
  if (ui) {
    contract::LocaleInfo l;
    l.user_ui_language = l.system_ui_language = *ui;
    l.user_lcid = l.system_lcid = *ui;
    b->manifest.locale = l;
  }
  return facts::build_facts(*b, diags);
}

bool has(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

void add_log(test::BundleBuilder& b, const std::string& name) {
  add(b, "file.ntbackup_logs.administrator.backup01_log", "files/ntbackup/Administrator/backup01.log", "file",
      "text", fixture("ntbackup_log/" + name), "backup01.log");
}

}  // namespace

TEST_CASE("w32tm facts: read in the bundle's language, confirmed by the output", "[facts][language]") {
  test::BundleBuilder b;
  add(b, "command.w32tm_tz", "commands/w32tm_tz.txt", "command", "text", fixture("w32tm_tz/w-europe-standard.txt"));
  add(b, "command.w32tm_monitor", "commands/w32tm_monitor.txt", "command", "text",
      fixture("w32tm_monitor/sbs2003-two-dcs.txt"));
  SECTION("no locale: the English output is read") {
    auto f = build_with_ui(b, std::nullopt);
    CHECK(status(f, "time.tz_w32tm") == "present");
    CHECK(status(f, "time.w32tm_monitor.servers") == "present");
  }
  SECTION("an English UI: read") {
    auto f = build_with_ui(b, 0x0409);
    CHECK(status(f, "time.tz_w32tm") == "present");
  }
  SECTION("a German UI with English output: not checked, both languages named") {
    auto f = build_with_ui(b, 0x0407);
    CHECK(status(f, "time.tz_w32tm") == "parse_failed");
    CHECK(has(reason(f, "time.tz_w32tm"), "w32tm /tz output is in English (en)"));
    CHECK(has(reason(f, "time.tz_w32tm"), "German (de) was expected"));
    CHECK(status(f, "time.w32tm_monitor.servers") == "parse_failed");
  }
  SECTION("a Russian UI: not read, and listed as unread for the collection finding") {
    auto f = build_with_ui(b, 0x0419);
    CHECK(status(f, "time.tz_w32tm") == "parse_failed");
    CHECK(has(reason(f, "time.tz_w32tm"), "Russian"));
    const auto& unread = value(f, "collection.text_unread");
    REQUIRE(unread.Size() == 2);
    CHECK(str(unread[0]) == "command.w32tm_monitor");
    CHECK(str(unread[1]) == "command.w32tm_tz");
  }
}

TEST_CASE("w32tm facts: an output in a supported language without a w32tm table is unsupported",
          "[facts][language]") {
  test::BundleBuilder b;
  // Not English: what a German w32tm would print is unknown (no real sample), so any non-English text stands in.
  add(b, "command.w32tm_tz", "commands/w32tm_tz.txt", "command", "text", "Zeile eins\r\nZeile zwei\r\n");
  auto f = build_with_ui(b, 0x0407);
  CHECK(status(f, "time.tz_w32tm") == "parse_failed");
  CHECK(has(reason(f, "time.tz_w32tm"), "w32tm /tz output in German (de) is not supported"));
}

TEST_CASE("backup facts: NTBackup logs read in the bundle's language", "[facts][language]") {
  test::BundleBuilder b;
  add_log(b, "sbs-full-skipped.txt");
  SECTION("no locale: the English log is a run") {
    auto f = build_with_ui(b, std::nullopt);
    CHECK(value(f, "backup.runs").Size() == 1);
    CHECK(value(f, "backup.unreadable_logs").Size() == 0);
  }
  SECTION("a French UI with an English log: an unreadable log naming both languages") {
    auto f = build_with_ui(b, 0x040c);
    CHECK(status(f, "backup.runs") == "parse_failed");
    CHECK(has(reason(f, "backup.runs"), "French (fr) was expected"));
    const auto& unreadable = value(f, "backup.unreadable_logs");
    REQUIRE(unreadable.Size() == 1);
    CHECK(str(unreadable[0]["status"]) == "parse_failed");
    CHECK(has(str(unreadable[0]["reason"]), "English (en)"));
    CHECK(has(str(unreadable[0]["reason"]), "French (fr) was expected"));
    CHECK(status(f, "backup.last_successful_full") != "present");
  }
  SECTION("a Russian UI: the log is not read, with the language's reason") {
    auto f = build_with_ui(b, 0x0419);
    const auto& unreadable = value(f, "backup.unreadable_logs");
    REQUIRE(unreadable.Size() == 1);
    CHECK(has(str(unreadable[0]["reason"]), "Russian"));
    CHECK(status(f, "backup.last_successful_full") != "present");
  }
}

TEST_CASE("health facts: the 2003 Support Tools' English output is read whatever the UI language",
          "[facts][language]") {
  test::BundleBuilder b;
  add(b, "command.dcdiag", "commands/dcdiag.txt", "command", "text", fixture("dcdiag/sbs2003-healthy.txt"));
  add(b, "command.repadmin_showrepl", "commands/repadmin_showrepl.txt", "command", "text",
      fixture("repadmin_showrepl/sbs2003-single-dc.txt"));
  auto f = build_with_ui(b, 0x0407);
  CHECK(status(f, "dcdiag.failed_tests") == "present");
  CHECK(value(f, "dcdiag.ran").GetBool());
  CHECK(status(f, "repadmin.partners") == "present");
}
