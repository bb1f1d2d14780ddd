#include <catch2/catch.hpp>

#include "core/time_state.hpp"
#include "support/api_documents.hpp"

using namespace migready::collector;

TEST_CASE("time state: which server the clock is measured against", "[collector][time]") {
  const sntp::HostPort option{"127.0.0.1", 12300};
  CHECK(choose_sntp_target(option, std::string("time.windows.com,0x1")).chosen_by == "option");
  CHECK(choose_sntp_target(option, std::nullopt).port == 12300);
  const SntpTarget w32 = choose_sntp_target(std::nullopt, std::string("ntp1.contoso.local,0x9 ntp2,0x1"));
  CHECK(w32.host == "ntp1.contoso.local");
  CHECK(w32.port == 123);
  CHECK(w32.chosen_by == "w32time");
  const SntpTarget fallback = choose_sntp_target(std::nullopt, std::string("   "));
  CHECK(fallback.host == "time.windows.com");
  CHECK(fallback.chosen_by == "default");
}

TEST_CASE("time state: the JSON document", "[collector][time]") {
  TimeState s;
  s.utc = {2026, 11, 25, 14, 30, 5, 123};
  s.local = {2026, 11, 25, 15, 30, 5, 123};
  s.zone.bias_minutes = -60;
  s.zone.standard_name = "W. Europe Standard Time";
  s.zone.daylight_bias_minutes = -60;
  s.zone.state = TimeZoneState::standard;
  s.daylight_start = {0, 3, 0, 5, 2, 0, 0};
  s.w32time_type = "NT5DS";
  s.sntp_host = "127.0.0.1";
  s.sntp_port = 12300;
  s.sntp_chosen_by = "option";
  s.sntp_requests_sent = 1;

  SECTION("measured") {
    sntp::SntpOutcome outcome;
    sntp::SntpSample sample;
    sample.offset_us = -301500000;  // this server is 5 min 1.5 s ahead
    sample.delay_us = 1200;
    sample.stratum = 8;
    sample.version = 4;  // parse_reply accepts 1..4 only, and so does the schema
    sample.reference_id = "127.127.1.1";
    outcome.sample = sample;
    s.sntp = outcome;
    const std::string json = time_state_json(s);
    CHECK(migready::test::api_document_problem(json) == "");
    CHECK_THAT(json, Catch::Contains("\"schema\": \"migready-api-time/1\""));
    CHECK_THAT(json, Catch::Contains("\"utc\": \"2026-11-25T14:30:05.123Z\""));
    CHECK_THAT(json, Catch::Contains("\"bias_minutes\": -60"));
    CHECK_THAT(json, Catch::Contains("\"type\": \"NT5DS\""));
    CHECK_THAT(json, Catch::Contains("\"ntp_server\": null"));
    CHECK_THAT(json, Catch::Contains("\"measured\": true"));
    CHECK_THAT(json, Catch::Contains("\"offset_us\": -301500000"));
    CHECK_THAT(json, Catch::Contains("\"stratum\": 8"));
    CHECK_THAT(json, Catch::Contains("\"month\": 3"));
  }
  SECTION("not measured: the error is the fact") {
    sntp::SntpOutcome outcome;
    outcome.errc = sntp::SntpErrc::timeout;
    outcome.error = "timeout after 3000 ms waiting for 127.0.0.1:12300 (2 requests sent)";
    s.sntp = outcome;
    const std::string json = time_state_json(s);
    CHECK(migready::test::api_document_problem(json) == "");
    CHECK_THAT(json, Catch::Contains("\"measured\": false"));
    CHECK_THAT(json, Catch::Contains("\"error\": \"timeout after 3000 ms"));
    CHECK(json.find("offset_us") == std::string::npos);
  }
}
