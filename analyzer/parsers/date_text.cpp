#include "parsers/date_text.hpp"

#include <re2/re2.h>

#include <array>
#include <vector>

#include "contract/ascii.hpp"
#include "contract/civil_time.hpp"
#include "parsers/text_util.hpp"

namespace migready::parsers {
namespace {

constexpr std::string_view kNeedLocale =
    "; the server's short date format says which (the manifest's locale, format 1.2, or migready parse --locale)";

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
// What may follow the date: nothing, or a time, optionally after a comma or a connector word ("at").
const RE2& time_rest() {
  static const RE2 re(R"(,?\s*(?:(?:\pL+\.?\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp][Mm]))?)?\s*)");
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

DateReading fail(std::string reason) { return {std::nullopt, std::move(reason)}; }

// The ISO text for a date and an optional time. `meridiem`: 0 none (a 24-hour clock), 1 AM, 2 PM.
DateReading compose(int year, int month, int day, const std::string& hour_text, const std::string& minute_text,
                    const std::string& second_text, int meridiem) {
  if (month < 1 || month > 12 || day < 1 ||
      !contract::valid_date(year, static_cast<unsigned>(month), static_cast<unsigned>(day))) {
    return fail("not a valid date");
  }
  const std::int64_t days = contract::unix_days(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  if (hour_text.empty()) return {contract::format_iso(days * 86400, false), ""};
  int hour = std::stoi(hour_text);
  const int minute = std::stoi(minute_text);
  const int second = second_text.empty() ? 0 : std::stoi(second_text);
  if (meridiem != 0) {
    if (hour < 1 || hour > 12) return fail("not a valid 12-hour time");
    hour = hour % 12 + (meridiem == 2 ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return fail("not a valid time");
  return {contract::format_iso(days * 86400 + hour * 3600 + minute * 60 + second, true, false), ""};
}

DateReading compose_rest(int year, int month, int day, const std::string& rest) {
  std::string hour_text, minute_text, second_text, meridiem;
  if (!RE2::FullMatch(rest, time_rest(), &hour_text, &minute_text, &second_text, &meridiem)) {
    return fail("text after the date is not a time");
  }
  const int m = meridiem.empty() ? 0 : contract::ascii_lower(meridiem[0]) == 'p' ? 2 : 1;
  return compose(year, month, day, hour_text, minute_text, second_text, m);
}

DateReading read_unambiguous(std::string_view t) {
  const re2::StringPiece piece(t.data(), t.size());
  int a = 0, b = 0, year = 0;
  std::string name, rest;
  if (RE2::FullMatch(piece, year_first(), &year, &a, &b, &rest)) return compose_rest(year, a, b, rest);
  if (RE2::FullMatch(piece, year_last(), &a, &b, &year, &rest)) {
    if (a == b || (a <= 12 && b > 12)) return compose_rest(year, a, b, rest);  // month first, or no difference
    if (a > 12 && b <= 12) return compose_rest(year, b, a, rest);              // day first
    return fail("ambiguous: either of " + std::to_string(a) + " and " + std::to_string(b) + " may be the month" +
                std::string(kNeedLocale));
  }
  if (RE2::FullMatch(piece, month_name_first(), &name, &a, &year, &rest) && month_number(name) != 0) {
    return compose_rest(year, month_number(name), a, rest);
  }
  if (RE2::FullMatch(piece, day_first_month_name(), &a, &name, &year, &rest) && month_number(name) != 0) {
    return compose_rest(year, month_number(name), a, rest);
  }
  return fail("not a date in a form that fixes its order (year first, a day over 12 or a month name)");
}

// The short date picture as an RE2 pattern with named groups (day, month, month_name, year, year2); "" with
// `why` set when the picture cannot be read.
std::string picture_pattern(std::string_view picture, std::string& why) {
  std::string out;
  std::size_t i = 0;
  bool blank = false;
  int days = 0, months = 0, years = 0;  // each may appear once
  while (i < picture.size()) {
    const char c = picture[i];
    std::size_t run = 1;
    while (i + run < picture.size() && picture[i + run] == c) ++run;
    if (c != ' ') blank = false;
    if ((c == 'd' && run <= 2 && ++days > 1) || (c == 'M' && ++months > 1) || (c == 'y' && ++years > 1)) {
      why = "it names the day, the month or the year twice";
      return {};
    }
    if (c == 'd') {
      out += run <= 2 ? "(?P<day>\\d{1,2})" : "\\pL+\\.?";  // ddd / dddd: a day name, not used
    } else if (c == 'M') {
      out += run <= 2 ? "(?P<month>\\d{1,2})" : "(?P<month_name>\\pL+)\\.?";
    } else if (c == 'y') {
      out += run <= 2 ? "(?P<year2>\\d{1,2})" : "(?P<year>\\d{4})";
    } else if (c == 'g') {
      why = "its era (g) is not read";
      return {};
    } else if (c == '\'') {  // 'quoted text', '' a single quote
      const std::size_t close = picture.find('\'', i + 1);
      const std::size_t end = close == std::string_view::npos ? picture.size() : close;
      const std::string_view literal = end == i + 1 ? std::string_view("'") : picture.substr(i + 1, end - i - 1);
      out += RE2::QuoteMeta(re2::StringPiece(literal.data(), literal.size()));
      i = end == picture.size() ? end : end + 1;
      continue;
    } else if (c == ' ') {
      if (!blank) out += "\\s*";
      blank = true;
      i += run;
      continue;
    } else {
      const std::string literal(run, c);
      out += RE2::QuoteMeta(literal);
    }
    i += run;
  }
  return out;
}

std::string designator_pattern(std::string_view am, std::string_view pm) {
  std::string out = "(?i:";
  if (am.empty() && pm.empty()) return out + "AM|PM)";
  if (!am.empty()) out += RE2::QuoteMeta(re2::StringPiece(am.data(), am.size()));
  if (!am.empty() && !pm.empty()) out += "|";
  if (!pm.empty()) out += RE2::QuoteMeta(re2::StringPiece(pm.data(), pm.size()));
  return out + ")";
}

// 1 AM, 2 PM, 0 none, by the conventions' designators (AM/PM when they have none).
int meridiem_of(std::string_view text, const contract::DateTimeConventions& c) {
  if (text.empty()) return 0;
  // Both arms string_view: with a std::string arm the result would be a temporary string, and the view dangle.
  const bool none = c.am.empty() && c.pm.empty();
  const std::string_view am = none ? std::string_view("AM") : std::string_view(c.am);
  const std::string_view pm = none ? std::string_view("PM") : std::string_view(c.pm);
  if (!am.empty() && contract::equals_ci(text, am)) return 1;
  if (!pm.empty() && contract::equals_ci(text, pm)) return 2;
  return 0;
}

DateReading read_with(std::string_view t, const contract::DateTimeConventions& c) {
  std::string why;
  const std::string date = picture_pattern(c.short_date, why);
  if (date.empty()) return fail("the short date format \"" + c.short_date + "\" cannot be read: " + why);
  const std::string ampm = designator_pattern(c.am, c.pm);
  std::string sep = ":";
  if (!c.time_separator.empty() && c.time_separator != ":") {
    sep = "(?:" + RE2::QuoteMeta(c.time_separator) + "|:)";
  }
  // A designator before the time is tried before a connector word, so "午後 1:05" keeps its designator.
  const std::string pattern = date + "(?:[\\s,]*(?:(?P<pre>" + ampm + ")\\s*|\\pL+\\.?\\s+)?" +
                              "(?P<hour>\\d{1,2})" + sep + "(?P<minute>\\d{2})(?:" + sep + "(?P<second>\\d{2}))?" +
                              "(?:\\s*(?P<post>" + ampm + "))?)?\\s*";
  RE2::Options options;
  options.set_log_errors(false);
  const RE2 re(pattern, options);
  if (!re.ok()) return fail("the short date format \"" + c.short_date + "\" cannot be read");
  const int n = re.NumberOfCapturingGroups();
  std::vector<std::string> values(static_cast<std::size_t>(n));
  std::vector<RE2::Arg> args;
  args.reserve(values.size());
  for (auto& v : values) args.emplace_back(&v);
  std::vector<const RE2::Arg*> arg_ptrs;
  for (const auto& a : args) arg_ptrs.push_back(&a);
  if (!RE2::FullMatchN(re2::StringPiece(t.data(), t.size()), re, arg_ptrs.data(), n)) {
    return fail("does not match the server's short date format \"" + c.short_date + "\"");
  }
  auto group = [&](const char* name) -> std::string {
    const auto& names = re.NamedCapturingGroups();
    const auto it = names.find(name);
    return it == names.end() ? std::string() : values[static_cast<std::size_t>(it->second - 1)];
  };
  const std::string day = group("day"), month = group("month"), month_name = group("month_name");
  const std::string year = group("year"), year2 = group("year2");
  if (day.empty() || (month.empty() && month_name.empty()) || (year.empty() && year2.empty())) {
    return fail("the short date format \"" + c.short_date + "\" lacks a day, a month or a year");
  }
  int y = std::stoi(year.empty() ? year2 : year);
  if (year.empty()) y += y < 30 ? 2000 : 1900;  // Windows' default two-digit year window, 1930-2029
  const int m = month.empty() ? month_number(month_name) : std::stoi(month);
  if (m == 0) return fail("the month name \"" + month_name + "\" is not read (English names only)");
  const std::string designator = group("pre").empty() ? group("post") : group("pre");
  return compose(y, m, std::stoi(day), group("hour"), group("minute"), group("second"), meridiem_of(designator, c));
}

}  // namespace

DateReading read_date_text(std::string_view text, const contract::DateTimeConventions* conventions) {
  const std::string_view t = text_util::trim(text);
  if (t.empty()) return {};
  if (conventions == nullptr || conventions->short_date.empty()) {
    DateReading r = read_unambiguous(t);
    if (!r.iso && conventions != nullptr) r.reason += " (the server's short date format is unknown)";
    return r;
  }
  DateReading with = read_with(t, *conventions);
  if (with.iso) return with;
  // Not in the locale's form: a date whose order the text fixes is still read.
  DateReading plain = read_unambiguous(t);
  if (plain.iso) return plain;
  return with;
}

std::optional<std::string> iso_from_date_text(std::string_view text) { return read_date_text(text, nullptr).iso; }

}  // namespace migready::parsers
