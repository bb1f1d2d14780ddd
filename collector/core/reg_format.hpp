// REGEDIT5 text, the fallback format of registry artifacts (a .reg file as regedit exports it):
//
//   <BOM>Windows Registry Editor Version 5.00\r\n
//   \r\n
//   [HKEY_LOCAL_MACHINE\SYSTEM\Select]\r\n
//   "Current"=dword:00000001\r\n
//   @="default value"\r\n
//   "Path"=hex(2):25,00,53,00,00,00\r\n
//   \r\n
//
// Output is UTF-16 (char16_t) text; the writer stores it UTF-16LE with a BOM. Rules, per value type:
//   REG_SZ       "text" with \ and " escaped; one trailing NUL dropped. Data of odd length, with an
//                embedded NUL or a control character (which would break the line structure) -> hex(1):
//   REG_DWORD    dword:xxxxxxxx (8 lowercase hex digits) when exactly 4 bytes, else hex(4):
//   REG_BINARY   hex:xx,xx,...
//   any other    hex(<type in lowercase hex>):xx,xx,...  (hex(0), hex(2), hex(7), hex(b), ...)
// Lines are not wrapped (regedit wraps hex at 80 columns; readers accept both). Names are escaped like
// string data; a name with a line break cannot be represented faithfully (regedit has the same limit).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace migready::collector {

inline constexpr std::u16string_view kRegHeaderLine = u"Windows Registry Editor Version 5.00";

namespace reg_type {
inline constexpr std::uint32_t kNone = 0, kSz = 1, kExpandSz = 2, kBinary = 3, kDword = 4, kDwordBigEndian = 5,
                               kLink = 6, kMultiSz = 7, kQword = 11;
}

// "Windows Registry Editor Version 5.00\r\n\r\n"
void append_reg_header(std::u16string& out);
// "[<path>]\r\n"; the caller ends each key's block with append_reg_key_end.
void append_reg_key(std::u16string& out, std::u16string_view full_path);
// "\r\n"
void append_reg_key_end(std::u16string& out);
// One value line, "\r\n" included. An empty name is the default value, written @.
void append_reg_value(std::u16string& out, std::u16string_view name, std::uint32_t type,
                      std::span<const std::uint8_t> data);

// UTF-16 text as little-endian bytes (the file's encoding); the BOM is FF FE.
void append_utf16le(std::vector<std::uint8_t>& out, std::u16string_view text);
inline constexpr std::uint8_t kUtf16LeBom[2] = {0xFF, 0xFE};

}  // namespace migready::collector
