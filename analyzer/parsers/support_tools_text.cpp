#include "parsers/support_tools_text.hpp"

#include <re2/re2.h>

#include "parsers/text_util.hpp"

namespace migready::parsers::support_tools {

std::vector<std::string_view> split_lines(std::string_view text) { return text_util::split_lines(text); }


std::string_view trim(std::string_view s) { return text_util::trim(s); }

// Blank exactly when trim() leaves nothing: a line of a lone "\r" is blank too (callers index trim()'s result).
bool blank(std::string_view s) { return trim(s).empty(); }

std::size_t indent_of(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  return first == std::string_view::npos ? s.size() : first;
}

std::optional<std::string> iso_local_time(std::string_view printed) {
  static const RE2 re(R"(^\s*(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})[:.](\d{2})\s*$)");
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!RE2::FullMatch(re2::StringPiece(printed.data(), printed.size()), re, &year, &month, &day, &hour, &minute,
                      &second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  const std::string_view p = trim(printed);
  std::string iso(p.substr(0, 10));
  iso += 'T';
  iso += p.substr(11, 5);
  iso += ':';
  iso += p.substr(17, 2);
  return iso;
}

std::string_view before_header(std::string_view text, std::string_view header) {
  const auto at = text.find(header);
  return at == std::string_view::npos ? text : text.substr(0, at);
}

}  // namespace migready::parsers::support_tools
