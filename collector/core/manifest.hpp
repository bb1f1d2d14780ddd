// The manifest model and its serializer: manifest.json exactly as docs/bundle-format.md and
// contract/manifest.schema.json define it (format 1.0).
//
// The model holds decoded, UTF-8 values; the Win32 layer fills it, serialize_manifest() writes it. Every
// field the schema requires is always written; std::optional fields are written as null when empty, except
// `incomplete_reason` (written only when `complete` is false), `encoding` (omitted for binary formats) and
// `source.searched` (written when not empty). Strings longer than the schema's maxLength are cut at a code
// point boundary so the manifest always validates; integers are clamped to the schema's ranges.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migready::collector {

inline constexpr std::string_view kCollectorName = "migready-collect";

enum class Status { ok, failed, timeout, missing, denied, truncated };
enum class Kind { registry, command, file, api, event_log };
enum class Format { regf, reg, text, json, evt, binary };
enum class Encoding { none, oem, ansi, utf8, utf16le, binary };  // none = field omitted
enum class SourceType { command, registry, file, api };
enum class TimeZoneState { standard, daylight, none, unknown };
enum class Arch { x86, x64, ia64, unknown };

std::string_view status_name(Status s);
std::string_view kind_name(Kind k);
std::string_view format_name(Format f);
std::string_view encoding_name(Encoding e);
std::string_view source_type_name(SourceType t);
std::string_view time_zone_state_name(TimeZoneState s);
std::string_view arch_name(Arch a);

// OSVERSIONINFOEXW.wProductType: 1 workstation, 2 domain_controller, 3 server, anything else unknown.
std::string_view product_type_name(std::uint32_t product_type);
// Decoded wSuiteMask bits in bit order, names per docs/bundle-format.md; unknown bits are not listed.
std::vector<std::string> suite_names(std::uint32_t suite_mask);
// small_business (0x1) or small_business_restricted (0x20).
bool suite_is_sbs(std::uint32_t suite_mask);

struct OsInfo {
  std::uint32_t major = 0, minor = 0, build = 0;
  std::string service_pack;  // szCSDVersion
  std::uint32_t sp_major = 0, sp_minor = 0;
  std::uint32_t product_type = 0;  // raw wProductType
  std::uint32_t suite_mask = 0;    // raw wSuiteMask
  Arch arch = Arch::unknown;
};

struct HostInfo {
  std::string computer_name;
  std::optional<std::string> dns_domain;
  std::optional<std::string> netbios_domain;
  OsInfo os;
  std::uint32_t ansi_code_page = 0, oem_code_page = 0;
};

struct TimeZoneInfo {
  std::int32_t bias_minutes = 0;
  std::string standard_name;
  std::int32_t standard_bias_minutes = 0;
  std::string daylight_name;
  std::int32_t daylight_bias_minutes = 0;
  TimeZoneState state = TimeZoneState::unknown;
};

struct CollectionInfo {
  std::string started_utc, ended_utc, started_local, ended_local;
  TimeZoneInfo time_zone;
};

struct GroupInfo {
  std::string sid;
  std::optional<std::string> name;
  bool enabled = false;
};

struct UserInfo {
  std::string name;
  std::string sid;  // "" when unknown
  std::vector<GroupInfo> groups;
};

struct ArtifactRecord {
  std::string id;
  std::optional<std::string> path;
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
};

struct CollectorInfo {
  std::string version;
  Arch arch = Arch::x86;
  std::string command_line;
};

struct Manifest {
  CollectorInfo collector;
  bool complete = true;
  std::optional<std::string> incomplete_reason;
  HostInfo host;
  CollectionInfo collection;
  UserInfo user;
  std::vector<ArtifactRecord> artifacts;
};

// manifest.json's bytes (UTF-8, pretty-printed, trailing newline).
std::string serialize_manifest(const Manifest& manifest);

// `text` cut to at most `max_code_points` code points (schema maxLength counts code points).
std::string clamp_code_points(std::string_view text, std::size_t max_code_points);

}  // namespace migready::collector
