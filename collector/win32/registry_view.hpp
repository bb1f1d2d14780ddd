// The access every registry key the collector opens is asked with: read-only, and the native view.
// KEY_WOW64_64KEY makes the i686 exe on 64-bit Windows read SOFTWARE itself, not Wow6432Node, as the saved
// hives hold it (on 32-bit Windows the flag is ignored). tests/cli/check-registry-view fails on any
// RegOpenKeyExW in collector/ that asks for something else.
#pragma once

#include <windows.h>

#include <optional>
#include <string>

namespace migready::collector::win32 {

inline constexpr REGSAM kRegRead = KEY_READ | KEY_WOW64_64KEY;          // values and subkeys
inline constexpr REGSAM kRegQuery = KEY_QUERY_VALUE | KEY_WOW64_64KEY;  // values only

// A REG_SZ / REG_EXPAND_SZ value of HKLM\<key_path> in UTF-8, read with kRegRead (expanded when
// REG_EXPAND_SZ; cut at the first NUL); nullopt when the key or value is absent, unreadable, of another type
// or longer than 32 KiB.
std::optional<std::string> read_hklm_string(const wchar_t* key_path, const wchar_t* name);

}  // namespace migready::collector::win32
