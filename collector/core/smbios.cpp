#include "core/smbios.hpp"

#include <string_view>
#include <vector>

#include "contract/hex.hpp"

namespace migready::collector::smbios {
namespace {

// RawSMBIOSData (sysinfoapi.h).
constexpr std::size_t kRawMajor = 1;
constexpr std::size_t kRawMinor = 2;
constexpr std::size_t kRawDmiRevision = 3;
constexpr std::size_t kRawLength = 4;  // DWORD, little-endian

// Every structure (DSP0134 "Structure header format").
constexpr std::size_t kType = 0;
constexpr std::size_t kLength = 1;  // formatted area, header included
constexpr std::size_t kHeaderBytes = 4;

constexpr std::uint8_t kBiosInformation = 0;
constexpr std::uint8_t kSystemInformation = 1;
constexpr std::uint8_t kEndOfTable = 127;

// String fields (1-based string numbers).
constexpr std::size_t kBiosVendor = 0x04;
constexpr std::size_t kBiosVersion = 0x05;
constexpr std::size_t kBiosReleaseDate = 0x08;
constexpr std::size_t kSystemManufacturer = 0x04;
constexpr std::size_t kSystemProductName = 0x05;
constexpr std::size_t kSystemVersion = 0x06;

// One structure: its formatted area and its strings (each a view into the table).
struct Structure {
  std::span<const std::uint8_t> formatted;
  std::vector<std::string_view> strings;

  // The string a field names; nullopt for string number 0, a field beyond the formatted area (an older
  // SMBIOS version's shorter structure) or a number beyond the strings present.
  std::optional<std::string> string_at(std::size_t field) const {
    if (field >= formatted.size()) return std::nullopt;
    const std::size_t number = formatted[field];
    if (number == 0 || number > strings.size()) return std::nullopt;
    const std::string_view s = strings[number - 1];
    return std::string(s.substr(0, kMaxStringBytes));
  }
};

}  // namespace

Table walk(std::span<const std::uint8_t> raw) {
  Table t;
  if (raw.size() < kRawHeaderBytes) {
    t.error = "RawSMBIOSData of " + std::to_string(raw.size()) + " bytes, shorter than its 8-byte header";
    return t;
  }
  t.major_version = raw[kRawMajor];
  t.minor_version = raw[kRawMinor];
  t.dmi_revision = raw[kRawDmiRevision];
  t.length = static_cast<std::uint32_t>(raw[kRawLength]) | static_cast<std::uint32_t>(raw[kRawLength + 1]) << 8 |
             static_cast<std::uint32_t>(raw[kRawLength + 2]) << 16 |
             static_cast<std::uint32_t>(raw[kRawLength + 3]) << 24;
  std::span<const std::uint8_t> table = raw.subspan(kRawHeaderBytes);
  if (t.length > table.size()) {
    t.error = "the header says " + std::to_string(t.length) + " bytes of table, " + std::to_string(table.size()) +
              " follow";
  } else {
    table = table.first(t.length);
  }
  if (table.size() > kMaxTableBytes) {
    table = table.first(kMaxTableBytes);
    if (!t.error) t.error = "table longer than 1 MiB: only its first 1 MiB walked";
  }

  std::size_t at = 0;
  while (at < table.size()) {
    if (t.structures == kMaxStructures) {
      t.error = "more than " + std::to_string(kMaxStructures) + " structures: the walk stopped at offset " +
                contract::hex_number(at);
      break;
    }
    const std::size_t left = table.size() - at;
    if (left < kHeaderBytes) {
      t.error = "a structure header cut off at offset " + contract::hex_number(at);
      break;
    }
    const std::uint8_t type = table[at + kType];
    const std::size_t length = table[at + kLength];
    if (length < kHeaderBytes) {
      t.error = "structure at offset " + contract::hex_number(at) + " has a formatted length of " + std::to_string(length) +
                ", below its 4-byte header";
      break;
    }
    if (length > left) {
      t.error = "structure at offset " + contract::hex_number(at) + ": its formatted area (" + std::to_string(length) +
                " bytes) runs past the end of the table";
      break;
    }
    Structure s;
    s.formatted = table.subspan(at, length);
    // The string-set: strings up to an empty one (two NULs in a row; no strings at all is two NULs too).
    std::size_t p = at + length;
    bool terminated = false;
    if (p + 1 < table.size() && table[p] == 0 && table[p + 1] == 0) {
      p += 2;
      terminated = true;
    } else {
      while (p < table.size()) {
        std::size_t end = p;
        while (end < table.size() && table[end] != 0) ++end;
        if (end == table.size()) break;  // a string without its NUL
        if (end == p) {                  // the empty string: the set's terminator
          p = end + 1;
          terminated = true;
          break;
        }
        s.strings.emplace_back(reinterpret_cast<const char*>(table.data() + p), end - p);
        p = end + 1;
      }
    }
    if (!terminated) {
      t.error = "structure at offset " + contract::hex_number(at) + " (type " + std::to_string(type) +
                "): its strings run past the end of the table";
      break;
    }
    ++t.structures;
    if (type == kBiosInformation && !t.bios) {
      t.bios = BiosInformation{s.string_at(kBiosVendor), s.string_at(kBiosVersion), s.string_at(kBiosReleaseDate)};
    } else if (type == kSystemInformation && !t.system) {
      t.system = SystemInformation{s.string_at(kSystemManufacturer), s.string_at(kSystemProductName),
                                   s.string_at(kSystemVersion)};
    } else if (type == kEndOfTable) {
      t.end_of_table = true;
      break;
    }
    at = p;
  }
  return t;
}

}  // namespace migready::collector::smbios
