#include <catch2/catch.hpp>

#include "parsers/w32tm_status.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;
using migready::test::read_file;

namespace {
std::string fixture(const std::string& name) { return read_file(MIGREADY_FIXTURES_DIR "/w32tm_status/" + name); }
}  // namespace

TEST_CASE("w32tm /query /status: a domain member synchronized from its DC", "[parsers][w32tm_status]") {
  Diagnostics diags;
  auto r = parsers::parse_w32tm_status(fixture("domain-member-synced.txt"), "s.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  CHECK(r->leap_indicator == std::optional<int>(0));
  CHECK(r->leap_text == "no warning");
  CHECK(r->stratum == std::optional<int>(4));
  CHECK(r->precision == std::optional<int>(-23));
  CHECK(r->root_dispersion_seconds == std::optional<double>(14.8991085));
  CHECK(r->reference_id == "0xC0A803E3");
  CHECK(r->reference == "source IP:  192.168.3.227");
  CHECK(r->last_sync_text == "7/15/2019 1:21:37 PM");
  CHECK(r->source == "DC1.domain.local");
  CHECK(r->poll_interval == std::optional<int>(10));
  CHECK(r->poll_interval_seconds == std::optional<int>(1024));
  CHECK_FALSE(r->state_machine);  // not /verbose
  CHECK(r->error.empty());
}

TEST_CASE("w32tm /query /status: never synchronized, and /verbose", "[parsers][w32tm_status]") {
  Diagnostics diags;
  auto never = parsers::parse_w32tm_status(fixture("ws2022-never-synced.txt"), "s.txt", diags);
  REQUIRE(never);
  CHECK(never->leap_indicator == std::optional<int>(3));
  CHECK(never->leap_text == "not synchronized");
  CHECK(never->stratum == std::optional<int>(0));
  CHECK(never->last_sync_text == "unspecified");
  CHECK(never->source == "Local CMOS Clock");
  CHECK(never->reference == "unspecified");
  auto verbose = parsers::parse_w32tm_status(fixture("verbose-stale.txt"), "s.txt", diags);
  REQUIRE(verbose);
  CHECK(diags.empty());  // ClockRate, Time Source Flags, Server Role: known, not kept, no warning
  CHECK(verbose->phase_offset_seconds == std::optional<double>(-0.0038147));
  CHECK(verbose->state_machine == std::optional<int>(1));
  CHECK(verbose->state_machine_text == "Hold");
  CHECK(verbose->last_sync_error == std::optional<int>(2));
  CHECK(verbose->seconds_since_last_good_sync == std::optional<double>(2820.1997480));
}

TEST_CASE("w32tm /query /status: empty, truncated, failed", "[parsers][w32tm_status]") {
  Diagnostics diags;
  SECTION("empty") {
    auto r = parsers::parse_w32tm_status("", "s.txt", diags);
    REQUIRE_FALSE(r);
    CHECK(r.error().where == "s.txt:1");
  }
  SECTION("truncated: the cut last line is a warning and is not read") {
    auto r = parsers::parse_w32tm_status(fixture("truncated.txt"), "s.txt", diags);
    REQUIRE(r);
    CHECK(r->stratum == std::optional<int>(4));
    CHECK(r->last_sync_text.empty());
    REQUIRE(diags.entries().size() == 1);
    CHECK(diags.entries()[0].where == "s.txt:7");
  }
  // The text w32tm prints when the Windows Time service is stopped (quoted verbatim in many public
  // troubleshooting notes and in monitoring projects' tests): a fact, not a parse failure.
  SECTION("the service not started") {
    auto r = parsers::parse_w32tm_status(
        "The following error occurred: The service has not been started. (0x80070426)\r\n", "s.txt", diags);
    REQUIRE(r);
    CHECK(r->error == "The service has not been started.");
    CHECK(r->error_code == "0x80070426");
    CHECK_FALSE(r->stratum);
  }
  SECTION("access denied is a command failure") {
    auto r = parsers::parse_w32tm_status("The following error occurred: Access is denied. (0x80070005)\r\n",
                                         "s.txt", diags);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("access was denied"));
  }
  SECTION("other text") {
    auto r = parsers::parse_w32tm_status("Current time at \\\\SBS01 is 11/25/2026 3:30:05 PM\r\n", "s.txt", diags);
    REQUIRE_FALSE(r);
  }
  SECTION("a bad value is a warning with its line") {
    auto r = parsers::parse_w32tm_status("Leap Indicator: 0(no warning)\r\nStratum: four\r\n", "s.txt", diags);
    REQUIRE(r);
    REQUIRE(diags.entries().size() == 1);
    CHECK(diags.entries()[0].where == "s.txt:2");
  }
}
