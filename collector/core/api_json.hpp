// The JSON documents of the API artifacts (api.services, api.volumes, api.hardware, api.volatile_registry):
// plain structs filled by the Win32 layer (collector/win32/api_*.cpp) and shaped here, portably, so the
// shape is unit-tested natively. Field-by-field reference: docs/bundle-format.md, "API artifacts".
//
// Every document is one object that begins
//   { "schema": "migready-api-<name>/1", "complete": true, "error": null, ... }
// `complete` is false when the reading stopped early (the SCM refused us, enumeration failed); `error` then
// says why and the rest is whatever was read. Errors of one entry (a service whose configuration cannot be
// read, a volume without media) stay in that entry's own `error` and do not make the document incomplete.
//
// Raw evidence: numeric codes are always written as read (`state_code`, `type_code`...); the names next to
// them (`state: "running"`) are only the documented Win32 constants spelled out, never a judgement.
// Strings are UTF-8 (the Win32 layer converts from UTF-16); JsonWriter keeps the output valid UTF-8.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "contract/api/documents.hpp"
#include "core/json_writer.hpp"
#include "core/smbios.hpp"

namespace migready::collector::api_json {

// The documents' schema ids, spelled once in contract/api/documents.hpp.
inline constexpr std::string_view kServicesSchema = contract::find_api_document("api.services")->schema;
inline constexpr std::string_view kVolumesSchema = contract::find_api_document("api.volumes")->schema;
inline constexpr std::string_view kHardwareSchema = contract::find_api_document("api.hardware")->schema;
inline constexpr std::string_view kVolatileRegistrySchema =
    contract::find_api_document("api.volatile_registry")->schema;

// Win32 constants spelled out; any other value is "unknown" (the `*_code` field keeps the number).
// SERVICE_STOPPED (1) .. SERVICE_PAUSED (7): stopped, start_pending, stop_pending, running,
// continue_pending, pause_pending, paused.
std::string_view service_state_name(std::uint32_t state);
// SERVICE_BOOT_START (0) .. SERVICE_DISABLED (4): boot, system, auto, demand, disabled.
std::string_view service_start_type_name(std::uint32_t start_type);
// dwServiceType without SERVICE_INTERACTIVE_PROCESS (0x100): kernel_driver (1), file_system_driver (2),
// win32_own_process (0x10), win32_share_process (0x20); anything else (e.g. 0x30) "other".
std::string_view service_type_name(std::uint32_t type);
// GetDriveTypeW: unknown (0), no_root_dir (1), removable, fixed, remote, cdrom, ramdisk (6).
std::string_view drive_type_name(std::uint32_t drive_type);
// REG_NONE .. REG_QWORD by their SDK names; any other type "REG_TYPE_<decimal>".
std::string reg_type_name(std::uint32_t type);

// ---- api.services ------------------------------------------------------------------------------------

// QueryServiceConfigW's answer.
struct ServiceConfig {
  std::uint32_t start_type = 0;
  std::uint32_t error_control = 0;
  std::string binary_path;       // lpBinaryPathName as stored (may be quoted, have arguments, %SystemRoot%)
  std::string account;           // lpServiceStartName: "LocalSystem", ".\user", "NT AUTHORITY\NetworkService"; "" for drivers
  std::string load_order_group;  // lpLoadOrderGroup
  std::vector<std::string> dependencies;  // lpDependencies; groups keep their SC_GROUP_IDENTIFIER '+' prefix
};

// One ENUM_SERVICE_STATUS_PROCESSW, plus its configuration when it could be read.
struct Service {
  std::string name;          // the key name (stable, not localized)
  std::string display_name;  // localized
  std::uint32_t type = 0;    // dwServiceType
  std::uint32_t state = 0;   // dwCurrentState
  std::uint32_t pid = 0;     // dwProcessId; 0 when not running
  std::uint32_t win32_exit_code = 0;
  std::uint32_t service_exit_code = 0;  // dwServiceSpecificExitCode
  std::optional<ServiceConfig> config;  // absent when OpenServiceW/QueryServiceConfigW failed (see error)
  std::optional<std::string> error;
};

struct ServicesDocument {
  std::vector<Service> services;
  std::optional<std::string> error;  // set = the enumeration is incomplete
};

std::string services_json(const ServicesDocument& doc);

// ---- api.volumes -------------------------------------------------------------------------------------

struct VolumeInformation {  // GetVolumeInformationW
  std::string file_system;  // "NTFS", "FAT32"
  std::string label;
  std::uint32_t serial_number = 0;
  std::uint32_t max_component_length = 0;
  std::uint32_t file_system_flags = 0;
};

struct VolumeSpace {  // GetDiskFreeSpaceExW
  std::uint64_t total_bytes = 0;
  std::uint64_t free_bytes = 0;
  std::uint64_t available_bytes = 0;  // free bytes available to the collector's account (quotas)
};

struct Volume {
  std::string root;  // "C:\"
  std::uint32_t drive_type = 0;
  std::optional<VolumeInformation> information;  // read for fixed volumes only
  std::optional<VolumeSpace> space;              // read for fixed volumes only
  std::optional<std::string> error;              // every failed call on this volume, "; "-separated
};

struct VolumesDocument {
  std::vector<Volume> volumes;
  std::optional<std::string> error;
};

std::string volumes_json(const VolumesDocument& doc);

// ---- api.hardware ------------------------------------------------------------------------------------

struct RegistryValue {
  std::string name;  // "" = the default value
  std::uint32_t type = 0;
  std::vector<std::uint8_t> data;  // as RegEnumValueW returned it
};

// One key read live with KEY_READ (HKLM\HARDWARE\DESCRIPTION\..., the volatile-registry keys): all its
// values, in enumeration order.
struct RegistryKeyReading {
  std::string path;      // full path, "HKEY_LOCAL_MACHINE\HARDWARE\DESCRIPTION\System\BIOS"
  bool present = false;  // the key exists and was opened
  std::vector<RegistryValue> values;
  std::optional<std::string> error;  // opening (other than "not found") or enumerating failed
};

struct ProcessorSummary {  // GetNativeSystemInfo
  std::uint32_t count = 0;
  std::uint32_t architecture = 0;  // wProcessorArchitecture: 0 x86, 6 ia64, 9 x64
  std::uint32_t level = 0;
  std::uint32_t revision = 0;
  std::uint32_t type = 0;  // dwProcessorType (obsolete, kept raw)
  std::uint64_t active_mask = 0;
  std::uint32_t page_size = 0;
  std::uint32_t allocation_granularity = 0;
};

struct MemorySummary {  // GlobalMemoryStatusEx
  std::uint32_t load_percent = 0;
  std::uint64_t total_physical_bytes = 0;
  std::uint64_t available_physical_bytes = 0;
  std::uint64_t total_page_file_bytes = 0;  // ullTotalPageFile: commit limit (RAM + page files)
  std::uint64_t available_page_file_bytes = 0;
  std::uint64_t total_virtual_bytes = 0;  // of the collector's own address space
};

// GetSystemFirmwareTable('RSMB', 0, ...), walked by core/smbios. Without a table, why: the function is not
// exported (Server 2003 before SP1: ERROR_PROC_NOT_FOUND) or the call failed (its Win32 error), or the table
// was larger than smbios::kMaxTableBytes (win32_error 0). Never makes the document incomplete: the part
// carries its own status.
struct SmbiosPart {
  std::optional<smbios::Table> table;
  std::uint32_t win32_error = 0;  // without a table: the Win32 error, 0 when none applies
  std::string error;              // without a table: "<call>: <text> (Win32 error N)" or the reason
};

struct HardwareDocument {
  std::vector<RegistryKeyReading> registry;
  std::optional<ProcessorSummary> processors;
  std::optional<MemorySummary> memory;
  SmbiosPart smbios;
  std::optional<std::string> error;
};

std::string hardware_json(const HardwareDocument& doc);

// ---- api.volatile_registry ---------------------------------------------------------------------------

// Keys that may be volatile (absent from a saved hive), read live like api.hardware's: the same
// `registry[]` list. Always complete: a key that could not be opened carries its own `error`.
struct VolatileRegistryDocument {
  std::vector<RegistryKeyReading> registry;
};

std::string volatile_registry_json(const VolatileRegistryDocument& doc);

// A registry value's data as JSON members, written into an object that is already open:
//   REG_SZ, REG_EXPAND_SZ, REG_LINK  "data": "text"   (UTF-16LE up to the first NUL; a stray odd byte dropped)
//   REG_MULTI_SZ                     "data": ["a", "b"] (split at NULs; trailing empty strings dropped)
//   REG_DWORD, REG_DWORD_BIG_ENDIAN  "data": 4294967295 (exactly 4 bytes)
//   REG_QWORD                        "data": 18446744073709551615 (exactly 8 bytes)
//   anything else, or a wrong size   "hex": "0a1b..." (lowercase, no separators)
// preceded by "type" (reg_type_name) and "size" (bytes).
void write_registry_data(JsonWriter& out, std::uint32_t type, std::span<const std::uint8_t> data);

}  // namespace migready::collector::api_json
