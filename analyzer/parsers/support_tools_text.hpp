// Line and time helpers shared by the Support Tools parsers (dcdiag, netdiag, repadmin). Internal to
// parsers/: not part of any parser's contract.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migready::parsers::support_tools {

// The lines of `text`, without their '\n', "\r\n" or "\r\r\n" (text_util::split_lines); a final line without
// '\n' is kept. Line N of the file is element N-1, so diagnostics can say `where:N`.
std::vector<std::string_view> split_lines(std::string_view text);

// `s` without leading and trailing spaces and tabs.
std::string_view trim(std::string_view s);

bool blank(std::string_view s);

// Number of leading spaces (a tab counts as one).
std::size_t indent_of(std::string_view s);

// "2026-11-24 10:00:01" -> "2026-11-24T10:00:01" (local time of the server, no zone: repadmin prints
// none). Also accepts "10:00.01", the hh:mm.ss form older repadmin builds printed. Any other text, or a
// date out of range, gives nullopt: the caller keeps the text as printed.
std::optional<std::string> iso_local_time(std::string_view printed);

// The part of `text` a command-failure check should see: everything before `header` when the tool's own
// header is present (its report may quote "Access is denied" about a remote DC), else all of it.
std::string_view before_header(std::string_view text, std::string_view header);

}  // namespace migready::parsers::support_tools
