// The Migration Preparation Tool's logs (migration_prep.cpp).
#include "core/json.hpp"
#include "facts_test_util.hpp"

using namespace migready;
using namespace migready::test::facts_util;

namespace {

const std::string kToolLog =
    "2026-11-18 09:00:01 Migration Preparation Tool started\r\n"
    "2026-11-18 09:00:05 Checking prerequisites\r\n"
    "2026-11-18 09:02:11 Error: installation of hotfix KB2545227 failed with 0x800b0100\r\n"
    "2026-11-18 09:05:00 Schema update completed. Errors: 0\r\n"
    "2026-11-20 17:45:30 Scan finished with 2 warnings and no errors\r\n";

void add_tool(test::BundleBuilder& b, const std::string& text) {
  add(b, "file.migration_logs.program_files.sourcetool.sourcetool_log",
      "files/migration/program_files/SourceTool/SourceTool.log", "file", "text", text,
      "C:\\Program Files\\SourceTool\\SourceTool.log");
}

void add_adprep(test::BundleBuilder& b, const std::string& run) {
  add(b, "file.migration_logs.adprep." + run + ".adprep_log", "files/migration/adprep/" + run + "/ADPrep.log", "file",
      "text", "Adprep successfully updated the forest-wide information.\r\n");
}

}  // namespace

TEST_CASE("migration prep: ran, last run from the log, error lines, the hotfix error", "[facts]") {
  test::BundleBuilder b;
  add_tool(b, kToolLog);
  add_adprep(b, "20261118090300");
  auto f = build(b);
  CHECK(value(f, "migration_prep.ran").GetBool());
  CHECK(value(f, "migration_prep.tool_logs").Size() == 1);
  CHECK(str(value(f, "migration_prep.last_run")) == "2026-11-20T17:45:30");
  CHECK(str(value(f, "migration_prep.last_run_basis")) == "log's last timestamp (no scan result read)");
  CHECK(value(f, "migration_prep.scan_errors").IsNull());
  CHECK(source(f, "migration_prep.last_run") == "file.migration_logs.program_files.sourcetool.sourcetool_log:5");
  const auto& errors = value(f, "migration_prep.errors");
  REQUIRE(errors.Size() == 1);  // "Errors: 0" and "no errors" are not errors
  CHECK(errors[0]["line"].GetInt64() == 3);
  CHECK_THAT(str(errors[0]["text"]), Catch::StartsWith("2026-11-18 09:02:11 Error: installation of hotfix"));
  CHECK(value(f, "migration_prep.error_count").GetInt64() == 1);
  CHECK(value(f, "migration_prep.hotfix_error").GetBool());
  CHECK(source(f, "migration_prep.hotfix_error") == "file.migration_logs.program_files.sourcetool.sourcetool_log:3");
}

// The tool's own line form, as the prepared sample writes it: a first run that prepared the domain and scanned
// with an error, then a re-run on a later day (another process) that skipped ADPrep and scanned twice.
const std::string kRuns =
    "[3748] 261110.101205.4312: MigrationPreparationTool: Starting the Migration Preparation Tool\r\n"
    "[3748] 261110.101231.8750: UpdateCheck: Installing hotfix KB943494 failed with 0x80070005\r\n"
    "[3748] 261110.101344.5000: PrepareDomain: Running adprep.exe /forestprep /q\r\n"
    "[3748] 261110.101811.2187: Prerequisite: The Windows Error Reporting service is running\r\n"
    "[3748] 261110.101812.0000: SourceServerScan: Error: The FRS journal wrap error 13568 was logged\r\n"
    "[3748] 261110.101914.6406: SourceServerScan: 1 errors, 0 warnings\r\n"
    "[5120] 261201.080000.0000: MigrationPreparationTool: Starting the Migration Preparation Tool\r\n"
    "[5120] 261201.080100.0000: SourceServerScan: Error: The Netlogon service is not running\r\n"
    "[5120] 261201.080200.0000: SourceServerScan: 1 errors, 1 warnings\r\n"
    "[5120] 261201.081000.0000: Prerequisite: Failed rules: none\r\n"
    "[5120] 261201.081100.0000: SourceServerScan: 0 errors, 1 warnings\r\n"
    "[5120] 261201.081200.0000: MigrationPreparationTool: Completed.\r\n";

TEST_CASE("migration prep: the tool's own log form, the last completed run and its last scan", "[facts]") {
  SECTION("a re-run without ADPrep moves the date; only its last scan is judged") {
    test::BundleBuilder b;
    add_tool(b, kRuns);
    add_adprep(b, "20261110101344");
    auto f = build(b);
    CHECK(str(value(f, "migration_prep.last_run")) == "2026-12-01T08:12:00");
    CHECK(str(value(f, "migration_prep.last_run_basis")) == "log's last completed run");
    CHECK(source(f, "migration_prep.last_run") == "file.migration_logs.program_files.sourcetool.sourcetool_log:12");
    CHECK(value(f, "migration_prep.scan_errors").GetInt64() == 0);
    CHECK(value(f, "migration_prep.scan_warnings").GetInt64() == 1);
    CHECK(source(f, "migration_prep.scan_errors") == "file.migration_logs.program_files.sourcetool.sourcetool_log:11");
    // The first run's errors, and the second run's first scan, were fixed; "Failed rules: none" is no error.
    CHECK(value(f, "migration_prep.errors").Size() == 0);
    CHECK(value(f, "migration_prep.error_count").GetInt64() == 0);
    CHECK_FALSE(value(f, "migration_prep.hotfix_error").GetBool());
  }
  SECTION("the first run alone: its scan's error and its hotfix error; a name with Error is no error") {
    test::BundleBuilder b;
    add_tool(b, kRuns.substr(0, kRuns.find("[5120]")));
    auto f = build(b);
    CHECK(str(value(f, "migration_prep.last_run")) == "2026-11-10T10:19:14");
    CHECK(value(f, "migration_prep.scan_errors").GetInt64() == 1);
    const auto& errors = value(f, "migration_prep.errors");
    REQUIRE(errors.Size() == 2);
    CHECK(errors[0]["line"].GetInt64() == 2);
    CHECK(errors[1]["line"].GetInt64() == 5);
    CHECK(value(f, "migration_prep.hotfix_error").GetBool());
  }
  SECTION("a later run that did not finish: the date stays with the completed run, its errors are judged") {
    test::BundleBuilder b;
    add_tool(b, kRuns.substr(0, kRuns.find("[5120]")) +
                    "[7000] 261202.090000.0000: MigrationPreparationTool: Starting the Migration Preparation Tool\r\n"
                    "[7000] 261202.090100.0000: UpdateCheck: Downloading updates failed\r\n");
    auto f = build(b);
    CHECK(str(value(f, "migration_prep.last_run")) == "2026-11-10T10:19:14");
    CHECK(value(f, "migration_prep.scan_errors").IsNull());
    REQUIRE(value(f, "migration_prep.errors").Size() == 1);
    CHECK(value(f, "migration_prep.errors")[0]["line"].GetInt64() == 8);
  }
  SECTION("no scan result anywhere: the last timestamp, and it says so") {
    test::BundleBuilder b;
    add_tool(b, "[12] 261120.174530.0000: Starting\r\n[12] 261120.174600.0000: Stopped\r\n");
    add_adprep(b, "20261121120000");
    auto f = build(b);
    CHECK(str(value(f, "migration_prep.last_run")) == "2026-11-20T17:46:00");
    CHECK(str(value(f, "migration_prep.last_run_basis")) == "log's last timestamp (no scan result read)");
    CHECK(value(f, "migration_prep.scan_errors").IsNull());
  }
  SECTION("out-of-range fields are no time") {
    test::BundleBuilder b;
    add_tool(b, "[12] 261320.174530.0000: Starting\r\n");
    auto f = build(b);
    CHECK(status(f, "migration_prep.last_run") == "missing");
  }
}

TEST_CASE("migration prep: a clean log, US times, no times at all", "[facts]") {
  SECTION("US format with PM, day-first when the first number cannot be a month") {
    test::BundleBuilder b;
    add_tool(b, "[11/20/2026 5:45:30 PM] Started\n[21/11/2026 08:00:00] Done\nnot a time 13/13/2026 1:00:00\n");
    auto f = build(b);
    CHECK(str(value(f, "migration_prep.last_run")) == "2026-11-21T08:00:00");
    CHECK(value(f, "migration_prep.errors").Size() == 0);
    CHECK_FALSE(value(f, "migration_prep.hotfix_error").GetBool());
  }
  SECTION("a time whose day and month cannot be told apart: not checked without a locale, read with one") {
    const std::string log = "[11/20/2026 5:45:30 PM] Started\n[12/1/2026 08:00:00] Done\n";
    test::BundleBuilder plain;  // format 1.0: no locale
    add_tool(plain, log);
    auto f = build(plain);
    CHECK(status(f, "migration_prep.last_run") == "parse_failed");
    CHECK_THAT(reason(f, "migration_prep.last_run"),
               Catch::Contains(":2: \"12/1/2026 08:00:00\": ambiguous"));
    test::BundleBuilder british;
    auto& m = british.manifest();
    json::Document locale;
    locale.Parse(R"({"system_lcid":2057,"user_lcid":2057,"system_ui_language":2057,"user_ui_language":2057,
                    "user":{"short_date":"dd/MM/yyyy","long_date":"","time_format":"HH:mm:ss","date_separator":"/",
                    "time_separator":":","am":"AM","pm":"PM","decimal":".","thousands":",","first_day_of_week":0}})");
    m["format_version"] = "1.2";
    m.AddMember("locale", json::Value(locale, m.GetAllocator()), m.GetAllocator());
    add_tool(british, "[20/11/2026 5:45:30 PM] Started\n[12/1/2026 08:00:00] Done\n");
    f = build(british);
    CHECK(str(value(f, "migration_prep.last_run")) == "2026-11-20T17:45:30");  // 12 January is older
  }
  SECTION("a log without times: the newest ADPrep run folder, and it says so") {
    test::BundleBuilder b;
    add_tool(b, "Started\nFinished\n");
    add_adprep(b, "20261101120000");
    add_adprep(b, "20261119230000");
    auto f = build(b);
    CHECK(str(value(f, "migration_prep.last_run")) == "2026-11-19T23:00:00");
    CHECK(str(value(f, "migration_prep.last_run_basis")) == "adprep run folder");
  }
  SECTION("a log without times and no ADPrep run: missing") {
    test::BundleBuilder b;
    add_tool(b, "Started 99/99/2026 99:00:00\n");
    auto f = build(b);
    CHECK(status(f, "migration_prep.last_run") == "missing");
  }
}

TEST_CASE("migration prep: not run, not searched, unreadable", "[facts]") {
  SECTION("only ADPrep logs: the tool's own log is what says it ran") {
    test::BundleBuilder b;
    add_adprep(b, "20261101120000");
    auto f = build(b);
    CHECK_FALSE(value(f, "migration_prep.ran").GetBool());
    CHECK(value(f, "migration_prep.last_run").IsNull());
  }
  SECTION("the search found nothing") {
    test::BundleBuilder b;
    make_missing(add(b, "file.migration_logs", "files/migration", "file", "text", ""));
    auto f = build(b);
    CHECK_FALSE(value(f, "migration_prep.ran").GetBool());
    CHECK(value(f, "migration_prep.error_count").GetInt64() == 0);
  }
  SECTION("not in the bundle") {
    test::BundleBuilder b;
    auto f = build(b);
    CHECK(status(f, "migration_prep.ran") == "collection_failed");
    CHECK(status(f, "migration_prep.hotfix_error") == "collection_failed");
  }
  SECTION("the only tool log could not be read") {
    test::BundleBuilder b;
    auto& entry = add(b, "file.migration_logs.program_files.x.sourcetool_log",
                      "files/migration/program_files/x/SourceTool.log", "file", "text", "x");
    entry["status"] = "denied";
    entry["path"].SetNull();
    entry["size"].SetNull();
    entry["sha256"].SetNull();
    auto f = build(b);
    CHECK(value(f, "migration_prep.ran").GetBool());
    CHECK(status(f, "migration_prep.errors") == "collection_failed");
    CHECK_THAT(reason(f, "migration_prep.errors"), Catch::Contains("denied"));
  }
}

// Issue 19: a manifest whose log artifacts all name one bundle file. `verify` reports each as sharing its path;
// the facts read that file at most once (before: once per artifact, 37 s for 10,000 x 1 MiB) and say the row
// is inconsistent instead of judging the logs from the first copy.
TEST_CASE("migration prep: log artifacts sharing one path are read once and fail the row", "[facts][hostile]") {
  test::BundleBuilder b;
  const std::string shared = "files/migration/program_files/SourceTool/SourceTool.log";
  constexpr int kCopies = 300;
  for (int i = 0; i < kCopies; ++i) {
    const bool adprep = i % 2 == 1;
    const std::string id = adprep ? "file.migration_logs.adprep.20261118" + std::to_string(100000 + i) + ".adprep_log"
                                  : "file.migration_logs.program_files.copy" + std::to_string(i) + ".sourcetool_log";
    // Each entry is stored under its own name (a zip refuses duplicates), then pointed at the shared path.
    auto& entry = add(b, id, "files/migration/copy" + std::to_string(i) + ".log", "file", "text", kToolLog);
    entry["path"].SetString(shared.c_str(), static_cast<rapidjson::SizeType>(shared.size()),
                            b.manifest().GetAllocator());
  }
  b.add_file(shared, kToolLog);
  auto f = build(b);
  CHECK(value(f, "migration_prep.ran").GetBool());
  CHECK(value(f, "migration_prep.logs").Size() == 100);  // kMaxMigrationLogs
  for (const char* p : {"migration_prep.last_run", "migration_prep.errors", "migration_prep.hotfix_error",
                        "migration_prep.scan_errors", "adprep.failed"}) {
    INFO(p);
    CHECK(status(f, p) == "collection_failed");
    CHECK_THAT(reason(f, p), Catch::Contains("299 of the 300 log artifacts share a path") &&
                                 Catch::Contains("the bundle is inconsistent"));
  }
}
