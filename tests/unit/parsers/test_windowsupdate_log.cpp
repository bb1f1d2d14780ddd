// What the golden files do not show: the log cut inside a search, the caps on a long log and its linear time,
// success codes that are not failures, KB 902093's form without milliseconds, an empty text and lines that
// are not the log's.
#include <catch2/catch.hpp>

#include <chrono>

#include "parsers/windowsupdate_log.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;
using migready::test::read_file;

namespace {
std::string fixture(const std::string& name) {
  return read_file(MIGREADY_FIXTURES_DIR "/windowsupdate_log/" + name);
}

// One line in the agent's form (tab-separated, as the agent writes it).
std::string line(const std::string& time, const std::string& component, const std::string& text) {
  return "2026-11-24\t" + time + "\t 904\te10\t" + component + "\t" + text + "\r\n";
}
}  // namespace

TEST_CASE("WindowsUpdate.log: a completed search and what it names", "[parsers][windowsupdate_log]") {
  Diagnostics diags;
  auto r = parsers::parse_windowsupdate_log(fixture("configmgr-search-found-163-trimmed.txt"), "w.log", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  REQUIRE(r->searches.size() == 1);
  const auto& s = r->searches[0];
  CHECK(s.caller == "CcmExec");
  CHECK(s.found == 163);
  CHECK(s.outcome == "found");
  CHECK(s.update_ids.size() == 2);
  REQUIRE(s.started);
  CHECK(s.started->iso == "2014-01-20T12:18:48");
  CHECK(s.started->text == "2014-01-20 12:18:48:662");
}

TEST_CASE("WindowsUpdate.log: a search ended without a result fails with the agent's error",
          "[parsers][windowsupdate_log]") {
  Diagnostics diags;
  auto r = parsers::parse_windowsupdate_log(fixture("vista-search-ended-0x8024000b-trimmed.txt"), "w.log", diags);
  REQUIRE(r);
  REQUIRE(r->searches.size() == 1);
  CHECK(r->searches[0].outcome == "failed");
  CHECK(r->searches[0].error == 0x8024000Bu);
  const auto* code = parsers::wu_result_code(0x8024000B);
  REQUIRE(code);
  CHECK(code->name == "WU_E_CALL_CANCELLED");
  CHECK(parsers::wu_result_code(0x80072EE2) == nullptr);  // WinHTTP's, not in the agent's table
  CHECK(parsers::format_hresult(0x8024402C) == "0x8024402C");
}

TEST_CASE("WindowsUpdate.log: success codes and featured updates are neither failures nor searches",
          "[parsers][windowsupdate_log]") {
  Diagnostics diags;
  // "Service exit [Exit code = 0x240001]" is WU_S_SERVICE_STOP; "Found 0 cached featured updates" is AU's.
  auto self = parsers::parse_windowsupdate_log(fixture("vista-selfupdate-trimmed.txt"), "w.log", diags);
  REQUIRE(self);
  CHECK(self->failures_total == 0);
  // "hr:" and "hr=" without 0x are HRESULTs too.
  auto hr = parsers::parse_windowsupdate_log(
      line("01:20:58:751", "AU", "WARNING: UpdateNow for accelerated install failed with hr:80070005") +
          line("01:54:36:379", "COMAPI", "WARNING: Unable to trigger Automatic Updates to detect now, hr=8024A000"),
      "w.log", diags);
  REQUIRE(hr);
  REQUIRE(hr->failures.size() == 2);
  CHECK(hr->failures[0].code == 0x80070005u);
  CHECK(hr->failures[1].code == 0x8024A000u);
  auto au = parsers::parse_windowsupdate_log(fixture("vista-au-startup-trimmed.txt"), "w.log", diags);
  REQUIRE(au);
  CHECK(au->searches.empty());
  CHECK(au->failures_total == 0);
}

TEST_CASE("WindowsUpdate.log: a log cut inside a search, and a search without its START",
          "[parsers][windowsupdate_log]") {
  Diagnostics diags;
  const std::string text =
      line("03:00:04:125", "Agent", "  * Found 2 updates and 61 categories in search") +
      line("03:00:04:200", "Agent", "**  END  **  Agent: Finding updates [CallerId = AutomaticUpdates]") +
      line("04:00:00:000", "Agent", "** START **  Agent: Finding updates [CallerId = AutomaticUpdates]") +
      line("04:00:01:000", "PT", "WARNING: Sync of Updates: 0x8024402c");
  auto r = parsers::parse_windowsupdate_log(text, "w.log", diags);
  REQUIRE(r);
  REQUIRE(r->searches.size() == 2);
  CHECK(r->searches[0].outcome == "found");
  CHECK(r->searches[0].found == 2);
  CHECK_FALSE(r->searches[0].started);
  CHECK(r->searches[0].caller == "AutomaticUpdates");
  // Still searching when the log ends: unfinished, with the error of its process kept.
  CHECK(r->searches[1].outcome == "unfinished");
  CHECK(r->searches[1].error == 0x8024402Cu);
  REQUIRE(r->last);
  CHECK(r->last->iso == "2026-11-24T04:00:01");
}

TEST_CASE("WindowsUpdate.log: KB 902093's form without milliseconds, spaces for tabs", "[parsers][windowsupdate_log]") {
  Diagnostics diags;
  auto r = parsers::parse_windowsupdate_log("2005-06-01 18:30:03 992 810 Misc = Logging initialized\n", "w.log", diags);
  REQUIRE(r);
  CHECK(r->lines == 1);
  REQUIRE(r->first);
  CHECK(r->first->text == "2005-06-01 18:30:03");
  CHECK(r->first->iso == "2005-06-01T18:30:03");
}

TEST_CASE("WindowsUpdate.log: empty, foreign and impossible lines", "[parsers][windowsupdate_log]") {
  Diagnostics diags;
  CHECK_FALSE(parsers::parse_windowsupdate_log("", "w.log", diags));
  CHECK_FALSE(parsers::parse_windowsupdate_log(fixture("win10-etw-format-trimmed.txt"), "w.log", diags));
  // 2026-02-30 is no day: the line is not read.
  Diagnostics d2;
  auto r = parsers::parse_windowsupdate_log("2026-02-30\t03:00:04:125\t 904\te10\tAU\tx\r\n" +
                                                line("03:00:04:125", "AU", "AU setting next detection timeout"),
                                            "w.log", d2);
  REQUIRE(r);
  CHECK(r->lines == 1);
  CHECK(r->unread_lines == 1);
  REQUIRE(d2.entries().size() == 1);
  CHECK(d2.entries()[0].where == "w.log:1");
}

TEST_CASE("WindowsUpdate.log: a long log stays bounded and linear", "[parsers][windowsupdate_log]") {
  // 20,000 searches, each failing with its own code: the latest 64 searches and 100 failures are kept, 64
  // distinct codes counted, the rest in other_code_failures.
  std::string text;
  for (int i = 0; i < 20000; ++i) {
    char code[16];
    std::snprintf(code, sizeof code, "0x8%07X", static_cast<unsigned>(i));
    text += line("03:00:00:000", "Agent", "** START **  Agent: Finding updates [CallerId = AutomaticUpdates]");
    text += line("03:00:01:000", "Agent", "* Added update {4AE85C00-0EAA-4BE0-B81B-DBD7053D5FAE}.104 to search result");
    text += line("03:00:02:000", "PT", std::string("WARNING: failed, error = ") + code);
    text += line("03:00:03:000", "Agent", "* Found 1 updates and 3 categories in search");
    text += line("03:00:04:000", "Agent", "**  END  **  Agent: Finding updates [CallerId = AutomaticUpdates]");
  }
  Diagnostics diags;
  const auto t0 = std::chrono::steady_clock::now();
  auto r = parsers::parse_windowsupdate_log(text, "w.log", diags);
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  REQUIRE(r);
  CHECK(r->lines == 100000);
  CHECK(r->searches_total == 20000);
  CHECK(r->searches.size() == 64);
  CHECK(r->searches.back().outcome == "found");
  CHECK(r->searches.back().error == 0x80004E1Fu);  // i = 19999
  CHECK(r->failures_total == 20000);
  CHECK(r->failures.size() == 100);
  CHECK(r->codes.size() == 64);
  CHECK(r->other_code_failures == 20000 - 64);
  // Linear: well under a second in a release build; a quadratic walk of 100,000 lines would take minutes. The
  // bound leaves room for ASan on a loaded 2-core machine (10 s seen while other builds ran).
  CHECK(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count() < 30);
}
