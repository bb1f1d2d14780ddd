#include "parsers/date_text.hpp"

#include <re2/re2.h>

#include <array>

#include "contract/ascii.hpp"
#include "contract/civil_time.hpp"
#include "parsers/text_util.hpp"

namespace migready::parsers {
namespace {

// "2019/2/14 ...", "2023-05-30 ..."
const RE2& year_first() {
  static const RE2 re(R"((\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\.?(.*))");
  return re;
}
// "11/25/2026 ...", "30.05.2023 ...", "15-09-2025"
const RE2& year_last() {
  static const RE2 re(R"((\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(.*))");
  return re;
}
// "Thursday, September 19, 2024 ...", "Sep 19, 2024"
const RE2& month_name_first() {
  static const RE2 re(R"((?:[A-Za-z]+,\s*)?([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})(.*))");
  return re;
}
// "19 September 2024 ...", "Monday, 19. September 2024"
const RE2& day_first_month_name() {
  static const RE2 re(R"((?:[A-Za-z]+,\s*)?(\d{1,2})\.?\s+([A-Za-z]+)\.?,?\s+(\d{4})(.*))");
  return re;
}
// What may follow the date: nothing, or a time, optionally after a comma.
const RE2& time_rest() {
  static const RE2 re(R"(,?\s*(?:(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp][Mm]))?)?\s*)");
  return re;
}

// 1..12 for an English month name or its three-letter abbreviation, else 0.
int month_number(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {"january", "february", "march",     "april",
                                                               "may",     "june",     "july",      "august",
                                                               "september", "october", "november", "december"};
  const std::string lower = contract::ascii_lower(name);
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (lower == kMonths[i] || (lower.size() == 3 && kMonths[i].substr(0, 3) == lower)) {
      return static_cast<int>(i) + 1;
    }
  }
  return 0;
}

std::optional<std::string> compose(int year, int month, int day, const std::string& rest) {
  if (month < 1 || month > 12 || day < 1 ||
      !contract::valid_date(year, static_cast<unsigned>(month), static_cast<unsigned>(day))) {
    return std::nullopt;
  }
  std::string hour_text, minute_text, second_text, meridiem;
  if (!RE2::FullMatch(rest, time_rest(), &hour_text, &minute_text, &second_text, &meridiem)) return std::nullopt;
  const std::int64_t days = contract::unix_days(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  if (hour_text.empty()) return contract::format_iso(days * 86400, false);
  int hour = std::stoi(hour_text);
  const int minute = std::stoi(minute_text);
  const int second = second_text.empty() ? 0 : std::stoi(second_text);
  if (!meridiem.empty()) {
    if (hour < 1 || hour > 12) return std::nullopt;
    const bool pm = contract::ascii_lower(meridiem[0]) == 'p';
    hour = hour % 12 + (pm ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  return contract::format_iso(days * 86400 + hour * 3600 + minute * 60 + second, true, false);
}

}  // namespace

std::optional<std::string> iso_from_date_text(std::string_view text) {
  const std::string_view t = text_util::trim(text);
  const re2::StringPiece piece(t.data(), t.size());
  int a = 0, b = 0, year = 0;
  std::string name, rest;
  if (RE2::FullMatch(piece, year_first(), &year, &a, &b, &rest)) return compose(year, a, b, rest);
  if (RE2::FullMatch(piece, year_last(), &a, &b, &year, &rest)) {
    if (a == b || (a <= 12 && b > 12)) return compose(year, a, b, rest);  // month first, or no difference
    if (a > 12 && b <= 12) return compose(year, b, a, rest);              // day first
    return std::nullopt;                                                   // both could be the month
  }
  if (RE2::FullMatch(piece, month_name_first(), &name, &a, &year, &rest) && month_number(name) != 0) {
    return compose(year, month_number(name), a, rest);
  }
  if (RE2::FullMatch(piece, day_first_month_name(), &a, &name, &year, &rest) && month_number(name) != 0) {
    return compose(year, month_number(name), a, rest);
  }
  return std::nullopt;
}

}  // namespace migready::parsers
