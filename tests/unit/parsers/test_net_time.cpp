#include <catch2/catch.hpp>

#include "parsers/net_time.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;
using migready::test::read_file;

namespace {
std::string fixture(const std::string& name) { return read_file(MIGREADY_FIXTURES_DIR "/net_time/" + name); }
}  // namespace

TEST_CASE("net time: a domain member reads its DC's time", "[parsers][net_time]") {
  Diagnostics diags;
  auto r = parsers::parse_net_time(fixture("domain-member.txt"), "net_time.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  CHECK(r->server == "SBS01");
  CHECK(r->time_text == "11/25/2026 3:30:05 PM");
  CHECK(r->completed);
  CHECK(r->error.empty());
}

TEST_CASE("net time: the 'Local time (GMT...)' line of later Windows", "[parsers][net_time]") {
  Diagnostics diags;
  auto r = parsers::parse_net_time(fixture("local-time-zone.txt"), "x.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  CHECK(r->server == "SBS01.contoso.local");
  CHECK(r->time_text == "11/25/2026 3:30 PM");
  CHECK(r->local_zone == "GMT+01:00");
  CHECK(r->local_time_text == "11/25/2026 3:30 PM");
}

TEST_CASE("net time: errors net time reports are facts", "[parsers][net_time]") {
  Diagnostics diags;
  SECTION("no time server") {
    auto r = parsers::parse_net_time(fixture("no-time-server.txt"), "x.txt", diags);
    REQUIRE(r);
    CHECK(diags.empty());
    CHECK(r->server.empty());
    CHECK(r->error == "Could not locate a time-server.");
    CHECK(r->helpmsg == std::optional<int>(3912));
    CHECK_FALSE(r->completed);
  }
  SECTION("system error 53") {
    auto r = parsers::parse_net_time(fixture("system-error-53.txt"), "x.txt", diags);
    REQUIRE(r);
    CHECK(diags.empty());
    CHECK(r->system_error == std::optional<int>(53));
    CHECK(r->error == "The network path was not found.");
  }
  SECTION("access denied is a command failure") {
    auto r = parsers::parse_net_time(fixture("access-denied.txt"), "x.txt", diags);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("access was denied"));
  }
  SECTION("empty") {
    auto r = parsers::parse_net_time("", "x.txt", diags);
    REQUIRE_FALSE(r);
  }
  SECTION("unknown lines are warnings") {
    auto r = parsers::parse_net_time("Current time at \\\\DC is 1/2/2026 1:00 AM\r\nhuh\r\n", "x.txt", diags);
    REQUIRE(r);
    REQUIRE(diags.entries().size() == 1);
    CHECK(diags.entries()[0].where == "x.txt:2");
  }
}
