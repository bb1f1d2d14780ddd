// Reads the time state (core/time_state.hpp) from Win32: the clock, GetTimeZoneInformation in full,
// W32Time's Parameters from the registry (read-only), and one SNTP query (win32/sntp_client). Never sets
// the clock.
#pragma once

#include <optional>

#include "core/sntp.hpp"
#include "core/time_state.hpp"

namespace migready::collector::win32 {

// `ntp_server`: the --ntp-server option, if given. `timeout_ms`: the SNTP wait.
TimeState read_time_state(const std::optional<sntp::HostPort>& ntp_server, unsigned timeout_ms);

}  // namespace migready::collector::win32
