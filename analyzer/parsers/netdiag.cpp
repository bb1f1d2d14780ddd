#include "parsers/netdiag.hpp"

#include <re2/re2.h>

#include "contract/ascii.hpp"
#include "parsers/command_failure.hpp"
#include "parsers/support_tools_text.hpp"
#include "parsers/tool_language.hpp"

namespace migready::parsers {
namespace {

using support_tools::trim;

re2::StringPiece piece(std::string_view s) { return re2::StringPiece(s.data(), s.size()); }

// "    Computer Name: SBS01"   "    System info : Microsoft Windows Server 2003 (Build 3790)"
const RE2& host_field() {
  static const RE2 re(R"(^\s*(Computer Name|DNS Host Name|System info|Processor)\s*:\s*(.*?)\s*$)");
  return re;
}
// "    List of installed hotfixes :"
const RE2& hotfix_header() {
  static const RE2 re(R"(^\s*List of installed hotfixes\s*:\s*$)");
  return re;
}
// "        KB921883"   "        Q147222"
const RE2& hotfix_line() {
  static const RE2 re(R"(^\s+(\S+)\s*$)");
  return re;
}
// "DNS test . . . . . . . . . . . . . : Failed"   "        Host Name. . . . . . . . . : sbs01"
// (the label holds neither '.' nor ':'; the dots may be packed or spaced)
const RE2& dotted_line() {
  static const RE2 re(R"(^\s*([^\s.:][^.:]*?)\s*(?:\.\s*)+:\s*(.*?)\s*$)");
  return re;
}
// "    Adapter : Server Local Area Connection"
const RE2& adapter_line() {
  static const RE2 re(R"(^\s*Adapter\s*:\s*(.+?)\s*$)");
  return re;
}
// "    [WARNING] ..."   "    [FATAL] ..."
const RE2& tagged_line() {
  static const RE2 re(R"(^\s*\[(WARNING|FATAL)\]\s*(.*?)\s*$)");
  return re;
}
// "                                     192.168.16.3"  (a further value of the previous adapter field)
const RE2& continuation_line() {
  static const RE2 re(R"(^\s{20,}(\S+)\s*$)");
  return re;
}
// ".....................................", the progress dots netdiag prints first
const RE2& dots_line() {
  static const RE2 re(R"(^\s*\.+\s*$)");
  return re;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The result of a "<label> . . . : <value>" line, or nullopt when the line is not a test.
std::optional<NetdiagResult> test_result(const std::string& label, const std::string& value) {
  const std::string v = contract::ascii_lower(value);
  if (v == "passed with warnings") return NetdiagResult::passed_with_warnings;
  if (starts_with(v, "passed")) return NetdiagResult::passed;
  if (starts_with(v, "failed")) return NetdiagResult::failed;
  if (starts_with(v, "skipped")) return NetdiagResult::skipped;
  if (ends_with(contract::ascii_lower(label), " test")) return NetdiagResult::other;
  return std::nullopt;
}

}  // namespace

const char* netdiag_result_name(NetdiagResult result) noexcept {
  switch (result) {
    case NetdiagResult::passed: return "passed";
    case NetdiagResult::passed_with_warnings: return "passed_with_warnings";
    case NetdiagResult::failed: return "failed";
    case NetdiagResult::skipped: return "skipped";
    case NetdiagResult::other: return "other";
  }
  return "other";
}

static Result<Netdiag> read_netdiag(std::string_view text, const std::string& where, Diagnostics& diags) {
  if (auto failure = command_failure(text)) {
    return make_error(Errc::format, "netdiag did not run: " + *failure, where + ":1");
  }
  Netdiag out;
  bool in_hotfixes = false;
  bool per_interface = false;
  NetdiagAdapter* adapter = nullptr;
  std::vector<std::string>* last_list = nullptr;  // where an adapter field's continuation goes
  NetdiagTest* test = nullptr;
  const auto lines = support_tools::split_lines(text);

  for (std::size_t i = 0; i < lines.size(); ++i) {
    const int line_no = static_cast<int>(i) + 1;
    const std::string_view line = lines[i];
    if (support_tools::blank(line)) {
      in_hotfixes = false;
      continue;
    }
    const std::string_view body = trim(line);
    const re2::StringPiece p = piece(line);
    std::string a, b;

    if (in_hotfixes && RE2::FullMatch(p, hotfix_line(), &a)) {
      out.hotfixes.push_back(a);
      continue;
    }
    in_hotfixes = false;
    if (last_list != nullptr && RE2::FullMatch(p, continuation_line(), &a)) {
      last_list->push_back(a);
      continue;
    }
    last_list = nullptr;

    if (RE2::FullMatch(p, tagged_line(), &a, &b)) {
      const bool fatal = a == "FATAL";
      if (test != nullptr) (fatal ? test->fatals : test->warnings).push_back(b);
      else (fatal ? out.fatals : out.warnings).push_back(b);
      continue;
    }
    if (test == nullptr && RE2::FullMatch(p, host_field(), &a, &b)) {
      if (a == "Computer Name") out.computer_name = b;
      else if (a == "DNS Host Name") out.dns_host_name = b;
      else if (a == "System info") out.system_info = b;
      else out.processor = b;
      continue;
    }
    if (RE2::FullMatch(p, hotfix_header())) {
      in_hotfixes = true;
      continue;
    }
    if (body == "Per interface results:") {
      per_interface = true;
      adapter = nullptr;
      test = nullptr;
      continue;
    }
    if (body == "Global results:") {
      per_interface = false;
      adapter = nullptr;
      test = nullptr;
      continue;
    }
    if (body == "The command completed successfully" || body == "The command completed successfully.") {
      out.completed = true;
      test = nullptr;
      continue;
    }
    if (per_interface && RE2::FullMatch(p, adapter_line(), &a)) {
      out.adapters.push_back(NetdiagAdapter{});
      adapter = &out.adapters.back();
      adapter->name = a;
      adapter->line = line_no;
      test = nullptr;
      continue;
    }
    if (RE2::FullMatch(p, dotted_line(), &a, &b)) {
      if (auto result = test_result(a, b)) {
        NetdiagTest t;
        t.name = a;
        t.adapter = adapter != nullptr ? adapter->name : std::string();
        t.result = *result;
        t.result_text = b;
        t.line = line_no;
        if (*result == NetdiagResult::other) {
          diags.warn(Errc::format, "unrecognized netdiag result '" + b + "'", where + ":" + std::to_string(line_no));
        }
        out.tests.push_back(std::move(t));
        test = &out.tests.back();
        continue;
      }
      if (adapter != nullptr && support_tools::indent_of(line) <= 8) {
        const std::string label = contract::ascii_lower(a);
        auto add_list = [&](std::vector<std::string>& list) {
          if (!b.empty()) list.push_back(b);
          last_list = &list;
        };
        if (label == "host name") adapter->host_name = b;
        else if (label == "ip address") add_list(adapter->ip_addresses);
        else if (label == "subnet mask") add_list(adapter->subnet_masks);
        else if (label == "default gateway") add_list(adapter->default_gateways);
        else if (label == "dns servers") add_list(adapter->dns_servers);
        else if (label == "primary wins server" || label == "secondary wins server") add_list(adapter->wins_servers);
        // Other adapter fields (e.g. "Autoconfiguration IP Address") are not kept.
        continue;
      }
    }
    // A test's details: indented lines under it (the adapter's tests are indented themselves).
    if (test != nullptr && support_tools::indent_of(line) > 0) continue;
    if (RE2::FullMatch(p, dots_line())) continue;
    diags.warn(Errc::format, "unrecognized netdiag line", where + ":" + std::to_string(line_no));
  }

  if (out.computer_name.empty() && out.tests.empty()) {
    return make_error(Errc::format, "neither a computer name nor a test result: not netdiag output", where + ":1");
  }
  return out;
}

Result<Netdiag> parse_netdiag(std::string_view text, const std::string& where, Diagnostics& diags,
                              std::optional<Language> expected) {
  return parse_english_only<Netdiag>("netdiag", text, where, diags, expected, read_netdiag);
}

}  // namespace migready::parsers
