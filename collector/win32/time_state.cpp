#include "win32/time_state.hpp"

#include <windows.h>

#include <vector>

#include "win32/sntp_client.hpp"
#include "win32/system_info.hpp"
#include "win32/unique.hpp"
#include "win32/registry_view.hpp"
#include "win32/wide.hpp"

namespace migready::collector::win32 {
namespace {

TransitionRule rule_from(const SYSTEMTIME& t) {
  return {t.wYear, t.wMonth, t.wDayOfWeek, t.wDay, t.wHour, t.wMinute, t.wSecond};
}

// A REG_SZ / REG_EXPAND_SZ value of an open key, or the Win32 error.
std::optional<std::string> read_string(HKEY key, const wchar_t* name, LONG& error) {
  DWORD type = 0;
  DWORD size = 0;
  error = RegQueryValueExW(key, name, nullptr, &type, nullptr, &size);
  if (error != ERROR_SUCCESS) return std::nullopt;
  if ((type != REG_SZ && type != REG_EXPAND_SZ) || size > 64 * 1024) {
    error = ERROR_INVALID_DATA;
    return std::nullopt;
  }
  std::vector<wchar_t> buffer(size / sizeof(wchar_t) + 1, L'\0');
  DWORD got = size;
  error = RegQueryValueExW(key, name, nullptr, &type, reinterpret_cast<BYTE*>(buffer.data()), &got);
  if (error != ERROR_SUCCESS) return std::nullopt;
  buffer[std::min<std::size_t>(got / sizeof(wchar_t), buffer.size() - 1)] = L'\0';
  return to_utf8(std::wstring_view(buffer.data()));
}

void read_w32time(TimeState& state) {
  UniqueKey key;
  const LONG open = RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Services\\W32Time\\Parameters", 0,
                                  kRegQuery, key.out());
  if (open != ERROR_SUCCESS) {
    state.w32time_error = "W32Time\\Parameters: " + error_text(static_cast<DWORD>(open));
    return;
  }
  LONG error = 0;
  state.w32time_type = read_string(key.get(), L"Type", error);
  state.w32time_ntp_server = read_string(key.get(), L"NtpServer", error);
}

}  // namespace

TimeState read_time_state(const std::optional<sntp::HostPort>& ntp_server, unsigned timeout_ms) {
  TimeState state;
  const Instant instant = now();
  state.utc = instant.utc;
  state.local = instant.local;
  state.zone = query_time_zone();
  TIME_ZONE_INFORMATION info{};
  if (GetTimeZoneInformation(&info) != TIME_ZONE_ID_INVALID) {
    state.standard_start = rule_from(info.StandardDate);
    state.daylight_start = rule_from(info.DaylightDate);
  }
  read_w32time(state);
  const SntpTarget target = choose_sntp_target(ntp_server, state.w32time_ntp_server);
  state.sntp_host = target.host;
  state.sntp_port = target.port;
  state.sntp_chosen_by = target.chosen_by;
  const SntpQueryResult result = query_sntp(target.host, target.port, timeout_ms);
  state.sntp = result.outcome;
  state.sntp_requests_sent = result.requests_sent;
  state.sntp_elapsed_ms = result.elapsed_ms;
  return state;
}

}  // namespace migready::collector::win32
