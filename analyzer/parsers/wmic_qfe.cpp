#include "parsers/wmic_qfe.hpp"

#include <re2/re2.h>

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

}  // namespace

Result<WmicQfe> parse_wmic_qfe(std::string_view text, const std::string& where, Diagnostics& diags) {
  if (auto failure = command_failure(text)) {
    return make_error(Errc::format, "wmic qfe did not run: " + *failure, where + ":1");
  }
  WmicQfe out;
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
