// Calendar arithmetic on the proleptic Gregorian calendar, the one home for both programs: C++20's
// <chrono> calendar types (days_from_civil and its inverse, which every copy before this one wrote by
// hand). Times are UTC or a server's local clock; nothing here reads a time zone.
//
//   contract::unix_days(2026, 12, 6) == 20793     contract::civil_from_unix(0) == {1970, 1, 1, 0, 0, 0}
//   contract::format_iso(1700000000) == "2023-11-14T22:13:20Z"
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace migready::contract {

struct CivilTime {
  int year = 1970;
  unsigned month = 1, day = 1;  // 1-based
  unsigned hour = 0, minute = 0, second = 0;
  friend bool operator==(const CivilTime&, const CivilTime&) = default;
};

// Days since 1970-01-01 of a civil date (negative before). The date need not be valid: 2023-02-30 is 2023-03-02.
inline std::int64_t unix_days(int year, unsigned month, unsigned day) {
  using namespace std::chrono;
  const sys_days d = year_month_day{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{1}};
  return static_cast<std::int64_t>(d.time_since_epoch().count()) + static_cast<std::int64_t>(day) - 1;
}

// True when year-month-day names a day of the calendar (29 February only in leap years).
inline bool valid_date(int year, unsigned month, unsigned day) {
  using namespace std::chrono;
  return year_month_day{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}}.ok();
}

// The civil time of a count of seconds since 1970-01-01T00:00:00 (negative before), for years
// -32767..32767 (chrono::year's range; a FILETIME or a uint32 .evt time is well inside it).
inline CivilTime civil_from_unix(std::int64_t seconds) {
  using namespace std::chrono;
  const std::int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  const std::int64_t rest = seconds - days * 86400;
  const year_month_day ymd{sys_days{std::chrono::days{days}}};
  CivilTime t;
  t.year = static_cast<int>(ymd.year());
  t.month = static_cast<unsigned>(ymd.month());
  t.day = static_cast<unsigned>(ymd.day());
  t.hour = static_cast<unsigned>(rest / 3600);
  t.minute = static_cast<unsigned>(rest / 60 % 60);
  t.second = static_cast<unsigned>(rest % 60);
  return t;
}

// "YYYY-MM-DDThh:mm:ssZ" (with_time and utc), "YYYY-MM-DDThh:mm:ss" (local clock), or "YYYY-MM-DD".
inline std::string format_iso(std::int64_t seconds, bool with_time = true, bool utc = true) {
  const CivilTime t = civil_from_unix(seconds);
  char out[48];
  if (with_time) {
    std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02u:%02u:%02u%s", t.year, t.month, t.day, t.hour, t.minute,
                  t.second, utc ? "Z" : "");
  } else {
    std::snprintf(out, sizeof out, "%04d-%02u-%02u", t.year, t.month, t.day);
  }
  return out;
}

// A date or date-time read from ISO 8601 text.
struct Instant {
  std::int64_t seconds = 0;  // since 1970-01-01T00:00:00 of its own clock (UTC, or a server's local clock)
  bool utc = false;          // the text ended in "Z"
};

// "YYYY-MM-DD", optionally "Thh:mm", ":ss", ".fraction" (ignored), "Z"; a space may stand for "T". The day
// must be one of the calendar (no 2023-02-29), from 1601 on; a leap second reads as :59; anything else is
// nullopt. The rules' dates and the facts' timestamps are read with it.
inline std::optional<Instant> parse_iso_instant(std::string_view s) {
  auto digits = [&](std::size_t at, std::size_t n, int& out) {
    if (at + n > s.size()) return false;
    out = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (!digits(0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(5, 2, mo) || s[7] != '-' || !digits(8, 2, d)) {
    return std::nullopt;
  }
  if (y < 1601 || !valid_date(y, static_cast<unsigned>(mo), static_cast<unsigned>(d))) return std::nullopt;
  std::size_t i = 10;
  if (i < s.size() && (s[i] == 'T' || s[i] == ' ')) {
    if (!digits(i + 1, 2, h) || i + 3 >= s.size() || s[i + 3] != ':' || !digits(i + 4, 2, mi)) return std::nullopt;
    i += 6;
    if (i < s.size() && s[i] == ':') {
      if (!digits(i + 1, 2, se)) return std::nullopt;
      i += 3;
      if (i < s.size() && s[i] == '.') {
        const std::size_t start = ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == start) return std::nullopt;
      }
    }
    if (h > 23 || mi > 59 || se > 60) return std::nullopt;
  }
  Instant t;
  if (i < s.size() && s[i] == 'Z') {
    t.utc = true;
    ++i;
  }
  if (i != s.size()) return std::nullopt;
  t.seconds = unix_days(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 +
              std::min(se, 59);
  return t;
}

}  // namespace migready::contract
