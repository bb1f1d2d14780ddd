#include <catch2/catch.hpp>

#include "parsers/dcdiag.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;
using migready::test::read_file;

namespace {
std::string fixture(const std::string& name) { return read_file(MIGREADY_FIXTURES_DIR "/dcdiag/" + name); }

const parsers::DcdiagTest* find(const parsers::Dcdiag& d, const std::string& subject, const std::string& name) {
  for (const auto& t : d.tests) {
    if (t.subject == subject && t.name == name) return &t;
  }
  return nullptr;
}
}  // namespace

TEST_CASE("dcdiag: healthy single-server SBS 2003", "[parsers][dcdiag]") {
  Diagnostics diags;
  auto r = parsers::parse_dcdiag(fixture("sbs2003-healthy.txt"), "dcdiag.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  CHECK(r->local_dc == "SBS01");
  CHECK(r->dcs_found == std::optional<int>(1));
  CHECK(r->failed == 0);
  CHECK(r->unfinished == 0);
  CHECK(r->passed == static_cast<int>(r->tests.size()));
  const auto* conn = find(*r, "SBS01", "Connectivity");
  REQUIRE(conn != nullptr);
  CHECK(conn->scope == parsers::DcdiagScope::server);
  CHECK(conn->site == "Default-First-Site-Name");
  const auto* xref = find(*r, "DomainDnsZones", "CrossRefValidation");
  REQUIRE(xref != nullptr);
  CHECK(xref->scope == parsers::DcdiagScope::partition);
  const auto* fsmo = find(*r, "contoso.local", "FsmoCheck");
  REQUIRE(fsmo != nullptr);
  CHECK(fsmo->scope == parsers::DcdiagScope::enterprise);
  CHECK(fsmo->messages.empty());
}

TEST_CASE("dcdiag: failed tests keep their messages, without progress lines", "[parsers][dcdiag]") {
  Diagnostics diags;
  auto r = parsers::parse_dcdiag(fixture("two-dcs-dc2-down.txt"), "dcdiag.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  CHECK(r->dcs_found == std::optional<int>(2));
  CHECK(r->unresponsive_servers == std::vector<std::string>{"DC2"});
  CHECK(r->failed == 4);
  const auto* conn = find(*r, "DC2", "Connectivity");
  REQUIRE(conn != nullptr);
  CHECK(conn->passed == std::optional<bool>(false));
  const auto* repl = find(*r, "SBS01", "Replications");
  REQUIRE(repl != nullptr);
  REQUIRE_FALSE(repl->messages.empty());
  CHECK(repl->messages.front() == "[Replications Check,SBS01] A recent replication attempt failed:");
  CHECK(repl->messages[4] == "The RPC server is unavailable.");
  const auto* services = find(*r, "SBS01", "Services");
  REQUIRE(services != nullptr);
  CHECK(services->messages == std::vector<std::string>{"IsmServ Service is stopped on [SBS01]"});
  const auto* syslog = find(*r, "SBS01", "systemlog");
  REQUIRE(syslog != nullptr);
  CHECK(syslog->messages.front() == "An Error Event occured.  EventID: 0xC0001B70");
}

TEST_CASE("dcdiag: the collector's stand-in output", "[parsers][dcdiag]") {
  Diagnostics diags;
  auto r = parsers::parse_dcdiag(fixture("sbs2003-frs-warning.txt"), "dcdiag.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  CHECK(r->failed == 2);
  const auto* frs = find(*r, "SBS01", "frsevent");
  REQUIRE(frs != nullptr);
  CHECK(frs->passed == std::optional<bool>(false));
  CHECK(frs->messages.size() == 6);
}

TEST_CASE("dcdiag: failures and damage", "[parsers][dcdiag]") {
  Diagnostics diags;
  SECTION("Support Tools missing") {
    auto r = parsers::parse_dcdiag(fixture("not-installed.txt"), "x.txt", diags);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("not found"));
  }
  SECTION("a test quoting 'Access is denied' about a remote DC is not a failed command") {
    const std::string text =
        "Domain Controller Diagnosis\n\nDoing initial required tests\n   Testing server: S\\DC2\n"
        "      Starting test: Connectivity\n         [DC2] DsBindWithSpnEx() failed with error 5,\n"
        "         Access is denied..\n         ......................... DC2 failed test Connectivity\n";
    auto r = parsers::parse_dcdiag(text, "x.txt", diags);
    REQUIRE(r);
    REQUIRE(r->tests.size() == 1);
    CHECK(r->tests[0].messages.size() == 2);
  }
  SECTION("stopped in initial setup") {
    auto r = parsers::parse_dcdiag(fixture("setup-bind-denied.txt"), "x.txt", diags);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("LDAP bind failed"));
  }
  SECTION("empty") {
    auto r = parsers::parse_dcdiag("", "x.txt", diags);
    REQUIRE_FALSE(r);
    CHECK(r.error().where == "x.txt:1");
  }
  SECTION("truncated output keeps the tests read and marks the cut one unfinished") {
    auto r = parsers::parse_dcdiag(fixture("truncated.txt"), "x.txt", diags);
    REQUIRE(r);
    CHECK(r->unfinished == 1);
    REQUIRE_FALSE(r->tests.empty());
    CHECK(r->tests.back().name == "frsevent");
    CHECK_FALSE(r->tests.back().passed.has_value());
    CHECK(r->tests.back().messages.size() == 1);
  }
  SECTION("odd spacing still parses; a stray line is a warning with its line number") {
    auto r = parsers::parse_dcdiag(fixture("odd-spacing.txt"), "x.txt", diags);
    REQUIRE(r);
    CHECK(r->passed == 2);
    CHECK(r->failed == 1);
    CHECK(r->dcs_tested == std::optional<int>(1));
    REQUIRE(diags.entries().size() == 1);
    CHECK(diags.entries()[0].where == "x.txt:12");
  }
}

TEST_CASE("dcdiag: KnowsOfRoleHolders lines are kept for passed and failed tests", "[parsers][dcdiag]") {
  Diagnostics diags;
  auto r = parsers::parse_dcdiag(fixture("fsmo-deleted-owner.txt"), "dcdiag.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  REQUIRE(r->role_holders.size() == 10);  // SBS01's and DC3's views
  CHECK(r->role_holders[0].server == "SBS01");
  CHECK(r->role_holders[0].role == "Schema");
  CHECK(r->role_holders[4].role == "Infrastructure Update");
  CHECK(r->role_holders[4].owner_dn.rfind("CN=NTDS Settings\\0ADEL:", 0) == 0);
  CHECK(r->role_holders[5].server == "DC3");
  const auto* knows = find(*r, "SBS01", "KnowsOfRoleHolders");
  REQUIRE(knows != nullptr);
  CHECK(knows->passed == std::optional<bool>(false));
  CHECK(knows->messages.size() == 6);  // the role lines stay in a failed test's messages

  auto passed = parsers::parse_dcdiag(fixture("sbs2003-frs-warning.txt"), "dcdiag.txt", diags);
  REQUIRE(passed);
  REQUIRE(passed->role_holders.size() == 5);
  CHECK(passed->role_holders[3].role == "Rid");
  CHECK(passed->role_holders[3].line == 50);
  CHECK(find(*passed, "SBS01", "KnowsOfRoleHolders")->messages.empty());
}

// Found by fuzz_parsers: a line of lone carriage returns inside a test or the setup block was not "blank" but
// trimmed to nothing, and the parser read its first character.
TEST_CASE("dcdiag: lines of lone carriage returns are blank lines", "[parsers][dcdiag]") {
  const std::string text =
      "\nDomain Controller Diagnosis\n\nPerforming initial setup:\n\r\r\n   Done gathering initial info.\n\n"
      "Doing initial required tests\n\n   Testing server: Default-First-Site-Name\\SBS01\n"
      "      Starting test: Connectivity\n\r\n         ......................... SBS01 passed test Connectivity\n";
  Diagnostics diags;
  auto d = parsers::parse_dcdiag(text, "dcdiag.txt", diags);
  REQUIRE(d);
  REQUIRE(d->tests.size() == 1);
  CHECK(d->tests[0].passed == true);
  CHECK(d->tests[0].messages.empty());
  CHECK(d->setup_messages.empty());
}
