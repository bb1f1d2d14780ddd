#include <catch2/catch.hpp>

#include "contract/civil_time.hpp"

namespace c = migready::contract;

TEST_CASE("civil_time: days and dates", "[contract][civil_time]") {
  CHECK(c::unix_days(1970, 1, 1) == 0);
  CHECK(c::unix_days(1969, 12, 31) == -1);
  CHECK(c::unix_days(2000, 3, 1) == 11017);
  CHECK(c::unix_days(1601, 1, 1) == -134774);  // the FILETIME epoch
  CHECK(c::unix_days(2023, 2, 30) == c::unix_days(2023, 3, 2));
  CHECK(c::valid_date(2024, 2, 29));
  CHECK_FALSE(c::valid_date(2023, 2, 29));
  CHECK_FALSE(c::valid_date(1900, 2, 29));
  CHECK(c::valid_date(2000, 2, 29));
  CHECK_FALSE(c::valid_date(2023, 13, 1));
}

TEST_CASE("civil_time: seconds to civil time and back", "[contract][civil_time]") {
  CHECK(c::civil_from_unix(0) == c::CivilTime{1970, 1, 1, 0, 0, 0});
  CHECK(c::civil_from_unix(-1) == c::CivilTime{1969, 12, 31, 23, 59, 59});
  CHECK(c::civil_from_unix(4294967295LL) == c::CivilTime{2106, 2, 7, 6, 28, 15});  // the last uint32 .evt time
  CHECK(c::format_iso(1700000000) == "2023-11-14T22:13:20Z");
  CHECK(c::format_iso(1700000000, true, false) == "2023-11-14T22:13:20");
  CHECK(c::format_iso(1700000000, false) == "2023-11-14");
  CHECK(c::format_iso(-11644473600LL) == "1601-01-01T00:00:00Z");
  for (std::int64_t s : {-86401LL, -1LL, 0LL, 951782400LL, 4102444800LL}) {
    const auto t = c::civil_from_unix(s);
    CHECK(c::unix_days(t.year, t.month, t.day) * 86400 + t.hour * 3600 + t.minute * 60 + t.second == s);
  }
}

TEST_CASE("civil_time: ISO 8601 instants", "[contract][civil_time]") {
  CHECK(c::parse_iso_instant("2026-11-25T14:30:05Z")->seconds == 1795617005);
  CHECK(c::parse_iso_instant("2026-11-25T14:30:05Z")->utc);
  CHECK_FALSE(c::parse_iso_instant("2026-11-25T14:30:05.123")->utc);  // a server's local clock
  CHECK(c::parse_iso_instant("2026-11-25 14:30")->seconds == 1795617000);
  CHECK(c::parse_iso_instant("2026-11-25")->seconds == c::unix_days(2026, 11, 25) * 86400);
  CHECK(c::parse_iso_instant("2016-12-31T23:59:60Z")->seconds == c::parse_iso_instant("2016-12-31T23:59:59Z")->seconds);
  for (const char* bad : {"2023-02-29", "1600-12-31", "2026-11-25T24:00Z", "2026-11-25T14:30:05.Z", "2026-11-25Tx",
                          "26-11-25", "2026-11-25Z ", ""}) {
    INFO(bad);
    CHECK_FALSE(c::parse_iso_instant(bad));
  }
}
