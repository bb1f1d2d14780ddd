#include <catch2/catch.hpp>

#include "parsers/w32tm_configuration.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;
using migready::test::read_file;

namespace {
std::string fixture(const std::string& name) {
  return read_file(MIGREADY_FIXTURES_DIR "/w32tm_configuration/" + name);
}
}  // namespace

TEST_CASE("w32tm /query /configuration: a member following the domain hierarchy", "[parsers][w32tm_configuration]") {
  Diagnostics diags;
  auto r = parsers::parse_w32tm_configuration(fixture("ws2022-nt5ds.txt"), "c.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  CHECK(r->type == "NT5DS");
  CHECK(r->ntp_server.empty());
  CHECK(r->announce_flags == std::optional<std::int64_t>(10));
  CHECK(r->special_poll_interval == std::optional<std::int64_t>(1024));
  CHECK(r->max_pos_phase_correction == std::optional<std::int64_t>(4294967295));
  REQUIRE(r->providers.size() == 3);
  CHECK(r->providers[0].name == "NtpClient");
  CHECK(r->providers[0].enabled == std::optional<bool>(true));
  CHECK(r->providers[2].name == "NtpServer");
  CHECK(r->providers[2].enabled == std::optional<bool>(false));
  // EventLogFlags appears twice: once in [Configuration], once for NtpClient.
  int event_log_flags = 0;
  for (const auto& s : r->settings) {
    if (s.name != "EventLogFlags") continue;
    ++event_log_flags;
    CHECK(s.source == "Local");
    CHECK((s.provider.empty() ? s.section == "Configuration" : s.provider == "NtpClient"));
  }
  CHECK(event_log_flags == 2);
}

TEST_CASE("w32tm /query /configuration: a PDC on an NTP server list", "[parsers][w32tm_configuration]") {
  Diagnostics diags;
  auto r = parsers::parse_w32tm_configuration(fixture("ws2022-ntp-pdc.txt"), "c.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  CHECK(r->type == "NTP");
  CHECK(r->ntp_server == "time.windows.com");
  CHECK(r->announce_flags == std::optional<std::int64_t>(5));
  CHECK(r->max_neg_phase_correction == std::optional<std::int64_t>(172800));
  REQUIRE(r->providers.size() == 3);
  CHECK(r->providers[1].name == "NtpServer");
  CHECK(r->providers[1].enabled == std::optional<bool>(true));
}

TEST_CASE("w32tm /query /configuration: empty, truncated, failed", "[parsers][w32tm_configuration]") {
  Diagnostics diags;
  SECTION("empty") {
    auto r = parsers::parse_w32tm_configuration("", "c.txt", diags);
    REQUIRE_FALSE(r);
  }
  SECTION("truncated keeps what was read, warns on the cut line") {
    auto r = parsers::parse_w32tm_configuration(fixture("truncated.txt"), "c.txt", diags);
    REQUIRE(r);
    CHECK(r->type.empty());  // Type comes after the cut
    CHECK(r->announce_flags == std::optional<std::int64_t>(10));
    REQUIRE(diags.entries().size() == 1);
    CHECK(diags.entries()[0].where == "c.txt:31");
  }
  SECTION("the service not started is a fact") {
    auto r = parsers::parse_w32tm_configuration(
        "The following error occurred: The service has not been started. (0x80070426)\r\n", "c.txt", diags);
    REQUIRE(r);
    CHECK(r->error_code == "0x80070426");
    CHECK(r->settings.empty());
  }
  SECTION("not found is a command failure") {
    auto r = parsers::parse_w32tm_configuration(
        "'w32tm' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n",
        "c.txt", diags);
    REQUIRE_FALSE(r);
  }
  SECTION("an unknown line is a warning with its line") {
    auto r = parsers::parse_w32tm_configuration("[Configuration]\r\nEventLogFlags: 2 (Local)\r\n@@@\r\n", "c.txt", diags);
    REQUIRE(r);
    REQUIRE(diags.entries().size() == 1);
    CHECK(diags.entries()[0].where == "c.txt:3");
  }
}
