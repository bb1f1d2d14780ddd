#include <catch2/catch.hpp>

#include "parsers/w32tm_monitor.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;
using migready::test::read_file;

namespace {
std::string fixture(const std::string& name) { return read_file(MIGREADY_FIXTURES_DIR "/w32tm_monitor/" + name); }
}  // namespace

TEST_CASE("w32tm /monitor: SBS 2003 PDC and a DC that does not answer NTP", "[parsers][w32tm_monitor]") {
  Diagnostics diags;
  auto r = parsers::parse_w32tm_monitor(fixture("sbs2003-two-dcs.txt"), "w32tm_monitor.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  CHECK(r->error.empty());
  REQUIRE(r->servers.size() == 2);
  const auto& pdc = r->servers[0];
  CHECK(pdc.name == "sbs01.contoso.local");
  CHECK(pdc.is_pdc);
  CHECK(pdc.address == "192.168.16.2");
  CHECK(pdc.icmp_delay_ms == std::optional<int>(0));
  CHECK(pdc.ntp_offset_seconds == std::optional<double>(0.0));
  CHECK(pdc.ntp_offset_from == "sbs01.contoso.local");
  CHECK(pdc.ref_id == "time.windows.com");
  CHECK(pdc.ref_id_address == "207.46.197.32");
  CHECK(pdc.line == 1);
  const auto& dc2 = r->servers[1];
  CHECK_FALSE(dc2.is_pdc);
  CHECK(dc2.address == "192.168.16.3");
  CHECK(dc2.icmp_delay_ms == std::optional<int>(1));
  CHECK_FALSE(dc2.ntp_offset_seconds);
  CHECK(dc2.ntp_error == "ERROR_TIMEOUT - no response from server in 1000ms");
  CHECK(dc2.line == 5);
}

TEST_CASE("w32tm /monitor: signed offsets, local clock, unreachable DC", "[parsers][w32tm_monitor]") {
  Diagnostics diags;
  auto r = parsers::parse_w32tm_monitor(fixture("three-dcs-drift.txt"), "x.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  REQUIRE(r->servers.size() == 3);
  CHECK(r->servers[0].ref_id == "'LOCL'");
  CHECK(r->servers[0].ref_id_address == "0x4C4F434C");
  REQUIRE(r->servers[1].ntp_offset_seconds);
  CHECK(*r->servers[1].ntp_offset_seconds == Approx(-312.5640023));
  CHECK(r->servers[2].icmp_error == "IP_REQ_TIMED_OUT - no response in 1000ms");
  CHECK_FALSE(r->servers[2].icmp_delay_ms);
}

TEST_CASE("w32tm /monitor: Server 2008 layout (port, stratum, closing warning)", "[parsers][w32tm_monitor]") {
  Diagnostics diags;
  auto r = parsers::parse_w32tm_monitor(fixture("win2008-style.txt"), "x.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  REQUIRE(r->servers.size() == 2);
  CHECK(r->servers[0].address == "192.168.16.2");
  CHECK(r->servers[0].stratum == std::optional<int>(4));
  CHECK(r->servers[1].name == "dc02.contoso.local");
  CHECK(r->servers[1].address == "192.168.16.3");
  REQUIRE(r->servers[1].ntp_offset_seconds);
  CHECK(*r->servers[1].ntp_offset_seconds == Approx(0.0012781));
}

TEST_CASE("w32tm /monitor: failures and damage", "[parsers][w32tm_monitor]") {
  Diagnostics diags;
  SECTION("no domain is a fact") {
    auto r = parsers::parse_w32tm_monitor(fixture("no-domain.txt"), "x.txt", diags);
    REQUIRE(r);
    CHECK(r->servers.empty());
    CHECK_THAT(r->error, Catch::Contains("(0x8007054B)"));
  }
  SECTION("truncated keeps what was read") {
    auto r = parsers::parse_w32tm_monitor(fixture("truncated.txt"), "x.txt", diags);
    REQUIRE(r);
    REQUIRE(r->servers.size() == 2);
    CHECK_FALSE(r->servers[1].icmp_delay_ms);
    REQUIRE(diags.entries().size() == 1);
    CHECK(diags.entries()[0].where == "x.txt:6");
  }
  SECTION("not found") {
    auto r = parsers::parse_w32tm_monitor(fixture("not-found.txt"), "x.txt", diags);
    REQUIRE_FALSE(r);
  }
  SECTION("empty") {
    auto r = parsers::parse_w32tm_monitor("", "x.txt", diags);
    REQUIRE_FALSE(r);
  }
  SECTION("an unresolvable DC") {
    auto r = parsers::parse_w32tm_monitor("dc9.contoso.local [error 0x80072AF9]:\r\n", "x.txt", diags);
    REQUIRE(r);
    REQUIRE(r->servers.size() == 1);
    CHECK(r->servers[0].address.empty());
    CHECK(r->servers[0].address_error == "error 0x80072AF9");
  }
}
