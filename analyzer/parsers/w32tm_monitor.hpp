// parse_w32tm_monitor: `w32tm /monitor` output (decoded to UTF-8) to each domain controller's time state.
//
// Sample input (an SBS 2003 domain with a second DC; tests/fixtures/w32tm_monitor/sbs2003-two-dcs.txt):
//
//   sbs01.contoso.local *** PDC ***[192.168.16.2]:
//       ICMP: 0ms delay.
//       NTP: +0.0000000s offset from sbs01.contoso.local
//           RefID: time.windows.com [207.46.197.32]
//   dc2.contoso.local [192.168.16.3]:
//       ICMP: 1ms delay.
//       NTP: error ERROR_TIMEOUT - no response from server in 1000ms
//
// Output: servers [{name "sbs01.contoso.local", is_pdc true, address "192.168.16.2", icmp_delay_ms 0,
// ntp_offset_seconds 0.0, ntp_offset_from "sbs01.contoso.local", ref_id "time.windows.com",
// ref_id_address "207.46.197.32", line 1}, {name "dc2.contoso.local", is_pdc false, address
// "192.168.16.3", icmp_delay_ms 1, ntp_offset_seconds null, ntp_error "ERROR_TIMEOUT - no response from
// server in 1000ms", line 5}], error "".
//
// The offset is signed seconds relative to the reference the line names (the PDC, or the machine that ran
// the command). Later Windows print "[192.168.16.2:123]" (the port is dropped), "0ms delay" without the
// period, a "Stratum: N" line and a closing "Warning: Reverse name resolution is best effort..." paragraph
// (skipped). An address bracket holding an error (a name that did not resolve) is kept in address_error;
// ICMP, NTP and RefID errors in icmp_error / ntp_error / ref_id as printed.
//
// w32tm's own failure, "The following error occurred: The specified domain either does not exist or could
// not be contacted. (0x8007054B)", is a fact about the domain, not a parse failure: it is kept in `error`.
// Lines that fit no pattern are warnings with their line number; the parse still returns what it found.
// Fails only when the text is a command failure message or holds neither a server block nor such an
// error line.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/result.hpp"
#include "parsers/language.hpp"

namespace migready::parsers {

struct W32tmMonitorServer {
  std::string name;  // "sbs01.contoso.local"
  bool is_pdc = false;
  std::string address;        // "192.168.16.2"
  std::string address_error;  // the bracket's text when it holds no address
  std::optional<int> icmp_delay_ms;
  std::string icmp_error;
  std::optional<double> ntp_offset_seconds;  // signed
  std::string ntp_offset_from;               // the reference the offset is measured against
  std::string ntp_error;                     // "ERROR_TIMEOUT - no response from server in 1000ms"
  std::string ref_id;                        // "time.windows.com", "'LOCL'"
  std::string ref_id_address;                // "207.46.197.32", "0x4C4F434C"
  std::optional<int> stratum;
  int line = 0;
};

struct W32tmMonitor {
  Language language = Language::en;  // the phrase table the output was read with
  std::vector<W32tmMonitorServer> servers;
  std::string error;  // "The following error occurred: ..." text; empty when w32tm reported none
};

// `where` names the source in diagnostics, e.g. "commands/w32tm_monitor.txt".
// `expected`: the language the output should be in (nullopt: the output decides). The table is English
// only (no real localized output was found; docs/parsers.md, "Languages"): English output against a
// non-English `expected` fails naming both, and output that is not English with a non-English
// `expected` fails as unsupported.
Result<W32tmMonitor> parse_w32tm_monitor(std::string_view text, const std::string& where, Diagnostics& diags,
                                         std::optional<Language> expected = std::nullopt);

}  // namespace migready::parsers
