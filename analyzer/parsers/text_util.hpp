// Small text helpers every parser shares (ASCII only: the tools' labels and keywords are ASCII). Case
// folding is contract/ascii.hpp's (contract::ascii_lower, equals_ci, starts_with_ci), shared with the collector.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace migready::parsers::text_util {

// The lines of `text` without their "\n", "\r\n" or "\r\r\n" (wmic into a pipe: its own "\r\n" through a
// C-runtime text stream; any run of CRs before the LF is one line end, never an empty line); a final line
// without "\n" is kept, its trailing CRs dropped, and a text ending in "\n" has no empty last line. Line N of the
// text is element N-1 (diagnostics say `where:N`).
inline std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    pos = end + 1;
  }
  return lines;
}

// `s` without leading and trailing spaces, tabs and carriage returns.
inline std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

}  // namespace migready::parsers::text_util
