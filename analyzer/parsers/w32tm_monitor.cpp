#include "parsers/w32tm_monitor.hpp"

#include <re2/re2.h>

#include <charconv>

#include "parsers/command_failure.hpp"
#include "parsers/text_util.hpp"
#include "parsers/tool_language.hpp"

namespace migready::parsers {
namespace {

using text_util::trim;

// "sbs01.contoso.local *** PDC ***[192.168.16.2]:"   "dc2.contoso.local [192.168.16.3:123]:"
const RE2& server_re() {
  static const RE2 re(R"(^(\S+)\s*(\*\*\* PDC \*\*\*)?\s*\[([^\]]*)\]:?\s*$)");
  return re;
}
const RE2& ipv4_port_re() {
  static const RE2 re(R"(^(\d+\.\d+\.\d+\.\d+)(?::\d+)?$)");
  return re;
}
const RE2& icmp_re() {
  static const RE2 re(R"(^ICMP:\s*(\d+)\s*ms delay\.?$)");
  return re;
}
const RE2& ntp_re() {
  static const RE2 re(R"(^NTP:\s*([+-]?\d+(?:\.\d+)?)s offset from\s*(.*)$)");
  return re;
}
const RE2& error_re() {  // "ICMP: error IP_REQ_TIMED_OUT - no response in 1000ms"
  static const RE2 re(R"(^(ICMP|NTP):\s*error\s*(.*)$)");
  return re;
}
const RE2& refid_re() {  // "RefID: time.windows.com [207.46.197.32]"   "RefID: 'LOCL' [0x4C4F434C]"
  static const RE2 re(R"(^RefID:\s*(.*?)(?:\s*\[([^\]]*)\])?$)");
  return re;
}
const RE2& stratum_re() {
  static const RE2 re(R"(^Stratum:\s*(\d+)$)");
  return re;
}
const RE2& failure_re() {
  static const RE2 re(R"(^The following error occurred:\s*(.*)$)");
  return re;
}


std::optional<double> to_double(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double d = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
  return d;
}

}  // namespace

static Result<W32tmMonitor> read_w32tm_monitor(std::string_view text, const std::string& where, Diagnostics& diags) {
  if (auto failure = command_failure(text)) {
    return make_error(Errc::format, "w32tm /monitor did not run: " + *failure, where + ":1");
  }
  W32tmMonitor out;
  bool seen = false;
  bool in_prose = false;  // inside the closing "Warning:" paragraph
  int line_no = 0;
  for (const std::string_view raw : text_util::split_lines(text)) {
    ++line_no;
    const std::string_view line = trim(raw);
    if (line.empty()) {
      in_prose = false;
      continue;
    }
    if (in_prose) continue;
    const re2::StringPiece piece(line.data(), line.size());
    const bool indented = raw.front() == ' ' || raw.front() == '\t';
    W32tmMonitorServer* server = out.servers.empty() ? nullptr : &out.servers.back();
    std::string a, b, c;
    int n = 0;
    if (!indented && RE2::FullMatch(piece, server_re(), &a, &b, &c)) {
      W32tmMonitorServer s;
      s.name = a;
      s.is_pdc = !b.empty();
      std::string ip;
      if (RE2::FullMatch(c, ipv4_port_re(), &ip)) s.address = ip;
      else if (c.find("rror") != std::string::npos) s.address_error = c;
      else s.address = c;
      s.line = line_no;
      out.servers.push_back(std::move(s));
      seen = true;
      continue;
    }
    if (!indented && line == "Warning:") {
      in_prose = true;
      continue;
    }
    if (!indented && RE2::FullMatch(piece, failure_re(), &a)) {
      out.error = a;
      seen = true;
      continue;
    }
    if (indented && server != nullptr) {
      if (RE2::FullMatch(piece, icmp_re(), &n)) {
        server->icmp_delay_ms = n;
        continue;
      }
      if (RE2::FullMatch(piece, ntp_re(), &a, &b)) {
        server->ntp_offset_seconds = to_double(a);
        server->ntp_offset_from = b;
        continue;
      }
      if (RE2::FullMatch(piece, error_re(), &a, &b)) {
        (a == "ICMP" ? server->icmp_error : server->ntp_error) = b;
        continue;
      }
      if (RE2::FullMatch(piece, refid_re(), &a, &b)) {
        server->ref_id = a;
        server->ref_id_address = b;
        continue;
      }
      if (RE2::FullMatch(piece, stratum_re(), &n)) {
        server->stratum = n;
        continue;
      }
    }
    diags.warn(Errc::format, "unrecognized w32tm /monitor line", where + ":" + std::to_string(line_no));
  }
  if (!seen) {
    return make_error(Errc::format, "no server block nor w32tm error: not w32tm /monitor output", where + ":1");
  }
  return out;
}

Result<W32tmMonitor> parse_w32tm_monitor(std::string_view text, const std::string& where, Diagnostics& diags,
                                         std::optional<Language> expected) {
  return parse_english_only<W32tmMonitor>("w32tm /monitor", text, where, diags, expected, read_w32tm_monitor);
}

}  // namespace migready::parsers
