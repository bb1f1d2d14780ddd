#include "parsers/w32tm_tz.hpp"

#include <re2/re2.h>

#include "parsers/command_failure.hpp"
#include "parsers/text_util.hpp"
#include "parsers/tool_language.hpp"

namespace migready::parsers {
namespace {

using text_util::trim;

// "Time zone: Current:TIME_ZONE_ID_STANDARD Bias: -60min (UTC=LocalTime+Bias)"
const RE2& header_re() {
  static const RE2 re(R"(^Time zone:\s*Current:\s*(\S+)\s+Bias:\s*(-?\d+)\s*min\b.*$)");
  return re;
}
// "  [Standard Name:"W. Europe Standard Time" Bias:0min Date:(M:10 D:5 DoW:0)]"
const RE2& rule_re() {
  static const RE2 re(
      R"re(^\[(Standard|Daylight)\s+Name:\s*"([^"]*)"\s+Bias:\s*(-?\d+)\s*min\s+)re"
      R"re(Date:\s*\(M:\s*(\d+)\s+D:\s*(\d+)\s+DoW:\s*(\d+)\)\s*\]$)re");
  return re;
}
// "The following error occurred: The service has not been started. (0x80070426)"
const RE2& error_re() {
  static const RE2 re(R"(^The following error occurred:\s*(.*?)\s*$)");
  return re;
}


}  // namespace

static Result<W32tmTz> read_w32tm_tz(std::string_view text, const std::string& where, Diagnostics& diags) {
  if (auto failure = command_failure(text)) {
    return make_error(Errc::format, "w32tm /tz did not run: " + *failure, where + ":1");
  }
  W32tmTz out;
  bool seen = false;
  int line_no = 0;
  for (const std::string_view raw : text_util::split_lines(text)) {
    const std::string_view line = trim(raw);
    ++line_no;
    if (line.empty()) continue;
    const re2::StringPiece piece(line.data(), line.size());
    const std::string at = where + ":" + std::to_string(line_no);
    std::string current, kind, name, message;
    int bias = 0, month = 0, day = 0, dow = 0;
    if (RE2::FullMatch(piece, header_re(), &current, &bias)) {
      out.current = current;
      out.bias_minutes = bias;
      seen = true;
    } else if (RE2::FullMatch(piece, rule_re(), &kind, &name, &bias, &month, &day, &dow)) {
      W32tmTzRule& rule = kind == "Standard" ? out.standard : out.daylight;
      rule = W32tmTzRule{true, name, bias, month, day, dow};
    } else if (!seen && RE2::FullMatch(piece, error_re(), &message)) {
      return make_error(Errc::format, "w32tm /tz failed: " + message, at);
    } else if (line.front() == '[') {
      diags.warn(Errc::format, "damaged w32tm /tz zone line", at);
    } else {
      diags.warn(Errc::format, "unrecognized w32tm /tz line", at);
    }
  }
  if (!seen) return make_error(Errc::format, "no 'Time zone:' line: not w32tm /tz output", where + ":1");
  return out;
}

Result<W32tmTz> parse_w32tm_tz(std::string_view text, const std::string& where, Diagnostics& diags,
                               std::optional<Language> expected) {
  return parse_english_only<W32tmTz>("w32tm /tz", text, where, diags, expected, read_w32tm_tz);
}

}  // namespace migready::parsers
