#include <catch2/catch.hpp>

#include "parsers/w32tm_tz.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;
using migready::test::read_file;

namespace {
std::string fixture(const std::string& name) { return read_file(MIGREADY_FIXTURES_DIR "/w32tm_tz/" + name); }
}  // namespace

TEST_CASE("w32tm /tz: W. Europe in standard time", "[parsers][w32tm_tz]") {
  Diagnostics diags;
  auto r = parsers::parse_w32tm_tz(fixture("w-europe-standard.txt"), "w32tm_tz.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  CHECK(r->current == "TIME_ZONE_ID_STANDARD");
  CHECK(r->bias_minutes == std::optional<int>(-60));
  CHECK(r->standard.present);
  CHECK(r->standard.name == "W. Europe Standard Time");
  CHECK(r->standard.bias_minutes == std::optional<int>(0));
  CHECK(r->standard.month == std::optional<int>(10));
  CHECK(r->standard.day == std::optional<int>(5));
  CHECK(r->standard.day_of_week == std::optional<int>(0));
  CHECK(r->daylight.name == "W. Europe Daylight Time");
  CHECK(r->daylight.bias_minutes == std::optional<int>(-60));
  CHECK(r->daylight.month == std::optional<int>(3));
}

TEST_CASE("w32tm /tz: daylight time with odd spacing, and a zone without DST", "[parsers][w32tm_tz]") {
  Diagnostics diags;
  auto r = parsers::parse_w32tm_tz(fixture("eastern-daylight-odd-spacing.txt"), "x.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  CHECK(r->current == "TIME_ZONE_ID_DAYLIGHT");
  CHECK(r->bias_minutes == std::optional<int>(300));
  CHECK(r->daylight.name == "Eastern Daylight Time");
  CHECK(r->daylight.day == std::optional<int>(2));
  auto none = parsers::parse_w32tm_tz(fixture("no-dst.txt"), "x.txt", diags);
  REQUIRE(none);
  CHECK(none->current == "TIME_ZONE_ID_UNKNOWN");
  CHECK(none->daylight.month == std::optional<int>(0));
}

TEST_CASE("w32tm /tz: failures and damage", "[parsers][w32tm_tz]") {
  Diagnostics diags;
  SECTION("truncated: the damaged line is a warning, the rest is kept") {
    auto r = parsers::parse_w32tm_tz(fixture("truncated.txt"), "x.txt", diags);
    REQUIRE(r);
    CHECK(r->standard.present);
    CHECK_FALSE(r->daylight.present);
    REQUIRE(diags.entries().size() == 1);
    CHECK(diags.entries()[0].where == "x.txt:3");
  }
  SECTION("not found") {
    auto r = parsers::parse_w32tm_tz(fixture("not-found.txt"), "x.txt", diags);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("not found"));
  }
  SECTION("w32tm's own error") {
    auto r = parsers::parse_w32tm_tz("The following error occurred: The parameter is incorrect. (0x80070057)\r\n",
                                     "x.txt", diags);
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "w32tm /tz failed: The parameter is incorrect. (0x80070057)");
  }
  SECTION("empty") {
    auto r = parsers::parse_w32tm_tz("", "x.txt", diags);
    REQUIRE_FALSE(r);
  }
}
