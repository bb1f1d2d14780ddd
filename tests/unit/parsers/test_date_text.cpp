#include <catch2/catch.hpp>

#include "parsers/date_text.hpp"

using migready::parsers::iso_from_date_text;

TEST_CASE("date text: read when the text fixes day and month", "[parsers][date_text]") {
  // Year first (the Chinese and ISO-like short dates): always year-month-day.
  CHECK(iso_from_date_text("2019/2/14 0:00:00") == "2019-02-14T00:00:00");
  CHECK(iso_from_date_text("2023-05-30") == "2023-05-30");
  // A number over 12 is the day, whichever side it is on (net time, systeminfo, w32tm, wmic).
  CHECK(iso_from_date_text("11/25/2026 3:30:05 PM") == "2026-11-25T15:30:05");
  CHECK(iso_from_date_text("11/25/2026 3:30 PM") == "2026-11-25T15:30:00");
  CHECK(iso_from_date_text("30/05/2023 20:21:27") == "2023-05-30T20:21:27");
  CHECK(iso_from_date_text("15.09.2025 13:12:56") == "2025-09-15T13:12:56");
  CHECK(iso_from_date_text("3/14/2008, 10:22:31 AM") == "2008-03-14T10:22:31");
  CHECK(iso_from_date_text("7/15/2019 1:21:37 PM") == "2019-07-15T13:21:37");
  CHECK(iso_from_date_text("5/26/2020") == "2020-05-26");
  CHECK(iso_from_date_text("  5/26/2020  ") == "2020-05-26");
  // Day and month equal: either reading gives the same date.
  CHECK(iso_from_date_text("5/5/2020") == "2020-05-05");
  // English month names (ipconfig's lease times, long dates).
  CHECK(iso_from_date_text("Thursday, September 19, 2024 8:31:30 AM") == "2024-09-19T08:31:30");
  CHECK(iso_from_date_text("19 September 2024") == "2024-09-19");
  CHECK(iso_from_date_text("Sep 19, 2024") == "2024-09-19");
  // 12 AM is midnight, 12 PM noon.
  CHECK(iso_from_date_text("12/13/2018, 12:15:48 AM") == "2018-12-13T00:15:48");
  CHECK(iso_from_date_text("12/13/2018, 12:15:48 PM") == "2018-12-13T12:15:48");
}

TEST_CASE("date text: ambiguous or not a date gives nothing", "[parsers][date_text]") {
  CHECK_FALSE(iso_from_date_text("4/1/2019"));         // April 1st or January 4th
  CHECK_FALSE(iso_from_date_text("3/19/21"));          // two-digit year
  CHECK_FALSE(iso_from_date_text("unspecified"));      // w32tm before the first sync
  CHECK_FALSE(iso_from_date_text("01c8f2a3b0e6d800"));  // 2003's hex InstalledOn
  CHECK_FALSE(iso_from_date_text(""));
  CHECK_FALSE(iso_from_date_text("2/30/2020"));         // no such day
  CHECK_FALSE(iso_from_date_text("13/13/2020"));        // no month 13
  CHECK_FALSE(iso_from_date_text("11/25/2026 25:00"));  // no such hour
  CHECK_FALSE(iso_from_date_text("11/25/2026 13:00 PM"));
  CHECK_FALSE(iso_from_date_text("11/25/2026 and more"));
  CHECK_FALSE(iso_from_date_text("Smarch 5, 2020"));
}
