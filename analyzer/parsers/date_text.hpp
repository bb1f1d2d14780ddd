// Dates (and times) as Windows tools print them, in ISO 8601.
//
// The tools print dates in the running user's short date format and times in the user's time format, which the
// text does not name. Without those conventions (a 1.0/1.1 bundle, or `migready parse` without --locale) a date
// is read only when its order is fixed by the text itself:
//
//   "2019/2/14 0:00:00"                   year first (always year-month-day) -> "2019-02-14T00:00:00"
//   "11/25/2026 3:30:05 PM"                a number over 12 is the day        -> "2026-11-25T15:30:05"
//   "30/05/2023 20:21:27", "15.09.2025"    the same, day first                -> "2023-05-30T20:21:27", "2025-09-15"
//   "5/5/2020"                             day and month equal: no ambiguity  -> "2020-05-05"
//   "Thursday, September 19, 2024 8:31:30 AM", "19 September 2024"  an English month name
//   "3/14/2008, 10:22:31 AM"               systeminfo's comma before the time -> "2008-03-14T10:22:31"
//   "4/1/2019", "unspecified", "01c8f2a3b0e6d800", ""   ambiguous or not a date -> nullopt, with the reason
//
// With the conventions (the manifest's locale.user, format 1.2, or `migready parse --locale`), the text is
// first read with the short date picture (LOCALE_SSHORTDATE) and the time format (LOCALE_STIMEFORMAT, its AM/PM
// designators LOCALE_S1159 / LOCALE_S2359 and separator LOCALE_STIME):
//
//   short_date "dd.MM.yyyy", time "HH:mm:ss":   "01.04.2019 13:05:09"  -> "2019-04-01T13:05:09"
//   short_date "d/M/yyyy" (en-GB):              "4/1/2019"             -> "2019-01-04"
//   short_date "M/d/yyyy", "h:mm:ss tt":        "4/1/2019 1:05 PM"     -> "2019-04-01T13:05:00"
//   short_date "yyyy/MM/dd", "tt h:mm:ss", am "午前", pm "午後":  "2019/04/01 午後 1:05:09" -> "2019-04-01T13:05:09"
//   NTBackup's "<date> at <time>":             "01.04.2019 at 13:05"  -> "2019-04-01T13:05:00"
//
// Picture tokens (Microsoft, "Day, Month, Year, and Era Format Pictures"): d/dd day, M/MM month, y/yy two-digit
// year, yyyy (or more y) four-digit year, ddd/dddd a day name (skipped), MMM/MMMM a month name (English names
// only), '...' quoted literal text; any other character is literal (a blank matches any run of blanks). An era
// (g, gg) is not read. Numbers are read with or without a leading zero whatever the picture says. A two-digit
// year is 1930-2029 (Windows' default two-digit year window). Between date and time stand blanks, a comma, or
// one connector word ("at", "um", "à"). The time is hour, minutes and optionally seconds, separated by the
// locale's time separator or ':'; a designator (the locale's, or AM/PM when it has none) before or after it
// makes the hour 12-hour (12 AM is 0:00), else the hour is 0-23. When the text does not match the picture the
// unambiguous reading above still applies (a year-first date, a number over 12, a month name).
//
// The result has no zone ("YYYY-MM-DDThh:mm:ss": the server's local clock) or is a bare "YYYY-MM-DD". Years
// have four digits (or come from the window); an impossible date (2/30/2020) or time (25:00) is not read.
// Calendar from contract/civil_time.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "contract/manifest.hpp"

namespace migready::parsers {

struct DateReading {
  std::optional<std::string> iso;  // the ISO 8601 text, or nullopt
  std::string reason;              // why iso is nullopt ("" when it is set, or when the text is empty)
};

// `conventions` null: the unambiguous reading only.
DateReading read_date_text(std::string_view text, const contract::DateTimeConventions* conventions);

// read_date_text(text, nullptr).iso
std::optional<std::string> iso_from_date_text(std::string_view text);

}  // namespace migready::parsers
