#include <catch2/catch.hpp>

#include "core/text.hpp"
#include "parsers/ntbackup_log.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;
using parsers::NtbackupStatus;

namespace {
std::string fixture(const std::string& name) {
  return text::decode_code_page(test::read_file(MIGREADY_FIXTURES_DIR "/ntbackup_log/" + name), 437).utf8;
}
}  // namespace

TEST_CASE("ntbackup_log: SBS full backup with skipped files, System State, Exchange, verify", "[parsers][ntbackup_log]") {
  Diagnostics diags;
  auto r = parsers::parse_ntbackup_log(fixture("sbs-full-skipped.txt"), "backup01.log", diags);
  REQUIRE(r);
  for (const auto& d : diags.entries()) FAIL_CHECK(d.where << ": " << d.message);
  CHECK(r->outcome == NtbackupStatus::completed_with_warnings);
  CHECK(r->operations == std::vector<std::string>{"Backup", "Verify"});
  CHECK(r->destination == "File");
  CHECK(r->media_name == "SBS Backup created 11/20/2026 at 11:00 PM");
  REQUIRE(r->sets.size() == 4);
  const auto& c = r->sets[0];
  CHECK(c.kind == "backup");
  CHECK(c.what == "C:");
  CHECK(c.via_shadow_copy);
  CHECK(c.set_number == std::optional<std::uint32_t>(1));
  CHECK(c.backup_type == "Normal");
  REQUIRE(c.started);
  CHECK(c.started->local == std::optional<std::string>("2026-11-20T23:02:00"));
  REQUIRE(c.completed);
  CHECK(c.completed->text == "11/20/2026 at 11:41 PM");
  CHECK(c.completed->local == std::optional<std::string>("2026-11-20T23:41:00"));
  CHECK(c.directories == std::optional<std::uint64_t>(2345));
  CHECK(c.files == std::optional<std::uint64_t>(56789));
  CHECK(c.bytes == std::optional<std::uint64_t>(12345678901ULL));
  CHECK(c.duration_seconds == std::optional<std::uint64_t>(39 * 60 + 12));
  REQUIRE(c.issues.size() == 2);
  CHECK_FALSE(c.issues[0].error);
  CHECK(c.issues[0].message == "Unable to open \"C:\\pagefile.sys\" - skipped.");
  CHECK(c.issues[0].reason == "The process cannot access the file because it is being used by another process.");
  CHECK(c.status == NtbackupStatus::completed_with_warnings);
  CHECK(r->sets[1].what == "System State");
  CHECK(r->sets[1].status == NtbackupStatus::completed);
  CHECK(r->sets[2].what == "SBS01\\Microsoft Information Store\\First Storage Group");
  CHECK_FALSE(r->sets[2].via_shadow_copy);
  CHECK(r->sets[2].completed->local == std::optional<std::string>("2026-11-21T00:31:00"));
  CHECK(r->sets[2].duration_seconds == std::optional<std::uint64_t>(3600 + 120 + 1));
  CHECK(r->sets[3].kind == "verify");
  CHECK(r->sets[3].different == std::optional<std::uint64_t>(0));
  CHECK(r->sets[3].status == NtbackupStatus::completed);
}

TEST_CASE("ntbackup_log: outcomes", "[parsers][ntbackup_log]") {
  Diagnostics diags;
  SECTION("shadow copy failure") {
    auto r = parsers::parse_ntbackup_log(fixture("failed-vss.txt"), "x.log", diags);
    REQUIRE(r);
    CHECK(diags.empty());
    CHECK(r->outcome == NtbackupStatus::failed);
    CHECK(r->did_not_complete);
    CHECK(r->sets.empty());
    REQUIRE(r->issues.size() == 4);
    CHECK(r->issues[1].message == "Error returned while creating the volume shadow copy:800423f4");
  }
  SECTION("ended by the user") {
    auto r = parsers::parse_ntbackup_log(fixture("cancelled.txt"), "x.log", diags);
    REQUIRE(r);
    CHECK(r->outcome == NtbackupStatus::ended);
    REQUIRE(r->sets.size() == 1);
    CHECK(r->sets[0].what == "D: Data");
    CHECK(r->sets[0].status == NtbackupStatus::ended);
  }
  SECTION("verify errors fail the run though the backup completed") {
    auto r = parsers::parse_ntbackup_log(fixture("verify-failure.txt"), "x.log", diags);
    REQUIRE(r);
    CHECK(r->outcome == NtbackupStatus::failed);
    REQUIRE(r->sets.size() == 2);
    CHECK(r->sets[0].status == NtbackupStatus::completed);
    CHECK(r->sets[0].started->local == std::optional<std::string>("2026-11-19T01:00:00"));
    CHECK(r->sets[1].status == NtbackupStatus::failed);
    CHECK(r->sets[1].different == std::optional<std::uint64_t>(3));
    CHECK(r->sets[1].issues.size() == 2);
  }
  SECTION("incremental, UTF-16LE on disk") {
    const auto bytes = test::read_file(MIGREADY_FIXTURES_DIR "/ntbackup_log/incremental-utf16.txt");
    auto r = parsers::parse_ntbackup_log(text::decode_utf16le(bytes).utf8, "backup02.log", diags);
    REQUIRE(r);
    CHECK(diags.empty());
    CHECK(r->outcome == NtbackupStatus::completed);
    REQUIRE(r->sets.size() == 1);
    CHECK(r->sets[0].backup_type == "Incremental");
    CHECK(r->sets[0].duration_seconds == std::optional<std::uint64_t>(238));
  }
  SECTION("truncated log") {
    auto r = parsers::parse_ntbackup_log(fixture("truncated.txt"), "x.log", diags);
    REQUIRE(r);
    CHECK(r->outcome == NtbackupStatus::unknown);
    REQUIRE(r->sets.size() == 1);
    CHECK(r->sets[0].status == NtbackupStatus::incomplete);
    CHECK(r->sets[0].issues.size() == 1);
    CHECK_FALSE(diags.empty());
  }
  SECTION("not a log") {
    auto r = parsers::parse_ntbackup_log(fixture("not-a-log.txt"), "x.log", diags);
    REQUIRE_FALSE(r);
    CHECK(r.error().where == "x.log:1");
  }
  SECTION("empty") {
    REQUIRE_FALSE(parsers::parse_ntbackup_log("", "x.log", diags));
  }
}

TEST_CASE("ntbackup_log: dates in another form are kept as text, odd lines are warnings", "[parsers][ntbackup_log]") {
  Diagnostics diags;
  const std::string log =
      "Backup Status\n"
      "Operation: Backup\n"
      "Backup of \"C: \"\n"
      "Backup Type: Normal\n"
      "Backup started on 20.11.2026 at 23:02.\n"
      "something odd\n"
      "Backup completed on 11/20/2026 at 13:99 PM.\n"
      "Bytes: lots\n"
      "Time:  a while\n";
  auto r = parsers::parse_ntbackup_log(log, "x.log", diags);
  REQUIRE(r);
  REQUIRE(r->sets.size() == 1);
  CHECK(r->sets[0].started->text == "20.11.2026 at 23:02");
  CHECK_FALSE(r->sets[0].started->local);
  CHECK_FALSE(r->sets[0].completed->local);
  CHECK_FALSE(r->sets[0].bytes);
  CHECK_FALSE(r->sets[0].duration_seconds);
  CHECK(r->outcome == NtbackupStatus::completed);
  REQUIRE(diags.entries().size() == 3);
  CHECK(diags.entries()[0].where == "x.log:6");
}

TEST_CASE("ntbackup_log: unrecognized lines are capped at 20 warnings plus a count", "[parsers][ntbackup_log]") {
  std::string log = "Backup Status\nOperation: Backup\n";
  for (int i = 0; i < 500; ++i) log += "C:\\some\\file" + std::to_string(i) + ".txt 1234 bytes\n";
  Diagnostics diags;
  auto r = parsers::parse_ntbackup_log(log, "x.log", diags);
  REQUIRE(r);
  CHECK(diags.entries().size() == 21);
  CHECK_THAT(diags.entries().back().message, Catch::Contains("480 more"));
}
