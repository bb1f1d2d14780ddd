// What the manifest says about the server, the clock and the account, read from Win32 APIs that exist on
// Windows Server 2003 SP1. Lookups that fail leave the documented "absent" value (null, "", unknown)
// rather than failing the collection.
#pragma once

#include <string>

#include "core/manifest.hpp"
#include "core/time_format.hpp"

namespace migready::collector::win32 {

struct Instant {
  CivilTime utc;
  CivilTime local;
};

// One reading of the system clock as UTC and as the server's local wall clock.
Instant now();
HostInfo query_host();
TimeZoneInfo query_time_zone();
UserInfo query_user();
// The system's and the user's languages and the user's date, time and number conventions; each field a
// lookup could not read stays "" (0 for an LCID or LANGID, null for the first day of the week).
LocaleInfo query_locale();
// GetCommandLineW as UTF-8.
std::string command_line();

}  // namespace migready::collector::win32
