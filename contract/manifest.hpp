// The manifest model: manifest.json's fields as types, shared by both programs. The collector fills it and
// serializes it (collector/core/manifest.hpp); the analyzer validates manifest.json against the schema and
// parses it into the same structs (analyzer/bundle/manifest.cpp). Field meanings: docs/bundle-format.md.
//
// Each enumeration's names are one table (index = enum value), used both to write and to read, so a name
// is spelled once. Header-only, C++17, no dependencies beyond contract/artifacts.hpp (the mingw collector
// compiles it too).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contract/artifacts.hpp"  // Kind and kKindNames: the artifact table's enum is the manifest's `kind`

namespace migready::contract {

enum class Status { ok, failed, timeout, missing, denied, truncated };
enum class Format { regf, reg, text, json, evt, binary };
enum class Encoding { none, oem, ansi, utf8, utf16le, binary };  // none: the field is absent
enum class SourceType { command, registry, file, api };
enum class TimeZoneState { standard, daylight, none, unknown };
enum class Arch { x86, x64, ia64, unknown };

inline constexpr std::string_view kStatusNames[] = {"ok", "failed", "timeout", "missing", "denied", "truncated"};
inline constexpr std::string_view kFormatNames[] = {"regf", "reg", "text", "json", "evt", "binary"};
inline constexpr std::string_view kEncodingNames[] = {"", "oem", "ansi", "utf-8", "utf-16le", "binary"};
inline constexpr std::string_view kSourceTypeNames[] = {"command", "registry", "file", "api"};
inline constexpr std::string_view kTimeZoneStateNames[] = {"standard", "daylight", "none", "unknown"};
inline constexpr std::string_view kArchNames[] = {"x86", "x64", "ia64", "unknown"};
// wSuiteMask bit i (0x1 << i) is kSuiteNames[i].
inline constexpr std::string_view kSuiteNames[] = {
    "small_business", "enterprise",     "backoffice",     "communications", "terminal",    "small_business_restricted",
    "embedded_nt",    "datacenter",     "single_user_ts", "personal",       "blade",       "embedded_restricted",
    "security_appliance", "storage_server", "compute_server", "home_server"};
// OSVERSIONINFOEXW.wProductType: index = the raw value (1 workstation, 2 domain controller, 3 server).
inline constexpr std::string_view kProductTypeNames[] = {"unknown", "workstation", "domain_controller", "server"};

namespace detail {
template <typename E, std::size_t N>
constexpr std::string_view name_of(E value, const std::string_view (&names)[N]) {
  const auto i = static_cast<std::size_t>(value);
  return i < N ? names[i] : std::string_view();
}
template <typename E, std::size_t N>
constexpr std::optional<E> parse_name(std::string_view text, const std::string_view (&names)[N]) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<E>(i);
  }
  return std::nullopt;
}
}  // namespace detail

constexpr std::string_view status_name(Status v) { return detail::name_of(v, kStatusNames); }
constexpr std::string_view kind_name(Kind v) { return detail::name_of(v, kKindNames); }
constexpr std::string_view format_name(Format v) { return detail::name_of(v, kFormatNames); }
constexpr std::string_view encoding_name(Encoding v) { return detail::name_of(v, kEncodingNames); }
constexpr std::string_view source_type_name(SourceType v) { return detail::name_of(v, kSourceTypeNames); }
constexpr std::string_view time_zone_state_name(TimeZoneState v) { return detail::name_of(v, kTimeZoneStateNames); }
constexpr std::string_view arch_name(Arch v) { return detail::name_of(v, kArchNames); }
constexpr std::string_view product_type_name(std::uint32_t raw) {
  return raw < 4 ? kProductTypeNames[raw] : kProductTypeNames[0];
}

constexpr std::optional<Status> parse_status(std::string_view s) { return detail::parse_name<Status>(s, kStatusNames); }
constexpr std::optional<Kind> parse_kind(std::string_view s) { return detail::parse_name<Kind>(s, kKindNames); }
constexpr std::optional<Format> parse_format(std::string_view s) { return detail::parse_name<Format>(s, kFormatNames); }
constexpr std::optional<Encoding> parse_encoding(std::string_view s) {
  return detail::parse_name<Encoding>(s, kEncodingNames);
}
constexpr std::optional<SourceType> parse_source_type(std::string_view s) {
  return detail::parse_name<SourceType>(s, kSourceTypeNames);
}
constexpr std::optional<TimeZoneState> parse_time_zone_state(std::string_view s) {
  return detail::parse_name<TimeZoneState>(s, kTimeZoneStateNames);
}
constexpr std::optional<Arch> parse_arch(std::string_view s) { return detail::parse_name<Arch>(s, kArchNames); }
// The raw wProductType for a name ("server" -> 3); 0 for "unknown" and anything else.
constexpr std::uint32_t parse_product_type(std::string_view s) {
  for (std::uint32_t i = 0; i < 4; ++i) {
    if (kProductTypeNames[i] == s) return i;
  }
  return 0;
}

// Decoded wSuiteMask bits in bit order; unknown bits are not listed.
inline std::vector<std::string> suite_names(std::uint32_t suite_mask) {
  std::vector<std::string> names;
  for (std::size_t bit = 0; bit < std::size(kSuiteNames); ++bit) {
    if ((suite_mask >> bit) & 1u) names.emplace_back(kSuiteNames[bit]);
  }
  return names;
}
// Small Business (0x1) or Small Business (Restricted) (0x20).
constexpr bool suite_is_sbs(std::uint32_t suite_mask) { return (suite_mask & 0x21u) != 0; }

struct OsInfo {
  std::uint32_t major = 0, minor = 0, build = 0;
  std::string service_pack;  // szCSDVersion, "" for none
  std::uint32_t sp_major = 0, sp_minor = 0;
  std::uint32_t product_type = 0;  // raw wProductType
  std::uint32_t suite_mask = 0;    // raw wSuiteMask
  Arch arch = Arch::unknown;       // the OS's, not the collector's

  bool operator==(const OsInfo&) const = default;
};

struct HostInfo {
  std::string computer_name;
  std::optional<std::string> dns_domain;
  std::optional<std::string> netbios_domain;
  OsInfo os;
  std::uint32_t ansi_code_page = 0, oem_code_page = 0;

  bool operator==(const HostInfo&) const = default;
};

struct TimeZoneInfo {
  std::int32_t bias_minutes = 0;
  std::string standard_name;
  std::int32_t standard_bias_minutes = 0;
  std::string daylight_name;
  std::int32_t daylight_bias_minutes = 0;
  TimeZoneState state = TimeZoneState::unknown;

  bool operator==(const TimeZoneInfo&) const = default;
};

struct CollectionInfo {
  std::string started_utc, ended_utc, started_local, ended_local;
  TimeZoneInfo time_zone;

  bool operator==(const CollectionInfo&) const = default;
};

struct GroupInfo {
  std::string sid;
  std::optional<std::string> name;
  bool enabled = false;

  bool operator==(const GroupInfo&) const = default;
};

struct UserInfo {
  std::string name;
  std::string sid;  // "" when unknown
  std::vector<GroupInfo> groups;

  bool operator==(const UserInfo&) const = default;
};

// Where a merged bundle's artifact came from (format 1.4, `migready merge`; nullopt in a bundle one collector run
// wrote). Fields: docs/bundle-format.md, "artifacts[].provenance".
struct Provenance {
  std::string bundle;             // the source bundle's file name
  std::string bundle_sha256;      // the SHA-256 of the source bundle file: which run, beyond doubt
  std::string run_started_utc;    // the source run's collection.started_utc
  std::string collector_version;  // the source run's collector.version
  std::string format_version;     // the source manifest's format_version

  bool operator==(const Provenance&) const = default;
};

struct ArtifactRecord {
  std::string id;
  std::optional<std::string> path;  // null: nothing stored
  Kind kind = Kind::command;
  Format format = Format::text;
  Encoding encoding = Encoding::none;
  SourceType source_type = SourceType::command;
  std::string source_what;
  std::vector<std::string> searched;
  Status status = Status::failed;
  std::optional<std::int64_t> exit_code;
  std::string started_utc;
  std::uint64_t duration_ms = 0;
  std::optional<std::uint64_t> size;
  std::optional<std::string> sha256;
  std::optional<std::string> error;
  std::optional<Provenance> provenance;  // format 1.4+, merged bundles only

  bool operator==(const ArtifactRecord&) const = default;
};

// The 32-bit collector on 64-bit Windows (format 1.3; nullopt in older bundles). Fields: docs/bundle-format.md,
// "collector.wow64".
struct Wow64Info {
  std::optional<bool> active;         // IsWow64Process; nullopt when the call failed (`error` says why)
  bool redirection_disabled = false;  // file-system redirection was off around each system-folder read and start
  std::string error;                  // "" or why `active` is unknown

  bool operator==(const Wow64Info&) const = default;
};

struct CollectorInfo {
  std::string name;  // "migready-collect"
  std::string version;
  Arch arch = Arch::x86;
  std::string command_line;
  std::optional<Wow64Info> wow64;  // format 1.3+

  bool operator==(const CollectorInfo&) const = default;
};

// The server's languages and the conventions its tools print dates and numbers with (format 1.2; a 1.0/1.1
// manifest has none). Console tools print labels in the running user's UI language and dates in the user's
// formats, so the analyzer reads text artifacts with these. LCIDs and LANGIDs are as Windows returns them
// (1031 = 0x0407 = German, Germany). Fields: docs/bundle-format.md, "locale".
struct DateTimeConventions {  // GetLocaleInfoW(LOCALE_USER_DEFAULT, ...); "" where the call failed
  std::string short_date;      // LOCALE_SSHORTDATE, a picture such as "dd.MM.yyyy" or "M/d/yyyy"
  std::string long_date;       // LOCALE_SLONGDATE, "dddd, d. MMMM yyyy"
  std::string time_format;     // LOCALE_STIMEFORMAT, "HH:mm:ss" or "h:mm:ss tt"
  std::string date_separator;  // LOCALE_SDATE
  std::string time_separator;  // LOCALE_STIME
  std::string am, pm;          // LOCALE_S1159, LOCALE_S2359 ("" in 24-hour locales)
  std::string decimal;         // LOCALE_SDECIMAL
  std::string thousands;       // LOCALE_STHOUSAND
  std::optional<std::uint32_t> first_day_of_week;  // LOCALE_IFIRSTDAYOFWEEK: 0 = Monday ... 6 = Sunday

  bool operator==(const DateTimeConventions&) const = default;
};

struct LocaleInfo {
  std::uint32_t system_lcid = 0;         // GetSystemDefaultLCID
  std::uint32_t user_lcid = 0;           // GetUserDefaultLCID
  std::uint16_t system_ui_language = 0;  // GetSystemDefaultUILanguage (a LANGID)
  std::uint16_t user_ui_language = 0;    // GetUserDefaultUILanguage: the language console tools print in
  DateTimeConventions user;

  bool operator==(const LocaleInfo&) const = default;
};

// A run of `migready-collect.exe --only ...` (format 1.4; nullopt for a full run and in older bundles): the
// artifacts it was asked for. The bundle holds only those rows' artifacts. Fields: docs/bundle-format.md,
// "partial".
struct PartialInfo {
  std::vector<std::string> requested;  // the words of --only as given (ids and groups)
  std::vector<std::string> artifacts;  // the table rows they resolved to, in table order

  bool operator==(const PartialInfo&) const = default;
};

// One input of `migready merge` (format 1.4; empty unless merged), in the order given.
struct MergedFrom {
  std::string bundle;             // file name
  std::string bundle_sha256;
  std::string run_started_utc;
  std::string collector_version;
  std::string format_version;
  std::optional<PartialInfo> partial;  // when that input was a partial run
  std::size_t artifacts_taken = 0;     // how many of its artifacts the merged bundle holds

  bool operator==(const MergedFrom&) const = default;
};

struct Manifest {
  std::string format_version;  // as read; the collector writes contract::kFormatVersion
  CollectorInfo collector;
  bool complete = true;
  std::optional<std::string> incomplete_reason;
  HostInfo host;
  CollectionInfo collection;
  UserInfo user;
  std::optional<LocaleInfo> locale;  // format 1.2+; nullopt in older bundles
  std::optional<PartialInfo> partial;   // format 1.4+: a --only run
  std::vector<MergedFrom> merged_from;  // format 1.4+: the inputs of migready merge
  std::vector<ArtifactRecord> artifacts;

  bool operator==(const Manifest&) const = default;
};

}  // namespace migready::contract
