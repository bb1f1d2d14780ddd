// The time-state artifact (api.time): the server's clocks, its time zone in full, W32Time's configured
// time source and one SNTP measurement against it, as one JSON document (schema "migready-api-time/1",
// fields in docs/bundle-format.md, "API artifacts"). Portable: the Win32 layer fills TimeState, this file
// shapes it, so the document's layout is unit-tested natively.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/manifest.hpp"
#include "core/sntp.hpp"
#include "core/time_format.hpp"

namespace migready::collector {

// SYSTEMTIME as GetTimeZoneInformation uses it for the daylight-saving transition rules: month 0 = no
// transition; year 0 = a recurring rule ("day_of_week of week `day` (5 = last) of month, at hour:minute").
struct TransitionRule {
  unsigned year = 0, month = 0, day_of_week = 0, day = 0, hour = 0, minute = 0, second = 0;
};

struct TimeState {
  CivilTime utc;    // one reading of the clock...
  CivilTime local;  // ...as UTC and as local wall time
  TimeZoneInfo zone;
  TransitionRule standard_start, daylight_start;
  // W32Time's Parameters (read live from the registry); empty when absent or unreadable.
  std::optional<std::string> w32time_type;        // NT5DS, NTP, NoSync, AllSync
  std::optional<std::string> w32time_ntp_server;  // "time.windows.com,0x1 other,0x9"
  std::optional<std::string> w32time_error;
  // The SNTP query: which server, why that one, and the outcome.
  std::string sntp_host;
  std::uint16_t sntp_port = sntp::kDefaultPort;
  std::string sntp_chosen_by;  // "option" (--ntp-server), "w32time" (NtpServer), "default" (time.windows.com)
  std::optional<sntp::SntpOutcome> sntp;  // empty: not queried
  unsigned sntp_requests_sent = 0;
  unsigned sntp_elapsed_ms = 0;
};

// Chooses the SNTP server: --ntp-server when given, else the first NtpServer peer, else time.windows.com.
struct SntpTarget {
  std::string host;
  std::uint16_t port = sntp::kDefaultPort;
  std::string chosen_by;
};
SntpTarget choose_sntp_target(const std::optional<sntp::HostPort>& option,
                              const std::optional<std::string>& w32time_ntp_server);

std::string time_state_json(const TimeState& state);

}  // namespace migready::collector
