#include "parsers/w32tm_configuration.hpp"

#include <re2/re2.h>

#include "parsers/command_failure.hpp"
#include "parsers/text_util.hpp"

namespace migready::parsers {
namespace {

using text_util::trim;

// "[Configuration]"
const RE2& section_re() {
  static const RE2 re(R"(\[(\w+)\])");
  return re;
}
// "NtpClient (Local)"
const RE2& provider_re() {
  static const RE2 re(R"((\w+)\s*\(([^()]*)\))");
  return re;
}
// "DllName: C:\Windows\system32\w32time.dll (Local)", "FileLogName:  (Undefined or NotUsed)"
const RE2& setting_re() {
  static const RE2 re(R"((\w+):\s*(.*?)\s*\(([^()]*)\))");
  return re;
}
// "The following error occurred: The service has not been started. (0x80070426)"
const RE2& error_re() {
  static const RE2 re(R"(The following error occurred:\s*(.*?)\s*\((0x[0-9A-Fa-f]+)\)\s*)");
  return re;
}

std::optional<std::int64_t> number(const std::string& value) {
  std::int64_t n = 0;
  if (RE2::FullMatch(value, R"((\d{1,18}))", &n)) return n;
  return std::nullopt;
}

std::optional<bool> flag(const std::string& value) {
  if (value == "1") return true;
  if (value == "0") return false;
  return std::nullopt;
}

}  // namespace

Result<W32tmConfiguration> parse_w32tm_configuration(std::string_view text, const std::string& where,
                                                     Diagnostics& diags) {
  if (auto failure = command_failure(text)) {
    return make_error(Errc::format, "w32tm did not run: " + *failure, where + ":1");
  }
  W32tmConfiguration out;
  std::string section;
  W32tmProvider* provider = nullptr;
  int line_no = 0;
  const auto lines = text_util::split_lines(text);
  const bool cut = !text.empty() && text.back() != '\n';  // w32tm ends every line
  for (const std::string_view raw : lines) {
    ++line_no;
    const std::string_view line = trim(raw);
    if (line.empty()) continue;
    const re2::StringPiece piece(line.data(), line.size());
    const std::string at = where + ":" + std::to_string(line_no);
    if (cut && static_cast<std::size_t>(line_no) == lines.size() && !out.settings.empty()) {
      diags.warn(Errc::format, "w32tm output ends mid-line (truncated): last line ignored", at);
      break;
    }
    std::string a, b, c;
    if (RE2::FullMatch(piece, error_re(), &out.error, &out.error_code)) continue;
    if (RE2::FullMatch(piece, section_re(), &a)) {
      section = a;
      provider = nullptr;
      continue;
    }
    if (RE2::FullMatch(piece, setting_re(), &a, &b, &c)) {
      W32tmSetting s{section, provider != nullptr ? provider->name : "", a, b, c, line_no};
      if (provider != nullptr) {
        if (a == "Enabled") provider->enabled = flag(b);
        else if (a == "InputProvider") provider->input_provider = flag(b);
        if (provider->name == "NtpClient" && a == "Type") out.type = b;
        else if (provider->name == "NtpClient" && a == "NtpServer") out.ntp_server = b;
        else if (provider->name == "NtpClient" && a == "SpecialPollInterval") out.special_poll_interval = number(b);
      } else if (a == "AnnounceFlags") {
        out.announce_flags = number(b);
      } else if (a == "MaxPosPhaseCorrection") {
        out.max_pos_phase_correction = number(b);
      } else if (a == "MaxNegPhaseCorrection") {
        out.max_neg_phase_correction = number(b);
      }
      out.settings.push_back(std::move(s));
      continue;
    }
    if (section == "TimeProviders" && RE2::FullMatch(piece, provider_re(), &a, &b)) {
      out.providers.push_back(W32tmProvider{a, b, std::nullopt, std::nullopt, line_no});
      provider = &out.providers.back();
      continue;
    }
    diags.warn(Errc::format, "unrecognized w32tm /query /configuration line", at);
  }
  if (out.settings.empty() && out.error.empty()) {
    return make_error(Errc::format, "no 'Name: value (Source)' settings: not w32tm /query /configuration output",
                      where + ":1");
  }
  return out;
}

}  // namespace migready::parsers
