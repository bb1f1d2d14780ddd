#include <catch2/catch.hpp>

#include "parsers/date_text.hpp"

#include <optional>
#include <string>

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

namespace {

using migready::contract::DateTimeConventions;
using migready::parsers::read_date_text;

DateTimeConventions conventions(std::string short_date, std::string time_format, std::string am = "",
                                std::string pm = "", std::string time_separator = ":") {
  DateTimeConventions c;
  c.short_date = std::move(short_date);
  c.time_format = std::move(time_format);
  c.am = std::move(am);
  c.pm = std::move(pm);
  c.time_separator = std::move(time_separator);
  return c;
}

std::optional<std::string> read(std::string_view text, const DateTimeConventions& c) {
  return read_date_text(text, &c).iso;
}

}  // namespace

TEST_CASE("date text: the reason a date is not read", "[parsers][date_text]") {
  auto r = read_date_text("4/1/2019 3:30:05 PM", nullptr);
  CHECK_FALSE(r.iso);
  CHECK_THAT(r.reason, Catch::StartsWith("ambiguous: either of 4 and 1 may be the month"));
  CHECK_THAT(r.reason, Catch::Contains("--locale"));
  CHECK(read_date_text("unspecified", nullptr).reason.starts_with("not a date"));
  CHECK(read_date_text("2/30/2020", nullptr).reason == "not a valid date");
  CHECK(read_date_text("11/25/2026 25:00", nullptr).reason == "not a valid time");
  CHECK(read_date_text("   ", nullptr).reason.empty());  // no text, nothing to explain
  // With conventions: the picture is named.
  const auto de = conventions("dd.MM.yyyy", "HH:mm:ss");
  r = read_date_text("4/1/2019", &de);
  CHECK_FALSE(r.iso);
  CHECK(r.reason == "does not match the server's short date format \"dd.MM.yyyy\"");
  // A failed LOCALE_SSHORTDATE lookup ("") is no conventions at all, and says so.
  const auto failed = conventions("", "");
  r = read_date_text("4/1/2019", &failed);
  CHECK_FALSE(r.iso);
  CHECK_THAT(r.reason, Catch::EndsWith("(the server's short date format is unknown)"));
  CHECK(read_date_text("11/25/2026", &failed).iso == "2026-11-25");
}

TEST_CASE("date text: read with the server's conventions", "[parsers][date_text]") {
  // German: systeminfo's "Ursprüngliches Installationsdatum: 12.05.2012, 14:03:11" (tests/fixtures/systeminfo).
  const auto de = conventions("dd.MM.yyyy", "HH:mm:ss");
  CHECK(read("12.05.2012, 14:03:11", de) == "2012-05-12T14:03:11");
  CHECK(read("01.04.2019", de) == "2019-04-01");
  CHECK(read("1.4.2019 9:05", de) == "2019-04-01T09:05:00");  // leading zeros or not, seconds or not
  // NTBackup's "<date> at <time>" with any one connector word.
  CHECK(read("01.04.2019 at 13:05", de) == "2019-04-01T13:05:00");
  CHECK(read("01.04.2019 um 13:05", de) == "2019-04-01T13:05:00");
  // The picture decides the order: the same text, three readings.
  CHECK(read("4/1/2019", conventions("d/M/yyyy", "HH:mm:ss")) == "2019-01-04");
  CHECK(read("4/1/2019", conventions("M/d/yyyy", "h:mm:ss tt", "AM", "PM")) == "2019-04-01");
  CHECK(read("2019/4/1", conventions("yyyy/MM/dd", "H:mm:ss")) == "2019-04-01");
  // US 12-hour times; NTBackup's "at" and no seconds; 12 AM is midnight.
  const auto us = conventions("M/d/yyyy", "h:mm:ss tt", "AM", "PM");
  CHECK(read("4/1/2019 1:05:09 PM", us) == "2019-04-01T13:05:09");
  CHECK(read("12/1/2026 at 11:31 PM", us) == "2026-12-01T23:31:00");
  CHECK(read("12/2/2026 at 12:44 AM", us) == "2026-12-02T00:44:00");
  CHECK(read("12/2/2026 at 12:44 pm", us) == "2026-12-02T12:44:00");  // designators compare case-blind
  CHECK_FALSE(read("12/2/2026 at 13:44 PM", us));                      // no 13 on a 12-hour clock
  // A designator before the time (Japanese "tt h:mm:ss"), in UTF-8.
  const auto ja = conventions("yyyy/MM/dd", "tt h:mm:ss", "\xE5\x8D\x88\xE5\x89\x8D", "\xE5\x8D\x88\xE5\xBE\x8C");
  CHECK(read("2019/04/01 \xE5\x8D\x88\xE5\xBE\x8C 1:05:09", ja) == "2019-04-01T13:05:09");
  CHECK(read("2019/04/01 \xE5\x8D\x88\xE5\x89\x8D 1:05:09", ja) == "2019-04-01T01:05:09");
  // Italian Windows of the 2003 era separated the time with '.'; ':' is read too.
  const auto it = conventions("dd/MM/yyyy", "H.mm.ss", "", "", ".");
  CHECK(read("01/04/2019 13.05.09", it) == "2019-04-01T13:05:09");
  CHECK(read("01/04/2019 13:05:09", it) == "2019-04-01T13:05:09");
  // Two-digit years: Windows' 1930-2029 window.
  const auto short_year = conventions("dd.MM.yy", "HH:mm");
  CHECK(read("01.04.19", short_year) == "2019-04-01");
  CHECK(read("01.04.29", short_year) == "2029-04-01");
  CHECK(read("01.04.30", short_year) == "1930-04-01");
  // Quoted literals, a day name, blanks, and an English month name.
  CHECK(read("2019. 04. 01.", conventions("yyyy'. 'MM'. 'dd'.'", "H:mm:ss")) == "2019-04-01");
  CHECK(read("Monday, 1 April 2019", conventions("dddd, d MMMM yyyy", "HH:mm:ss")) == "2019-04-01");
  const auto de_long = conventions("dddd, d. MMMM yyyy", "HH:mm:ss");
  CHECK(read("Montag, 1. April 2019", de_long) == "2019-04-01");  // "April" is English too
  const auto german_month = read_date_text("Freitag, 1. M\xC3\xA4rz 2019", &de_long);
  CHECK_FALSE(german_month.iso);
  CHECK(german_month.reason == "the month name \"M\xC3\xA4rz\" is not read (English names only)");
  // A text that does not match the picture is still read when its order is fixed.
  CHECK(read("2019-04-01", de) == "2019-04-01");
  CHECK(read("11/25/2026 3:30:05 PM", de) == "2026-11-25T15:30:05");
  CHECK_FALSE(read("4/1/2019", de));
  // Impossible dates and times stay unread; an era is not read.
  CHECK_FALSE(read("30.02.2020", de));
  CHECK_FALSE(read("01.04.2019 24:00", de));
  CHECK_FALSE(read("01.04.2019 and more", de));
  CHECK_FALSE(read("H31/04/01", conventions("gg y/MM/dd", "H:mm:ss")));
  // Hostile pictures: a field twice, no year, regex metacharacters as literals.
  const auto twice = conventions("dd.dd.yyyy", "");
  CHECK_FALSE(read("01.02.2019", conventions("dd.dd.yyyy", "")));
  CHECK(read_date_text("01.02.2019", &twice).reason ==
        "the short date format \"dd.dd.yyyy\" cannot be read: it names the day, the month or the year twice");
  CHECK_FALSE(read("01.04", conventions("dd.MM", "")));
  CHECK(read("01(04)*2019", conventions("dd(MM)*yyyy", "")) == "2019-04-01");
  CHECK_FALSE(read("01x04x2019", conventions("dd.MM.yyyy", "")));  // '.' is a literal dot, not "any"
}
