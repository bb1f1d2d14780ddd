#include "parsers/wmic_qfe.hpp"

#include <re2/re2.h>

#include <algorithm>

#include "contract/ascii.hpp"
#include "parsers/command_failure.hpp"
#include "parsers/text_util.hpp"

namespace migready::parsers {
namespace {

using contract::ascii_lower;
using text_util::trim;

// "KB925398", "KB893803v2", "KB2570947-v2", "Q147222"
const RE2& kb_re() {
  static const RE2 re(R"(^(?:KB|kb|Q|q)\d+\S*$)");
  return re;
}


// The member a key fills, or nullptr for a key this parser does not know.
std::string* member(QfeUpdate& u, const std::string& key) {
  if (key == "caption") return &u.caption;
  if (key == "csname") return &u.cs_name;
  if (key == "description") return &u.description;
  if (key == "fixcomments") return &u.fix_comments;
  if (key == "hotfixid") return &u.hotfix_id;
  if (key == "installdate") return &u.install_date;
  if (key == "installedby") return &u.installed_by;
  if (key == "installedon") return &u.installed_on;
  if (key == "name") return &u.name;
  if (key == "servicepackineffect") return &u.service_pack_in_effect;
  if (key == "status") return &u.status;
  return nullptr;
}

void finish(QfeUpdate& u) {
  if (RE2::FullMatch(u.hotfix_id, kb_re())) u.kb = u.hotfix_id;
  else if (RE2::FullMatch(u.service_pack_in_effect, kb_re())) u.kb = u.service_pack_in_effect;
}

// The lines of `text` without any trailing CRs (wmic ends them "\r\r\n"), and whether the last one lacks its end.
struct Lines {
  std::vector<std::string_view> lines;
  bool cut = false;
};

Lines lines_of(std::string_view text) {
  Lines out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    out.cut = end == std::string_view::npos;
    if (out.cut) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.lines.push_back(line);
    pos = end + 1;
  }
  return out;
}

// The header of the table forms: every word a Win32_QuickFixEngineering property.
// Returns the property names and where each column starts; empty when `line` is no such header.
struct Column {
  std::string key;  // lower case
  std::size_t start = 0;
};

std::vector<Column> table_header(std::string_view line) {
  std::vector<Column> columns;
  if (line.find('=') != std::string_view::npos) return {};
  QfeUpdate probe;
  std::size_t pos = 0;
  while (true) {
    pos = line.find_first_not_of(" \t", pos);
    if (pos == std::string_view::npos) break;
    std::size_t end = line.find_first_of(" \t", pos);
    if (end == std::string_view::npos) end = line.size();
    const std::string key = ascii_lower(line.substr(pos, end - pos));
    if (member(probe, key) == nullptr) return {};
    columns.push_back(Column{key, pos});
    pos = end;
  }
  return columns;
}

// The first line that is not blank, or -1.
int first_content_line(const Lines& l) {
  for (std::size_t i = 0; i < l.lines.size(); ++i) {
    if (!trim(l.lines[i]).empty()) return static_cast<int>(i);
  }
  return -1;
}

// `wmic qfe`, `wmic qfe list brief`, `wmic qfe get A,B`: a header of property names, then one row per update
// with each value under its name (wmic pads every column to its widest value).
//
// A header that goes on in the next line (its other names there: a mail client or a narrow console wrapped the
// table, as in win10-22h2-list-brief-mail-wrapped.txt) leaves no column where wmic put it, so nothing is read.
// A row without a HotFixID where the table has that column is a wrapped line's tail ("7/18/2023"): a warning,
// and no update.
Result<WmicQfe> parse_table(const Lines& l, int header_at, const std::vector<Column>& columns,
                            const std::string& where, Diagnostics& diags) {
  for (std::size_t i = static_cast<std::size_t>(header_at) + 1; i < l.lines.size(); ++i) {
    if (trim(l.lines[i]).empty()) continue;
    if (!table_header(l.lines[i]).empty()) {
      return make_error(Errc::format,
                        "the wmic qfe table's header goes on in line " + std::to_string(i + 1) +
                            " (the table was wrapped): its columns cannot be told apart, nothing read",
                        where + ":" + std::to_string(i + 1));
    }
    break;
  }
  const bool has_hotfix_id =
      std::any_of(columns.begin(), columns.end(), [](const Column& c) { return c.key == "hotfixid"; });
  WmicQfe out;
  out.form = "table";
  for (std::size_t i = static_cast<std::size_t>(header_at) + 1; i < l.lines.size(); ++i) {
    const std::string_view row = l.lines[i];
    const int line_no = static_cast<int>(i) + 1;
    if (trim(row).empty()) continue;
    if (l.cut && i + 1 == l.lines.size()) {
      diags.warn(Errc::format, "wmic output ends mid-line (truncated): last line ignored",
                 where + ":" + std::to_string(line_no));
      break;
    }
    QfeUpdate u;
    u.line = line_no;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const std::size_t start = columns[c].start;
      if (start >= row.size()) break;
      const std::size_t end = c + 1 < columns.size() ? columns[c + 1].start : row.size();
      *member(u, columns[c].key) = std::string(trim(row.substr(start, end - start)));
    }
    if (columns[0].start > 0 && trim(row.substr(0, std::min(columns[0].start, row.size()))).size() > 0) {
      diags.warn(Errc::format, "wmic qfe row starts before its first column", where + ":" + std::to_string(line_no));
    }
    if (has_hotfix_id && u.hotfix_id.empty()) {
      diags.warn(Errc::format, "wmic qfe row without a HotFixID (the rest of a wrapped line?): not an update",
                 where + ":" + std::to_string(line_no));
      continue;
    }
    finish(u);
    out.updates.push_back(std::move(u));
  }
  return out;
}

}  // namespace

Result<WmicQfe> parse_wmic_qfe(std::string_view text, const std::string& where, Diagnostics& diags) {
  if (auto failure = command_failure(text)) {
    return make_error(Errc::format, "wmic qfe did not run: " + *failure, where + ":1");
  }
  const Lines l = lines_of(text);
  if (const int first = first_content_line(l); first >= 0) {
    if (auto columns = table_header(l.lines[static_cast<std::size_t>(first)]); !columns.empty()) {
      return parse_table(l, first, columns, where, diags);
    }
  }
  WmicQfe out;
  out.form = "list";
  bool seen = false;
  bool open = false;             // a record is being filled
  std::vector<std::string> keys;  // keys of the open record, to notice a repeated one
  bool in_error = false;          // inside a wmic "ERROR:" block
  std::string error_code, error_description;
  int error_line = 0;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    const bool cut = end == std::string_view::npos;
    if (cut) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string_view bare = trim(line);
    if (cut && !bare.empty() && seen) {  // wmic ends every line; without its end the value may be cut
      diags.warn(Errc::format, "wmic output ends mid-line (truncated): last line ignored",
                 where + ":" + std::to_string(line_no));
      break;
    }
    if (bare.empty()) {
      if (open) finish(out.updates.back());
      open = false;
      keys.clear();
      continue;
    }
    if (bare == "ERROR:") {
      in_error = true;
      error_line = line_no;
      continue;
    }
    if (bare == "No Instance(s) Available.") {
      seen = true;
      continue;
    }
    if (bare.substr(0, 7) == "Node - ") continue;  // wmic /node: prefixes each result with its node
    const auto eq = bare.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      diags.warn(Errc::format, "unrecognized wmic qfe line", where + ":" + std::to_string(line_no));
      continue;
    }
    const std::string key = ascii_lower(trim(bare.substr(0, eq)));
    const std::string value(trim(bare.substr(eq + 1)));
    if (in_error) {  // "Code = 0x80041003", "Description = Access denied", "Facility = WMI"
      if (key == "code") error_code = value;
      else if (key == "description") error_description = value;
      continue;
    }
    QfeUpdate probe;
    if (member(probe, key) == nullptr) {
      diags.warn(Errc::format, "unknown wmic qfe key '" + key + "'", where + ":" + std::to_string(line_no));
      continue;
    }
    bool repeated = false;
    for (const auto& k : keys) repeated = repeated || k == key;
    if (!open || repeated) {
      if (open) finish(out.updates.back());
      out.updates.push_back(QfeUpdate{});
      out.updates.back().line = line_no;
      open = true;
      keys.clear();
    }
    keys.push_back(key);
    *member(out.updates.back(), key) = value;
    seen = true;
  }
  if (open) finish(out.updates.back());
  if (in_error && out.updates.empty()) {
    std::string message = "wmic qfe failed: " + (error_description.empty() ? "ERROR" : error_description);
    if (!error_code.empty()) message += " (" + error_code + ")";
    return make_error(Errc::format, message, where + ":" + std::to_string(error_line));
  }
  if (!seen) {
    return make_error(Errc::format, "no HotFixID=... records: not 'wmic qfe list full' output", where + ":1");
  }
  return out;
}

}  // namespace migready::parsers
