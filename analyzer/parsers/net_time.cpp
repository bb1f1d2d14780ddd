#include "parsers/net_time.hpp"

#include <re2/re2.h>

#include "parsers/command_failure.hpp"
#include "parsers/text_util.hpp"

namespace migready::parsers {
namespace {

using text_util::trim;

// "Current time at \\SBS01 is 11/25/2026 3:30:05 PM"
const RE2& current_re() {
  static const RE2 re(R"(^Current time at \\*(\S+) is (.*?)\s*$)");
  return re;
}
// "Local time (GMT+01:00) at \\SBS01 is 11/25/2026 3:30:05 PM"
const RE2& local_re() {
  static const RE2 re(R"(^Local time \(([^)]*)\) at \\*(\S+) is (.*?)\s*$)");
  return re;
}
const RE2& system_error_re() {
  static const RE2 re(R"(^System error (\d+) has occurred\.\s*$)");
  return re;
}
const RE2& helpmsg_re() {
  static const RE2 re(R"(^More help is available by typing NET HELPMSG (\d+)\.\s*$)");
  return re;
}


}  // namespace

Result<NetTime> parse_net_time(std::string_view text, const std::string& where, Diagnostics& diags) {
  if (auto failure = command_failure(text)) {
    return make_error(Errc::format, "net time did not run: " + *failure, where + ":1");
  }
  NetTime out;
  bool seen = false;
  bool want_message = false;  // the line after "System error N has occurred." says what it was
  int line_no = 0;
  for (const std::string_view raw : text_util::split_lines(text)) {
    const std::string_view line = trim(raw);
    ++line_no;
    if (line.empty()) continue;
    const re2::StringPiece piece(line.data(), line.size());
    std::string a, b, c;
    int n = 0;
    if (RE2::FullMatch(piece, current_re(), &a, &b)) {
      out.server = a;
      out.time_text = b;
      seen = true;
    } else if (RE2::FullMatch(piece, local_re(), &a, &b, &c)) {
      out.local_zone = a;
      if (out.server.empty()) out.server = b;
      out.local_time_text = c;
      seen = true;
    } else if (line == "The command completed successfully.") {
      out.completed = true;
      seen = true;
    } else if (RE2::FullMatch(piece, system_error_re(), &n)) {
      out.system_error = n;
      want_message = true;
      seen = true;
      continue;
    } else if (RE2::FullMatch(piece, helpmsg_re(), &n)) {
      out.helpmsg = n;
      seen = true;
    } else if (line == "Could not locate a time-server.") {
      out.error = std::string(line);
      seen = true;
    } else if (want_message) {
      out.error = std::string(line);
    } else {
      diags.warn(Errc::format, "unrecognized net time line", where + ":" + std::to_string(line_no));
    }
    want_message = false;
  }
  if (out.system_error && out.error.empty()) out.error = "System error " + std::to_string(*out.system_error);
  if (!seen) {
    return make_error(Errc::format, "no 'Current time at' line nor a net time error: not net time output",
                      where + ":1");
  }
  return out;
}

}  // namespace migready::parsers
