#include "parsers/w32tm_status.hpp"

#include <re2/re2.h>

#include "contract/ascii.hpp"
#include "parsers/command_failure.hpp"
#include "parsers/text_util.hpp"
#include "parsers/tool_language.hpp"

namespace migready::parsers {
namespace {

using text_util::trim;

// "Stratum: 4 (secondary reference - syncd by (S)NTP)"   (the label holds no ':')
const RE2& field_re() {
  static const RE2 re(R"(([A-Za-z][A-Za-z ]*?)\s*:\s*(.*?)\s*)");
  return re;
}
// "0(no warning)", "4 (secondary reference ...)", "-23 (119.209ns per tick)", "10 (1024s)", "2"
const RE2& number_note_re() {
  static const RE2 re(R"((-?\d+)\s*(?:\((.*)\))?)");
  return re;
}
// "0.0475434s", "-0.0038147s", "2820.1997480s"
const RE2& seconds_re() {
  static const RE2 re(R"((-?\d+(?:\.\d+)?)s)");
  return re;
}
// "0xC0A803E3 (source IP:  192.168.3.227)", "0x4C4F434C (source name:  \"LOCL\")"
const RE2& reference_re() {
  static const RE2 re(R"((0x[0-9A-Fa-f]+)\s*(?:\((.*)\))?)");
  return re;
}
// "The following error occurred: The service has not been started. (0x80070426)"
const RE2& error_re() {
  static const RE2 re(R"(The following error occurred:\s*(.*?)\s*\((0x[0-9A-Fa-f]+)\)\s*)");
  return re;
}
// "1024s" inside the poll interval's parentheses
const RE2& poll_seconds_re() {
  static const RE2 re(R"((\d+)s)");
  return re;
}

bool number_note(const std::string& value, std::optional<int>& number, std::string* note) {
  int n = 0;
  std::string text;
  if (!RE2::FullMatch(value, number_note_re(), &n, &text)) return false;
  number = n;
  if (note != nullptr) *note = text;
  return true;
}

bool seconds(const std::string& value, std::optional<double>& out) {
  double d = 0;
  if (!RE2::FullMatch(value, seconds_re(), &d)) return false;
  out = d;
  return true;
}

}  // namespace

static Result<W32tmStatus> read_w32tm_status(std::string_view text, const std::string& where, Diagnostics& diags) {
  if (auto failure = command_failure(text)) {
    return make_error(Errc::format, "w32tm did not run: " + *failure, where + ":1");
  }
  W32tmStatus out;
  bool seen = false;
  int line_no = 0;
  const auto lines = text_util::split_lines(text);
  const bool cut = !text.empty() && text.back() != '\n';  // w32tm ends every line
  for (const std::string_view raw : lines) {
    ++line_no;
    const std::string_view line = trim(raw);
    if (line.empty()) continue;
    const re2::StringPiece piece(line.data(), line.size());
    const std::string at = where + ":" + std::to_string(line_no);
    if (cut && static_cast<std::size_t>(line_no) == lines.size() && seen) {
      diags.warn(Errc::format, "w32tm output ends mid-line (truncated): last line ignored", at);
      break;
    }
    std::string label, value;
    if (RE2::FullMatch(piece, error_re(), &out.error, &out.error_code)) {
      seen = true;
      continue;
    }
    if (!RE2::FullMatch(piece, field_re(), &label, &value)) {
      diags.warn(Errc::format, "unrecognized w32tm /query /status line", at);
      continue;
    }
    const std::string key = contract::ascii_lower(label);
    bool ok = true;
    if (key == "leap indicator") ok = number_note(value, out.leap_indicator, &out.leap_text);
    else if (key == "stratum") ok = number_note(value, out.stratum, nullptr);
    else if (key == "precision") ok = number_note(value, out.precision, nullptr);
    else if (key == "root delay") ok = seconds(value, out.root_delay_seconds);
    else if (key == "root dispersion") ok = seconds(value, out.root_dispersion_seconds);
    else if (key == "referenceid") ok = RE2::FullMatch(value, reference_re(), &out.reference_id, &out.reference);
    else if (key == "last successful sync time") out.last_sync_text = value;
    else if (key == "source") out.source = value;
    else if (key == "poll interval") {
      std::string note;
      ok = number_note(value, out.poll_interval, &note);
      int s = 0;
      if (ok && RE2::FullMatch(note, poll_seconds_re(), &s)) out.poll_interval_seconds = s;
    } else if (key == "phase offset") ok = seconds(value, out.phase_offset_seconds);
    else if (key == "state machine") ok = number_note(value, out.state_machine, &out.state_machine_text);
    else if (key == "last sync error") ok = number_note(value, out.last_sync_error, &out.last_sync_error_text);
    else if (key == "time since last good sync time") ok = seconds(value, out.seconds_since_last_good_sync);
    else {
      continue;  // a field this parser does not keep ("ClockRate", "Time Source Flags", "Server Role")
    }
    if (!ok) diags.warn(Errc::format, "unexpected value for w32tm '" + label + "'", at);
    seen = true;
  }
  if (!seen) {
    return make_error(Errc::format, "no 'Leap Indicator:', 'Source:' or error line: not w32tm /query /status output",
                      where + ":1");
  }
  return out;
}

Result<W32tmStatus> parse_w32tm_status(std::string_view text, const std::string& where, Diagnostics& diags,
                                       std::optional<Language> expected) {
  return parse_english_only<W32tmStatus>("w32tm /query /status", text, where, diags, expected, read_w32tm_status);
}

}  // namespace migready::parsers
