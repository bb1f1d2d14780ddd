#include <catch2/catch.hpp>

#include "parsers/netdiag.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;
using migready::test::read_file;
using parsers::NetdiagResult;

namespace {
std::string fixture(const std::string& name) { return read_file(MIGREADY_FIXTURES_DIR "/netdiag/" + name); }

const parsers::NetdiagTest* find(const parsers::Netdiag& d, const std::string& adapter, const std::string& name) {
  for (const auto& t : d.tests) {
    if (t.adapter == adapter && t.name == name) return &t;
  }
  return nullptr;
}
}  // namespace

TEST_CASE("netdiag: healthy SBS 2003 with two adapters", "[parsers][netdiag]") {
  Diagnostics diags;
  auto r = parsers::parse_netdiag(fixture("sbs2003-healthy-two-nics.txt"), "netdiag.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  CHECK(r->computer_name == "SBS01");
  CHECK(r->dns_host_name == "sbs01.contoso.local");
  CHECK(r->system_info == "Microsoft Windows Server 2003 (Build 3790)");
  CHECK(r->hotfixes.size() == 5);
  CHECK(r->completed);
  REQUIRE(r->adapters.size() == 2);
  CHECK(r->adapters[0].ip_addresses == std::vector<std::string>{"192.168.16.2"});
  CHECK(r->adapters[0].default_gateways.empty());
  CHECK(r->adapters[0].wins_servers == std::vector<std::string>{"192.168.16.2"});
  CHECK(r->adapters[1].dns_servers == std::vector<std::string>{"198.51.100.53", "198.51.100.54"});
  const auto* gw = find(*r, "Server Local Area Connection", "Default gateway test");
  REQUIRE(gw != nullptr);
  CHECK(gw->result == NetdiagResult::skipped);
  CHECK(gw->warnings == std::vector<std::string>{"No gateways defined for this adapter."});
  const auto* dns = find(*r, "", "DNS test");
  REQUIRE(dns != nullptr);
  CHECK(dns->result == NetdiagResult::passed);
  for (const auto& t : r->tests) CHECK(t.result != NetdiagResult::failed);
}

TEST_CASE("netdiag: [WARNING] and [FATAL] go to the nearest test, or to the top before any", "[parsers][netdiag]") {
  Diagnostics diags;
  SECTION("stand-in DNS failure") {
    auto r = parsers::parse_netdiag(fixture("sbs2003-dns-failed.txt"), "netdiag.txt", diags);
    REQUIRE(r);
    CHECK(diags.empty());
    const auto* dns = find(*r, "", "DNS test");
    REQUIRE(dns != nullptr);
    CHECK(dns->result == NetdiagResult::failed);
    CHECK(dns->warnings.size() == 1);
    CHECK(dns->fatals == std::vector<std::string>{"No DNS servers have the DNS records for this DC registered."});
    CHECK(r->adapters.at(0).default_gateways == std::vector<std::string>{"192.168.16.1"});
  }
  SECTION("unreachable gateway, a warning before any test, an unknown result") {
    auto r = parsers::parse_netdiag(fixture("gateway-unreachable.txt"), "netdiag.txt", diags);
    REQUIRE(r);
    REQUIRE(diags.entries().size() == 1);  // the unknown "Pending"
    CHECK(diags.entries()[0].where == "netdiag.txt:53");
    CHECK(r->warnings == std::vector<std::string>{"Could not determine the list of hotfixes completely."});
    const auto* gw = find(*r, "Server Local Area Connection", "Default gateway test");
    REQUIRE(gw != nullptr);
    CHECK(gw->result == NetdiagResult::failed);
    CHECK(gw->fatals == std::vector<std::string>{"NO GATEWAYS ARE REACHABLE."});
    const auto* netbt = find(*r, "Server Local Area Connection", "NetBT name test");
    REQUIRE(netbt != nullptr);
    CHECK(netbt->result == NetdiagResult::passed_with_warnings);
    const auto* kerberos = find(*r, "", "Kerberos test");
    REQUIRE(kerberos != nullptr);
    CHECK(kerberos->result == NetdiagResult::other);
    CHECK(kerberos->result_text == "Pending");
    CHECK_FALSE(r->completed);
  }
}

TEST_CASE("netdiag: failures and damage", "[parsers][netdiag]") {
  Diagnostics diags;
  SECTION("Support Tools missing") {
    auto r = parsers::parse_netdiag(fixture("not-installed.txt"), "x.txt", diags);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("not found"));
  }
  SECTION("empty") {
    auto r = parsers::parse_netdiag("", "x.txt", diags);
    REQUIRE_FALSE(r);
    CHECK(r.error().where == "x.txt:1");
  }
  SECTION("truncated output keeps what was read") {
    auto r = parsers::parse_netdiag(fixture("truncated.txt"), "x.txt", diags);
    REQUIRE(r);
    REQUIRE(r->adapters.size() == 2);
    CHECK(r->adapters[1].ip_addresses == std::vector<std::string>{"203.0.113.10"});
    CHECK(r->tests.back().result == NetdiagResult::other);
    CHECK_FALSE(r->completed);
  }
  SECTION("odd spacing; a stray line is a warning with its line number") {
    auto r = parsers::parse_netdiag(fixture("odd-spacing.txt"), "x.txt", diags);
    REQUIRE(r);
    CHECK(r->computer_name == "SBS01");
    CHECK(r->dns_host_name == "sbs01.contoso.local");
    REQUIRE(r->tests.size() == 2);
    CHECK(r->tests[0].fatals.size() == 1);
    CHECK(r->tests[1].result == NetdiagResult::skipped);
    REQUIRE(diags.entries().size() == 1);
    CHECK(diags.entries()[0].where == "x.txt:6");
  }
}
