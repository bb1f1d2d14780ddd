// parse_w32tm_configuration: `w32tm /query /configuration` output (decoded to UTF-8), with or without
// /verbose, to the time service's settings and where each comes from.
//
// Like /query /status, this exists from Windows Vista and Server 2008 on: Server 2003's w32tm has no /query
// (technet.microsoft.com/en-us/library/cc756161). Sample input (Windows Server 2022, a domain member's
// provider list trimmed; tests/fixtures/w32tm_configuration/ws2022-nt5ds.txt):
//
//   [Configuration]
//
//   EventLogFlags: 2 (Local)
//   AnnounceFlags: 10 (Local)
//   MaxPosPhaseCorrection: 4294967295 (Local)
//
//   [TimeProviders]
//
//   NtpClient (Local)
//   DllName: C:\Windows\system32\w32time.dll (Local)
//   Enabled: 1 (Local)
//   SpecialPollInterval: 1024 (Local)
//   Type: NT5DS (Local)
//
//   NtpServer (Local)
//   Enabled: 0 (Local)
//
// Output: settings [{section "Configuration", provider "", name "EventLogFlags", value "2", source "Local"},
// ..., {section "TimeProviders", provider "NtpClient", name "Type", value "NT5DS", source "Local"}, ...],
// providers [{name "NtpClient", source "Local", enabled true, input_provider ...}, {name "NtpServer",
// enabled false}], and the values a migration asks about first: type "NT5DS" (NtpClient's Type: NT5DS
// follows the domain hierarchy, NTP the NtpServer list), ntp_server "" (set when NtpClient names one:
// "time.windows.com,0x9"), announce_flags 10, special_poll_interval 1024, max_pos_phase_correction and
// max_neg_phase_correction 4294967295 (no limit). The source in parentheses is "Local" (registry),
// "Policy" (Group Policy) or "Undefined or NotUsed" (/verbose); values are kept as printed, numbers also
// parsed where the named fields need them.
//
// A line that is neither a "[Section]", a "Provider (Source)" header nor a "Name: value (Source)" setting is
// a warning with its line number. "The following error occurred: The service has not been started.
// (0x80070426)" is a fact (error, error_code), not a failure. Fails when the text is a command failure
// message (not found, "Access is denied") or holds no setting and no such error. English labels; the
// setting names are registry value names, which Windows does not translate, but the sources are localized.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/result.hpp"

namespace migready::parsers {

struct W32tmSetting {
  std::string section;   // "Configuration", "TimeProviders"
  std::string provider;  // "NtpClient"; empty outside [TimeProviders]
  std::string name;      // "AnnounceFlags"
  std::string value;     // "10", "C:\Windows\system32\w32time.dll", "" when undefined
  std::string source;    // "Local", "Policy", "Undefined or NotUsed"
  int line = 0;
};

struct W32tmProvider {
  std::string name;    // "NtpClient", "NtpServer", "VMICTimeProvider"
  std::string source;  // "Local"
  std::optional<bool> enabled;
  std::optional<bool> input_provider;
  int line = 0;
};

struct W32tmConfiguration {
  std::vector<W32tmSetting> settings;
  std::vector<W32tmProvider> providers;
  std::string type;        // NtpClient's Type: "NT5DS", "NTP", "NoSync", "AllSync"
  std::string ntp_server;  // NtpClient's NtpServer, as printed
  std::optional<std::int64_t> announce_flags;
  std::optional<std::int64_t> special_poll_interval;
  std::optional<std::int64_t> max_pos_phase_correction;
  std::optional<std::int64_t> max_neg_phase_correction;
  std::string error;       // "The service has not been started."
  std::string error_code;  // "0x80070426"
};

// `where` names the source in diagnostics, e.g. "commands/w32tm_configuration.txt".
Result<W32tmConfiguration> parse_w32tm_configuration(std::string_view text, const std::string& where,
                                                     Diagnostics& diags);

}  // namespace migready::parsers
