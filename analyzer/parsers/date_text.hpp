// iso_from_date_text: a date (and time) as a Windows tool prints it, in ISO 8601, when the text alone says
// which number is the day and which the month; otherwise nothing.
//
// The tools print dates in the collecting host's short date format, which the text does not name, so a
// date is read only when its order is fixed by the text itself:
//
//   "2019/2/14 0:00:00"                   year first (always year-month-day) -> "2019-02-14T00:00:00"
//   "11/25/2026 3:30:05 PM"                a number over 12 is the day        -> "2026-11-25T15:30:05"
//   "30/05/2023 20:21:27", "15.09.2025"    the same, day first                -> "2023-05-30T20:21:27", "2025-09-15"
//   "5/5/2020"                             day and month equal: no ambiguity  -> "2020-05-05"
//   "Thursday, September 19, 2024 8:31:30 AM", "19 September 2024"  an English month name
//   "3/14/2008, 10:22:31 AM"               systeminfo's comma before the time -> "2008-03-14T10:22:31"
//   "4/1/2019", "unspecified", "01c8f2a3b0e6d800", ""   ambiguous or not a date -> nullopt
//
// The time, when there is one, is "H:MM" or "H:MM:SS" with an optional AM/PM (12 AM is 0:00); the result
// then has no zone ("YYYY-MM-DDThh:mm:ss", the server's local clock), else it is "YYYY-MM-DD". Years have
// four digits; an impossible date (2/30/2020) or time (25:00) is nullopt. Calendar from
// contract/civil_time.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace migready::parsers {

std::optional<std::string> iso_from_date_text(std::string_view text);

}  // namespace migready::parsers
