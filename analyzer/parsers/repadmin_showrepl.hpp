// parse_repadmin_showrepl: `repadmin /showrepl` output (Windows Server 2003 Support Tools, decoded to
// UTF-8) to the DC's replication partners per naming context.
//
// Sample input (trimmed; tests/fixtures/repadmin_showrepl/two-dcs-rpc-failure.txt):
//
//   Default-First-Site-Name\SBS01
//   DC Options: IS_GC
//   Site Options: (none)
//   DC object GUID: 0f6d2c51-8a3e-4b7d-9c21-5e4f3a2b1c0d
//   DC invocationID: 0f6d2c51-8a3e-4b7d-9c21-5e4f3a2b1c0d
//
//   ==== INBOUND NEIGHBORS ======================================
//
//   DC=contoso,DC=local
//       Default-First-Site-Name\DC2 via RPC
//           DC object GUID: 5a8e1f3c-2d4b-4c6a-9e7f-1b2c3d4e5f60
//           Last attempt @ 2026-11-24 10:00:01 failed, result 1722 (0x6ba):
//               The RPC server is unavailable.
//           12 consecutive failure(s).
//           Last success @ 2026-10-01 08:00:00.
//
// Output: site "Default-First-Site-Name", dc "SBS01", dc_options "IS_GC", neighbors [{direction "inbound",
// naming_context "DC=contoso,DC=local", source_site "Default-First-Site-Name", source_dc "DC2", transport
// "RPC", last_attempt "2026-11-24 10:00:01", last_attempt_iso "2026-11-24T10:00:01", succeeded false,
// result_code 1722, result_message "The RPC server is unavailable.", consecutive_failures 12,
// last_success "2026-10-01 08:00:00", last_success_iso "2026-10-01T08:00:00"}].
//
// Times are kept as printed; the *_iso twin is set when the text is "YYYY-MM-DD HH:MM:SS" (or the older
// "HH:MM.SS"), read as the server's local time, else null ("(never)", other locales). A single-DC domain
// (SBS) prints no neighbor after the INBOUND header: an empty list is normal, not an error. Neighbors under
// "==== OUTBOUND NEIGHBORS FOR CHANGE NOTIFICATIONS ====" have direction "outbound"; the "KCC CONNECTION
// OBJECTS" section (/all) is skipped. The closing summary "Source: Site\DC2 / ******* 12 CONSECUTIVE
// FAILURES since <time> / Last error: 1722 (0x6ba): / <message>" becomes failure_summaries. Lines such as
// "DsBindWithCred to DC2 failed with status 1722 (0x6ba):" or "[...repinfo.c, 482] LDAP error 81 (Server
// Down) Win32 Err 58." are kept in errors. Other lines are warnings `where:LINE`.
//
// Fails when the text is a command failure message, or has no "Site\DC" header: with errors, the first of
// them is the error (repadmin could not bind), else it is not /showrepl output.
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

struct ReplNeighbor {
  std::string direction;       // "inbound" or "outbound"
  std::string naming_context;  // "DC=contoso,DC=local"
  std::string source_site;     // "Default-First-Site-Name"
  std::string source_dc;       // "DC2"; for a deleted partner, what repadmin printed ("<guid> (deleted DSA)")
  bool source_deleted = false;
  std::string transport;  // "RPC", "SMTP"
  std::string object_guid;
  std::string last_attempt;  // as printed, "2026-11-24 10:00:01", "(never)"
  std::optional<std::string> last_attempt_iso;
  std::optional<bool> succeeded;  // nullopt: no "Last attempt" line (output cut off)
  std::optional<std::int64_t> result_code;
  std::string result_message;
  int consecutive_failures = 0;
  std::string last_success;
  std::optional<std::string> last_success_iso;
  int line = 0;  // the "Site\DC via RPC" line
};

struct ReplFailureSummary {
  std::string source;  // "Default-First-Site-Name\DC2"
  int consecutive_failures = 0;
  std::string since;
  std::optional<std::string> since_iso;
  std::optional<std::int64_t> last_error_code;
  std::string last_error_message;
  int line = 0;
};

struct RepadminShowrepl {
  Language language = Language::en;  // the phrase table the output was read with
  std::string site;
  std::string dc;
  std::string dc_options;    // "IS_GC", "(none)"
  std::string site_options;  // "(none)"
  std::string dc_object_guid;
  std::string dc_invocation_id;
  std::vector<ReplNeighbor> neighbors;
  std::vector<ReplFailureSummary> failure_summaries;
  std::vector<std::string> errors;
};

// `where` names the source in diagnostics, e.g. "commands/repadmin_showrepl.txt".
// `expected`: the language the output should be in (nullopt: the output decides). The table is English
// only: the Windows Server 2003 Support Tools print English whatever the UI language, and no real
// localized output (they are localized from Windows Server 2008 on) was found (docs/parsers.md,
// "Languages"). English output against a non-English `expected` fails naming both; so does a localized
// header the parser recognizes but cannot read.
Result<RepadminShowrepl> parse_repadmin_showrepl(std::string_view text, const std::string& where, Diagnostics& diags,
                                                 std::optional<Language> expected = std::nullopt);

}  // namespace migready::parsers
