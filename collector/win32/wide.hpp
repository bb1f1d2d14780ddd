// Wide (UTF-16 wchar_t) <-> UTF-8 at the Win32 boundary, and Win32 error codes in words.
// Conversion goes through core/utf.hpp so unpaired surrogates become U+FFFD instead of failing.
#pragma once

#include <windows.h>

#include <string>
#include <string_view>

namespace migready::collector::win32 {

static_assert(sizeof(wchar_t) == sizeof(char16_t), "Win32 wide strings are UTF-16");

std::string to_utf8(std::wstring_view text);
std::u16string to_u16(std::wstring_view text);
std::wstring to_wide(std::string_view utf8);
std::wstring to_wide(std::u16string_view text);

// "Access is denied. (Win32 error 5)"; the system's message in its language, or just the code.
std::string error_text(DWORD code);

}  // namespace migready::collector::win32
