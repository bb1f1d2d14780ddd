// UTF-16 <-> UTF-8 for everything the collector reads from Win32 (wide strings) and writes to the manifest.
//
// Contract: never fails. An unpaired surrogate (legal in Windows names, illegal in Unicode) and an invalid
// UTF-8 sequence each become U+FFFD, so a hostile key or account name can garble itself but never produce
// invalid UTF-8 in the manifest. Portable: char16_t on every platform; the Win32 layer reinterprets wchar_t
// (16-bit there) as char16_t.
#pragma once

#include <string>
#include <string_view>

namespace migready::collector {

inline constexpr char32_t kReplacementChar = 0xFFFD;

void append_utf8(std::string& out, char32_t cp);
std::string utf16_to_utf8(std::u16string_view text);
std::u16string utf8_to_utf16(std::string_view text);

// Decodes one code point at `pos` (advancing it); an invalid or truncated sequence yields U+FFFD and
// advances by one byte. Overlong forms and surrogate code points are invalid.
char32_t decode_utf8(std::string_view text, std::size_t& pos);

}  // namespace migready::collector
