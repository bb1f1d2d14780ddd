#include <catch2/catch.hpp>

#include "core/text.hpp"
#include "parsers/netsh_dhcp.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;

namespace {
std::string fixture(const std::string& name) {
  return text::decode_code_page(test::read_file(MIGREADY_FIXTURES_DIR "/netsh_dhcp/" + name), 437).utf8;
}
}  // namespace

TEST_CASE("netsh_dhcp: SBS 2003 dump with one scope", "[parsers][netsh_dhcp]") {
  Diagnostics diags;
  auto r = parsers::parse_netsh_dhcp(fixture("sbs2003-one-scope.txt"), "netsh_dhcp.txt", diags);
  REQUIRE(r);
  for (const auto& d : diags.entries()) FAIL_CHECK(d.where << ": " << d.message);
  CHECK(r->server == "SBS01");
  REQUIRE(r->server_options.size() == 3);
  CHECK(r->server_options[0].number == 15);
  CHECK(r->server_options[0].type == "STRING");
  CHECK(r->server_options[0].values == std::vector<std::string>{"contoso.local"});
  CHECK(r->server_options[2].user_class == "Default Routing and Remote Access Class");
  CHECK(r->server_options[2].values == std::vector<std::string>{"1800"});
  REQUIRE(r->scopes.size() == 1);
  const auto& s = r->scopes[0];
  CHECK(s.network == "192.168.16.0");
  CHECK(s.mask == "255.255.255.0");
  CHECK(s.name == "SmallBusinessServer");
  CHECK(s.comment == "Scope created by the SBS setup");
  CHECK(s.active == std::optional<bool>(true));
  REQUIRE(s.ranges.size() == 1);
  CHECK(s.ranges[0].start == "192.168.16.1");
  CHECK(s.ranges[0].end == "192.168.16.254");
  CHECK(s.exclusions.size() == 2);
  CHECK(s.router() == std::optional<std::string>("192.168.16.2"));
  CHECK(s.options.size() == 6);
  REQUIRE(s.reservations.size() == 2);
  CHECK(s.reservations[0].ip == "192.168.16.10");
  CHECK(s.reservations[0].client_id == "000c29aabbcc");
  CHECK(s.reservations[0].name == "printer");
  CHECK(s.reservations[0].client_type == "BOTH");
  REQUIRE(s.reservations[1].options.size() == 1);
  CHECK(s.reservations[1].options[0].number == 12);
  CHECK(s.reservations[1].comment == "Reception copier");
}

TEST_CASE("netsh_dhcp: two scopes, one inactive, vendor options, multicast skipped", "[parsers][netsh_dhcp]") {
  Diagnostics diags;
  auto r = parsers::parse_netsh_dhcp(fixture("two-scopes-inactive.txt"), "x.txt", diags);
  REQUIRE(r);
  for (const auto& d : diags.entries()) FAIL_CHECK(d.where << ": " << d.message);
  CHECK(r->server == "BRANCHDC");
  CHECK(r->server_options[1].values == std::vector<std::string>{"10.1.0.5", "10.1.0.6"});
  REQUIRE(r->scopes.size() == 2);
  CHECK(r->scopes[0].options[1].vendor == "Microsoft Windows 2000 Options");
  CHECK(r->scopes[1].active == std::optional<bool>(false));
  CHECK(r->scopes[1].state_code == std::optional<int>(0));
  CHECK(r->scopes[1].name == "Old VLAN (retired)");
  CHECK(r->scopes[1].router() == std::optional<std::string>("10.2.0.1"));
}

TEST_CASE("netsh_dhcp: a scope dump without 'add scope'", "[parsers][netsh_dhcp]") {
  Diagnostics diags;
  auto r = parsers::parse_netsh_dhcp(fixture("scope-dump-only.txt"), "x.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  REQUIRE(r->scopes.size() == 1);
  CHECK(r->scopes[0].mask.empty());
  CHECK_FALSE(r->scopes[0].active);
  CHECK(r->scopes[0].router() == std::optional<std::string>("192.168.16.254"));
  CHECK(r->scopes[0].line == 2);
}

TEST_CASE("netsh_dhcp: failures and damage", "[parsers][netsh_dhcp]") {
  Diagnostics diags;
  SECTION("bad lines are warnings with line numbers, the rest is kept") {
    auto r = parsers::parse_netsh_dhcp(fixture("garbage-lines.txt"), "x.txt", diags);
    REQUIRE(r);
    REQUIRE(diags.entries().size() == 4);
    CHECK(diags.entries()[0].where == "x.txt:3");  // state 7
    CHECK(diags.entries()[1].where == "x.txt:4");  // option 300
    CHECK(diags.entries()[2].where == "x.txt:5");  // frobnicate
    CHECK(diags.entries()[3].where == "x.txt:6");  // not netsh
    REQUIRE(r->scopes.size() == 1);
    CHECK_FALSE(r->scopes[0].active);
    // An unterminated quote runs to the end of the line.
    CHECK(r->scopes[0].router() == std::optional<std::string>("192.168.16.1"));
  }
  SECTION("the dhcp context is missing") {
    auto r = parsers::parse_netsh_dhcp(fixture("not-installed.txt"), "x.txt", diags);
    REQUIRE_FALSE(r);
    CHECK(r.error().where == "x.txt:1");
  }
  SECTION("command not found") {
    auto r = parsers::parse_netsh_dhcp("'netsh' is not recognized as an internal or external command,\r\n", "x.txt", diags);
    REQUIRE_FALSE(r);
  }
  SECTION("empty") {
    REQUIRE_FALSE(parsers::parse_netsh_dhcp("", "x.txt", diags));
  }
  SECTION("option modifiers are not values; quoted values that look like modifiers are") {
    auto r = parsers::parse_netsh_dhcp(
        "Dhcp Server 192.168.16.2 set optionvalue 60 STRING vendor=\"PXE Class\" \"user=x\" PXEClient\n", "x.txt", diags);
    REQUIRE(r);
    CHECK(r->server == "192.168.16.2");
    REQUIRE(r->server_options.size() == 1);
    CHECK(r->server_options[0].vendor == "PXE Class");
    CHECK(r->server_options[0].values == std::vector<std::string>{"user=x", "PXEClient"});
  }
}
