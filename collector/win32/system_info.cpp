#include "win32/system_info.hpp"

#include <windows.h>
#include <lm.h>
#include <sddl.h>

#include <vector>

#include "win32/wide.hpp"

namespace migready::collector::win32 {
namespace {

std::string fixed_string(const wchar_t* text, std::size_t capacity) {
  std::size_t n = 0;
  while (n < capacity && text[n] != L'\0') ++n;
  return to_utf8(std::wstring_view(text, n));
}

CivilTime civil(const SYSTEMTIME& st) {
  return {st.wYear, st.wMonth, st.wDay, st.wHour, st.wMinute, st.wSecond, st.wMilliseconds};
}

// "DOMAIN\name" (or "name" when the domain is empty), or nullopt when the SID does not resolve.
std::optional<std::string> account_name(PSID sid) {
  wchar_t name[256];
  wchar_t domain[256];
  DWORD name_length = 256;
  DWORD domain_length = 256;
  SID_NAME_USE use;
  if (!LookupAccountSidW(nullptr, sid, name, &name_length, domain, &domain_length, &use)) return std::nullopt;
  std::wstring full = domain_length > 0 ? std::wstring(domain, domain_length) + L"\\" : std::wstring();
  full += std::wstring(name, name_length);
  return to_utf8(full);
}

std::string sid_string(PSID sid) {
  LPWSTR text = nullptr;
  if (!ConvertSidToStringSidW(sid, &text)) return {};
  std::string out = to_utf8(text);
  LocalFree(text);
  return out;
}

std::vector<BYTE> token_information(HANDLE token, TOKEN_INFORMATION_CLASS which) {
  DWORD needed = 0;
  GetTokenInformation(token, which, nullptr, 0, &needed);
  if (needed == 0) return {};
  std::vector<BYTE> buffer(needed);
  if (!GetTokenInformation(token, which, buffer.data(), needed, &needed)) return {};
  return buffer;
}

// One GetLocaleInfoW string of the user's default locale; "" when the call fails. 80 characters is the
// largest any of the LCTYPEs read here may be (LOCALE_SSHORTDATE's documented maximum, with the null).
std::string user_locale_string(LCTYPE type) {
  wchar_t buffer[80];
  const int n = GetLocaleInfoW(LOCALE_USER_DEFAULT, type, buffer, 80);
  if (n <= 0) return {};
  return fixed_string(buffer, static_cast<std::size_t>(n));
}

using RtlGetVersionFn = LONG(WINAPI*)(OSVERSIONINFOEXW*);

}  // namespace

Instant now() {
  FILETIME ft;
  GetSystemTimeAsFileTime(&ft);
  SYSTEMTIME utc;
  SYSTEMTIME local;
  FileTimeToSystemTime(&ft, &utc);
  if (!SystemTimeToTzSpecificLocalTime(nullptr, &utc, &local)) local = utc;
  return {civil(utc), civil(local)};
}

HostInfo query_host() {
  HostInfo host;
  wchar_t name[MAX_COMPUTERNAME_LENGTH + 1];
  DWORD length = MAX_COMPUTERNAME_LENGTH + 1;
  if (GetComputerNameW(name, &length)) host.computer_name = to_utf8(std::wstring_view(name, length));

  wchar_t dns[256];
  length = 256;
  if (GetComputerNameExW(ComputerNameDnsDomain, dns, &length) && length > 0) {
    host.dns_domain = to_utf8(std::wstring_view(dns, length));
  }

  LPWSTR join_name = nullptr;
  NETSETUP_JOIN_STATUS status = NetSetupUnknownStatus;
  if (NetGetJoinInformation(nullptr, &join_name, &status) == NERR_Success) {
    if ((status == NetSetupDomainName || status == NetSetupWorkgroupName) && join_name != nullptr &&
        join_name[0] != L'\0') {
      host.netbios_domain = to_utf8(join_name);
    }
    if (join_name != nullptr) NetApiBufferFree(join_name);
  }

  OSVERSIONINFOEXW version{};
  version.dwOSVersionInfoSize = sizeof version;
  bool have_version = false;
  // RtlGetVersion is not subject to the compatibility shims that make GetVersionExW lie on newer systems.
  if (const HMODULE ntdll = GetModuleHandleW(L"ntdll.dll"); ntdll != nullptr) {
    const FARPROC proc = GetProcAddress(ntdll, "RtlGetVersion");
    if (proc != nullptr) {
      const auto rtl_get_version = reinterpret_cast<RtlGetVersionFn>(reinterpret_cast<void (*)()>(proc));
      have_version = rtl_get_version(&version) == 0;
    }
  }
  if (!have_version) {
    version = OSVERSIONINFOEXW{};
    version.dwOSVersionInfoSize = sizeof version;
    have_version = GetVersionExW(reinterpret_cast<OSVERSIONINFOW*>(&version)) != FALSE;
  }
  if (have_version) {
    host.os.major = version.dwMajorVersion;
    host.os.minor = version.dwMinorVersion;
    host.os.build = version.dwBuildNumber;
    host.os.service_pack = fixed_string(version.szCSDVersion, 128);
    host.os.sp_major = version.wServicePackMajor;
    host.os.sp_minor = version.wServicePackMinor;
    host.os.product_type = version.wProductType;
    host.os.suite_mask = version.wSuiteMask;
  }

  SYSTEM_INFO system{};
  GetNativeSystemInfo(&system);
  switch (system.wProcessorArchitecture) {
    case PROCESSOR_ARCHITECTURE_INTEL: host.os.arch = Arch::x86; break;
    case PROCESSOR_ARCHITECTURE_AMD64: host.os.arch = Arch::x64; break;
    case PROCESSOR_ARCHITECTURE_IA64: host.os.arch = Arch::ia64; break;
    default: host.os.arch = Arch::unknown; break;
  }
  host.ansi_code_page = GetACP();
  host.oem_code_page = GetOEMCP();
  return host;
}

TimeZoneInfo query_time_zone() {
  TimeZoneInfo zone;
  TIME_ZONE_INFORMATION info{};
  const DWORD rc = GetTimeZoneInformation(&info);
  switch (rc) {
    case TIME_ZONE_ID_UNKNOWN: zone.state = TimeZoneState::none; break;  // the zone has no daylight saving
    case TIME_ZONE_ID_STANDARD: zone.state = TimeZoneState::standard; break;
    case TIME_ZONE_ID_DAYLIGHT: zone.state = TimeZoneState::daylight; break;
    default: zone.state = TimeZoneState::unknown; return zone;
  }
  zone.bias_minutes = info.Bias;
  zone.standard_name = fixed_string(info.StandardName, 32);
  zone.standard_bias_minutes = info.StandardBias;
  zone.daylight_name = fixed_string(info.DaylightName, 32);
  zone.daylight_bias_minutes = info.DaylightBias;
  return zone;
}

UserInfo query_user() {
  UserInfo user;
  HANDLE token = nullptr;
  if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) return user;
  const std::vector<BYTE> user_buffer = token_information(token, TokenUser);
  if (!user_buffer.empty()) {
    const auto* token_user = reinterpret_cast<const TOKEN_USER*>(user_buffer.data());
    user.sid = sid_string(token_user->User.Sid);
    user.name = account_name(token_user->User.Sid).value_or(user.sid);
  }
  const std::vector<BYTE> group_buffer = token_information(token, TokenGroups);
  if (!group_buffer.empty()) {
    const auto* groups = reinterpret_cast<const TOKEN_GROUPS*>(group_buffer.data());
    for (DWORD i = 0; i < groups->GroupCount; ++i) {
      const SID_AND_ATTRIBUTES& entry = groups->Groups[i];
      GroupInfo group;
      group.sid = sid_string(entry.Sid);
      if (group.sid.empty()) continue;
      group.name = account_name(entry.Sid);
      group.enabled = (entry.Attributes & SE_GROUP_ENABLED) != 0 && (entry.Attributes & SE_GROUP_USE_FOR_DENY_ONLY) == 0;
      user.groups.push_back(std::move(group));
    }
  }
  CloseHandle(token);
  return user;
}

LocaleInfo query_locale() {
  LocaleInfo locale;
  locale.system_lcid = GetSystemDefaultLCID();
  locale.user_lcid = GetUserDefaultLCID();
  locale.system_ui_language = GetSystemDefaultUILanguage();
  locale.user_ui_language = GetUserDefaultUILanguage();
  DateTimeConventions& c = locale.user;
  c.short_date = user_locale_string(LOCALE_SSHORTDATE);
  c.long_date = user_locale_string(LOCALE_SLONGDATE);
  c.time_format = user_locale_string(LOCALE_STIMEFORMAT);
  c.date_separator = user_locale_string(LOCALE_SDATE);
  c.time_separator = user_locale_string(LOCALE_STIME);
  c.am = user_locale_string(LOCALE_S1159);
  c.pm = user_locale_string(LOCALE_S2359);
  c.decimal = user_locale_string(LOCALE_SDECIMAL);
  c.thousands = user_locale_string(LOCALE_STHOUSAND);
  // "0" (Monday) to "6" (Sunday).
  const std::string first = user_locale_string(LOCALE_IFIRSTDAYOFWEEK);
  if (first.size() == 1 && first[0] >= '0' && first[0] <= '6') {
    c.first_day_of_week = static_cast<std::uint32_t>(first[0] - '0');
  }
  return locale;
}

std::string command_line() { return to_utf8(GetCommandLineW()); }

}  // namespace migready::collector::win32
