// parse_w32tm_status: `w32tm /query /status` output (decoded to UTF-8), with or without /verbose, to the time
// service's view of its own synchronization.
//
// w32tm gained /query in Windows Vista and Server 2008; Server 2003's w32tm has /monitor, /resync, /tz and
// /config but no /query (technet.microsoft.com/en-us/library/cc756161, "W32tm", Windows Server 2003), so on
// an SBS 2003 this output comes from a newer machine of the domain or a later Windows. Sample input
// (a domain member, tests/fixtures/w32tm_status/domain-member-synced.txt):
//
//   Leap Indicator: 0(no warning)
//   Stratum: 4 (secondary reference - syncd by (S)NTP)
//   Precision: -23 (119.209ns per tick)
//   Root Delay: 0.0475434s
//   Root Dispersion: 14.8991085s
//   ReferenceId: 0xC0A803E3 (source IP:  192.168.3.227)
//   Last Successful Sync Time: 7/15/2019 1:21:37 PM
//   Source: DC1.domain.local
//   Poll Interval: 10 (1024s)
//
// Output: leap_indicator 0, leap_text "no warning", stratum 4, precision -23, root_delay_seconds 0.0475434,
// root_dispersion_seconds 14.8991085, reference_id "0xC0A803E3", reference "source IP:  192.168.3.227",
// last_sync_text "7/15/2019 1:21:37 PM" (the host's local clock in its own date format: kept as text),
// source "DC1.domain.local", poll_interval 10, poll_interval_seconds 1024. Never synchronized: leap_text
// "not synchronized", stratum 0, last_sync_text "unspecified", source "Local CMOS Clock". /verbose adds
// "Phase Offset", "ClockRate", "State Machine: 1 (Hold)", "Last Sync Error: 2 (...)" and "Time since Last
// Good Sync Time: 2820.1997480s", kept when present. A "Name: value" line this parser does not know ("Time
// Source Flags", "Server Role", later additions) is recognised and skipped quietly; any other line is a
// warning with its line number.
//
// w32tm ends every line, so a last line without its end is a truncation: a warning, and the line is ignored
// (its value may be cut). The service not running is a fact, not a parse failure: "The following error occurred: The service has
// not been started. (0x80070426)" gives error "The service has not been started.", error_code
// "0x80070426". Fails when the text is a command failure message (not found, "Access is denied") or holds
// neither a status line nor such an error.
//
// Languages: English, German, French and Japanese, each from real outputs (tests/fixtures/w32tm_status/
// SOURCES.md; Japanese without /verbose). The leap indicator's label, w32tm's first line, names the language
// ("Sprungindikator: 0(keine Warnung)", "Indicateur de dérive : 0(Aucun avertissement)", "閏インジケーター: 0
// (警告なし)"); the values are read alike, their parenthesised notes kept as printed ("keine Warnung"), the sync
// time as text in the host's own date format. French puts a space before every colon. The error line is known
// in English only.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/diagnostics.hpp"
#include "core/result.hpp"
#include "parsers/language.hpp"

namespace migready::parsers {

struct W32tmStatus {
  Language language = Language::en;   // the phrase table the output was read with
  std::optional<int> leap_indicator;  // 0 no warning .. 3 not synchronized
  std::string leap_text;              // "no warning", "not synchronized"
  std::optional<int> stratum;         // 0: unspecified (never synchronized)
  std::optional<int> precision;       // log2 seconds per tick
  std::optional<double> root_delay_seconds;
  std::optional<double> root_dispersion_seconds;
  std::string reference_id;    // "0xC0A803E3"
  std::string reference;       // what follows it in parentheses: "source IP:  192.168.3.227", "unspecified"
  std::string last_sync_text;  // as printed: "7/15/2019 1:21:37 PM", "unspecified"
  std::string source;          // "DC1.domain.local", "time.windows.com,0x9", "Local CMOS Clock"
  std::optional<int> poll_interval;          // log2 seconds
  std::optional<int> poll_interval_seconds;  // the "(1024s)"
  // /verbose only
  std::optional<double> phase_offset_seconds;
  std::optional<int> state_machine;  // 0 Unset, 1 Hold, 2 Sync, 3 Spike
  std::string state_machine_text;
  std::optional<int> last_sync_error;  // 0 success, 1 no data, 2 stale data, ...
  std::string last_sync_error_text;
  std::optional<double> seconds_since_last_good_sync;
  // the service did not answer
  std::string error;       // "The service has not been started."
  std::string error_code;  // "0x80070426"
};

// `where` names the source in diagnostics, e.g. "commands/w32tm_status.txt".
// `expected`: the language the output should be in (nullopt: the output decides). Output whose leap
// indicator label is in another language fails naming both; an `expected` language without a table (no real
// sample of it was found: docs/parsers.md, "Languages") fails as unsupported.
Result<W32tmStatus> parse_w32tm_status(std::string_view text, const std::string& where, Diagnostics& diags,
                                       std::optional<Language> expected = std::nullopt);

}  // namespace migready::parsers
