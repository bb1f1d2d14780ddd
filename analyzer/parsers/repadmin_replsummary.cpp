#include "parsers/repadmin_replsummary.hpp"

#include <re2/re2.h>

#include "parsers/command_failure.hpp"
#include "parsers/support_tools_text.hpp"
#include "parsers/tool_language.hpp"

namespace migready::parsers {
namespace {

using support_tools::trim;

re2::StringPiece piece(std::string_view s) { return re2::StringPiece(s.data(), s.size()); }

constexpr std::int64_t kSixtyDays = 60LL * 24 * 3600;

// "Replication Summary Start Time: 2026-11-25 15:30:11"
const RE2& start_time() {
  static const RE2 re(R"(^\s*Replication Summary Start Time:\s*(.*?)\s*$)");
  return re;
}
// "Source DC           largest delta  fails/total  %%   error"   ("Destination DSA ..." in later builds)
const RE2& table_header() {
  static const RE2 re(R"(^\s*(Source|Destination)\s+(?:DC|DSA)\s+largest delta\s+fails/total.*$)");
  return re;
}
// " SBS01                     05m:12s    0 /   5    0"
// " DC2                      >60 days    5 /   5  100  (1722) The RPC server is unavailable."
const RE2& table_row() {
  static const RE2 re(
      R"(^\s*(\S+)\s+(>\s*60\s+days|\S+)\s+(\d+)\s*/\s*(\d+)\s+(\d+)(?:\s+\((-?\d+)\)\s*(.*?))?\s*$)");
  return re;
}
// "          58 - dc2.contoso.local"
const RE2& operational_error() {
  static const RE2 re(R"(^\s*(-?\d+)\s+-\s+(\S+)\s*$)");
  return re;
}
const RE2& dots_line() {
  static const RE2 re(R"(^\s*\.+\s*$)");
  return re;
}

enum class Part { preamble, source, destination, operational };

}  // namespace

std::optional<std::int64_t> replsummary_delta_seconds(std::string_view printed) {
  std::int64_t total = 0;
  bool any = false;
  std::int64_t number = -1;
  for (char c : trim(printed)) {
    if (c >= '0' && c <= '9') {
      if (number < 0) number = 0;
      if (number > 1'000'000'000) return std::nullopt;
      number = number * 10 + (c - '0');
      continue;
    }
    std::int64_t unit = 0;
    if (c == 'd') unit = 86400;
    else if (c == 'h') unit = 3600;
    else if (c == 'm') unit = 60;
    else if (c == 's') unit = 1;
    if (unit != 0) {
      if (number < 0) return std::nullopt;
      total += number * unit;
      if (total > kSixtyDays * 1000) return std::nullopt;
      number = -1;
      any = true;
      continue;
    }
    if ((c == ':' || c == '.') && number < 0) continue;  // separators sit between a unit and a number
    return std::nullopt;
  }
  if (!any || number >= 0) return std::nullopt;
  return total;
}

static Result<RepadminReplsummary> read_repadmin_replsummary(std::string_view text, const std::string& where,
                                                             Diagnostics& diags) {
  if (auto failure = command_failure(text)) {
    return make_error(Errc::format, "repadmin /replsummary did not run: " + *failure, where + ":1");
  }
  RepadminReplsummary out;
  bool seen_start = false;
  bool seen_table = false;
  Part part = Part::preamble;
  const auto lines = support_tools::split_lines(text);

  for (std::size_t i = 0; i < lines.size(); ++i) {
    const int line_no = static_cast<int>(i) + 1;
    const std::string_view line = lines[i];
    if (support_tools::blank(line)) continue;
    const std::string_view body = trim(line);
    const re2::StringPiece p = piece(line);
    const std::string at = where + ":" + std::to_string(line_no);
    std::string a, b, c;

    if (RE2::FullMatch(p, start_time(), &a)) {
      seen_start = true;
      out.start_time = a;
      out.start_time_iso = support_tools::iso_local_time(a);
      continue;
    }
    if (body.rfind("Beginning data collection for replication summary", 0) == 0) continue;
    if (RE2::FullMatch(p, dots_line())) continue;
    if (RE2::FullMatch(p, table_header(), &a)) {
      seen_table = true;
      part = a == "Source" ? Part::source : Part::destination;
      continue;
    }
    if (body.rfind("Experienced the following operational errors", 0) == 0) {
      part = Part::operational;
      continue;
    }
    if (part == Part::source || part == Part::destination) {
      ReplsummaryRow row;
      std::string code_text;
      if (RE2::FullMatch(p, table_row(), &row.dc, &a, &row.fails, &row.total, &row.percent, &code_text,
                         &row.error_message)) {
        row.largest_delta = a;
        row.line = line_no;
        if (a.front() == '>') {
          row.largest_delta_seconds = kSixtyDays;
          row.largest_delta_at_least = true;
        } else {
          row.largest_delta_seconds = replsummary_delta_seconds(a);
          if (!row.largest_delta_seconds) diags.warn(Errc::format, "unrecognized largest delta '" + a + "'", at);
        }
        std::int64_t value = 0;
        if (!code_text.empty() && RE2::FullMatch(code_text, "(-?\\d+)", &value)) row.error_code = value;
        (part == Part::source ? out.source : out.destination).push_back(std::move(row));
        continue;
      }
    }
    if (part == Part::operational) {
      ReplsummaryOperationalError err;
      if (RE2::FullMatch(p, operational_error(), &err.code, &err.dc)) {
        err.line = line_no;
        out.operational_errors.push_back(std::move(err));
        continue;
      }
    }
    diags.warn(Errc::format, "unrecognized repadmin /replsummary line", at);
  }

  if (!seen_start && !seen_table) {
    return make_error(Errc::format, "neither the start time nor a table: not repadmin /replsummary output",
                      where + ":1");
  }
  return out;
}

Result<RepadminReplsummary> parse_repadmin_replsummary(std::string_view text, const std::string& where,
                                                       Diagnostics& diags, std::optional<Language> expected) {
  return parse_english_only<RepadminReplsummary>("repadmin /replsummary", text, where, diags, expected,
                                                 read_repadmin_replsummary);
}

}  // namespace migready::parsers
