#include "parsers/pasted.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <cstddef>

namespace migready::parsers {
namespace {

bool blank(std::string_view line) { return line.find_first_not_of(" \t") == std::string_view::npos; }

// "C:\>ipconfig /all", "C:\Documents and Settings\Administrator>repadmin /showrepl", "PS C:\Users\x> dcdiag",
// "C:\WINDOWS\system32>" (group 1: the command, empty for a bare prompt).
const RE2& prompt() {
  static const RE2 re(R"(^\s*(?:PS )?[A-Za-z]:\\[^<>|"*?]*>\s*(.*?)\s*$)");
  return re;
}

std::size_t replace_all(std::string& s, std::string_view from, std::string_view to) {
  std::size_t count = 0;
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
    ++count;
  }
  return count;
}

}  // namespace

Pasted normalize_pasted(std::string_view utf8) {
  Pasted out;
  std::string text(utf8);
  const std::size_t nbsp = replace_all(text, "\xC2\xA0", " ") + replace_all(text, "&nbsp;", " ");
  if (nbsp > 0) {
    out.notes.push_back("replaced " + std::to_string(nbsp) + " non-breaking space" + (nbsp == 1 ? "" : "s") +
                        " (U+00A0 or &nbsp;) with plain spaces");
  }

  // Lines without their ends; CR LF is restored on the way out when most lines had it.
  std::vector<std::string> lines;
  std::size_t crlf = 0;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    const bool last = end == std::string::npos;
    if (last) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!last && !line.empty() && line.back() == '\r') ++crlf;
    while (!line.empty() && line.back() == '\r') line.pop_back();
    if (!last || !line.empty()) lines.push_back(std::move(line));
    if (last) break;
    start = end + 1;
  }
  const bool final_newline = !text.empty() && text.back() == '\n';
  const bool use_crlf = crlf * 2 > lines.size();

  // Trailing spaces: tools print a few ("DC Options: IS_GC ", an empty "Primary Dns Suffix . . : "), and the
  // parsers allow for those; on most lines they are the paste's (Markdown's "  " line break, padded mail).
  std::size_t text_lines = 0, padded = 0;
  for (const auto& line : lines) {
    if (blank(line)) continue;
    ++text_lines;
    padded += line.back() == ' ' || line.back() == '\t';
  }
  if (padded * 2 > text_lines) {
    for (auto& line : lines) line.resize(blank(line) ? 0 : line.find_last_not_of(" \t") + 1);
    out.notes.push_back("removed trailing spaces or tabs from " + std::to_string(padded) + " of " +
                        std::to_string(text_lines) + " lines");
  }

  // A blank line after every line: between the first and the last line of text, every second line is blank.
  std::size_t first = 0;
  while (first < lines.size() && blank(lines[first])) ++first;
  std::size_t last = lines.size();
  while (last > first && blank(lines[last - 1])) --last;
  if (last > first && (last - first) % 2 == 1 && (last - first + 1) / 2 >= 4) {
    bool doubled = true;
    for (std::size_t i = first + 1; doubled && i < last; i += 2) doubled = blank(lines[i]);
    if (doubled) {
      std::vector<std::string> kept(lines.begin(), lines.begin() + static_cast<std::ptrdiff_t>(first));
      for (std::size_t i = first; i < last; i += 2) kept.push_back(std::move(lines[i]));
      const std::size_t removed = (last - first) / 2;
      for (std::size_t i = last; i < lines.size(); ++i) kept.push_back(std::move(lines[i]));
      lines = std::move(kept);
      last -= removed;
      out.notes.push_back("removed the blank line after every line (" + std::to_string(removed) + " lines removed)");
    }
  }

  // A common indentation: every line of text starts with the same run of spaces or tabs.
  std::string indent;
  bool have_indent = false;
  for (const auto& line : lines) {
    if (blank(line)) continue;
    const std::string lead = line.substr(0, line.find_first_not_of(" \t"));
    if (!have_indent) {
      indent = lead;
      have_indent = true;
    } else {
      std::size_t n = 0;
      while (n < indent.size() && n < lead.size() && indent[n] == lead[n]) ++n;
      indent.resize(n);
    }
    if (indent.empty()) break;
  }
  if (have_indent && !indent.empty()) {
    for (auto& line : lines) {
      line.erase(0, std::min(indent.size(), line.size()));
    }
    out.notes.push_back("removed an indentation of " + std::to_string(indent.size()) + " character" +
                        (indent.size() == 1 ? "" : "s") + " from every line");
  }

  // Command-prompt lines: the command before the output, a bare prompt after it.
  if (last > first) {
    std::string command;
    if (RE2::FullMatch(lines[first], prompt(), &command)) {
      out.notes.push_back("removed the command-prompt line \"" + lines[first] + "\"");
      lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(first));
      --last;
    }
    if (last > first && RE2::FullMatch(lines[last - 1], prompt(), &command) && command.empty()) {
      out.notes.push_back("removed the closing prompt \"" + lines[last - 1] + "\"");
      lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(last - 1));
    }
  }

  if (out.notes.empty()) {
    out.text = std::string(utf8);
    return out;
  }
  const std::string_view eol = use_crlf ? "\r\n" : "\n";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out.text += lines[i];
    if (i + 1 < lines.size() || final_newline) out.text += eol;
  }
  return out;
}

}  // namespace migready::parsers
