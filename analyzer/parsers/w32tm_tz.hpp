// parse_w32tm_tz: `w32tm /tz` output (decoded to UTF-8) to the time zone Windows is running with.
//
// Sample input (Windows Server 2003 in Berlin; tests/fixtures/w32tm_tz/w-europe-standard.txt):
//
//   Time zone: Current:TIME_ZONE_ID_STANDARD Bias: -60min (UTC=LocalTime+Bias)
//     [Standard Name:"W. Europe Standard Time" Bias:0min Date:(M:10 D:5 DoW:0)]
//     [Daylight Name:"W. Europe Daylight Time" Bias:-60min Date:(M:3 D:5 DoW:0)]
//
// Output: current "TIME_ZONE_ID_STANDARD", bias_minutes -60, standard {present true, name "W. Europe
// Standard Time", bias_minutes 0, month 10, day 5, day_of_week 0}, daylight {present true, name "W. Europe
// Daylight Time", bias_minutes -60, month 3, day 5, day_of_week 0}.
//
// The numbers are TIME_ZONE_INFORMATION's as w32tm prints them: Bias is UTC minus local time in minutes
// (so -60 is UTC+1), the standard/daylight biases add to it, and a date is "month M, D-th (5 = last)
// weekday DoW (0 = Sunday)"; month 0 means no transition (zones without daylight saving, whose state is
// TIME_ZONE_ID_UNKNOWN). Spacing around the fields is tolerated. A missing bracket line leaves that rule's
// `present` false; a damaged one (truncated output) is also a warning, as is any other line that fits no
// pattern, with its line number. Fails when the text is a command failure message, w32tm's
// "The following error occurred: ..." (its text is the message), or holds no "Time zone:" line.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/diagnostics.hpp"
#include "core/result.hpp"
#include "parsers/language.hpp"

namespace migready::parsers {

struct W32tmTzRule {
  bool present = false;
  std::string name;  // "W. Europe Standard Time"
  std::optional<int> bias_minutes;
  std::optional<int> month;        // 1-12, 0 for none
  std::optional<int> day;          // week of the month, 1-5 (5 = last)
  std::optional<int> day_of_week;  // 0 = Sunday
};

struct W32tmTz {
  Language language = Language::en;  // the phrase table the output was read with
  std::string current;  // "TIME_ZONE_ID_STANDARD", "TIME_ZONE_ID_DAYLIGHT", "TIME_ZONE_ID_UNKNOWN"
  std::optional<int> bias_minutes;
  W32tmTzRule standard;
  W32tmTzRule daylight;
};

// `where` names the source in diagnostics, e.g. "commands/w32tm_tz.txt".
// `expected`: the language the output should be in (nullopt: the output decides). The table is English
// only (no real localized output was found; docs/parsers.md, "Languages"): English output against a
// non-English `expected` fails naming both, and output that is not English with a non-English
// `expected` fails as unsupported.
Result<W32tmTz> parse_w32tm_tz(std::string_view text, const std::string& where, Diagnostics& diags,
                               std::optional<Language> expected = std::nullopt);

}  // namespace migready::parsers
