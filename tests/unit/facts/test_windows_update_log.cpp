// The Windows Update Agent's searches from WindowsUpdate.log (updates.cpp): a completed search that found
// updates, one that found none, searches that did not complete, and the log absent or unreadable.
#include <catch2/catch.hpp>

#include "facts/facts.hpp"
#include "facts_test_util.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;
using namespace migready::test::facts_util;

namespace {

// The builder's collection starts 2026-11-25T14:30:05Z with bias -60 (local = UTC + 1 h).
std::string line(const std::string& date_time, const std::string& component, const std::string& text) {
  return date_time.substr(0, 10) + "\t" + date_time.substr(11) + "\t 904\te10\t" + component + "\t" + text + "\r\n";
}

void add_log(test::BundleBuilder& b, const std::string& text) {
  add(b, "file.windowsupdate_log", "files/WindowsUpdate.log", "file", "text", text, "%windir%\\WindowsUpdate.log");
}

const std::string kFound3 =
    line("2026-11-24 03:00:04:125", "Agent", "** START **  Agent: Finding updates [CallerId = AutomaticUpdates]") +
    line("2026-11-24 03:00:20:000", "Agent",
         "  * Added update {4AE85C00-0EAA-4BE0-B81B-DBD7053D5FAE}.104 to search result") +
    line("2026-11-24 03:00:21:703", "Agent",
         "  * Found 3 updates and 61 categories in search; evaluated appl. rules of 1204 out of 2017 deployed "
         "entities") +
    line("2026-11-24 03:00:21:718", "Agent", "**  END  **  Agent: Finding updates [CallerId = AutomaticUpdates]");

}  // namespace

TEST_CASE("windows update log: the last completed search found updates", "[facts][updates]") {
  test::BundleBuilder b;
  add_log(b, line("2026-11-20 10:00:00:000", "Agent", "  * WU client version 7.6.7600.256") + kFound3 +
                 line("2026-11-25 02:00:04:000", "Agent",
                      "** START **  Agent: Finding updates [CallerId = AutomaticUpdates]") +
                 line("2026-11-25 02:00:30:000", "PT", "WARNING: Sync of Updates: 0x8024402c") +
                 line("2026-11-25 02:00:31:000", "Agent",
                      "**  END  **  Agent: Finding updates [CallerId = AutomaticUpdates]"));
  auto f = build(b);
  CHECK(value(f, "updates.pending_searched").GetBool());
  CHECK(source(f, "updates.pending_searched") == "file.windowsupdate_log");
  CHECK(value(f, "updates.pending_count").GetInt64() == 3);
  CHECK(str(value(f, "updates.search_state")) == "searched");
  const auto& pending = value(f, "updates.pending");
  REQUIRE(pending.Size() == 1);
  CHECK(str(pending[0]["name"]) == "{4AE85C00-0EAA-4BE0-B81B-DBD7053D5FAE}.104");
  const auto& completed = value(f, "updates.last_completed_search");
  CHECK(str(completed["ended"]) == "2026-11-24T03:00:21");
  // 2026-11-24T03:00:21 local is 02:00:21Z, a day and a half before 2026-11-25T14:30:05Z.
  CHECK(completed["days_before_collection"].GetInt64() == 1);
  // The latest search failed: it is the last search, with its code named.
  const auto& last = value(f, "updates.last_search");
  CHECK(str(last["outcome"]) == "failed");
  CHECK(str(last["error"]) == "0x8024402C");
  CHECK(str(last["error_name"]) == "WU_E_PT_WINHTTP_NAME_NOT_RESOLVED");
  const auto& codes = value(f, "updates.failure_codes_recent");
  REQUIRE(codes.Size() == 1);
  CHECK(str(codes[0]["code"]) == "0x8024402C");
  CHECK(codes[0]["count"].GetInt64() == 1);
  CHECK(str(value(f, "updates.agent_version")) == "7.6.7600.256");
  CHECK(str(value(f, "updates.wu_log_first")) == "2026-11-20T10:00:00");
  CHECK(str(value(f, "updates.wu_log_last")) == "2026-11-25T02:00:31");
}

TEST_CASE("windows update log: a search that found nothing, old failures outside the window", "[facts][updates]") {
  test::BundleBuilder b;
  add_log(b, line("2026-09-01 02:00:30:000", "PT", "WARNING: Sync of Updates: 0x8024402c") +
                 line("2026-11-24 03:00:04:125", "Agent",
                      "** START **  Agent: Finding updates [CallerId = AutomaticUpdates]") +
                 line("2026-11-24 03:00:21:703", "Agent", "  * Found 0 updates and 61 categories in search") +
                 line("2026-11-24 03:00:21:718", "Agent",
                      "**  END  **  Agent: Finding updates [CallerId = AutomaticUpdates]"));
  auto f = build(b);
  CHECK(value(f, "updates.pending_searched").GetBool());
  CHECK(value(f, "updates.pending_count").GetInt64() == 0);
  CHECK(value(f, "updates.pending").Size() == 0);
  CHECK(value(f, "updates.failure_codes_recent").Size() == 0);  // 84 days before the collection
  CHECK(value(f, "updates.agent_version").IsNull());
}

TEST_CASE("windows update log: searches that did not complete, and no search", "[facts][updates]") {
  test::BundleBuilder b;
  add_log(
      b, line("2026-11-25 02:00:04:000", "Agent", "** START **  Agent: Finding updates [CallerId = AutomaticUpdates]"));
  auto f = build(b);
  CHECK_FALSE(value(f, "updates.pending_searched").GetBool());
  CHECK(str(value(f, "updates.search_state")) == "no_completed_search");
  CHECK(value(f, "updates.pending_count").IsNull());
  CHECK(status(f, "updates.pending") == "collection_failed");
  CHECK_THAT(reason(f, "updates.pending"), Catch::Contains("did not complete"));
  CHECK(str(value(f, "updates.last_search")["outcome"]) == "unfinished");
  CHECK(value(f, "updates.last_completed_search").IsNull());

  test::BundleBuilder none;
  add_log(none, line("2026-11-25 02:00:04:000", "AU", "AU setting next detection timeout to 2026-11-26 02:00:04"));
  auto g = build(none);
  CHECK(str(value(g, "updates.search_state")) == "no_search");
  CHECK(value(g, "updates.last_search").IsNull());
  CHECK_FALSE(value(g, "updates.pending_searched").GetBool());
}

TEST_CASE("windows update log: not collected, and unreadable", "[facts][updates]") {
  test::BundleBuilder absent;
  auto f = build(absent);
  CHECK_FALSE(value(f, "updates.pending_searched").GetBool());
  CHECK(str(value(f, "updates.search_state")) == "log_not_collected");
  CHECK(status(f, "updates.pending") == "collection_failed");
  CHECK(status(f, "updates.last_search") == "collection_failed");

  test::BundleBuilder foreign;
  add_log(foreign,
          "2022/10/23 15:26:34.7720654 20168 13168 Agent           Found 0 updates and 7 categories in search\r\n");
  auto g = build(foreign);
  CHECK_FALSE(value(g, "updates.pending_searched").GetBool());
  CHECK(str(value(g, "updates.search_state")) == "log_unreadable");
  CHECK(status(g, "updates.pending") == "parse_failed");
  CHECK_THAT(reason(g, "updates.pending"), Catch::Contains("Get-WindowsUpdateLog"));
}
