#include "win32/wide.hpp"

#include "core/utf.hpp"

namespace migready::collector::win32 {

std::u16string to_u16(std::wstring_view text) { return std::u16string(text.begin(), text.end()); }

std::string to_utf8(std::wstring_view text) { return utf16_to_utf8(to_u16(text)); }

std::wstring to_wide(std::u16string_view text) { return std::wstring(text.begin(), text.end()); }

std::wstring to_wide(std::string_view utf8) { return to_wide(utf8_to_utf16(utf8)); }

std::string error_text(DWORD code) {
  wchar_t buffer[512];
  const DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr, code, 0,
                                 buffer, static_cast<DWORD>(sizeof buffer / sizeof buffer[0]), nullptr);
  std::wstring_view text(buffer, n);
  while (!text.empty() && (text.back() == L'\r' || text.back() == L'\n' || text.back() == L' ')) {
    text.remove_suffix(1);
  }
  const std::string suffix = "(Win32 error " + std::to_string(code) + ")";
  return text.empty() ? suffix : to_utf8(text) + " " + suffix;
}

}  // namespace migready::collector::win32
