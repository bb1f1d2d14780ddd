// The raw SMBIOS table as GetSystemFirmwareTable('RSMB', 0, ...) returns it, walked portably: who made the
// machine and its BIOS, without WMI and without the localized text of systeminfo (which on 2003 reads the
// same table through Win32_ComputerSystem). Pure: the Win32 layer (win32/api_artifacts.cpp) hands the bytes
// here; unit-tested natively with real and hostile tables (tests/unit/collector/test_smbios.cpp).
//
// Layout (Microsoft Learn, GetSystemFirmwareTable, "RawSMBIOSData"):
//   offset 0  BYTE  Used20CallingMethod
//          1  BYTE  SMBIOSMajorVersion
//          2  BYTE  SMBIOSMinorVersion
//          3  BYTE  DmiRevision
//          4  DWORD Length              bytes of SMBIOSTableData that follow (little-endian)
//          8  BYTE  SMBIOSTableData[Length]
// The table (DMTF DSP0134, "System Management BIOS (SMBIOS) Reference Specification", clauses "Structure
// header format" and "Text strings"; https://www.dmtf.org/standards/smbios): structures back to back, each
//   offset 0  BYTE  Type
//          1  BYTE  Length   the formatted area's length, header included (at least 4)
//          2  WORD  Handle
//          4  ...   the rest of the formatted area; a string field holds a 1-based string number, 0 = none
//   then the string-set: NUL-terminated strings, the set ended by one more NUL (no strings: two NULs).
// Type 127 ("End-of-Table") ends the walk. Read here ("BIOS Information (Type 0)", "System Information
// (Type 1)"), the first structure of each type only:
//   type 0  04h Vendor, 05h BIOS Version, 08h BIOS Release Date (strings)
//   type 1  04h Manufacturer, 05h Product Name, 06h Version (strings)
// Never read, on purpose: type 1's Serial Number (07h), UUID (08h), SKU and Family, and every other type
// (serial numbers and asset tags of boards, chassis, memory): the bundle carries no machine identity.
//
// Hostile input: every offset is checked against the bytes we have; a structure whose formatted area or
// string-set runs past the end, or a Length below 4, stops the walk with an error naming its offset, and
// what came before is kept. Caps: 4096 structures, 1 MiB of table (kMaxTableBytes: the Win32 layer does not
// ask for more), 256 bytes per string kept (cut, never rejected). Strings are kept as read (trailing blanks
// too): DSP0134 2.x says nothing of their encoding, 3.x says UTF-8; JsonWriter keeps the output valid UTF-8.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace migready::collector::smbios {

inline constexpr std::size_t kRawHeaderBytes = 8;            // RawSMBIOSData before SMBIOSTableData
inline constexpr std::size_t kMaxTableBytes = std::size_t{1} << 20;
inline constexpr std::size_t kMaxStructures = 4096;
inline constexpr std::size_t kMaxStringBytes = 256;

struct BiosInformation {  // type 0
  std::optional<std::string> vendor;
  std::optional<std::string> version;
  std::optional<std::string> release_date;  // as written: "mm/dd/yy" (2.0-2.2) or "mm/dd/yyyy"
};

struct SystemInformation {  // type 1
  std::optional<std::string> manufacturer;
  std::optional<std::string> product_name;
  std::optional<std::string> version;
};

struct Table {
  std::uint8_t major_version = 0;  // SMBIOSMajorVersion
  std::uint8_t minor_version = 0;
  std::uint8_t dmi_revision = 0;
  std::uint32_t length = 0;        // Length as the header says it
  std::uint32_t structures = 0;    // structures walked (the end-of-table one included)
  bool end_of_table = false;       // a type 127 was met
  std::optional<BiosInformation> bios;
  std::optional<SystemInformation> system;
  std::optional<std::string> error;  // the walk stopped early: why, and at which offset of the table
};

// Walks RawSMBIOSData. Always returns a Table: a header shorter than 8 bytes or a Length beyond the bytes
// given sets `error` (the walk then covers what is there). Running off the end without a type 127 is not an
// error when the last structure ended exactly at Length (some firmware omits the end-of-table structure).
Table walk(std::span<const std::uint8_t> raw);

}  // namespace migready::collector::smbios
