#include <catch2/catch.hpp>

#include "parsers/repadmin_replsummary.hpp"
#include "parsers/repadmin_showrepl.hpp"
#include "parsers/support_tools_text.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;
using migready::test::read_file;

namespace {
std::string showrepl(const std::string& name) {
  return read_file(MIGREADY_FIXTURES_DIR "/repadmin_showrepl/" + name);
}
std::string replsummary(const std::string& name) {
  return read_file(MIGREADY_FIXTURES_DIR "/repadmin_replsummary/" + name);
}
}  // namespace

TEST_CASE("repadmin times: ISO-8601 local time only for the YYYY-MM-DD form", "[parsers][repadmin]") {
  using parsers::support_tools::iso_local_time;
  CHECK(iso_local_time("2026-11-24 10:00:01") == std::optional<std::string>("2026-11-24T10:00:01"));
  CHECK(iso_local_time("2025-06-30 17:12.09") == std::optional<std::string>("2025-06-30T17:12:09"));
  CHECK_FALSE(iso_local_time("(never)"));
  CHECK_FALSE(iso_local_time("24.11.2026 10:00:01"));
  CHECK_FALSE(iso_local_time("2026-13-24 10:00:01"));
}

TEST_CASE("repadmin /showrepl: a single-DC SBS has no neighbors, and that is fine", "[parsers][repadmin]") {
  Diagnostics diags;
  auto r = parsers::parse_repadmin_showrepl(showrepl("sbs2003-single-dc.txt"), "showrepl.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  CHECK(r->site == "Default-First-Site-Name");
  CHECK(r->dc == "SBS01");
  CHECK(r->dc_options == "IS_GC");
  CHECK(r->neighbors.empty());
}

TEST_CASE("repadmin /showrepl: failing and deleted partners", "[parsers][repadmin]") {
  Diagnostics diags;
  auto r = parsers::parse_repadmin_showrepl(showrepl("two-dcs-rpc-failure.txt"), "showrepl.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  REQUIRE(r->neighbors.size() == 5);
  const auto& n0 = r->neighbors[0];
  CHECK(n0.naming_context == "DC=contoso,DC=local");
  CHECK(n0.source_site == "Default-First-Site-Name");
  CHECK(n0.source_dc == "DC2");
  CHECK(n0.transport == "RPC");
  CHECK(n0.succeeded == std::optional<bool>(false));
  CHECK(n0.result_code == std::optional<std::int64_t>(1722));
  CHECK(n0.result_message == "The RPC server is unavailable.");
  CHECK(n0.consecutive_failures == 12);
  CHECK(n0.last_attempt_iso == std::optional<std::string>("2026-11-24T10:00:01"));
  CHECK(n0.last_success_iso == std::optional<std::string>("2026-10-01T08:00:00"));
  CHECK(r->neighbors[2].succeeded == std::optional<bool>(true));
  CHECK(r->neighbors[3].last_attempt == "(never)");
  CHECK_FALSE(r->neighbors[3].last_attempt_iso);
  CHECK(r->neighbors[4].source_deleted);
  REQUIRE(r->failure_summaries.size() == 1);
  CHECK(r->failure_summaries[0].consecutive_failures == 12);
  CHECK(r->failure_summaries[0].last_error_code == std::optional<std::int64_t>(1722));
}

TEST_CASE("repadmin /showrepl: failures and damage", "[parsers][repadmin]") {
  Diagnostics diags;
  SECTION("access denied while binding") {
    auto r = parsers::parse_repadmin_showrepl(showrepl("access-denied.txt"), "x.txt", diags);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("access was denied"));
  }
  SECTION("DC unreachable") {
    auto r = parsers::parse_repadmin_showrepl(showrepl("bind-failed.txt"), "x.txt", diags);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("LDAP error 81"));
  }
  SECTION("empty") {
    auto r = parsers::parse_repadmin_showrepl("", "x.txt", diags);
    REQUIRE_FALSE(r);
  }
  SECTION("truncated: the cut neighbor has no attempt") {
    auto r = parsers::parse_repadmin_showrepl(showrepl("truncated.txt"), "x.txt", diags);
    REQUIRE(r);
    REQUIRE(r->neighbors.size() == 3);
    CHECK_FALSE(r->neighbors[2].succeeded.has_value());
  }
  SECTION("odd spacing; a stray line is a warning with its line number") {
    auto r = parsers::parse_repadmin_showrepl(showrepl("odd-spacing.txt"), "x.txt", diags);
    REQUIRE(r);
    REQUIRE(r->neighbors.size() == 1);
    CHECK(r->neighbors[0].source_dc == "DC2");
    CHECK(r->neighbors[0].succeeded == std::optional<bool>(true));
    REQUIRE(diags.entries().size() == 1);
    CHECK(diags.entries()[0].where == "x.txt:8");
  }
}

TEST_CASE("repadmin /replsummary: deltas", "[parsers][repadmin]") {
  using parsers::replsummary_delta_seconds;
  CHECK(replsummary_delta_seconds("05m:12s") == std::optional<std::int64_t>(312));
  CHECK(replsummary_delta_seconds("03h:41m") == std::optional<std::int64_t>(13260));
  CHECK(replsummary_delta_seconds("14d.02h:10m") == std::optional<std::int64_t>(1217400));
  CHECK(replsummary_delta_seconds(":48s") == std::optional<std::int64_t>(48));
  CHECK_FALSE(replsummary_delta_seconds("12"));
  CHECK_FALSE(replsummary_delta_seconds("not-a-delta"));
  CHECK_FALSE(replsummary_delta_seconds(""));
}

TEST_CASE("repadmin /replsummary: tables and operational errors", "[parsers][repadmin]") {
  Diagnostics diags;
  SECTION("single-DC SBS: empty tables") {
    auto r = parsers::parse_repadmin_replsummary(replsummary("sbs2003-single-dc.txt"), "x.txt", diags);
    REQUIRE(r);
    CHECK(diags.empty());
    CHECK(r->start_time_iso == std::optional<std::string>("2026-11-25T15:30:11"));
    CHECK(r->source.empty());
    CHECK(r->destination.empty());
  }
  SECTION("failures") {
    auto r = parsers::parse_repadmin_replsummary(replsummary("three-dcs-failures.txt"), "x.txt", diags);
    REQUIRE(r);
    CHECK(diags.empty());
    REQUIRE(r->source.size() == 3);
    CHECK(r->source[0].largest_delta_seconds == std::optional<std::int64_t>(312));
    CHECK(r->source[1].largest_delta == ">60 days");
    CHECK(r->source[1].largest_delta_at_least);
    CHECK(r->source[1].error_code == std::optional<std::int64_t>(1722));
    CHECK(r->source[1].error_message == "The RPC server is unavailable.");
    CHECK(r->source[2].percent == 40);
    REQUIRE(r->destination.size() == 2);
    CHECK(r->destination[0].fails == 7);
    CHECK(r->destination[0].total == 10);
    REQUIRE(r->operational_errors.size() == 2);
    CHECK(r->operational_errors[0].code == 58);
    CHECK(r->operational_errors[0].dc == "dc2.contoso.local");
  }
  SECTION("not installed") {
    auto r = parsers::parse_repadmin_replsummary(replsummary("not-installed.txt"), "x.txt", diags);
    REQUIRE_FALSE(r);
  }
  SECTION("truncated row is a warning, rows before it stay") {
    auto r = parsers::parse_repadmin_replsummary(replsummary("truncated.txt"), "x.txt", diags);
    REQUIRE(r);
    CHECK(r->source.size() == 2);
    REQUIRE(diags.entries().size() == 1);
    CHECK(diags.entries()[0].where == "x.txt:10");
  }
  SECTION("odd spacing, DSA headers; an unknown delta is a warning") {
    auto r = parsers::parse_repadmin_replsummary(replsummary("odd-spacing.txt"), "x.txt", diags);
    REQUIRE(r);
    REQUIRE(r->source.size() == 1);
    CHECK(r->source[0].largest_delta_seconds == std::optional<std::int64_t>(3720));
    REQUIRE(r->destination.size() == 2);
    CHECK_FALSE(r->destination[1].largest_delta_seconds);
    REQUIRE(diags.entries().size() == 1);
    CHECK(diags.entries()[0].where == "x.txt:6");
  }
}
