// parse_repadmin_replsummary: `repadmin /replsummary` output (Windows Server 2003 Support Tools, decoded to
// UTF-8) to the source and destination tables and the DCs repadmin could not reach.
//
// Sample input (trimmed; tests/fixtures/repadmin_replsummary/two-dcs-rpc-failure.txt):
//
//   Replication Summary Start Time: 2026-11-25 15:30:11
//
//   Beginning data collection for replication summary, this may take awhile:
//     .....
//
//   Source DC           largest delta  fails/total  %%   error
//    SBS01                     05m:12s    0 /   5    0
//    DC2                      >60 days    5 /   5  100  (1722) The RPC server is unavailable.
//
//   Destination DC    largest delta    fails/total  %%   error
//    SBS01                    >60 days    5 /   5  100  (1722) The RPC server is unavailable.
//
//   Experienced the following operational errors trying to retrieve replication information:
//             58 - dc2.contoso.local
//
// Output: start_time "2026-11-25 15:30:11" (start_time_iso "2026-11-25T15:30:11"), source [{dc "SBS01",
// largest_delta "05m:12s", largest_delta_seconds 312, fails 0, total 5, percent 0}, {dc "DC2",
// largest_delta ">60 days", largest_delta_seconds 5184000, largest_delta_at_least true, fails 5, total 5,
// percent 100, error_code 1722, error_message "The RPC server is unavailable."}], destination [...],
// operational_errors [{code 58, dc "dc2.contoso.local"}].
//
// Deltas: "05m:12s", "03h:41m", "14d.02h:10m", ":09s" and the like (units d, h, m, s, any separators) to
// seconds; ">60 days" is 60 days with largest_delta_at_least true; any other text keeps seconds null
// and warns. Table headers say "DC" (2003) or "DSA" (later builds); "%%" is repadmin's own misprint.
// Other lines are warnings `where:LINE`.
//
// Fails only when the text is a command failure message, or holds neither the start-time line nor a table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/result.hpp"
#include "parsers/language.hpp"

namespace migready::parsers {

struct ReplsummaryRow {
  std::string dc;
  std::string largest_delta;  // as printed: "05m:12s", ">60 days"
  std::optional<std::int64_t> largest_delta_seconds;
  bool largest_delta_at_least = false;  // ">60 days": the delta is at least that
  int fails = 0;
  int total = 0;
  int percent = 0;
  std::optional<std::int64_t> error_code;  // "(1722) The RPC server is unavailable." -> 1722
  std::string error_message;
  int line = 0;
};

struct ReplsummaryOperationalError {
  std::int64_t code = 0;  // Win32 error, e.g. 58, 1722
  std::string dc;
  int line = 0;
};

struct RepadminReplsummary {
  Language language = Language::en;  // the phrase table the output was read with
  std::string start_time;
  std::optional<std::string> start_time_iso;
  std::vector<ReplsummaryRow> source;
  std::vector<ReplsummaryRow> destination;
  std::vector<ReplsummaryOperationalError> operational_errors;
};

// `where` names the source in diagnostics, e.g. "commands/repadmin_replsummary.txt".
// `expected`: the language the output should be in (nullopt: the output decides). The table is English
// only: the Windows Server 2003 Support Tools print English whatever the UI language, and no real
// localized output (they are localized from Windows Server 2008 on) was found (docs/parsers.md,
// "Languages"). English output against a non-English `expected` fails naming both; so does a localized
// header the parser recognizes but cannot read.
Result<RepadminReplsummary> parse_repadmin_replsummary(std::string_view text, const std::string& where,
                                                       Diagnostics& diags,
                                                       std::optional<Language> expected = std::nullopt);

// "05m:12s" -> 312, "03h:41m" -> 13260, "14d.02h:10m" -> 1217400; nullopt for text without units.
std::optional<std::int64_t> replsummary_delta_seconds(std::string_view printed);

}  // namespace migready::parsers
